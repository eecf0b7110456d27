// The paths a commit touched against its first parent, from a tree-to-tree
// diff that compares object ids and never reads a blob. A rename is its two
// paths (no rename detection: that would read blobs); a root commit is
// compared with the empty tree.
#pragma once

#include <string>
#include <vector>

#include "agentops/result.h"
#include "git/raw_objects.h"

namespace agentops::learnings {

Result<std::vector<std::string>> touched_paths(const git::Repository& repo, const git::RawCommit& commit);

}  // namespace agentops::learnings
