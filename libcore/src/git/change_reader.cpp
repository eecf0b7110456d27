// Reads a Change out of git: a tree-to-index diff (the staged change) turned
// into files with their added lines. Blob sizes come from object headers first,
// so a huge blob is reported by size and never loaded.
#include <git2.h>

#include "agentops/change.h"

namespace agentops {
namespace {

FileStatus status_of(git_delta_t status) {
  switch (status) {
    case GIT_DELTA_ADDED: return FileStatus::added;
    case GIT_DELTA_DELETED: return FileStatus::deleted;
    case GIT_DELTA_RENAMED: return FileStatus::renamed;
    case GIT_DELTA_COPIED: return FileStatus::copied;
    case GIT_DELTA_TYPECHANGE: return FileStatus::type_changed;
    default: return FileStatus::modified;
  }
}

bool is_submodule(std::uint32_t mode) { return mode == GIT_FILEMODE_COMMIT; }

Result<std::uint64_t> blob_size(git_odb* odb, const git_oid& id) {
  size_t size = 0;
  git_object_t type = GIT_OBJECT_INVALID;
  if (git_odb_read_header(&size, &type, odb, &id) != 0) {
    char hex[GIT_OID_HEXSZ + 1];
    git_oid_tostr(hex, sizeof hex, &id);
    return git::last_error(std::string("cannot read object ") + hex);
  }
  return static_cast<std::uint64_t>(size);
}

// Fills added lines and the removed-line count from the delta's patch.
Status read_lines(git_diff* diff, size_t index, ChangedFile& file) {
  git_patch* raw = nullptr;
  if (git_patch_from_diff(&raw, diff, index) != 0)
    return git::last_error("cannot diff " + file.path);
  git::PatchPtr patch(raw);
  if (!patch) return Ok{};  // unchanged content (a pure rename or mode change)
  const git_diff_delta* delta = git_patch_get_delta(patch.get());
  if (delta->flags & GIT_DIFF_FLAG_BINARY) {
    file.binary = true;
    return Ok{};
  }
  const size_t hunks = git_patch_num_hunks(patch.get());
  for (size_t h = 0; h < hunks; ++h) {
    const int lines = git_patch_num_lines_in_hunk(patch.get(), h);
    for (int l = 0; l < lines; ++l) {
      const git_diff_line* line = nullptr;
      if (git_patch_get_line_in_hunk(&line, patch.get(), h, static_cast<size_t>(l)) != 0)
        return git::last_error("cannot diff " + file.path);
      if (line->origin == GIT_DIFF_LINE_DELETION) {
        ++file.removed_lines;
      } else if (line->origin == GIT_DIFF_LINE_ADDITION) {
        std::string_view text(line->content, line->content_len);
        if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
        if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
        file.added_lines.push_back(
            AddedLine{static_cast<std::uint32_t>(line->new_lineno), std::string(text)});
      }
    }
  }
  return Ok{};
}

Result<Change> change_from_diff(git_repository* repo, git_diff* diff,
                                const ChangeOptions& options) {
  if (options.detect_renames) {
    git_diff_find_options find = GIT_DIFF_FIND_OPTIONS_INIT;
    find.flags = GIT_DIFF_FIND_RENAMES;
    if (git_diff_find_similar(diff, &find) != 0) return git::last_error("cannot detect renames");
  }
  git_odb* raw_odb = nullptr;
  if (git_repository_odb(&raw_odb, repo) != 0) return git::last_error("cannot open the object database");
  git::OdbPtr odb(raw_odb);

  Change change;
  const size_t count = git_diff_num_deltas(diff);
  change.files.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    const git_diff_delta* delta = git_diff_get_delta(diff, i);
    ChangedFile file;
    file.status = status_of(delta->status);
    const bool deleted = file.status == FileStatus::deleted;
    file.path = deleted ? delta->old_file.path : delta->new_file.path;
    file.old_path = delta->old_file.path ? delta->old_file.path : "";
    file.mode = deleted ? 0 : delta->new_file.mode;
    if (!deleted && !is_submodule(file.mode)) {
      auto size = blob_size(odb.get(), delta->new_file.id);
      if (!size) return size.error();
      file.size = *size;
      file.not_scanned = file.size > options.max_scan_bytes;
    }
    const bool old_submodule = is_submodule(delta->old_file.mode);
    if (!file.not_scanned && !is_submodule(file.mode) && !(deleted && old_submodule)) {
      if (auto read = read_lines(diff, i, file); !read) return read.error();
    }
    change.files.push_back(std::move(file));
  }
  return change;
}

}  // namespace

const char* to_string(FileStatus status) {
  switch (status) {
    case FileStatus::added: return "added";
    case FileStatus::modified: return "modified";
    case FileStatus::deleted: return "deleted";
    case FileStatus::renamed: return "renamed";
    case FileStatus::copied: return "copied";
    case FileStatus::type_changed: return "type-changed";
  }
  return "modified";
}

std::uint64_t Change::added_bytes() const {
  std::uint64_t bytes = 0;
  for (const auto& file : files)
    for (const auto& line : file.added_lines) bytes += line.text.size() + 1;
  return bytes;
}

git_diff_options diff_options_for(const ChangeOptions& options) {
  git_diff_options diff_options = GIT_DIFF_OPTIONS_INIT;
  diff_options.context_lines = 0;
  diff_options.interhunk_lines = 0;
  diff_options.flags = GIT_DIFF_INCLUDE_TYPECHANGE;
  // Larger blobs count as binary inside libgit2 and are never loaded; we also
  // skip them ourselves (not_scanned) from the header size.
  diff_options.max_size = static_cast<git_off_t>(options.max_scan_bytes);
  return diff_options;
}

Result<Change> read_staged_change(const git::Repository& repo, git_index* index, const ChangeOptions& options) {
  auto head = repo.head_tree();
  if (!head) return head.error();
  const git_diff_options diff_options = diff_options_for(options);
  git_diff* raw = nullptr;
  if (git_diff_tree_to_index(&raw, repo.get(), head->get(), index, &diff_options) != 0)
    return git::last_error("cannot diff the index against HEAD");
  git::DiffPtr diff(raw);
  return change_from_diff(repo.get(), diff.get(), options);
}

Result<Change> read_commit_change(const git::Repository& repo, git_commit* commit, const ChangeOptions& options) {
  auto tree = git::commit_tree(commit);
  if (!tree) return tree.error();
  git::TreePtr parent_tree;
  if (git_commit_parentcount(commit) > 0) {
    git_commit* raw_parent = nullptr;
    if (git_commit_parent(&raw_parent, commit, 0) != 0) return git::last_error("cannot read a commit's parent");
    git::CommitPtr parent(raw_parent);
    auto parent_tree_result = git::commit_tree(parent.get());
    if (!parent_tree_result) return parent_tree_result.error();
    parent_tree = std::move(*parent_tree_result);
  }
  const git_diff_options diff_options = diff_options_for(options);
  git_diff* raw = nullptr;
  if (git_diff_tree_to_tree(&raw, repo.get(), parent_tree.get(), tree->get(), &diff_options) != 0)
    return git::last_error("cannot diff a commit against its parent");
  git::DiffPtr diff(raw);
  return change_from_diff(repo.get(), diff.get(), options);
}

}  // namespace agentops
