// The rule families the Evaluator runs. Per-file families see a file's added
// lines; change-wide families see the list of files. Built-in rule severities
// come from severity_of(policy, id); a rule at `off` produces nothing.
#pragma once

#include <memory>
#include <vector>

#include "agentops/change.h"
#include "agentops/findings.h"
#include "agentops/policy.h"
#include "agentops/result.h"
#include "rules/rule_prefilter.h"

namespace agentops::rules {

inline constexpr const char* kAlwaysProtected = ".agentops/**";

// Whether a change to `path` needs a person (rule path.protected): .agentops/**
// and [paths] protected. A signed approval covers exactly these paths.
bool is_protected_path(const Policy& policy, const std::string& path);

// path.forbidden, path.protected, path.submodule, path.symlink-outside.
void check_paths(const Change& change, const Policy& policy, std::vector<Finding>& findings);
// limit.file-bytes, limit.files-changed, limit.lines-changed, limit.binary-file, limit.not-scanned.
void check_limits(const Change& change, const Policy& policy, std::vector<Finding>& findings);
// change.size-gate: changes above [gates] thresholds need a human.
void check_size_gate(const Change& change, const Policy& policy, std::vector<Finding>& findings);
// change.tests-removed: deleted test files, or more test lines removed than added.
void check_tests_removed(const Change& change, const Policy& policy, std::vector<Finding>& findings);

// content.<id>: [[content]] patterns in added lines. Each rule's regex is also
// its presence pattern in the shared RulePrefilter; a rule the prefilter says
// matches a file runs again alone to find its lines.
class ContentScanner {
 public:
  static Result<ContentScanner> compile(const std::vector<ContentRule>& rules, RulePrefilter& prefilter);
  ContentScanner(ContentScanner&&) noexcept;
  ~ContentScanner();
  Status scan(const ChangedFile& file, const AddedLines& lines, const std::vector<bool>& candidates,
              std::vector<Finding>& findings);

 private:
  ContentScanner();
  struct Rule;
  std::vector<std::unique_ptr<Rule>> rules_;
  size_t first_pattern_ = 0;
};

// Inline suppressions ("agentops:allow RULE reason"): drops the findings they
// name on their line, and reports each added one as change.suppression-added.
void apply_suppressions(const ChangedFile& file, const AddedLines& lines, const Policy& policy,
                        std::vector<Finding>& file_findings);

}  // namespace agentops::rules
