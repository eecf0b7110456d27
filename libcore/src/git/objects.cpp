// Reading files and commits out of git's object database.
#include <git2.h>

#include "agentops/git.h"

namespace agentops::git {
namespace {

Result<std::optional<std::string>> read_blob(const Repository& repo, const git_oid& id, const std::string& path) {
  git_blob* raw = nullptr;
  if (git_blob_lookup(&raw, repo.get(), &id) != 0) return last_error("cannot read " + path);
  BlobPtr blob(raw);
  const auto* content = static_cast<const char*>(git_blob_rawcontent(raw));
  return std::optional<std::string>(std::string(content, static_cast<size_t>(git_blob_rawsize(raw))));
}

}  // namespace

Result<std::optional<std::string>> read_index_file(const Repository& repo, git_index* index,
                                                   const std::string& path) {
  const git_index_entry* entry = git_index_get_bypath(index, path.c_str(), 0);
  if (!entry) return std::optional<std::string>();
  return read_blob(repo, entry->id, path);
}

Result<std::optional<std::string>> read_tree_file(const Repository& repo, git_tree* tree,
                                                  const std::string& path) {
  if (!tree) return std::optional<std::string>();
  git_tree_entry* raw = nullptr;
  const int found = git_tree_entry_bypath(&raw, tree, path.c_str());
  if (found == GIT_ENOTFOUND) return std::optional<std::string>();
  if (found != 0) return last_error("cannot read " + path);
  std::unique_ptr<git_tree_entry, decltype(&git_tree_entry_free)> entry(raw, git_tree_entry_free);
  if (git_tree_entry_type(raw) != GIT_OBJECT_BLOB) return Error{path + " is not a file"};
  return read_blob(repo, *git_tree_entry_id(raw), path);
}

Result<CommitPtr> lookup_commit(const Repository& repo, const std::string& revision) {
  git_object* object = nullptr;
  if (git_revparse_single(&object, repo.get(), (revision + "^{commit}").c_str()) != 0)
    return last_error("unknown revision '" + revision + "'");
  return CommitPtr(reinterpret_cast<git_commit*>(object));
}

Result<TreePtr> commit_tree(git_commit* commit) {
  git_tree* raw = nullptr;
  if (git_commit_tree(&raw, commit) != 0) return last_error("cannot read a commit's tree");
  return TreePtr(raw);
}

}  // namespace agentops::git
