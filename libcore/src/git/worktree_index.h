// The index `git add -A [-- PATHS]` would write, built in memory and never
// written: tracked files modified or deleted, and untracked files git does not
// ignore (.gitignore, .git/info/exclude, core.excludesFile). The real index,
// the working tree and .git/objects are left as they were.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "agentops/git.h"
#include "agentops/result.h"

namespace agentops::git {

struct StagedWorktree {
  // A handle of our own on the same repository, whose object database reads
  // the staged blobs back from the working tree (git/worktree_objects.h).
  // Read `index` through it; never call repo.index() (that reloads the file).
  Repository repo;
  IndexPtr index;
  // The index as it was before staging, on a handle of its own: what the
  // clean filters read when a staged blob is read back through `repo`.
  Repository filter_repo;
};

// Stages the working tree in memory: with `pathspec` (paths relative to the
// repository root) only those paths, over HEAD's tree as `git commit -- PATHS`
// does; without, everything, over the index. A file above `max_load_bytes` is
// never read: it is staged by its size alone (its blob cannot be loaded).
Result<StagedWorktree> stage_worktree(const Repository& repo, const std::vector<std::string>& pathspec,
                                      std::uint64_t max_load_bytes);

// `paths` (relative to the current directory, or absolute, as git reads them)
// as paths relative to the repository root; an error names a path outside the
// working tree. Empty when one of them is the root itself (the whole tree).
Result<std::vector<std::string>> pathspec_from_cwd(const Repository& repo, const std::vector<std::string>& paths);

}  // namespace agentops::git
