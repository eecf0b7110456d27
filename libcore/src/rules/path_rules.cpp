// Path rules: files that never belong in the repository, and files whose change
// needs a human (the policy itself, CI workflows...).
#include "glob.h"
#include "rules/rule_families.h"

namespace agentops::rules {

void check_paths(const Change& change, const Policy& policy, std::vector<Finding>& findings) {
  const Severity forbidden = severity_of(policy, "path.forbidden");
  const Severity protected_severity = severity_of(policy, "path.protected");
  for (const auto& file : change.files) {
    const bool removal = file.status == FileStatus::deleted;
    if (forbidden != Severity::off && !removal && glob_match_any(policy.paths.forbidden, file.path)) {
      findings.push_back(Finding{"path.forbidden", forbidden, file.path, 0,
                                 "this path is forbidden by [paths] forbidden",
                                 "remove it from the change (git rm --cached -- PATH) and add it to .gitignore",
                                 "", ""});
    }
    if (protected_severity == Severity::off) continue;
    const bool is_protected = glob_match(kAlwaysProtected, file.path) ||
                              glob_match_any(policy.paths.protected_paths, file.path) ||
                              (!file.old_path.empty() && file.old_path != file.path &&
                               (glob_match(kAlwaysProtected, file.old_path) ||
                                glob_match_any(policy.paths.protected_paths, file.old_path)));
    if (is_protected) {
      findings.push_back(Finding{"path.protected", protected_severity, file.path, 0,
                                 std::string("a protected path is ") + to_string(file.status),
                                 "a person must approve this change", "", ""});
    }
  }
}

}  // namespace agentops::rules
