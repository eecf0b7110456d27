// Tools for the people who write a policy: which file a command reads, globs
// that match nothing, and a starter policy proposed from a repository's history
// (`agentops policy validate | show | init`). The hooks never call these.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "agentops/git.h"
#include "agentops/policy.h"
#include "agentops/result.h"

namespace agentops {

// Which copy of .agentops/policy.toml a command reads.
enum class PolicyCopy { worktree, staged };

// The repository's policy file as one copy holds it, and how the other copy compares.
struct PolicyFileState {
  std::optional<std::string> worktree;  // nullopt: no such file in the working tree
  std::optional<std::string> staged;    // nullopt: not in the index
  bool differ() const { return worktree != staged; }
};
Result<PolicyFileState> policy_file_state(const git::Repository& repo);

// One sentence saying which copy is read and what the hooks use, for the top
// of `policy validate` and `policy show`: "validating the working-tree file
// .agentops/policy.toml (not staged: the hooks use the staged version, ...)".
std::string policy_copy_notice(PolicyCopy copy, const PolicyFileState& state, const std::string& verb);

// The working-tree .agentops/policy.toml (relative `extends` read beside it),
// or the baseline when there is none; under the floor, as the hooks would see it.
Result<Policy> worktree_policy(const git::Repository& repo);

// Every path in HEAD's tree and in the index: what "a path of the repository" is.
Result<std::vector<std::string>> repository_paths(const git::Repository& repo);

// One warning per glob the repository's own policy files wrote (not a
// preset's) that matches none of `paths`: "FILE:LINE:COL: \"glob\" in
// 'paths.forbidden' matches no path in the repository (HEAD or index)".
// Branch globs ([branches] protected) name branches, not paths, and a
// forbidden path normally matches nothing (only its "!" exceptions are checked).
std::vector<std::string> unmatched_glob_warnings(const Policy& policy, const std::vector<std::string>& paths);

// `agentops policy init`: a starter policy for a repository, from its last
// `max_commits` commits on HEAD, as TOML with comments saying why each value.
struct StarterOptions {
  std::string preset;            // empty: the preset that fits is chosen
  std::size_t max_commits = 500;  // history read, newest first (bounded time)
};
Result<std::string> propose_policy(const git::Repository& repo, const StarterOptions& options);

}  // namespace agentops
