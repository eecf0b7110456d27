// Inline suppressions for a real false positive: a comment on the finding's own
// line, "agentops:allow RULE reason". A suppression without a reason does not
// count; every added suppression is itself reported (change.suppression-added),
// so presets for agent-written code can send it to the human gate.
#include <re2/re2.h>

#include <algorithm>

#include "glob.h"
#include "rules/rule_families.h"

namespace agentops::rules {
namespace {

constexpr std::string_view kMarker = "agentops:allow";

struct Suppression {
  std::uint32_t line;
  std::string rule;
  bool carried;  // on a line a rename carried over: reported only when it silences something
  bool silenced = false;
};

// Silencing a secret rule needs a person, whatever severity the policy gives
// other suppressions: a warning would let whoever writes a credential also
// wave it through. Only a policy that switches the rule off (a reviewed,
// gated change to .agentops/; `scan --history` too) goes without.
Severity at_least_gate(Severity severity) {
  return severity == Severity::off || severity == Severity::block ? severity : Severity::gate;
}

// Whether `rule` ignored `old_path` but reads `path`: then a rename from one to
// the other brings the carried lines before it for the first time. Answered
// from the policy alone, so that every stage agrees, also the commit-msg one
// where only gated rules run. (Rule-level path regexes of imported gitleaks
// rules are not consulted; there a carried suppression is reported when it
// silences a finding.)
bool newly_applies(const Policy& policy, std::string_view rule, const std::string& old_path, const std::string& path) {
  if (rule.starts_with("secret.")) {
    const auto allowed = [&](const std::string& p) {
      if (glob_match_any(policy.secrets.allow_paths, p)) return true;
      return std::any_of(policy.secrets.allow_path_regexes.begin(), policy.secrets.allow_path_regexes.end(),
                         [&](const std::string& regex) { return RE2::PartialMatch(p, RE2(regex, RE2::Quiet)); });
    };
    return allowed(old_path) && !allowed(path);
  }
  if (rule.starts_with("content.")) {
    for (const auto& spec : policy.content) {
      if (rule.substr(8) != spec.id) continue;
      const auto applies = [&](const std::string& p) {
        return (spec.paths.empty() || glob_match_any(spec.paths, p)) && !glob_match_any(spec.exclude_paths, p);
      };
      return !applies(old_path) && applies(path);
    }
  }
  return false;
}

}  // namespace

void apply_suppressions(const ChangedFile& file, const AddedLines& lines, const Policy& policy,
                        std::vector<Finding>& file_findings) {
  if (lines.text().find(kMarker) == std::string_view::npos) return;
  static const RE2 pattern(R"(agentops:allow\s+([a-z0-9][a-z0-9._-]*)(?:\s+(\S.*))?)");
  std::vector<Suppression> suppressions;
  const Severity added_severity = severity_of(policy, "change.suppression-added");
  std::vector<Finding> reports;  // reports[k] is about suppressions[k]
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string_view line = lines.line(i);
    if (line.find(kMarker) == std::string_view::npos) continue;
    std::string rule, reason;
    if (!RE2::PartialMatch(re2::StringPiece(line.data(), line.size()), pattern, &rule, &reason)) continue;
    const bool carried = lines.is_carried(i);
    if (reason.empty()) {
      // For a secret rule the way out is the policy, not a finished suppression.
      if (added_severity != Severity::off && !carried)
        file_findings.push_back(Finding{"change.suppression-added", Severity::warn, file.path, lines.number(i),
                                        "suppression of " + rule + " has no reason, so it does not apply",
                                        rule.starts_with("secret.")
                                            ? "remove the value (rotate it if it was real); if it is not a secret, "
                                              "add it to [secrets] allow_regexes in the policy"
                                            : "write why: agentops:allow " + rule + " <reason>",
                                        "", ""});
      continue;
    }
    suppressions.push_back(Suppression{lines.number(i), rule, carried});
    // The reason is not echoed: the rest of the line may hold the very secret
    // the suppression silences.
    const bool secret = rule.starts_with("secret.");
    reports.push_back(Finding{"change.suppression-added", secret ? at_least_gate(added_severity) : added_severity,
                              file.path, lines.number(i), "an inline suppression of " + rule + " is added",
                              secret ? "a person must approve it (a credential silenced in code stays in history); "
                                       "if the value is not a secret, allow it in the policy instead "
                                       "([secrets] allow_regexes)"
                                     : "a person should read the reason given on the line and approve it",
                              "", ""});
  }
  std::erase_if(file_findings, [&](const Finding& finding) {
    if (finding.rule.starts_with("change.")) return false;
    for (Suppression& suppression : suppressions) {
      if (suppression.line != finding.line || suppression.rule != finding.rule) continue;
      suppression.silenced = true;
      return true;
    }
    return false;
  });
  for (size_t k = 0; k < suppressions.size(); ++k) {
    // A carried suppression was reported where it was added; it is news only
    // when the rule it names now reads its line for the first time.
    const bool news = !suppressions[k].carried || suppressions[k].silenced ||
                      newly_applies(policy, suppressions[k].rule, file.old_path, file.path);
    if (reports[k].severity == Severity::off || !news) continue;
    file_findings.push_back(std::move(reports[k]));
  }
}

}  // namespace agentops::rules
