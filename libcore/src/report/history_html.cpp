// The HTML dashboard of a history report: one self-contained page (inline CSS
// and SVG, no script, nothing fetched, a Content-Security-Policy that would
// refuse anything else) with the same bytes for the same report. Every piece
// of report text goes through append_html_text; long lists are capped with a
// "N more" line so 10,000 commits make a page of the same order as 100.
#include <algorithm>
#include <string_view>
#include <utility>
#include <vector>

#include "agentops/history_report.h"
#include "report/history_charts.h"
#include "report/html_text.h"

namespace agentops {
namespace {

using detail::append_html_text;
using detail::html_text;
using detail::percent_text;
using detail::shorten_text;

constexpr size_t kRuleRows = 15;
constexpr size_t kSectionRows = 20;
constexpr size_t kTrailerRows = 10;
constexpr size_t kLedgerRows = 200;
constexpr size_t kBypassRows = 100;
constexpr size_t kShortId = 10;
constexpr size_t kSubjectCharacters = 100;
constexpr size_t kReasonCharacters = 160;
constexpr size_t kPathCharacters = 120;

constexpr std::string_view kStyle = R"(<style>
*{box-sizing:border-box}
body{margin:0;padding:24px 32px;font:14px/1.45 system-ui,sans-serif;color:#212529;background:#fff}
header h1{margin:0 0 8px;font-size:22px}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:0 0 20px}
dl.meta dt{color:#495057}
dl.meta dd{margin:0;font-family:ui-monospace,monospace}
.badge{display:inline-block;padding:0 8px;border-radius:10px;font:600 12px/1.6 system-ui,sans-serif}
.dry{background:#fff3bf;color:#5c3c00}
.live{background:#e9ecef;color:#343a40}
.tiles{display:grid;grid-template-columns:repeat(5,1fr);gap:12px;margin-bottom:24px}
.tile{border:1px solid #dee2e6;border-radius:8px;padding:12px 14px;background:#f8f9fa}
.tile .value{font-size:28px;font-weight:700}
.tile .label{color:#495057;font-size:13px;text-transform:uppercase;letter-spacing:.04em}
.tile .detail{color:#495057;font-size:12px}
section{margin-bottom:28px}
h2{font-size:17px;margin:0 0 8px;border-bottom:1px solid #dee2e6;padding-bottom:4px}
svg{display:block;width:100%;height:auto}
svg.chart{max-width:960px}
.grid{stroke:#dee2e6;stroke-width:1}
.axis{stroke:#868e96;stroke-width:1}
.axis-label,.rule-label{font:12px system-ui,sans-serif;fill:#495057}
table{border-collapse:collapse;width:100%;max-width:1200px}
table.totals{max-width:760px}
th,td{text-align:left;padding:3px 8px;border-bottom:1px solid #e9ecef;vertical-align:top}
th{color:#495057;font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
td.nowrap{white-space:nowrap}
code{font-family:ui-monospace,monospace;font-size:13px}
.approval-signed{background:#d3f9d8;color:#2b8a3e}
.approval-typed{background:#fff3bf;color:#5c3c00}
.approval-none{background:#ffe3e3;color:#c92a2a}
.more,.legend,.empty{color:#495057;font-size:13px}
.columns{display:grid;grid-template-columns:1fr 1fr;gap:24px}
footer{color:#868e96;font-size:12px;border-top:1px solid #dee2e6;padding-top:8px}
</style>
)";

std::uint64_t count_decisions(const HistoryReport& report, Decision decision) {
  return static_cast<std::uint64_t>(std::count_if(report.verdicts.begin(), report.verdicts.end(),
                                                  [&](const CommitVerdict& verdict) { return verdict.decision == decision; }));
}

std::string commits_text(std::uint64_t count) {
  return std::to_string(count) + (count == 1 ? " commit" : " commits");
}

void append_more(std::string& out, size_t shown, size_t total, std::string_view what) {
  if (total <= shown) return;
  out += "<p class=\"more\">";
  out += std::to_string(total - shown);
  out += " more ";
  out += what;
  out += " not shown.</p>\n";
}

void append_short_id(std::string& out, const std::string& commit) {
  out += "<code>";
  append_html_text(out, commit.substr(0, kShortId));
  out += "</code>";
}

void append_header(std::string& out, const HistoryReport& report) {
  out += "<header><h1>agentops compliance report</h1>\n<dl class=\"meta\">";
  out += "<dt>Range</dt><dd>";
  append_html_text(out, report.range);
  out += "</dd><dt>Judged by</dt><dd>";
  append_html_text(out, report.judged_by);
  out += report.dry_run ? " <span class=\"badge dry\">dry run</span>" : " <span class=\"badge live\">the range's own policy</span>";
  out += "</dd><dt>Commits judged</dt><dd>";
  out += std::to_string(report.commits);
  out += "</dd><dt>Compliant</dt><dd>";
  out += std::to_string(report.compliant);
  out += "</dd></dl></header>\n";
}

void append_tile(std::string& out, std::string_view id, std::string_view label, const std::string& value,
                 const std::string& detail) {
  out += "<div class=\"tile\" id=\"";
  out += id;
  out += "\"><div class=\"label\">";
  out += label;
  out += "</div><div class=\"value\">";
  append_html_text(out, value);
  out += "</div><div class=\"detail\">";
  append_html_text(out, detail);
  out += "</div></div>\n";
}

void append_tiles(std::string& out, const HistoryReport& report) {
  const std::uint64_t blocked = count_decisions(report, Decision::block);
  const std::uint64_t gated = count_decisions(report, Decision::gate);
  const std::uint64_t attributed = report.agents.commits + report.others.commits;
  out += "<section class=\"tiles\">\n";
  append_tile(out, "tile-compliance", "Compliance", percent_text(report.compliant, report.commits),
              std::to_string(report.compliant) + " of " + commits_text(report.commits));
  append_tile(out, "tile-blocked", "Commits blocked", std::to_string(blocked),
              percent_text(blocked, report.commits) + " of the range");
  append_tile(out, "tile-gated", "Commits gated", std::to_string(gated),
              percent_text(gated, report.commits) + " of the range, approval missing");
  append_tile(out, "tile-bypasses", "Bypasses", std::to_string(report.bypasses.size()),
              "reached the range while breaking the policy");
  append_tile(out, "tile-agents", "Agent share", percent_text(report.agents.commits, attributed),
              "agents " + percent_text(report.agents.compliant, report.agents.commits) + " compliant, others " +
                  percent_text(report.others.compliant, report.others.commits));
  out += "</section>\n";
}

void append_weekly(std::string& out, const HistoryReport& report) {
  out += "<section id=\"weekly\"><h2>Compliance per ISO week</h2>\n";
  out += detail::compliance_chart_svg(report);
  out += "</section>\n";
}

void append_rules(std::string& out, const HistoryReport& report) {
  out += "<section id=\"rules\"><h2>Rules by week</h2>\n";
  out += detail::rule_week_heatmap_html(report);
  if (!report.rules.empty()) {
    out += "<table class=\"totals\"><thead><tr><th>Rule</th><th class=\"num\">Commits blocked</th><th class=\"num\">Commits gated</th></tr></thead><tbody>\n";
    const size_t shown = std::min(report.rules.size(), kRuleRows);
    for (size_t i = 0; i < shown; ++i) {
      const RuleCommits& rule = report.rules[i];
      out += "<tr><td><code>";
      append_html_text(out, shorten_text(rule.rule, kPathCharacters));
      out += "</code></td><td class=\"num\">" + std::to_string(rule.blocked) + "</td><td class=\"num\">" +
             std::to_string(rule.gated) + "</td></tr>\n";
    }
    out += "</tbody></table>\n";
    append_more(out, shown, report.rules.size(), report.rules.size() - shown == 1 ? "rule" : "rules");
  }
  out += "</section>\n";
}

// Counts sorted by most commits first, then by name: the map's order breaks ties.
std::vector<std::pair<std::string, std::uint64_t>> by_count(const std::map<std::string, std::uint64_t>& counts) {
  std::vector<std::pair<std::string, std::uint64_t>> sorted(counts.begin(), counts.end());
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  return sorted;
}

void append_share_table(std::string& out, std::string_view heading,
                        const std::vector<std::pair<std::string, std::uint64_t>>& rows, size_t cap,
                        std::uint64_t commits, std::string_view what) {
  out += "<div><table><thead><tr><th>";
  out += heading;
  out += "</th><th class=\"num\">Commits</th><th class=\"num\">Share</th></tr></thead><tbody>\n";
  const size_t shown = std::min(rows.size(), cap);
  for (size_t i = 0; i < shown; ++i) {
    out += "<tr><td><code>";
    append_html_text(out, shorten_text(rows[i].first, kPathCharacters));
    out += "</code></td><td class=\"num\">" + std::to_string(rows[i].second) + "</td><td class=\"num\">" +
           html_text(percent_text(rows[i].second, commits)) + "</td></tr>\n";
  }
  if (rows.empty()) out += "<tr><td colspan=\"3\" class=\"empty\">none</td></tr>\n";
  out += "</tbody></table>\n";
  append_more(out, shown, rows.size(), what);
  out += "</div>\n";
}

void append_hygiene(std::string& out, const HistoryReport& report) {
  const MessageHygiene& hygiene = report.hygiene;
  out += "<section id=\"hygiene\"><h2>Message hygiene</h2>\n<p>Commits with a message body: <strong>";
  out += html_text(percent_text(hygiene.with_body, report.commits));
  out += "</strong> (" + std::to_string(hygiene.with_body) + " of " + commits_text(report.commits) + ").</p>\n";
  out += "<div class=\"columns\">\n";
  // Sections read best in a fixed order (Learning, Context, ...): the map's.
  const std::vector<std::pair<std::string, std::uint64_t>> sections(hygiene.sections.begin(), hygiene.sections.end());
  append_share_table(out, "Section", sections, kSectionRows, report.commits, "sections");
  append_share_table(out, "Trailer", by_count(hygiene.trailers), kTrailerRows, report.commits, "trailers");
  out += "</div></section>\n";
}

const char* approval_class(const std::string& approval) {
  if (approval == "signed") return "approval-signed";
  if (approval == "typed") return "approval-typed";
  return "approval-none";
}

void append_ledger(std::string& out, const HistoryReport& report) {
  out += "<section id=\"protected\"><h2>Protected-path ledger</h2>\n";
  if (report.protected_changes.empty()) {
    out += "<p class=\"empty\">No commit in this range changed a protected path.</p>\n</section>\n";
    return;
  }
  out += "<table><thead><tr><th>Commit</th><th>Path</th><th>Approval</th><th>Approver</th></tr></thead><tbody>\n";
  const size_t shown = std::min(report.protected_changes.size(), kLedgerRows);
  for (size_t i = 0; i < shown; ++i) {
    const ProtectedChange& change = report.protected_changes[i];
    out += "<tr><td>";
    append_short_id(out, change.commit);
    out += "</td><td><code>";
    append_html_text(out, shorten_text(change.path, kPathCharacters));
    out += "</code></td><td><span class=\"badge ";
    out += approval_class(change.approval);
    out += "\">";
    append_html_text(out, change.approval.empty() ? "none" : shorten_text(change.approval, 16));
    out += "</span></td><td>";
    append_html_text(out, shorten_text(change.approver, kPathCharacters));
    out += "</td></tr>\n";
  }
  out += "</tbody></table>\n";
  append_more(out, shown, report.protected_changes.size(), "protected-path changes");
  out += "</section>\n";
}

std::string joined_rules(const CommitVerdict& verdict) {
  std::string rules;
  for (const auto* list : {&verdict.blocking_rules, &verdict.gated_rules})
    for (const auto& rule : *list) rules += (rules.empty() ? "" : ", ") + rule;
  return rules;
}

void append_bypasses(std::string& out, const HistoryReport& report) {
  out += "<section id=\"bypasses\"><h2>Commits that broke the policy</h2>\n";
  if (report.bypasses.empty()) {
    out += "<p class=\"empty\">No commit reached this range while breaking the policy.</p>\n</section>\n";
    return;
  }
  out += "<table><thead><tr><th>Commit</th><th>Week</th><th>Decision</th><th>Subject</th><th>Rules</th><th>Reason</th></tr></thead><tbody>\n";
  const size_t shown = std::min(report.bypasses.size(), kBypassRows);
  for (size_t i = 0; i < shown; ++i) {
    const CommitVerdict& verdict = report.bypasses[i];
    out += "<tr><td class=\"nowrap\">";
    append_short_id(out, verdict.commit);
    out += "</td><td class=\"nowrap\">";
    append_html_text(out, shorten_text(verdict.week, 10));
    out += "</td><td>";
    out += to_string(verdict.decision);
    out += "</td><td>";
    append_html_text(out, shorten_text(verdict.subject, kSubjectCharacters));
    out += "</td><td><code>";
    append_html_text(out, shorten_text(joined_rules(verdict), kPathCharacters));
    out += "</code></td><td>";
    append_html_text(out, shorten_text(verdict.reason, kReasonCharacters));
    out += "</td></tr>\n";
  }
  out += "</tbody></table>\n";
  append_more(out, shown, report.bypasses.size(), "commits");
  out += "</section>\n";
}

}  // namespace

std::string format_history_html(const HistoryReport& report) {
  std::string out;
  out.reserve(64 * 1024);
  out += "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  // Defence in depth: even if text escaped its escaping, nothing could load or run.
  out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>agentops report ";
  append_html_text(out, shorten_text(report.range, kPathCharacters));
  out += "</title>\n";
  out += kStyle;
  out += "</head>\n<body>\n";
  append_header(out, report);
  append_tiles(out, report);
  append_weekly(out, report);
  append_rules(out, report);
  append_hygiene(out, report);
  append_ledger(out, report);
  append_bypasses(out, report);
  out += "<footer>Made by agentops from the range above: one file, no script, nothing fetched from elsewhere.</footer>\n";
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace agentops
