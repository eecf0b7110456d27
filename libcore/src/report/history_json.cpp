// The JSON document of a history report (keys in docs/report.md).
#include <fmt/format.h>

#include <algorithm>
#include <iterator>

#include "agentops/history_report.h"
#include "format/json_string.h"

namespace agentops {
namespace {

using detail::append_json_string;

// The compliant share, 0..1; 0 for no commits.
double share(std::uint64_t compliant, std::uint64_t commits) {
  return commits == 0 ? 0.0 : static_cast<double>(compliant) / static_cast<double>(commits);
}

void append_share(std::string& out, const char* name, const CommitShare& counts) {
  fmt::format_to(std::back_inserter(out), ",\"{}\":{{\"commits\":{},\"compliant\":{},\"compliance\":{}}}", name,
                 counts.commits, counts.compliant, share(counts.compliant, counts.commits));
}

void append_names(std::string& out, const std::vector<std::string>& names) {
  out += '[';
  for (size_t i = 0; i < names.size(); ++i) {
    if (i) out += ',';
    append_json_string(out, names[i]);
  }
  out += ']';
}

void append_counts(std::string& out, const std::map<std::string, std::uint64_t>& counts) {
  out += '{';
  bool first = true;
  for (const auto& [name, count] : counts) {
    if (!first) out += ',';
    first = false;
    append_json_string(out, name);
    fmt::format_to(std::back_inserter(out), ":{}", count);
  }
  out += '}';
}

}  // namespace

std::string format_history_json(const HistoryReport& report) {
  std::string out = "{\"version\":1,\"range\":";
  append_json_string(out, report.range);
  out += ",\"judged_by\":";
  append_json_string(out, report.judged_by);
  fmt::format_to(std::back_inserter(out), ",\"dry_run\":{},\"commits\":{},\"compliant\":{},\"compliance\":{}",
                 report.dry_run, report.commits, report.compliant, share(report.compliant, report.commits));
  out += ",\"rules\":[";
  for (size_t i = 0; i < report.rules.size(); ++i) {
    if (i) out += ',';
    out += "{\"rule\":";
    append_json_string(out, report.rules[i].rule);
    fmt::format_to(std::back_inserter(out), ",\"blocked\":{},\"gated\":{}}}", report.rules[i].blocked,
                   report.rules[i].gated);
  }
  out += "],\"weeks\":[";
  for (size_t i = 0; i < report.weeks.size(); ++i) {
    const WeekCompliance& week = report.weeks[i];
    if (i) out += ',';
    out += "{\"week\":";
    append_json_string(out, week.week);
    fmt::format_to(std::back_inserter(out), ",\"commits\":{},\"compliant\":{},\"compliance\":{},\"rules\":", week.commits,
                   week.compliant, share(week.compliant, week.commits));
    append_counts(out, week.rules);
    out += '}';
  }
  out += ']';
  append_share(out, "agents", report.agents);
  append_share(out, "others", report.others);
  out += ",\"protected\":[";
  for (size_t i = 0; i < report.protected_changes.size(); ++i) {
    const ProtectedChange& change = report.protected_changes[i];
    if (i) out += ',';
    out += "{\"commit\":";
    append_json_string(out, change.commit);
    out += ",\"path\":";
    append_json_string(out, change.path);
    out += ",\"approval\":";
    append_json_string(out, change.approval);
    out += ",\"approver\":";
    append_json_string(out, change.approver);
    out += '}';
  }
  out += "],\"bypasses\":[";
  for (size_t i = 0; i < report.bypasses.size(); ++i) {
    const CommitVerdict& verdict = report.bypasses[i];
    if (i) out += ',';
    out += "{\"commit\":";
    append_json_string(out, verdict.commit);
    out += ",\"subject\":";
    append_json_string(out, verdict.subject);
    out += ",\"week\":";
    append_json_string(out, verdict.week);
    fmt::format_to(std::back_inserter(out), ",\"agent\":{},\"decision\":", verdict.agent);
    append_json_string(out, to_string(verdict.decision));
    out += ",\"rules\":";
    std::vector<std::string> rules = verdict.blocking_rules;
    for (const auto& rule : verdict.gated_rules)
      if (std::find(rules.begin(), rules.end(), rule) == rules.end()) rules.push_back(rule);
    append_names(out, rules);
    out += ",\"reason\":";
    append_json_string(out, verdict.reason);
    out += '}';
  }
  fmt::format_to(std::back_inserter(out), "],\"hygiene\":{{\"with_body\":{},\"sections\":", report.hygiene.with_body);
  append_counts(out, report.hygiene.sections);
  out += ",\"trailers\":";
  append_counts(out, report.hygiene.trailers);
  fmt::format_to(std::back_inserter(out), "}},\"duration_ms\":{:.1f}}}\n", report.duration_ms);
  return out;
}

}  // namespace agentops
