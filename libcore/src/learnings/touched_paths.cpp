// Paths touched by a commit (touched_paths.h).
#include "learnings/touched_paths.h"

#include <git2.h>

#include <algorithm>

namespace agentops::learnings {
namespace {

Result<git::TreePtr> tree_of(const git::Repository& repo, const git_oid& id) {
  git_tree* raw = nullptr;
  if (git_tree_lookup(&raw, repo.get(), &id) != 0) return git::last_error("cannot read tree " + git::hex_of(id));
  return git::TreePtr(raw);
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
  git_diff_options options = GIT_DIFF_OPTIONS_INIT;
  options.flags |= GIT_DIFF_SKIP_BINARY_CHECK;  // ids decide; no blob is read
  git_diff* raw_diff = nullptr;
  if (git_diff_tree_to_tree(&raw_diff, repo.get(), parent_tree.get(), tree->get(), &options) != 0)
    return git::last_error("cannot compare commit " + git::hex_of(commit.id) + " with its parent");
  const git::DiffPtr diff(raw_diff);
  std::vector<std::string> paths;
  const size_t count = git_diff_num_deltas(raw_diff);
  for (size_t i = 0; i < count; ++i) {
    const git_diff_delta* delta = git_diff_get_delta(raw_diff, i);
    if (delta->old_file.path) paths.emplace_back(delta->old_file.path);
    if (delta->new_file.path) paths.emplace_back(delta->new_file.path);
  }
  std::sort(paths.begin(), paths.end());
  paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
  return paths;
}

}  // namespace agentops::learnings
