// The working tree as an object database: see worktree_objects.h.
#include "git/worktree_objects.h"

#include <git2.h>
#include <git2/sys/odb_backend.h>
#include <git2/sys/repository.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <memory>
#include <unordered_map>

#include "agentops/git.h"

namespace agentops::git {

namespace {

struct OidHash {
  size_t operator()(const git_oid& id) const {
    size_t value;
    std::memcpy(&value, id.id, sizeof value);
    return value;
  }
};
struct OidEqual {
  bool operator()(const git_oid& a, const git_oid& b) const { return git_oid_equal(&a, &b); }
};

// Where a blob's content is: a file of the working tree, by its cleaned size.
struct Source {
  std::string path;
  std::uint64_t size = 0;
  bool loadable = true;  // false: too large, known by size alone
};

// The working tree's objects are asked first; the repository's after them.
constexpr int kWorktreePriority = 2;
constexpr int kRepositoryPriority = 1;

int fail(const std::string& message) {
  git_error_set_str(GIT_ERROR_ODB, message.c_str());
  return GIT_ERROR;
}

}  // namespace

// The backend: libgit2 sees `base`, which must come first.
struct WorktreeObjects {
  git_odb_backend base;
  git_repository* repo = nullptr;
  // What the clean filters run against (set_filter_repository): not `repo`,
  // whose index is the one being staged. libgit2's CRLF filter looks up the
  // index's blob of the path; against `repo` that lookup reads this very
  // backend from inside a read of it, and the object database's lock is not
  // re-entrant: it hung forever.
  git_repository* filter_repo = nullptr;
  std::string workdir;    // with a trailing '/'
  std::string next_path;  // the file staged now: what the next write holds
  std::unordered_map<git_oid, Source, OidHash, OidEqual> sources;

  const Source* find(const git_oid* id) const {
    auto it = sources.find(*id);
    return it == sources.end() ? nullptr : &it->second;
  }

  // The content git would store for `source`: a link's target, or the file
  // through the clean filters (CRLF, ident); checked against `id`, as the file
  // may have changed or gone since it was staged.
  int load(const git_oid* id, const Source& source, git_buf& content) const {
    const std::string full = workdir + source.path;
    struct stat info;
    if (lstat(full.c_str(), &info) != 0)
      return fail(source.path + " vanished while agentops read the working tree; run the check again");
    if (S_ISLNK(info.st_mode)) {
      std::string target(static_cast<size_t>(info.st_size) + 1, '\0');
      const ssize_t length = readlink(full.c_str(), target.data(), target.size());
      if (length < 0) return fail("cannot read the link " + source.path);
      if (git_buf_set(&content, target.data(), static_cast<size_t>(length)) != 0) return GIT_ERROR;
    } else {
      git_filter_list* raw_filters = nullptr;
      if (git_filter_list_load(&raw_filters, filter_repo, nullptr, source.path.c_str(), GIT_FILTER_TO_ODB,
                               GIT_FILTER_ALLOW_UNSAFE) != 0)
        return GIT_ERROR;
      std::unique_ptr<git_filter_list, decltype(&git_filter_list_free)> filters(raw_filters, git_filter_list_free);
      if (git_filter_list_apply_to_file(&content, raw_filters, filter_repo, source.path.c_str()) != 0)
        {
        const git_error* error = git_error_last();
        return fail(source.path + " could not be read (" + (error ? error->message : "unknown error") +
                    "); run the check again");
      }
    }
    git_oid read_id;
    if (git_odb_hash(&read_id, content.ptr, content.size, GIT_OBJECT_BLOB) != 0) return GIT_ERROR;
    if (!git_oid_equal(&read_id, id))
      return fail(source.path + " changed while agentops read the working tree; run the check again");
    return 0;
  }
};

namespace {

WorktreeObjects& self(git_odb_backend* backend) { return *reinterpret_cast<WorktreeObjects*>(backend); }

int read_object(void** data, size_t* size, git_object_t* type, git_odb_backend* backend, const git_oid* id) {
  const WorktreeObjects& objects = self(backend);
  const Source* source = objects.find(id);
  if (!source) return GIT_ENOTFOUND;
  if (!source->loadable) return fail(source->path + " is too large to read; it is judged by its size");
  git_buf content = GIT_BUF_INIT;
  const int loaded = objects.load(id, *source, content);
  if (loaded != 0) {
    git_buf_dispose(&content);
    return loaded;
  }
  void* copy = git_odb_backend_data_alloc(backend, content.size);
  if (!copy) {
    git_buf_dispose(&content);
    return fail("out of memory reading " + source->path);
  }
  std::memcpy(copy, content.ptr, content.size);
  *data = copy;
  *size = content.size;
  *type = GIT_OBJECT_BLOB;
  git_buf_dispose(&content);
  return 0;
}

int read_header(size_t* size, git_object_t* type, git_odb_backend* backend, const git_oid* id) {
  const Source* source = self(backend).find(id);
  if (!source) return GIT_ENOTFOUND;
  *size = static_cast<size_t>(source->size);
  *type = GIT_OBJECT_BLOB;
  return 0;
}

// Remembers where the content is; the bytes themselves are dropped.
int write_object(git_odb_backend* backend, const git_oid* id, const void*, size_t size, git_object_t type) {
  WorktreeObjects& objects = self(backend);
  if (type != GIT_OBJECT_BLOB || objects.next_path.empty())
    return fail("agentops stages only files of the working tree in memory");
  objects.sources.emplace(*id, Source{objects.next_path, size, true});
  return 0;
}

int exists(git_odb_backend* backend, const git_oid* id) { return self(backend).find(id) ? 1 : 0; }

void free_backend(git_odb_backend* backend) { delete &self(backend); }

// The repository's own objects, read-only: no write, and no "freshen" (libgit2
// touches an existing object file's time when a write finds it already there).
struct RepositoryObjects {
  git_odb_backend base;
  OdbPtr odb;
};

git_odb* odb_of(git_odb_backend* backend) { return reinterpret_cast<RepositoryObjects*>(backend)->odb.get(); }

int read_stored(void** data, size_t* size, git_object_t* type, git_odb_backend* backend, const git_oid* id) {
  git_odb_object* raw = nullptr;
  if (const int read = git_odb_read(&raw, odb_of(backend), id); read != 0) return read;
  std::unique_ptr<git_odb_object, decltype(&git_odb_object_free)> object(raw, git_odb_object_free);
  *size = git_odb_object_size(raw);
  *type = git_odb_object_type(raw);
  void* copy = git_odb_backend_data_alloc(backend, *size);
  if (!copy) return fail("out of memory reading an object");
  std::memcpy(copy, git_odb_object_data(raw), *size);
  *data = copy;
  return 0;
}

int read_stored_header(size_t* size, git_object_t* type, git_odb_backend* backend, const git_oid* id) {
  return git_odb_read_header(size, type, odb_of(backend), id);
}

int stored_exists(git_odb_backend* backend, const git_oid* id) { return git_odb_exists(odb_of(backend), id); }

int refresh_stored(git_odb_backend* backend) { return git_odb_refresh(odb_of(backend)); }

void free_stored(git_odb_backend* backend) { delete reinterpret_cast<RepositoryObjects*>(backend); }

}  // namespace

Result<WorktreeObjects*> attach_worktree_objects(git_repository* repo, git_repository* source) {
  const char* workdir = git_repository_workdir(repo);
  if (!workdir) return Error{"a bare repository has no working tree to check"};
  git_odb* raw_source = nullptr;
  if (git_repository_odb(&raw_source, source) != 0) return last_error("cannot open the object database");
  OdbPtr source_odb(raw_source);
  git_odb* raw_odb = nullptr;
  if (git_odb_new(&raw_odb) != 0) return last_error("cannot prepare the working tree's objects");
  OdbPtr odb(raw_odb);

  auto stored = std::make_unique<RepositoryObjects>();
  auto objects = std::make_unique<WorktreeObjects>();
  if (git_odb_init_backend(&stored->base, GIT_ODB_BACKEND_VERSION) != 0 ||
      git_odb_init_backend(&objects->base, GIT_ODB_BACKEND_VERSION) != 0)
    return last_error("cannot prepare the working tree's objects");
  stored->odb = std::move(source_odb);
  stored->base.read = read_stored;
  stored->base.read_header = read_stored_header;
  stored->base.exists = stored_exists;
  stored->base.refresh = refresh_stored;
  stored->base.free = free_stored;
  objects->repo = repo;
  objects->filter_repo = source;
  objects->workdir = workdir;
  objects->base.read = read_object;
  objects->base.read_header = read_header;
  objects->base.write = write_object;
  objects->base.exists = exists;
  objects->base.free = free_backend;
  // The object database owns each backend once added.
  if (git_odb_add_backend(raw_odb, &stored->base, kRepositoryPriority) != 0)
    return last_error("cannot prepare the working tree's objects");
  stored.release();
  if (git_odb_add_backend(raw_odb, &objects->base, kWorktreePriority) != 0)
    return last_error("cannot prepare the working tree's objects");
  WorktreeObjects* attached = objects.release();
  if (git_repository_set_odb(repo, raw_odb) != 0) return last_error("cannot prepare the working tree's objects");
  return attached;
}

void set_filter_repository(WorktreeObjects& objects, git_repository* filter_repo) {
  objects.filter_repo = filter_repo;
}

void set_next_path(WorktreeObjects& objects, const std::string& path) { objects.next_path = path; }

Result<git_oid> add_unloaded(WorktreeObjects& objects, const std::string& path, std::uint64_t size) {
  // An id no content has: the hash of a text naming the file and its size.
  const std::string name = "agentops: not loaded: " + path + " " + std::to_string(size);
  git_oid id;
  if (git_odb_hash(&id, name.data(), name.size(), GIT_OBJECT_BLOB) != 0) return last_error("cannot name " + path);
  objects.sources.insert_or_assign(id, Source{path, size, false});
  return id;
}

}  // namespace agentops::git
