// The commits of a range in the order `git log` lists them by default: a
// queue ordered by committer date, newest first, where equal dates leave in
// the order they were met and a commit's parents join the queue as it leaves
// (git's commit_list_insert_by_date). Commits are read leniently (raw_objects.h).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>

#include "agentops/result.h"
#include "git/raw_objects.h"

namespace agentops::learnings {

// The committer timestamp as git reads it for ordering: the number after the
// first '>' of the first committer header, 0 when there is none.
std::int64_t committer_time(const git::RawCommit& commit);
// The committer line's offset ("+0130") in minutes, 0 when there is none.
int committer_offset_minutes(const git::RawCommit& commit);

// Calls on_commit for each commit reachable from `tip` and not from `hidden`,
// in git log order, until it returns false. A parent missing from the object
// database (a shallow clone's boundary) ends that line of history, as in git.
Status walk_log_order(const git::Repository& repo, const git_oid& tip, const std::optional<git_oid>& hidden,
                      const std::function<Result<bool>(git::RawCommit&)>& on_commit);

}  // namespace agentops::learnings
