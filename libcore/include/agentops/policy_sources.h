// Which policy judges a change. Local checks use the policy as it will be
// committed (the staged file); range checks use the policy of the base side, so
// no change can weaken the rules that judge it. Either way an organisation floor
// named by git config `agentops.floor` (system or global scope only) lies under it.
#pragma once

#include <optional>
#include <string>

#include "agentops/git.h"
#include "agentops/policy.h"
#include "agentops/result.h"

struct git_index;
struct git_tree;

namespace agentops {

inline constexpr const char* kPolicyPath = ".agentops/policy.toml";

// The floor policy, when git config agentops.floor names one in the system or
// global configuration (repository-local config is ignored: a change could set it).
Result<std::optional<Policy>> load_floor();

// The staged .agentops/policy.toml (relative `extends` read from the index too),
// or the built-in baseline; under the floor.
Result<Policy> staged_policy(const git::Repository& repo, git_index* index);

// The policy in `tree` (the base side of a range), or the baseline; under the floor.
Result<Policy> policy_in_tree(const git::Repository& repo, git_tree* tree);

}  // namespace agentops
