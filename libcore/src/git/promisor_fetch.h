// Fetching the objects a partial clone (--filter=blob:none) never fetched, the
// way git itself does it lazily: libgit2 cannot, and a guardrail must read
// every blob it judges.
#pragma once

#include <git2.h>

#include <string>
#include <vector>

#include "agentops/git.h"
#include "agentops/result.h"

namespace agentops::git {

// The remote a partial clone fetches missing objects from (remote.<name>.promisor);
// empty when `repo` is no partial clone.
std::string promisor_remote(const Repository& repo);

// Runs git's own lazy fetch for `ids` from the promisor remote.
Status fetch_from_promisor(const Repository& repo, const std::vector<git_oid>& ids);

}  // namespace agentops::git
