// Paths touched by a commit (touched_paths.h).
#include "learnings/touched_paths.h"

#include <git2.h>

#include <algorithm>
#include <string>
#include <string_view>

namespace agentops::learnings {
namespace {

Result<git::TreePtr> tree_of(const git::Repository& repo, const git_oid& id) {
  git_tree* raw = nullptr;
  if (git_tree_lookup(&raw, repo.get(), &id) != 0) return git::last_error("cannot read tree " + git::hex_of(id));
  return git::TreePtr(raw);
}

bool is_tree(const git_tree_entry* entry) { return git_tree_entry_type(entry) == GIT_OBJECT_TREE; }

// git's tree order (base_name_compare): a directory sorts as its name and '/'.
int compare_entries(const git_tree_entry* a, const git_tree_entry* b) {
  const std::string_view x = git_tree_entry_name(a), y = git_tree_entry_name(b);
  const size_t common = std::min(x.size(), y.size());
  if (const int order = x.substr(0, common).compare(y.substr(0, common)); order != 0) return order;
  const auto next = [&](std::string_view name, const git_tree_entry* entry) {
    return static_cast<unsigned char>(name.size() > common ? name[common] : is_tree(entry) ? '/' : '\0');
  };
  return static_cast<int>(next(x, a)) - static_cast<int>(next(y, b));
}

// The paths that differ between two trees (either may be null: empty), like
// git's diff_tree: subtrees with equal ids are skipped unread.
Status compare_trees(const git::Repository& repo, const git_tree* old_tree, const git_tree* new_tree,
                     const std::string& prefix, std::vector<std::string>& paths) {
  const size_t old_count = old_tree ? git_tree_entrycount(old_tree) : 0;
  const size_t new_count = new_tree ? git_tree_entrycount(new_tree) : 0;
  // One entry on one side (or a changed one on both): its file, or every file below it.
  const auto changed = [&](const git_tree_entry* before, const git_tree_entry* after) -> Status {
    const git_tree_entry* entry = after ? after : before;
    const std::string path = prefix + git_tree_entry_name(entry);
    if (!is_tree(entry)) {
      paths.push_back(path);
      return Ok{};
    }
    git::TreePtr old_sub, new_sub;
    if (before) {
      auto read = tree_of(repo, *git_tree_entry_id(before));
      if (!read) return read.error();
      old_sub = std::move(*read);
    }
    if (after) {
      auto read = tree_of(repo, *git_tree_entry_id(after));
      if (!read) return read.error();
      new_sub = std::move(*read);
    }
    return compare_trees(repo, old_sub.get(), new_sub.get(), path + "/", paths);
  };
  size_t i = 0, j = 0;
  while (i < old_count || j < new_count) {
    const git_tree_entry* before = i < old_count ? git_tree_entry_byindex(old_tree, i) : nullptr;
    const git_tree_entry* after = j < new_count ? git_tree_entry_byindex(new_tree, j) : nullptr;
    const int order = !before ? 1 : !after ? -1 : compare_entries(before, after);
    Status status = Ok{};
    if (order < 0) {
      status = changed(before, nullptr);
      ++i;
    } else if (order > 0) {
      status = changed(nullptr, after);
      ++j;
    } else {
      const bool same = git_oid_cmp(git_tree_entry_id(before), git_tree_entry_id(after)) == 0 &&
                        git_tree_entry_filemode(before) == git_tree_entry_filemode(after);
      if (!same) status = changed(before, after);
      ++i;
      ++j;
    }
    if (!status) return status;
  }
  return Ok{};
}

}  // namespace

Result<std::vector<std::string>> touched_paths(const git::Repository& repo, const git::RawCommit& commit) {
  auto tree = tree_of(repo, commit.tree);
  if (!tree) return tree.error();
  git::TreePtr parent_tree;  // null: the empty tree
  if (!commit.parents.empty() && git::has_object(repo, commit.parents.front())) {
    auto parent = git::read_raw_commit(repo, commit.parents.front());
    if (!parent) return parent.error();
    auto read = tree_of(repo, parent->tree);
    if (!read) return read.error();
    parent_tree = std::move(*read);
  }
  std::vector<std::string> paths;
  if (auto compared = compare_trees(repo, parent_tree.get(), tree->get(), "", paths); !compared) return compared.error();
  std::sort(paths.begin(), paths.end());
  paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
  return paths;
}

}  // namespace agentops::learnings
