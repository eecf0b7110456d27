// Reads a Change out of git: a tree-to-index or tree-to-tree diff turned into
// files, each handed with its added lines to a visitor. Blob sizes come from
// object headers first, so a huge blob is reported by size and never loaded.
// Lines come from blob diffs that no attribute can turn binary; content alone
// decides what is binary, and a binary file's text (git/binary_text.h) is
// compared and handed over instead of its bytes.
#include <git2.h>

#include <algorithm>
#include <cstring>
#include <set>
#include <unordered_map>

#include "agentops/change.h"
#include "git/binary_text.h"

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

// One blob, loaded; `content` lives as long as `blob`.
struct LoadedBlob {
  git::BlobPtr blob;
  std::string_view content;
};

Result<LoadedBlob> load_blob(git_repository* repo, const git_oid& id, const std::string& path) {
  git_blob* raw = nullptr;
  if (git_blob_lookup(&raw, repo, &id) != 0) return git::last_error("cannot read " + path);
  const std::string_view content(static_cast<const char*>(git_blob_rawcontent(raw)),
                                 static_cast<size_t>(git_blob_rawsize(raw)));
  return LoadedBlob{git::BlobPtr(raw), content};
}

// Options for the line diffs. FORCE_TEXT: no attribute (-diff, binary, a diff
// driver's binary setting) may turn a diff binary and hide its lines; binary
// is decided by content before a diff runs, and binary files are compared by
// their extracted text.
git_diff_options line_diff_options() {
  git_diff_options options = GIT_DIFF_OPTIONS_INIT;
  options.context_lines = 0;
  options.interhunk_lines = 0;
  options.flags = GIT_DIFF_FORCE_TEXT;
  return options;
}

// Calls on_added(new line number, text) and on_removed(old line number) for
// each line the patch adds or removes.
template <class OnAdded, class OnRemoved>
Status for_each_changed_line(git_patch* patch, const std::string& path, OnAdded on_added, OnRemoved on_removed) {
  const size_t hunks = git_patch_num_hunks(patch);
  for (size_t h = 0; h < hunks; ++h) {
    const int count = git_patch_num_lines_in_hunk(patch, h);
    for (int l = 0; l < count; ++l) {
      const git_diff_line* line = nullptr;
      if (git_patch_get_line_in_hunk(&line, patch, h, static_cast<size_t>(l)) != 0)
        return git::last_error("cannot diff " + path);
      if (line->origin == GIT_DIFF_LINE_DELETION) {
        on_removed(static_cast<std::uint32_t>(line->old_lineno));
      } else if (line->origin == GIT_DIFF_LINE_ADDITION) {
        std::string_view text(line->content, line->content_len);
        if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
        if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
        on_added(static_cast<std::uint32_t>(line->new_lineno), text);
      }
    }
  }
  return Ok{};
}

// Calls on_line(number, text) for every line of `content`, numbered from 1.
template <class OnLine>
void for_each_line(std::string_view content, OnLine on_line) {
  std::uint32_t number = 0;
  size_t start = 0;
  while (start < content.size()) {
    const size_t newline = content.find('\n', start);
    const size_t end = newline == std::string_view::npos ? content.size() : newline;
    std::string_view text = content.substr(start, end - start);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    on_line(++number, text);
    start = end + 1;
  }
}

// How many unchanged lines before and after each added one are handed over as
// carried context: a multi-line secret that the added lines complete (a key
// body added under a header already there, the second half of a key, an XML
// value under its start tag) is only seen with them. A 4096-bit RSA key is
// about 50 lines.
constexpr std::uint32_t kContextLines = 64;

// Whether line `number` lies within kContextLines of a line in `added`
// (ascending); `next` is the first index of `added` not below `number`.
bool near_added(const std::vector<std::uint32_t>& added, size_t next, std::uint32_t number) {
  if (next < added.size() && added[next] - number <= kContextLines) return true;
  return next > 0 && number - added[next - 1] <= kContextLines;
}

// The lines a text file's new content adds over its old one, with the
// unchanged lines around them as carried context. With `carry` (a rename or
// copy), every line of the new content is handed over, the unchanged ones as
// carried.
Status read_text_diff(const LoadedBlob& old_blob, const LoadedBlob& new_blob, bool carry, ChangedFile& file,
                      AddedLines& lines) {
  const git_diff_options options = line_diff_options();
  git_patch* raw = nullptr;
  // Buffers, not blobs: libgit2 looks up a blob patch's diff driver in the
  // repository's attributes (for the path "file" when given none), which
  // must not matter here and cost ~10% of a history scan; a buffer patch has
  // no repository to look in.
  if (git_patch_from_buffers(&raw, old_blob.content.data(), old_blob.content.size(), nullptr,
                             new_blob.content.data(), new_blob.content.size(), nullptr, &options) != 0)
    return git::last_error("cannot diff " + file.path);
  git::PatchPtr patch(raw);
  std::vector<std::uint32_t> added;  // line numbers, ascending
  auto status = for_each_changed_line(
      patch.get(), file.path,
      [&](std::uint32_t number, std::string_view) {
        ++file.added_lines;
        added.push_back(number);
      },
      [&](std::uint32_t) { ++file.removed_lines; });
  if (!status || added.empty()) return status;
  size_t next = 0;
  for_each_line(new_blob.content, [&](std::uint32_t number, std::string_view text) {
    if (next < added.size() && added[next] == number) {
      ++next;
      lines.add(number, text);
    } else if (carry || near_added(added, next, number)) {
      lines.add_carried(number, text);
    }
  });
  return Ok{};
}

// The text of content holding a NUL (binary, or UTF-16 past git's 8000 bytes): the
// whole of it when `old_content` is null, else the text lines added over the
// old content's text (compared line by line); with `carry`, every line, the
// unchanged ones as carried.
Status read_binary_text(const std::string_view* old_content, std::string_view new_content, bool carry,
                        ChangedFile& file, AddedLines& lines) {
  detail::BinaryText new_text;
  new_text.extract(new_content);
  const auto& new_lines = new_text.lines();
  if (!old_content) {
    for (size_t i = 0; i < new_lines.size(); ++i) {
      lines.add(new_lines[i].number, new_text.line_text(i));
      file.added_lines += new_lines[i].counted;
    }
    return Ok{};
  }
  detail::BinaryText old_text;
  old_text.extract(*old_content);
  const git_diff_options options = line_diff_options();
  git_patch* raw = nullptr;
  // Buffers without a repository: no attribute is looked up.
  if (git_patch_from_buffers(&raw, old_text.text().data(), old_text.text().size(), nullptr, new_text.text().data(),
                             new_text.text().size(), nullptr, &options) != 0)
    return git::last_error("cannot diff " + file.path);
  git::PatchPtr patch(raw);
  std::vector<bool> added(new_lines.size(), false);
  auto status = for_each_changed_line(
      patch.get(), file.path,
      [&](std::uint32_t index, std::string_view) {
        if (index >= 1 && index <= added.size()) added[index - 1] = true;
      },
      [&](std::uint32_t index) {
        if (index >= 1 && index <= old_text.lines().size()) file.removed_lines += old_text.lines()[index - 1].counted;
      });
  if (!status) return status;
  for (size_t i = 0; i < new_lines.size(); ++i) {
    if (added[i]) {
      lines.add(new_lines[i].number, new_text.line_text(i));
      file.added_lines += new_lines[i].counted;
    } else if (carry) {
      lines.add_carried(new_lines[i].number, new_text.line_text(i));
    }
  }
  return Ok{};
}

// The lines of a file the change deletes, for the line counts.
std::uint32_t removed_line_count(std::string_view old_content) {
  if (detail::holds_nul(old_content)) {
    detail::BinaryText text;
    text.extract(old_content);
    std::uint32_t count = 0;
    for (const auto& line : text.lines()) count += line.counted;
    return count;
  }
  std::uint32_t count = 0;
  for_each_line(old_content, [&](std::uint32_t, std::string_view) { ++count; });
  return count;
}

// Fills the file's binary flag, symlink target, line counts and `lines` from
// its new content and, unless `whole`, its old content.
Status read_content(git_repository* repo, const git_diff_delta* delta, bool whole, ChangedFile& file,
                    AddedLines& lines) {
  auto new_blob = load_blob(repo, delta->new_file.id, file.path);
  if (!new_blob) return new_blob.error();
  const std::string_view content = new_blob->content;
  file.binary = detail::is_binary(content);
  // Content with a NUL anywhere is read for its text, UTF-16/32 included.
  const bool binary_text = detail::holds_nul(content);
  // A link's blob is its target; keep all of it (a newline in it is suspect).
  if (file.mode == GIT_FILEMODE_LINK) file.symlink_target = std::string(content);
  if (whole) {
    if (binary_text) return read_binary_text(nullptr, content, false, file, lines);
    for_each_line(content, [&](std::uint32_t number, std::string_view text) { lines.add(number, text); });
    file.added_lines = static_cast<std::uint32_t>(lines.size());
    return Ok{};
  }
  const bool carry = (file.status == FileStatus::renamed || file.status == FileStatus::copied) &&
                     file.old_path != file.path;
  if (git_oid_equal(&delta->old_file.id, &delta->new_file.id)) {
    // Same content (a pure rename, a copy, a mode change): nothing is added,
    // but a new path may be judged by rules the old one was exempt from.
    if (!carry) return Ok{};
    if (binary_text) {
      detail::BinaryText text;
      text.extract(content);
      for (size_t i = 0; i < text.lines().size(); ++i) lines.add_carried(text.lines()[i].number, text.line_text(i));
    } else {
      for_each_line(content, [&](std::uint32_t number, std::string_view text) { lines.add_carried(number, text); });
    }
    return Ok{};
  }
  auto old_blob = load_blob(repo, delta->old_file.id, file.old_path);
  if (!old_blob) return old_blob.error();
  if (!binary_text && !detail::holds_nul(old_blob->content))
    return read_text_diff(*old_blob, *new_blob, carry, file, lines);
  return read_binary_text(&old_blob->content, content, carry, file, lines);
}

// Reads one delta: its file, with its line counts, is visited and added to `change`.
Status read_delta(git_repository* repo, git_odb* odb, const git_diff_delta* delta, const ChangeOptions& options,
                  const FileVisitor& visit, AddedLines& lines, Change& change) {
  ChangedFile file;
  file.status = status_of(delta->status);
  const bool deleted = file.status == FileStatus::deleted;
  file.path = deleted ? delta->old_file.path : delta->new_file.path;
  file.old_path = delta->old_file.path ? delta->old_file.path : "";
  file.mode = deleted ? 0 : delta->new_file.mode;
  file.old_mode = file.status == FileStatus::added ? 0 : delta->old_file.mode;
  std::memcpy(file.old_blob.data(), delta->old_file.id.id, file.old_blob.size());
  std::memcpy(file.new_blob.data(), delta->new_file.id.id, file.new_blob.size());
  if (!deleted && !is_submodule(file.mode)) {
    auto size = blob_size(odb, delta->new_file.id);
    if (!size) return size.error();
    file.size = *size;
    file.not_scanned = file.size > options.max_scan_bytes;
  }
  lines.clear();
  // The old side is a blob to compare with (not a submodule, not absent).
  const bool old_blob = file.status != FileStatus::added && !is_submodule(delta->old_file.mode) &&
                        !git_oid_is_zero(&delta->old_file.id);
  // An old side above the scan limit is not loaded: the new content is read
  // whole instead (every line counts as added).
  bool old_too_big = false;
  if (old_blob) {
    auto old_size = blob_size(odb, delta->old_file.id);
    if (!old_size) return old_size.error();
    old_too_big = *old_size > options.max_scan_bytes;
  }
  if (deleted) {
    if (old_blob && !old_too_big) {
      auto old_content = load_blob(repo, delta->old_file.id, file.path);
      if (!old_content) return old_content.error();
      file.removed_lines = removed_line_count(old_content->content);
    }
  } else if (!file.not_scanned && !is_submodule(file.mode)) {
    if (auto read = read_content(repo, delta, !old_blob || old_too_big, file, lines); !read) return read.error();
  }
  change.added_bytes += lines.text().size();
  if (visit) {
    if (auto visited = visit(file, lines); !visited) return visited.error();
  }
  change.files.push_back(std::move(file));
  return Ok{};
}

Result<git::OdbPtr> open_odb(git_repository* repo) {
  git_odb* raw_odb = nullptr;
  if (git_repository_odb(&raw_odb, repo) != 0) return git::last_error("cannot open the object database");
  return git::OdbPtr(raw_odb);
}

Result<Change> change_from_diff(git_repository* repo, git_diff* diff, const ChangeOptions& options,
                                const FileVisitor& visit) {
  if (options.detect_renames) {
    git_diff_find_options find = GIT_DIFF_FIND_OPTIONS_INIT;
    find.flags = GIT_DIFF_FIND_RENAMES;
    if (git_diff_find_similar(diff, &find) != 0) return git::last_error("cannot detect renames");
  }
  auto odb = open_odb(repo);
  if (!odb) return odb.error();
  Change change;
  const size_t count = git_diff_num_deltas(diff);
  change.files.reserve(count);
  AddedLines lines;  // reused: one file's lines at a time
  for (size_t i = 0; i < count; ++i) {
    if (auto read = read_delta(repo, odb->get(), git_diff_get_delta(diff, i), options, visit, lines, change); !read)
      return read.error();
  }
  return change;
}

std::string lower_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool adds_paths(const Change& change) {
  return std::any_of(change.files.begin(), change.files.end(), [](const ChangedFile& f) {
    return f.status == FileStatus::added || f.status == FileStatus::renamed || f.status == FileStatus::copied;
  });
}

// Fills change.case_collisions: each path the change adds whose name, or one
// of whose directories, equals another path of `all_paths` but for case.
void find_case_collisions(Change& change, const std::vector<std::string>& all_paths) {
  // lower-cased path or directory -> every spelling of it in the result
  std::unordered_map<std::string, std::set<std::string>> spellings;
  for (const auto& path : all_paths) {
    for (size_t slash = path.find('/'); slash != std::string::npos; slash = path.find('/', slash + 1))
      spellings[lower_ascii(path.substr(0, slash))].insert(path.substr(0, slash));
    spellings[lower_ascii(path)].insert(path);
  }
  for (const auto& file : change.files) {
    if (file.status != FileStatus::added && file.status != FileStatus::renamed && file.status != FileStatus::copied)
      continue;
    std::vector<std::string> names;
    for (size_t slash = file.path.find('/'); slash != std::string::npos; slash = file.path.find('/', slash + 1))
      names.push_back(file.path.substr(0, slash));
    names.push_back(file.path);
    for (const auto& name : names) {
      auto it = spellings.find(lower_ascii(name));
      if (it == spellings.end()) continue;
      auto other = std::find_if(it->second.begin(), it->second.end(), [&](const std::string& s) { return s != name; });
      if (other != it->second.end()) {
        change.case_collisions.emplace_back(file.path, *other);
        break;
      }
    }
  }
}

int collect_tree_path(const char* root, const git_tree_entry* entry, void* payload) {
  if (git_tree_entry_type(entry) == GIT_OBJECT_TREE) return 0;
  static_cast<std::vector<std::string>*>(payload)->push_back(std::string(root) + git_tree_entry_name(entry));
  return 0;
}

git_diff_options diff_options_for(const ChangeOptions& options) {
  git_diff_options diff_options = GIT_DIFF_OPTIONS_INIT;
  diff_options.context_lines = 0;
  diff_options.interhunk_lines = 0;
  diff_options.flags = GIT_DIFF_INCLUDE_TYPECHANGE;
  // This diff only lists the files (and pairs renames); their lines come from
  // blob diffs (line_diff_options) that no attribute can switch to binary.
  // Larger blobs are never loaded: we size them from the header (not_scanned).
  diff_options.max_size = static_cast<git_off_t>(options.max_scan_bytes);
  return diff_options;
}

}  // namespace

Result<Change> read_staged_change(const git::Repository& repo, git_index* index,
                                  const ChangeOptions& options, const FileVisitor& visit) {
  auto head = repo.head_tree();
  if (!head) return head.error();
  return read_staged_change_against(repo, index, head->get(), options, visit);
}

Result<Change> read_staged_change_against(const git::Repository& repo, git_index* index, git_tree* base,
                                          const ChangeOptions& options, const FileVisitor& visit) {
  const git_diff_options diff_options = diff_options_for(options);
  git_diff* raw = nullptr;
  if (git_diff_tree_to_index(&raw, repo.get(), base, index, &diff_options) != 0)
    return git::last_error("cannot diff the index against HEAD");
  git::DiffPtr diff(raw);
  auto change = change_from_diff(repo.get(), diff.get(), options, visit);
  if (change && adds_paths(*change)) {
    std::vector<std::string> all_paths;
    all_paths.reserve(git_index_entrycount(index));
    for (size_t i = 0; i < git_index_entrycount(index); ++i) all_paths.emplace_back(git_index_get_byindex(index, i)->path);
    find_case_collisions(*change, all_paths);
  }
  return change;
}

Result<Change> read_commit_change(const git::Repository& repo, git_commit* commit,
                                  const ChangeOptions& options, const FileVisitor& visit) {
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
  return read_tree_change(repo, parent_tree.get(), tree->get(), options, visit);
}

Result<Change> read_tree_change(const git::Repository& repo, git_tree* old_tree, git_tree* new_tree,
                                const ChangeOptions& options, const FileVisitor& visit) {
  const git_diff_options diff_options = diff_options_for(options);
  git_diff* raw = nullptr;
  if (git_diff_tree_to_tree(&raw, repo.get(), old_tree, new_tree, &diff_options) != 0)
    return git::last_error("cannot diff a commit against its parent");
  git::DiffPtr diff(raw);
  auto change = change_from_diff(repo.get(), diff.get(), options, visit);
  if (change && adds_paths(*change)) {
    std::vector<std::string> all_paths;
    if (git_tree_walk(new_tree, GIT_TREEWALK_PRE, collect_tree_path, &all_paths) != 0)
      return git::last_error("cannot list a commit's files");
    find_case_collisions(*change, all_paths);
  }
  return change;
}

}  // namespace agentops
