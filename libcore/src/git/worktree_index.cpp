// Staging the working tree in memory: libgit2's add-all over a copy of the
// index, with its blob writes caught by git/worktree_objects.h.
#include "git/worktree_index.h"

#include <git2.h>
#include <git2/sys/repository.h>
#include <sys/stat.h>

#include <filesystem>
#include <string_view>

#include "git/worktree_objects.h"

namespace agentops::git {
namespace {

// A file too large to read, staged by its size after add-all.
struct UnloadedFile {
  std::string path;
  std::uint64_t size = 0;
  bool executable = false;
};

struct Staging {
  WorktreeObjects* objects = nullptr;
  git_index* index = nullptr;
  std::string workdir;
  std::uint64_t max_load_bytes = 0;
  std::vector<UnloadedFile> unloaded;
  std::vector<std::string> nested_repositories;  // "dir/": staged as gitlinks afterwards
};

// Called by add-all before it stages `path`: names the content the next blob
// write holds, or skips what git add -A stages otherwise.
int before_staging(const char* path, const char*, void* payload) {
  auto& staging = *static_cast<Staging*>(payload);
  // Outside a sparse checkout's cone: git add -A leaves the entry as it is.
  const git_index_entry* entry = git_index_get_bypath(staging.index, path, 0);
  if (entry && (entry->flags_extended & GIT_INDEX_ENTRY_SKIP_WORKTREE)) return 1;
  // An untracked repository inside the working tree: git adds it as a gitlink
  // (its content is its own), which libgit2's add-all refuses.
  if (std::string_view(path).ends_with("/")) {
    staging.nested_repositories.emplace_back(path);
    return 1;
  }
  struct stat info;
  // Absent (deleted): add-all removes its entry, and writes nothing.
  if (lstat((staging.workdir + path).c_str(), &info) == 0 && S_ISREG(info.st_mode) &&
      static_cast<std::uint64_t>(info.st_size) > staging.max_load_bytes) {
    staging.unloaded.push_back({path, static_cast<std::uint64_t>(info.st_size), (info.st_mode & S_IXUSR) != 0});
    return 1;  // skip
  }
  set_next_path(*staging.objects, path);
  return 0;
}

Status stage_unloaded(git_index* index, WorktreeObjects& objects, const std::vector<UnloadedFile>& files) {
  for (const auto& file : files) {
    auto id = add_unloaded(objects, file.path, file.size);
    if (!id) return id.error();
    git_index_entry entry{};
    entry.path = file.path.c_str();
    entry.mode = file.executable ? GIT_FILEMODE_BLOB_EXECUTABLE : GIT_FILEMODE_BLOB;
    entry.file_size = static_cast<std::uint32_t>(file.size);
    entry.id = *id;
    if (git_index_add(index, &entry) != 0) return last_error("cannot stage " + file.path + " in memory");
  }
  return Ok{};
}

// An untracked repository inside the working tree, as git add -A stages it: a
// gitlink to its HEAD. One with no commit is left out (git refuses to add it).
Status stage_nested(git_index* index, const std::string& workdir, const std::vector<std::string>& directories) {
  for (const auto& directory : directories) {
    git_repository* raw = nullptr;
    if (git_repository_open_ext(&raw, (workdir + directory).c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) != 0) {
      git_error_clear();
      continue;
    }
    RepositoryPtr nested(raw);
    git_index_entry entry{};
    if (git_reference_name_to_id(&entry.id, raw, "HEAD") != 0) {
      git_error_clear();
      continue;
    }
    const std::string path = directory.substr(0, directory.size() - 1);
    entry.path = path.c_str();
    entry.mode = GIT_FILEMODE_COMMIT;
    if (git_index_add(index, &entry) != 0) return last_error("cannot stage " + path + " in memory");
  }
  return Ok{};
}

// `path` with symbolic links in its directories resolved (not in its last
// name: a link is staged as itself), made absolute against `cwd`.
std::filesystem::path resolved(const std::filesystem::path& path, const std::filesystem::path& cwd) {
  std::error_code ec;
  const auto absolute = (path.is_absolute() ? path : cwd / path).lexically_normal();
  if (!absolute.has_filename()) return std::filesystem::weakly_canonical(absolute, ec);
  const auto parent = std::filesystem::weakly_canonical(absolute.parent_path(), ec);
  return ec ? absolute : parent / absolute.filename();
}

// Points `raw` at `workdir` unless it already is there: libgit2 1.5's
// git_repository_set_workdir leaks its path buffer when the directory is the
// one the repository already has (LeakSanitizer finds it in every check).
bool use_workdir(git_repository* raw, const std::string& workdir) {
  const char* current = git_repository_workdir(raw);
  if (current != nullptr && workdir == current) return true;
  return git_repository_set_workdir(raw, workdir.c_str(), 0) == 0;
}

// A handle on the repository whose index is what staging starts from (the
// index file `index_file`, or HEAD's tree when empty), never written: the
// clean filters read it when a staged blob is read back, as they did when it
// was written.
Result<Repository> filter_repository(const Repository& repo, const std::string& index_file) {
  git_repository* raw = nullptr;
  if (git_repository_open_ext(&raw, repo.git_dir().c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) != 0)
    return last_error("cannot open " + repo.git_dir());
  RepositoryPtr own(raw);
  if (!use_workdir(raw, repo.workdir())) return last_error("cannot use the working tree " + repo.workdir());
  git_index* raw_index = nullptr;
  if (index_file.empty() ? git_index_new(&raw_index) != 0 : git_index_open(&raw_index, index_file.c_str()) != 0)
    return last_error("cannot read the index");
  IndexPtr index(raw_index);
  Repository filter_repo(std::move(own), "");
  if (index_file.empty()) {
    auto head = filter_repo.head_tree();
    if (!head) return head.error();
    if (*head && git_index_read_tree(raw_index, head->get()) != 0) return last_error("cannot read HEAD into an index");
  }
  if (git_repository_set_index(filter_repo.get(), raw_index) != 0) return last_error("cannot read the index");
  return filter_repo;
}

}  // namespace

Result<StagedWorktree> stage_worktree(const Repository& repo, const std::vector<std::string>& pathspec,
                                      std::uint64_t max_load_bytes) {
  if (repo.is_bare()) return Error{"a bare repository has no working tree to check"};
  git_repository* raw = nullptr;
  if (git_repository_open_ext(&raw, repo.git_dir().c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) != 0)
    return last_error("cannot open " + repo.git_dir());
  RepositoryPtr own(raw);
  // GIT_WORK_TREE or a linked worktree: the working tree `repo` has.
  if (!use_workdir(raw, repo.workdir())) return last_error("cannot use the working tree " + repo.workdir());
  auto objects = attach_worktree_objects(raw, repo.get());
  if (!objects) return objects.error();

  // A copy of the index file (its stat data tells unchanged files apart
  // without reading them), owned by us: add-all changes it in memory only.
  const std::string index_file = std::string(git_repository_path(raw)) + "index";
  git_index* raw_index = nullptr;
  if (git_index_open(&raw_index, index_file.c_str()) != 0) return last_error("cannot read the index " + index_file);
  IndexPtr index(raw_index);
  Repository staged_repo(std::move(own), "");
  if (!pathspec.empty()) {
    // Only PATHS: the rest stays as HEAD has it, whatever the index holds.
    auto head = staged_repo.head_tree();
    if (!head) return head.error();
    if (*head ? git_index_read_tree(raw_index, head->get()) != 0 : git_index_clear(raw_index) != 0)
      return last_error("cannot read HEAD into an index");
  }
  if (git_repository_set_index(staged_repo.get(), raw_index) != 0) return last_error("cannot stage in memory");
  auto filter_repo = filter_repository(repo, pathspec.empty() ? index_file : std::string());
  if (!filter_repo) return filter_repo.error();
  set_filter_repository(**objects, filter_repo->get());

  Staging staging{*objects, raw_index, repo.workdir(), max_load_bytes, {}, {}};
  std::vector<char*> specs;
  for (const auto& path : pathspec) specs.push_back(const_cast<char*>(path.c_str()));
  git_strarray spec_array{specs.data(), specs.size()};
  if (git_index_add_all(raw_index, &spec_array, GIT_INDEX_ADD_DEFAULT, before_staging, &staging) != 0)
    return last_error("cannot stage the working tree in memory");
  if (auto staged = stage_unloaded(raw_index, **objects, staging.unloaded); !staged) return staged.error();
  if (auto staged = stage_nested(raw_index, repo.workdir(), staging.nested_repositories); !staged) return staged.error();
  return StagedWorktree{std::move(staged_repo), std::move(index), std::move(*filter_repo)};
}

Result<std::vector<std::string>> pathspec_from_cwd(const Repository& repo, const std::vector<std::string>& paths) {
  if (repo.is_bare()) return Error{"a bare repository has no working tree to check"};
  std::error_code ec;
  const auto cwd = std::filesystem::current_path(ec);
  if (ec) return Error{"cannot read the current directory: " + ec.message()};
  const auto root = std::filesystem::weakly_canonical(repo.workdir(), ec).lexically_normal();
  if (ec) return Error{"cannot resolve the working tree " + repo.workdir() + ": " + ec.message()};
  std::vector<std::string> pathspec;
  for (const auto& path : paths) {
    if (path.empty()) return Error{"an empty path names no file"};
    const auto relative = resolved(path, cwd).lexically_relative(root);
    const std::string text = relative.generic_string();
    if (text.empty() || text == ".." || text.starts_with("../"))
      return Error{"'" + path + "' is outside the repository at " + root.string()};
    if (text == ".") return std::vector<std::string>{};  // the whole tree
    pathspec.push_back(text.ends_with("/.") ? text.substr(0, text.size() - 2) : text);
  }
  return pathspec;
}

}  // namespace agentops::git
