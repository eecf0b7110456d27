// An object database backend that stores nothing: the blobs libgit2 writes
// while the working tree is staged in memory are remembered by id, path and
// size, and read back from the working tree (through the same clean filters,
// CRLF included) when asked. So .git/objects gains nothing, and only the file
// being read is in memory.
#pragma once

#include <git2/oid.h>

#include <cstdint>
#include <string>

#include "agentops/result.h"

struct git_repository;

namespace agentops::git {

struct WorktreeObjects;  // owned by the object database it is attached to

// Gives `repo` an object database of its own: this backend, where every write
// lands, in front of `source`'s objects, read-only. `repo` must be a handle of
// our own (the backend stays with it); the result lives as long as `repo`.
// The clean filters run against `source` until set_filter_repository says
// otherwise.
Result<WorktreeObjects*> attach_worktree_objects(git_repository* repo, git_repository* source);

// The repository whose attributes and index the clean filters read when a
// blob is read back (libgit2's CRLF filter asks whether the index's blob
// already holds CRs): it must hold the index as it was before staging, so a
// blob reads back as it was written, and must outlive the reads.
void set_filter_repository(WorktreeObjects& objects, git_repository* filter_repo);

// The path (relative to the working tree) whose content the next writes hold.
void set_next_path(WorktreeObjects& objects, const std::string& path);

// A file too large to load: its blob is known by size alone, under an id made
// up from its path and size; reading its content is an error.
Result<git_oid> add_unloaded(WorktreeObjects& objects, const std::string& path, std::uint64_t size);

}  // namespace agentops::git
