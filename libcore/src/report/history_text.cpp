// The terminal text of a history report: the headline figures first.
#include <fmt/format.h>

#include <iterator>

#include "agentops/history_report.h"
#include "format/text_escape.h"

namespace agentops {
namespace {

double percent(std::uint64_t part, std::uint64_t whole) {
  return whole == 0 ? 0.0 : 100.0 * static_cast<double>(part) / static_cast<double>(whole);
}

}  // namespace

std::string format_history_text(const HistoryReport& report) {
  std::string out;
  auto add = std::back_inserter(out);
  fmt::format_to(add, "commits: {}, compliant: {} ({:.1f}%)\n", report.commits, report.compliant,
                 percent(report.compliant, report.commits));
  fmt::format_to(add, "range {} judged by {}{}\n", report.range, report.judged_by, report.dry_run ? " (dry run)" : "");
  if (!report.rules.empty()) {
    out += "rules (commits blocked / gated):\n";
    for (const auto& rule : report.rules) fmt::format_to(add, "  {:<36} {:>6} blocked {:>6} gated\n", detail::printable(rule.rule), rule.blocked, rule.gated);
  }
  if (!report.weeks.empty()) {
    out += "weeks (compliant / commits):\n";
    for (const auto& week : report.weeks)
      fmt::format_to(add, "  {}  {:>6}/{:<6} {:5.1f}%\n", week.week, week.compliant, week.commits,
                     percent(week.compliant, week.commits));
  }
  fmt::format_to(add, "agents: {} commits, {} compliant ({:.1f}%); others: {} commits, {} compliant ({:.1f}%)\n",
                 report.agents.commits, report.agents.compliant, percent(report.agents.compliant, report.agents.commits),
                 report.others.commits, report.others.compliant, percent(report.others.compliant, report.others.commits));
  if (!report.protected_changes.empty()) {
    out += "protected paths (approval):\n";
    for (const auto& change : report.protected_changes)
      fmt::format_to(add, "  {} {}  {}{}\n", change.commit.substr(0, 12), detail::display_path(change.path),
                     change.approval, change.approver.empty() ? "" : " by " + detail::printable(change.approver));
  }
  if (!report.bypasses.empty()) {
    fmt::format_to(add, "bypasses: {} commits reached the range breaking the policy:\n", report.bypasses.size());
    for (const auto& verdict : report.bypasses)
      fmt::format_to(add, "  {} {:<5} {}\n      {}\n", verdict.commit.substr(0, 12), to_string(verdict.decision),
                     verdict.subject, verdict.reason);
  }
  fmt::format_to(add, "hygiene: {} of {} commits with a body", report.hygiene.with_body, report.commits);
  for (const auto& [section, count] : report.hygiene.sections) fmt::format_to(add, "; {} {}", detail::printable(section), count);
  out += '\n';
  if (!report.hygiene.trailers.empty()) {
    out += "trailers:";
    bool first = true;
    for (const auto& [key, count] : report.hygiene.trailers) {
      fmt::format_to(add, "{} {} {}", first ? "" : ",", detail::printable(key), count);
      first = false;
    }
    out += '\n';
  }
  return out;
}

}  // namespace agentops
