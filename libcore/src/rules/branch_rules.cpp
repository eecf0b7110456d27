#include "rules/branch_rules.h"

#include <re2/re2.h>

#include "glob.h"

namespace agentops::rules {
namespace {

void add(std::vector<Finding>& findings, const Policy& policy, const char* rule, const std::string& ref,
         std::string message, std::string hint) {
  const Severity severity = severity_of(policy, rule);
  if (severity == Severity::off) return;
  findings.push_back(Finding{rule, severity, ref, 0, std::move(message), std::move(hint), "", ""});
}

}  // namespace

std::string branch_name(const std::string& ref) {
  constexpr std::string_view prefix = "refs/heads/";
  return ref.starts_with(prefix) ? ref.substr(prefix.size()) : "";
}

bool is_protected_branch(const Policy& policy, const std::string& branch) {
  if (branch.empty()) return false;
  // Branch globs match the whole name ("release/*"), not a file name at any depth.
  return glob_match_whole_any(policy.branches.protected_branches, branch);
}

void check_ref_update(const RefFacts& facts, const Policy& policy, bool direct_commits_count,
                      std::vector<Finding>& findings) {
  const BranchesPolicy& branches = policy.branches;
  const std::string branch = branch_name(facts.ref);
  const std::string shown = branch.empty() ? facts.ref : branch;  // a policy ref outside refs/heads
  const bool is_protected = is_protected_branch(policy, branch);
  const bool kept = is_protected || facts.policy_ref;  // neither deleted nor rewound
  if (facts.deleted) {
    if (kept && branches.no_delete)
      add(findings, policy, "branch.delete", facts.ref, "the protected branch " + shown + " is deleted",
          "protected branches are not deleted; ask an administrator if it must go");
    return;
  }
  if (kept && branches.no_force_push && !facts.created) {
    if (facts.old_unknown)
      add(findings, policy, "branch.force-push", facts.ref,
          "the remote's " + shown + " has commits this repository does not have",
          "fetch and integrate them (git pull --rebase), then push without --force");
    else if (!facts.fast_forward)
      add(findings, policy, "branch.force-push", facts.ref, "the push rewrites the history of the protected branch " + shown,
          "push new commits on top of the remote's history instead of --force");
  }
  if (direct_commits_count && is_protected && branches.no_direct_commit && facts.has_new_commits)
    add(findings, policy, "branch.direct-commit", facts.ref, "commits are pushed straight to the protected branch " + branch,
        "push a feature branch and merge it through review");
  if (facts.created && !branch.empty() && !branches.name_pattern.empty() &&
      !RE2::PartialMatch(branch, RE2(branches.name_pattern, RE2::Quiet)))
    add(findings, policy, "branch.name", facts.ref, "the new branch name \"" + branch + "\" does not match " + branches.name_pattern,
        "rename the branch (git branch -m) to match the pattern");
}

void check_direct_commit(const std::string& branch, const Policy& policy, std::vector<Finding>& findings) {
  if (!policy.branches.no_direct_commit || !is_protected_branch(policy, branch)) return;
  add(findings, policy, "branch.direct-commit", "", "a commit on the protected branch " + branch,
      "create a branch (git switch -c NAME) and commit there; merge through review");
}

}  // namespace agentops::rules
