// How a staged change is judged (check.cpp), shared by pre-commit, `check
// --staged` and `check --worktree`, which judges an index of its own making.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "agentops/change.h"
#include "agentops/findings.h"
#include "agentops/git.h"
#include "agentops/policy.h"
#include "agentops/result.h"

namespace agentops::detail {

// The staged change, judged by the policy staged with it.
struct Staged {
  Policy policy;
  Change change;
  std::vector<Finding> findings;
  GatesPolicy gates;                 // who may approve: the committed policy's when the change edits it
  std::optional<Policy> committed;   // the committed policy, when the change edits it
  git::IndexPtr index;               // the index judged (validators check it out)
};

// `index` against `base` (nullptr: the empty tree) under the policy staged in
// it, and, when the change edits .agentops/, under the committed one at `base`
// too: a change cannot switch off the rules that judge it. `only_gates` keeps
// gate-capable rules; `judged_by` (a dry run) judges alone.
Result<Staged> check_index(const git::Repository& repo, git::IndexPtr index, git_tree* base, bool only_gates,
                           const Policy* judged_by);

// The validators of the committed policy (a change to the policy runs the one
// it replaces), run on the staged snapshot; their findings join `staged`'s.
Status run_staged_validators(const git::Repository& repo, Staged& staged);

Report make_report(const std::string& stage, const Policy& policy, GateState gate, std::vector<Finding> findings,
                   const Change& change);

}  // namespace agentops::detail
