// Judging commits one at a time by one policy, for range checks, pre-push and
// pre-receive: each commit's change against its first parent, its message, and
// its human gate (the approval trailer in that commit's own message).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "agentops/evaluator.h"
#include "agentops/findings.h"
#include "agentops/git.h"
#include "agentops/policy.h"
#include "agentops/result.h"

namespace agentops::detail {

class CommitJudge {
 public:
  static Result<CommitJudge> create(const git::Repository& repo, const Policy& policy);

  // Adds `commit`'s findings to `report` (tagged with its id), and blocks the
  // report when the commit blocks.
  Status judge(git_commit* commit, Report& report);
  // Adds the findings of a ref to a tree or a blob (`name`: the ref) to
  // `report`. No message can approve it: a gated finding blocks.
  Status judge_object(const git_oid& id, const std::string& name, Report& report);

 private:
  CommitJudge(const git::Repository& repo, const Policy& policy, Evaluator evaluator);
  const git::Repository* repo_;
  const Policy* policy_;
  Evaluator evaluator_;
};

// The commits reachable from `tips` and from none of `known`, oldest first.
Result<std::vector<git_oid>> new_commits(const git::Repository& repo, const std::vector<git_oid>& tips,
                                         const std::vector<git_oid>& known);

// Whether `ancestor` is `descendant` or one of its ancestors; in a shallow
// clone, walked by hand within the history that is present.
bool is_ancestor(const git::Repository& repo, const git_oid& ancestor, const git_oid& descendant);

// A report ready for commit findings: allowed, gate approved until a commit lacks it.
Report range_report(const std::string& stage, const Policy& policy);

}  // namespace agentops::detail
