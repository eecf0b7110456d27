// Reads a Change out of git: a tree-to-index or tree-to-tree diff turned into
// files, each handed with its added lines to a visitor. Blob sizes come from
// object headers first, so a huge blob is reported by size and never loaded.
#include <git2.h>

#include <algorithm>
#include <set>
#include <unordered_map>

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

// Binary by content alone: a NUL in the first 8000 bytes (git's own test).
// Attributes (-diff, binary) are not consulted: they can come from the working
// tree or .git/info/attributes, which the change being judged controls.
bool is_binary(std::string_view content) { return content.substr(0, 8000).find('\0') != std::string_view::npos; }

// UTF-16 text (two bytes per character, common on Windows) as the bytes of
// its ASCII-range characters, so credentials in it can be found; other
// characters become '?'. Recognised by a BOM, or by NULs in every other byte
// of the first KiB. Empty when `content` does not look like UTF-16.
std::string utf16_as_ascii(std::string_view content) {
  if (content.size() < 4) return "";
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(content[i]); };
  bool little = byte(0) == 0xFF && byte(1) == 0xFE, big = byte(0) == 0xFE && byte(1) == 0xFF;
  size_t start = 2;
  if (!little && !big) {
    size_t even_zero = 0, odd_zero = 0, pairs = 0;
    for (size_t i = 0; i + 1 < std::min<size_t>(content.size(), 1024); i += 2, ++pairs) {
      even_zero += byte(i) == 0;
      odd_zero += byte(i + 1) == 0;
    }
    little = odd_zero * 10 >= pairs * 9 && even_zero * 10 < pairs;
    big = even_zero * 10 >= pairs * 9 && odd_zero * 10 < pairs;
    if (!little && !big) return "";
    start = 0;
  }
  std::string out;
  out.reserve(content.size() / 2);
  for (size_t i = start; i + 1 < content.size(); i += 2) {
    const auto low = static_cast<unsigned char>(content[little ? i : i + 1]);
    const auto high = static_cast<unsigned char>(content[little ? i + 1 : i]);
    out += high == 0 && low < 0x80 ? static_cast<char>(low) : '?';
  }
  return out;
}

// Every line of `content`, numbered from 1.
void split_lines(std::string_view content, AddedLines& lines) {
  std::uint32_t number = 0;
  size_t start = 0;
  while (start < content.size()) {
    const size_t newline = content.find('\n', start);
    const size_t end = newline == std::string_view::npos ? content.size() : newline;
    std::string_view text = content.substr(start, end - start);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    lines.add(++number, text);
    start = end + 1;
  }
}

// The whole new content of the file as its lines: for an added file (every line
// is added, and splitting the blob costs a fraction of diffing it against
// nothing), a file whose old version is too large to diff, and binary files.
// Binary content is scanned too, split on '\n' (UTF-16 decoded): a credential
// in a file git will not diff is still a credential. Binary files count no
// added lines, as in git's statistics.
Status read_whole_blob(git_repository* repo, const git_diff_delta* delta, ChangedFile& file, AddedLines& lines) {
  lines.clear();
  git_blob* raw = nullptr;
  if (git_blob_lookup(&raw, repo, &delta->new_file.id) != 0) return git::last_error("cannot read " + file.path);
  git::BlobPtr blob(raw);
  const std::string_view content(static_cast<const char*>(git_blob_rawcontent(raw)),
                                 static_cast<size_t>(git_blob_rawsize(raw)));
  file.binary = is_binary(content);
  split_lines(content, lines);
  if (!file.binary) {
    file.added_lines = static_cast<std::uint32_t>(lines.size());
    return Ok{};
  }
  // Raw bytes are scanned whatever else the file is; UTF-16 text in addition.
  if (const std::string decoded = utf16_as_ascii(content); !decoded.empty()) split_lines(decoded, lines);
  return Ok{};
}

// Fills `lines` and the file's line counts from the delta's patch.
Status read_lines(git_diff* diff, size_t index, ChangedFile& file, AddedLines& lines) {
  git_patch* raw = nullptr;
  if (git_patch_from_diff(&raw, diff, index) != 0)
    return git::last_error("cannot diff " + file.path);
  git::PatchPtr patch(raw);
  if (!patch) return Ok{};  // unchanged content (a pure rename or mode change)
  const git_diff_delta* delta = git_patch_get_delta(patch.get());
  if (delta->flags & GIT_DIFF_FLAG_BINARY) {
    // libgit2 says binary (by content or by attributes): the caller reads the
    // whole new blob and decides by content alone.
    file.binary = true;
    return Ok{};
  }
  const size_t hunks = git_patch_num_hunks(patch.get());
  for (size_t h = 0; h < hunks; ++h) {
    const int count = git_patch_num_lines_in_hunk(patch.get(), h);
    for (int l = 0; l < count; ++l) {
      const git_diff_line* line = nullptr;
      if (git_patch_get_line_in_hunk(&line, patch.get(), h, static_cast<size_t>(l)) != 0)
        return git::last_error("cannot diff " + file.path);
      if (line->origin == GIT_DIFF_LINE_DELETION) {
        ++file.removed_lines;
      } else if (line->origin == GIT_DIFF_LINE_ADDITION) {
        std::string_view text(line->content, line->content_len);
        if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
        if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
        lines.add(static_cast<std::uint32_t>(line->new_lineno), text);
      }
    }
  }
  file.added_lines = static_cast<std::uint32_t>(lines.size());
  return Ok{};
}

Result<Change> change_from_diff(git_repository* repo, git_diff* diff, const ChangeOptions& options,
                                const FileVisitor& visit) {
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
  AddedLines lines;  // reused: one file's lines at a time
  for (size_t i = 0; i < count; ++i) {
    const git_diff_delta* delta = git_diff_get_delta(diff, i);
    ChangedFile file;
    file.status = status_of(delta->status);
    const bool deleted = file.status == FileStatus::deleted;
    file.path = deleted ? delta->old_file.path : delta->new_file.path;
    file.old_path = delta->old_file.path ? delta->old_file.path : "";
    file.mode = deleted ? 0 : delta->new_file.mode;
    file.old_mode = file.status == FileStatus::added ? 0 : delta->old_file.mode;
    if (!deleted && !is_submodule(file.mode)) {
      auto size = blob_size(odb.get(), delta->new_file.id);
      if (!size) return size.error();
      file.size = *size;
      file.not_scanned = file.size > options.max_scan_bytes;
    }
    lines.clear();
    const bool old_submodule = is_submodule(delta->old_file.mode);
    // libgit2 treats a delta as binary when either side exceeds max_size, so a
    // file that was huge and now is small would go unscanned: scan all of its
    // new content instead (every line counts as added).
    bool old_too_big = false;
    if (!deleted && file.status != FileStatus::added && !old_submodule && !git_oid_is_zero(&delta->old_file.id)) {
      auto old_size = blob_size(odb.get(), delta->old_file.id);
      if (!old_size) return old_size.error();
      old_too_big = *old_size > options.max_scan_bytes;
    }
    if (!file.not_scanned && !is_submodule(file.mode) && !(deleted && old_submodule)) {
      const bool whole = file.status == FileStatus::added || old_too_big;
      auto read = whole ? read_whole_blob(repo, delta, file, lines) : read_lines(diff, i, file, lines);
      if (!read) return read.error();
      if (!whole && file.binary && !deleted) {
        if (auto binary = read_whole_blob(repo, delta, file, lines); !binary) return binary.error();
      }
    }
    // A link's blob is its target; keep all of it (a newline in it is suspect).
    if (file.mode == GIT_FILEMODE_LINK && !lines.empty())
      file.symlink_target = std::string(lines.text().substr(0, lines.text().size() - 1));
    change.added_bytes += lines.text().size();
    if (visit) {
      if (auto visited = visit(file, lines); !visited) return visited.error();
    }
    change.files.push_back(std::move(file));
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
  // Larger blobs count as binary inside libgit2 and are never loaded; we also
  // skip them ourselves (not_scanned) from the header size.
  diff_options.max_size = static_cast<git_off_t>(options.max_scan_bytes);
  return diff_options;
}

}  // namespace

Result<Change> read_staged_change(const git::Repository& repo, git_index* index,
                                  const ChangeOptions& options, const FileVisitor& visit) {
  auto head = repo.head_tree();
  if (!head) return head.error();
  const git_diff_options diff_options = diff_options_for(options);
  git_diff* raw = nullptr;
  if (git_diff_tree_to_index(&raw, repo.get(), head->get(), index, &diff_options) != 0)
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
