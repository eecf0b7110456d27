// The Change: what a commit would record, read from git. For the staged change
// it is the index git will commit against HEAD (the empty tree when HEAD is
// unborn); for a commit it is the commit against its first parent.
//
// Files are read one at a time: each file's added lines are handed to a visitor
// and released before the next file is read, so memory stays bounded by the
// largest scanned file, not by the size of the change.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "agentops/git.h"
#include "agentops/result.h"

namespace agentops {

enum class FileStatus { added, modified, deleted, renamed, copied, type_changed };

const char* to_string(FileStatus status);

// The added lines of one file, stored back to back, each followed by '\n', so
// that a matcher can scan them all in one pass and map a hit back to its line.
//
// A renamed or copied file also holds the lines it carries over unchanged
// ("carried" lines): a rule the old path was exempt from and the new path is
// not (an allowlist, a rule's paths) must read all of the new content; every
// other rule skips carried lines, which it already judged at the old path.
// A modified text file carries the unchanged lines near its added ones as
// context: a multi-line secret an edit completes (a key body added under a
// header already there) is seen, and a match wholly in them is not new.
class AddedLines {
 public:
  void add(std::uint32_t number, std::string_view text);
  void add_carried(std::uint32_t number, std::string_view text);
  void clear();

  bool has_carried() const { return !carried_.empty(); }
  bool is_carried(size_t i) const;

  size_t size() const { return numbers_.size(); }
  bool empty() const { return numbers_.empty(); }
  // Every line, each followed by '\n'.
  std::string_view text() const { return text_; }
  // Line i without its '\n', and its 1-based line number in the new file.
  std::string_view line(size_t i) const;
  std::uint32_t number(size_t i) const { return numbers_[i]; }
  // Byte range of line i within text() (end excludes the '\n').
  size_t begin_of(size_t i) const { return starts_[i]; }
  size_t end_of(size_t i) const;
  // The line holding byte `offset` of text().
  size_t index_at(size_t offset) const;

 private:
  std::string text_;
  std::vector<std::uint32_t> starts_;
  std::vector<std::uint32_t> numbers_;
  std::vector<std::uint32_t> carried_;  // indices of carried lines, ascending
};

struct ChangedFile {
  std::string path;      // new path ('/'-separated, relative to the repository root)
  std::string old_path;  // differs from path for renames and copies
  FileStatus status = FileStatus::modified;
  std::uint32_t mode = 0;      // new git file mode (0100644, 0120000 symlink, 0160000 submodule...)
  std::uint32_t old_mode = 0;  // the mode before the change (0 when added)
  std::uint64_t size = 0;      // size of the new blob in bytes (0 when deleted)
  // Binary by content alone (a NUL in the first 8000 bytes), never by
  // attributes. Its text (text lines, printable runs, UTF-16/32 strings) is
  // still handed to the rules, and its text lines count in added_lines.
  bool binary = false;
  // True when the blob is larger than ChangeOptions::max_scan_bytes: its size
  // was read from the object header only and its lines were not loaded.
  bool not_scanned = false;
  std::uint32_t added_lines = 0;    // lines the diff adds (never carried lines)
  std::uint32_t removed_lines = 0;
  std::string symlink_target;  // for symlinks (mode 0120000): where it points
  // The blobs' raw ids (zero when absent): a file deleted at one path and added
  // at another with the same blob was moved, even where rename detection did
  // not pair them (libgit2 pairs no symbolic links).
  std::array<unsigned char, 20> old_blob{};
  std::array<unsigned char, 20> new_blob{};
};

struct Change {
  std::vector<ChangedFile> files;
  std::uint64_t added_bytes = 0;  // bytes of added lines
  // Paths the change adds that differ only in case from another path of the
  // result (a clash on macOS and Windows): {new path, existing path}.
  std::vector<std::pair<std::string, std::string>> case_collisions;

  std::uint64_t lines_changed() const;
};

struct ChangeOptions {
  // Blobs above this size are never loaded: they are reported by size alone.
  // Bounds memory: a scanned file is held at most twice (blob and added lines).
  std::uint64_t max_scan_bytes = 8ull << 20;
  bool detect_renames = true;
};

// Called once per file with its added lines (valid only during the call).
using FileVisitor = std::function<Status(const ChangedFile& file, const AddedLines& lines)>;

// The staged change: `index` (what git will commit) against HEAD.
Result<Change> read_staged_change(const git::Repository& repo, git_index* index,
                                  const ChangeOptions& options, const FileVisitor& visit = {});

// The staged change against `base` instead of HEAD (nullptr: the empty tree).
// `git commit --amend` replaces HEAD: what it records is the index against
// HEAD's first parent.
Result<Change> read_staged_change_against(const git::Repository& repo, git_index* index, git_tree* base,
                                          const ChangeOptions& options, const FileVisitor& visit = {});

// What `commit` changed: its tree against its first parent's (the empty tree for a root).
Result<Change> read_commit_change(const git::Repository& repo, git_commit* commit,
                                  const ChangeOptions& options, const FileVisitor& visit = {});

// What changed from `old_tree` (nullptr: the empty tree) to `new_tree`.
Result<Change> read_tree_change(const git::Repository& repo, git_tree* old_tree, git_tree* new_tree,
                                const ChangeOptions& options, const FileVisitor& visit = {});

}  // namespace agentops
