// Counting judged commits into a HistoryReport (history_fold.h).
#include "report/history_fold.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace agentops::detail {
namespace {

// Days since 1970-01-01 of a civil date (proleptic Gregorian; H. Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// The civil year of a day since 1970-01-01.
std::int64_t year_of_day(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0);
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0); }

std::vector<std::string> sorted_unique(std::vector<std::string> names) {
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

bool is_pending_gate(const Finding& finding, const Report& report) {
  return finding.severity == Severity::gate && finding.approved_by.empty() && report.decision != Decision::allow;
}

// Where a protected path's approval stands: a verified signature, a typed
// trailer that was accepted, or nothing.
ProtectedChange protected_change(const std::string& commit, const Finding& finding) {
  ProtectedChange change{commit, finding.path, "none", ""};
  if (finding.approval && finding.approval->state == "verified") {
    change.approval = "signed";
    change.approver = finding.approval->principal;
  } else if (!finding.approved_by.empty()) {
    change.approval = "typed";
    change.approver = finding.approved_by;
  }
  return change;
}

}  // namespace

std::string iso_week(std::int64_t time) {
  const std::int64_t days = floor_div(time, 86400);
  const std::int64_t weekday = floor_div(days + 3, 7) * -7 + days + 3;  // 0 = Monday
  const std::int64_t thursday = days - weekday + 3;
  const std::int64_t year = year_of_day(thursday);
  const std::int64_t week = (thursday - days_from_civil(year, 1, 1)) / 7 + 1;
  std::string text = std::to_string(year) + "-W";
  if (week < 10) text += "0";
  return text + std::to_string(week);
}

std::int64_t ident_time(std::string_view ident) {
  const size_t close = ident.rfind('>');
  size_t at = close == std::string_view::npos ? 0 : close + 1;
  while (at < ident.size() && ident[at] == ' ') ++at;
  const bool negative = at < ident.size() && ident[at] == '-';
  if (negative) ++at;
  std::int64_t value = 0;
  size_t digits = 0;
  for (; at < ident.size() && std::isdigit(static_cast<unsigned char>(ident[at])); ++at, ++digits) {
    if (value > (INT64_MAX - 9) / 10) return 0;  // git reads an overflowing date as 0 too
    value = value * 10 + (ident[at] - '0');
  }
  if (digits == 0) return 0;
  return negative ? -value : value;
}

std::int64_t commit_time(std::string_view headers) {
  std::string_view author;
  for (size_t start = 0; start < headers.size();) {
    const size_t end = std::min(headers.find('\n', start), headers.size());
    const std::string_view line = headers.substr(start, end - start);
    if (line.starts_with("committer ")) return ident_time(line);
    if (line.starts_with("author ") && author.empty()) author = line;
    start = end + 1;
  }
  return ident_time(author);
}

std::string printable_line(std::string_view text, size_t max_bytes) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7f) continue;
    // U+0080..U+009F in UTF-8: 0xC2 0x80..0x9F.
    if (c == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) <= 0x9f &&
        static_cast<unsigned char>(text[i + 1]) >= 0x80) {
      ++i;
      continue;
    }
    out += text[i];
  }
  if (out.size() > max_bytes) {
    size_t cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xc0) == 0x80) --cut;
    out.resize(cut);
  }
  return out;
}

bool has_body(std::string_view message, bool has_trailers) {
  // Paragraphs after the subject's, each with a non-blank line.
  size_t paragraphs = 0;
  bool in_paragraph = false, past_subject = false;
  for (size_t start = 0; start <= message.size();) {
    const size_t end = std::min(message.find('\n', start), message.size());
    const std::string_view line = message.substr(start, end - start);
    const bool blank = line.find_first_not_of(" \t\r") == std::string_view::npos;
    if (blank) {
      if (in_paragraph) past_subject = true;
      in_paragraph = false;
    } else if (!in_paragraph) {
      in_paragraph = true;
      if (past_subject) ++paragraphs;
    }
    if (end == message.size()) break;
    start = end + 1;
  }
  return paragraphs > (has_trailers ? 1u : 0u);
}

std::string raw_reason(const Report& report) {
  const Finding* first = nullptr;
  for (const auto& finding : report.findings)
    if (finding.severity == Severity::block) {
      first = &finding;
      break;
    }
  if (!first)
    for (const auto& finding : report.findings)
      if (is_pending_gate(finding, report)) {
        first = &finding;
        break;
      }
  if (!first) return "";
  return first->rule + ": " + first->message + (first->path.empty() ? "" : " (" + first->path + ")");
}

CommitVerdict verdict_of(const JudgedCommit& judged, bool agent) {
  const Report& report = *judged.report;
  CommitVerdict verdict;
  verdict.commit = judged.commit;
  verdict.subject = judged.subject;
  verdict.time = judged.time;
  verdict.week = iso_week(judged.time);
  verdict.agent = agent;
  verdict.decision = report.decision;
  for (const auto& finding : report.findings) {
    if (finding.severity == Severity::block) verdict.blocking_rules.push_back(finding.rule);
    if (is_pending_gate(finding, report)) verdict.gated_rules.push_back(finding.rule);
  }
  verdict.blocking_rules = sorted_unique(std::move(verdict.blocking_rules));
  verdict.gated_rules = sorted_unique(std::move(verdict.gated_rules));
  if (!verdict.compliant()) verdict.reason = judged.reason;
  return verdict;
}

namespace {

// The sections hygiene counts: the four of 12-Factor AgentOps, then the policy's own.
std::vector<std::string> counted_sections(const Policy& policy) {
  std::vector<std::string> sections = {"Context", "Solution", "Learning", "Impact"};
  for (const auto& section : policy.message.required_sections)
    if (std::find(sections.begin(), sections.end(), section) == sections.end()) sections.push_back(section);
  return sections;
}

}  // namespace

// is_agent_commit and has_section compile their patterns once per thread
// (message/trailers.cpp, message_rules.cpp), so asking per commit is cheap.
HistoryFold::HistoryFold(const Policy& policy) : policy_(&policy), sections_(counted_sections(policy)) {}

void HistoryFold::add(const JudgedCommit& judged) {
  const auto trailers = parse_trailers(judged.message);
  const bool agent = is_agent_commit(trailers, policy_->agents);
  CommitVerdict verdict = verdict_of(judged, agent);

  report_.commits++;
  if (verdict.compliant()) report_.compliant++;
  CommitShare& share = agent ? report_.agents : report_.others;
  share.commits++;
  if (verdict.compliant()) share.compliant++;

  WeekCompliance& week = weeks_[verdict.week];
  week.week = verdict.week;
  week.commits++;
  if (verdict.compliant()) week.compliant++;
  std::set<std::string> fired(verdict.blocking_rules.begin(), verdict.blocking_rules.end());
  fired.insert(verdict.gated_rules.begin(), verdict.gated_rules.end());
  for (const auto& rule : fired) week.rules[rule]++;
  for (const auto& rule : verdict.blocking_rules) {
    rules_[rule].rule = rule;
    rules_[rule].blocked++;
  }
  for (const auto& rule : verdict.gated_rules) {
    rules_[rule].rule = rule;
    rules_[rule].gated++;
  }

  for (const auto& finding : judged.report->findings)
    if (finding.rule == "path.protected") report_.protected_changes.push_back(protected_change(judged.commit, finding));

  if (has_body(judged.message, !trailers.empty())) report_.hygiene.with_body++;
  for (const auto& section : sections_)
    if (has_section(judged.message, section)) report_.hygiene.sections[section]++;
  std::set<std::string> keys;
  for (const auto& trailer : trailers) keys.insert(trailer.key);
  for (const auto& key : keys) report_.hygiene.trailers[key]++;

  if (!verdict.compliant()) report_.bypasses.push_back(verdict);
  report_.verdicts.push_back(std::move(verdict));
}

HistoryReport HistoryFold::finish() {
  for (auto& [name, rule] : rules_) report_.rules.push_back(rule);
  std::stable_sort(report_.rules.begin(), report_.rules.end(), [](const RuleCommits& a, const RuleCommits& b) {
    return a.blocked + a.gated > b.blocked + b.gated;
  });
  for (auto& [name, week] : weeks_) report_.weeks.push_back(std::move(week));
  // Every section asked about is shown, also at zero.
  for (const auto& section : sections_) report_.hygiene.sections.try_emplace(section, 0);
  return std::move(report_);
}

}  // namespace agentops::detail
