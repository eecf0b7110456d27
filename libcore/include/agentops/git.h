// RAII ownership of the libgit2 handles libcore uses. Each handle type has
// exactly one owner type; libgit2 errors become agentops::Error at this boundary.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "agentops/result.h"

struct git_repository;
struct git_index;
struct git_tree;
struct git_commit;
struct git_diff;
struct git_patch;
struct git_blob;
struct git_odb;
struct git_oid;

namespace agentops::git {

template <class T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};

void free_repository(git_repository*);
void free_index(git_index*);
void free_tree(git_tree*);
void free_commit(git_commit*);
void free_diff(git_diff*);
void free_patch(git_patch*);
void free_blob(git_blob*);
void free_odb(git_odb*);

using RepositoryPtr = std::unique_ptr<git_repository, Deleter<git_repository, free_repository>>;
using IndexPtr = std::unique_ptr<git_index, Deleter<git_index, free_index>>;
using TreePtr = std::unique_ptr<git_tree, Deleter<git_tree, free_tree>>;
using CommitPtr = std::unique_ptr<git_commit, Deleter<git_commit, free_commit>>;
using DiffPtr = std::unique_ptr<git_diff, Deleter<git_diff, free_diff>>;
using PatchPtr = std::unique_ptr<git_patch, Deleter<git_patch, free_patch>>;
using BlobPtr = std::unique_ptr<git_blob, Deleter<git_blob, free_blob>>;
using OdbPtr = std::unique_ptr<git_odb, Deleter<git_odb, free_odb>>;

// The last libgit2 error as one line, prefixed with what we were doing.
Error last_error(const std::string& doing);

// An open repository. Built by open_repository(); owns the git_repository.
class Repository {
 public:
  Repository(RepositoryPtr handle, std::string index_path)
      : handle_(std::move(handle)), index_path_(std::move(index_path)) {}
  git_repository* get() const { return handle_.get(); }

  bool is_bare() const;
  // The working tree root with a trailing '/', or empty for a bare repository.
  std::string workdir() const;
  // The git directory (".git", or the worktree's private git dir).
  std::string git_dir() const;
  // The index git will commit: GIT_INDEX_FILE when git set it (commit -a,
  // commit <path>), else the repository's own index.
  Result<IndexPtr> index() const;
  // The hex id of the tree the index would commit (git write-tree), computed once
  // per Repository: a hook's index does not change while git waits for it.
  // Writes the tree objects, as git commit will.
  Result<std::string> index_tree() const;
  // HEAD's tree, or nullptr when HEAD is unborn (first commit).
  Result<TreePtr> head_tree() const;

 private:
  RepositoryPtr handle_;
  std::string index_path_;  // empty: the repository's own index
  mutable bool index_path_installed_ = false;  // index_path_'s index is the repository's (see index())
  mutable std::optional<std::string> index_tree_;  // see index_tree()
};

// Where a repository is found. With from_environment (hooks, the CLI by default)
// the repository is found from the current directory, and GIT_DIR, GIT_WORK_TREE,
// GIT_INDEX_FILE and GIT_CEILING_DIRECTORIES are honoured as git does for hooks;
// otherwise it is found from `path` and the environment is ignored.
struct OpenOptions {
  std::string path = ".";
  bool from_environment = true;
};

Result<Repository> open_repository(const OpenOptions& options);

// The content of `path` in an index or a tree; nullopt when it holds no such file.
Result<std::optional<std::string>> read_index_file(const Repository& repo, git_index* index,
                                                   const std::string& path);
Result<std::optional<std::string>> read_tree_file(const Repository& repo, git_tree* tree,
                                                  const std::string& path);

// The commit a revision names ("HEAD", "main~2", a full or short id).
Result<CommitPtr> lookup_commit(const Repository& repo, const std::string& revision);
// A commit's tree.
Result<TreePtr> commit_tree(git_commit* commit);

}  // namespace agentops::git
