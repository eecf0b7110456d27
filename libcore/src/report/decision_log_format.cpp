// The decision log summary as `agentops report` prints it: text for people,
// one JSON document for machines. Arranges only; decision_log.cpp counts.
#include <algorithm>
#include <iterator>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "agentops/decision_log.h"
#include "format/json_string.h"
#include "format/text_escape.h"

namespace agentops {
namespace {

// Most findings first, then by name: the same order in text and JSON.
std::vector<std::pair<std::string, RuleTally>> rules_by_count(const DecisionLogSummary& summary) {
  std::vector<std::pair<std::string, RuleTally>> rules(summary.rules.begin(), summary.rules.end());
  std::stable_sort(rules.begin(), rules.end(),
                   [](const auto& a, const auto& b) { return a.second.findings > b.second.findings; });
  return rules;
}

std::string joined(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items) text += (text.empty() ? "" : ", ") + detail::printable(item);
  return text;
}

}  // namespace

std::string format_decision_log_text(const DecisionLogSummary& summary, const std::string& log_path) {
  std::string out = fmt::format("agentops decisions{} ({})\n", summary.since.empty() ? "" : " since " + summary.since,
                                 log_path);
  if (summary.stages.empty() && summary.bypasses.empty()) out += "  none recorded yet\n";
  if (summary.attempts > 0)
    out += fmt::format("  commit attempts {:6} ({} allowed, {} blocked; each counted once over its hooks)\n",
                       summary.attempts, summary.attempts_allowed, summary.attempts_blocked);
  for (const auto& [stage, tally] : summary.stages)
    out += fmt::format("  {:<12} {:6} allowed {:6} blocked\n", detail::printable(stage), tally.allowed, tally.blocked);
  const auto rules = rules_by_count(summary);
  if (!rules.empty()) out += "rules that fired (findings, of which blocking; once per commit attempt):\n";
  for (const auto& [rule, tally] : rules) out += fmt::format("  {:<36} {:6} {:6}\n", detail::printable(rule), tally.findings, tally.blocking);
  if (!summary.bypasses.empty()) {
    out += fmt::format("commits made past the hooks ({}; pre-push and CI re-check them):\n", summary.bypasses.size());
    for (const auto& bypass : summary.bypasses) {
      std::string verdict;
      if (bypass.rejudged == "unknown") verdict = "could not be judged";
      else if (bypass.rules.empty()) verdict = "would pass";
      else verdict = "would be refused: " + joined(bypass.rules);
      // The log is a file anyone with the repository can write: its fields are
      // shown with control bytes quoted, never as terminal escapes.
      out += fmt::format("  {}  {}  {}\n", detail::printable(bypass.commit.substr(0, 7)), detail::printable(bypass.time),
                         verdict);
    }
  }
  if (summary.unreadable > 0)
    out += fmt::format("({} lines were not agentops decisions and were skipped)\n", summary.unreadable);
  return out;
}

std::string format_decision_log_json(const DecisionLogSummary& summary, const std::string& log_path) {
  std::string out = "{\"version\":1,\"log\":";
  detail::append_json_string(out, log_path);
  out += ",\"since\":";
  if (summary.since.empty()) out += "null";
  else detail::append_json_string(out, summary.since);
  fmt::format_to(std::back_inserter(out), ",\"attempts\":{{\"total\":{},\"allowed\":{},\"blocked\":{}}},\"stages\":{{",
                 summary.attempts, summary.attempts_allowed, summary.attempts_blocked);
  bool first = true;
  for (const auto& [stage, tally] : summary.stages) {
    if (!first) out += ',';
    first = false;
    detail::append_json_string(out, stage);
    fmt::format_to(std::back_inserter(out), ":{{\"allowed\":{},\"blocked\":{}}}", tally.allowed, tally.blocked);
  }
  out += "},\"rules\":[";
  first = true;
  for (const auto& [rule, tally] : rules_by_count(summary)) {
    if (!first) out += ',';
    first = false;
    out += "{\"rule\":";
    detail::append_json_string(out, rule);
    fmt::format_to(std::back_inserter(out), ",\"findings\":{},\"blocking\":{}}}", tally.findings, tally.blocking);
  }
  out += "],\"bypasses\":[";
  first = true;
  for (const auto& bypass : summary.bypasses) {
    if (!first) out += ',';
    first = false;
    out += "{\"commit\":";
    detail::append_json_string(out, bypass.commit);
    out += ",\"time\":";
    detail::append_json_string(out, bypass.time);
    out += ",\"rejudged\":";
    detail::append_json_string(out, bypass.rejudged);
    out += ",\"why\":";
    detail::append_json_string(out, bypass.why);
    out += ",\"rules\":[";
    for (size_t i = 0; i < bypass.rules.size(); ++i) {
      if (i > 0) out += ',';
      detail::append_json_string(out, bypass.rules[i]);
    }
    out += "]}";
  }
  fmt::format_to(std::back_inserter(out), "],\"lines\":{},\"unreadable\":{}}}\n", summary.lines, summary.unreadable);
  return out;
}

}  // namespace agentops
