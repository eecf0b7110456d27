// The entry points hooks and the CLI call: read the change from git, find the
// policy that judges it, run the rules, and return a Report. Nothing here prints.
#pragma once

#include <string>
#include <vector>

#include "agentops/change.h"
#include "agentops/findings.h"
#include "agentops/git.h"
#include "agentops/policy.h"
#include "agentops/policy_sources.h"
#include "agentops/result.h"

namespace agentops {

// pre-commit and `agentops check --staged`: the staged change under the staged
// policy. Gate findings are reported as pending: commit-msg decides them.
Result<Report> check_staged(const git::Repository& repo, const std::string& stage);

// commit-msg: the human gate for the staged change, decided by the approval
// trailer in the message file git passes.
Result<Report> check_commit_message(const git::Repository& repo, const std::string& message_file);

// `agentops check --range A..B` (CI, pre-push, server): every commit reachable
// from B and not from A, each against its first parent, judged by the policy of A.
Result<Report> check_range(const git::Repository& repo, const std::string& range);

}  // namespace agentops
