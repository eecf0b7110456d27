// The Change: what a commit would record, read from git. For the staged change
// it is the index git will commit against HEAD (the empty tree when HEAD is
// unborn); for a commit it is the commit against its first parent.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "agentops/git.h"
#include "agentops/result.h"

namespace agentops {

enum class FileStatus { added, modified, deleted, renamed, copied, type_changed };

const char* to_string(FileStatus status);

struct AddedLine {
  std::uint32_t number = 0;  // 1-based line number in the new file
  std::string text;          // without the trailing newline
};

struct ChangedFile {
  std::string path;      // new path ('/'-separated, relative to the repository root)
  std::string old_path;  // differs from path for renames and copies
  FileStatus status = FileStatus::modified;
  std::uint32_t mode = 0;  // new git file mode (0100644, 0120000 symlink, 0160000 submodule...)
  std::uint64_t size = 0;  // size of the new blob in bytes (0 when deleted)
  bool binary = false;
  // True when the blob is larger than ChangeOptions::max_scan_bytes: its size
  // was read from the object header only and its lines were not loaded.
  bool not_scanned = false;
  std::vector<AddedLine> added_lines;
  std::uint32_t removed_lines = 0;
};

struct Change {
  std::vector<ChangedFile> files;
  std::uint64_t added_bytes() const;
};

struct ChangeOptions {
  // Blobs above this size are never loaded: they are reported by size alone.
  std::uint64_t max_scan_bytes = 64ull << 20;
  bool detect_renames = true;
};

// The staged change: `index` (what git will commit) against HEAD.
Result<Change> read_staged_change(const git::Repository& repo, git_index* index, const ChangeOptions& options);

// What `commit` changed: its tree against its first parent's (the empty tree for a root).
Result<Change> read_commit_change(const git::Repository& repo, git_commit* commit, const ChangeOptions& options);

}  // namespace agentops
