// The entry points hooks and the CLI call: read the change from git, load the
// effective policy, run the rules, and return a Report. Nothing here prints.
#pragma once

#include <string>
#include <vector>

#include "agentops/change.h"
#include "agentops/findings.h"
#include "agentops/git.h"
#include "agentops/policy.h"
#include "agentops/result.h"

namespace agentops {

inline constexpr const char* kPolicyPath = ".agentops/policy.toml";

// The policy local checks use: the staged .agentops/policy.toml when the index
// holds one (the policy as it will be committed), else the built-in baseline.
Result<Policy> load_staged_policy(const git::Repository& repo);

// Runs every rule family of `policy` over `change`.
Result<std::vector<Finding>> evaluate(const Change& change, const Policy& policy);

// pre-commit and `agentops check --staged`.
Result<Report> check_staged(const git::Repository& repo, const std::string& stage);

}  // namespace agentops
