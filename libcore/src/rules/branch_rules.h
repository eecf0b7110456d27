// [branches] rules on ref updates: protected branches are not force-pushed,
// deleted or pushed to directly; new branch names follow a pattern; new
// commits are signed.
#pragma once

#include <string>
#include <vector>

#include "agentops/findings.h"
#include "agentops/policy.h"

namespace agentops::rules {

// "refs/heads/main" -> "main"; empty for refs that are not branches.
std::string branch_name(const std::string& ref);
bool is_protected_branch(const Policy& policy, const std::string& branch);

// What is known about one ref update, for the branch rules.
struct RefFacts {
  std::string ref;          // the updated ref
  bool deleted = false;
  bool created = false;
  bool fast_forward = true;  // false when the old commit is not an ancestor of the new one
  bool old_unknown = false;  // the old commit is not in this repository
  bool has_new_commits = false;
  // The ref whose policy judges the push: deleting or rewinding it is refused
  // as for a protected branch, or the next push would meet a weaker policy.
  bool policy_ref = false;
};

// branch.delete, branch.force-push, branch.name, branch.direct-commit (when
// `direct_commits_count`: pre-push, not the server).
void check_ref_update(const RefFacts& facts, const Policy& policy, bool direct_commits_count,
                      std::vector<Finding>& findings);

// branch.direct-commit for a commit on `branch` (pre-commit).
void check_direct_commit(const std::string& branch, const Policy& policy, std::vector<Finding>& findings);

}  // namespace agentops::rules
