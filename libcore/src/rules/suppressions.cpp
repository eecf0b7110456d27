// Inline suppressions for a real false positive: a comment on the finding's own
// line, "agentops:allow RULE reason". A suppression without a reason does not
// count; every added suppression is itself reported (change.suppression-added),
// so presets for agent-written code can send it to the human gate.
#include <re2/re2.h>

#include <algorithm>

#include "rules/rule_families.h"

namespace agentops::rules {
namespace {

constexpr std::string_view kMarker = "agentops:allow";

struct Suppression {
  std::uint32_t line;
  std::string rule;
};

}  // namespace

void apply_suppressions(const ChangedFile& file, const AddedLines& lines, const Policy& policy,
                        std::vector<Finding>& file_findings) {
  if (lines.text().find(kMarker) == std::string_view::npos) return;
  static const RE2 pattern(R"(agentops:allow\s+([a-z0-9][a-z0-9._-]*)(?:\s+(\S.*))?)");
  std::vector<Suppression> suppressions;
  const Severity added_severity = severity_of(policy, "change.suppression-added");
  std::vector<Finding> reports;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string_view line = lines.line(i);
    if (line.find(kMarker) == std::string_view::npos) continue;
    std::string rule, reason;
    if (!RE2::PartialMatch(re2::StringPiece(line.data(), line.size()), pattern, &rule, &reason)) continue;
    if (reason.empty()) {
      if (added_severity != Severity::off)
        reports.push_back(Finding{"change.suppression-added", Severity::warn, file.path, lines.number(i),
                                  "suppression of " + rule + " has no reason, so it does not apply",
                                  "write why: agentops:allow " + rule + " <reason>", "", ""});
      continue;
    }
    suppressions.push_back(Suppression{lines.number(i), rule});
    // The reason is not echoed: the rest of the line may hold the very secret
    // the suppression silences.
    if (added_severity != Severity::off)
      reports.push_back(Finding{"change.suppression-added", added_severity, file.path, lines.number(i),
                                "an inline suppression of " + rule + " is added",
                                "a person should read the reason given on the line and approve it", "", ""});
  }
  std::erase_if(file_findings, [&](const Finding& finding) {
    return std::any_of(suppressions.begin(), suppressions.end(), [&](const Suppression& s) {
      return s.line == finding.line && s.rule == finding.rule && finding.rule.rfind("change.", 0) != 0;
    });
  });
  file_findings.insert(file_findings.end(), reports.begin(), reports.end());
}

}  // namespace agentops::rules
