// The paths a commit touched against its first parent, from a tree-to-tree
// comparison of object ids (as git's diff_tree: equal subtrees are skipped
// unread, and no blob is ever read). A rename is its two paths (no rename
// detection: that would read blobs); a root commit is compared with the empty tree.
#pragma once

#include <string>
#include <vector>

#include "agentops/result.h"
#include "git/raw_objects.h"

namespace agentops::learnings {

Result<std::vector<std::string>> touched_paths(const git::Repository& repo, const git::RawCommit& commit);

}  // namespace agentops::learnings
