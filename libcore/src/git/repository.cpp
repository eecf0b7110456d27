// Opening repositories the way git's hooks see them, and owning libgit2 handles.
#include <git2.h>
#include <git2/sys/repository.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <vector>

#include "agentops/git.h"
#include "git/git_command.h"

// Debian's libgit2 is built with mbedTLS, and git_libgit2_init() parses the
// system's whole CA bundle (/etc/ssl/certs, ~140 certificates): measured at 61%
// of a pre-commit hook's instructions, ~4 ms on every commit. agentops never
// opens a network connection, so the executables define this mbedTLS entry
// point themselves; the dynamic linker binds libgit2's call to it (an
// executable's symbols come first) and no certificate is parsed. With an
// OpenSSL-built libgit2 the definition is simply never called.
extern "C" int mbedtls_x509_crt_parse_file(void* /*chain*/, const char* /*path*/) { return 0; }

namespace agentops::git {
namespace {

// libgit2 is initialised once per process and shut down at exit.
void ensure_initialised() {
  struct Init {
    Init() {
      git_libgit2_init();
      // libgit2 re-hashes every object it reads (SHA-1 with collision detection,
      // about a third of the cost of reading a blob); git itself does not, and
      // a corrupt object still fails to inflate.
      git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
    }
    ~Init() { git_libgit2_shutdown(); }
  };
  static Init init;
}

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

// A server's pre-receive hook runs while pushed objects sit in a quarantine
// directory that git names in GIT_OBJECT_DIRECTORY (and lists the repository's
// own in GIT_ALTERNATE_OBJECT_DIRECTORIES): libgit2 must read both.
Status add_object_directories_from_env(git_repository* repo) {
  std::vector<std::string> directories;
  if (const std::string objects = env("GIT_OBJECT_DIRECTORY"); !objects.empty()) directories.push_back(objects);
  const std::string alternates = env("GIT_ALTERNATE_OBJECT_DIRECTORIES");
  for (size_t start = 0; start < alternates.size();) {
    const size_t colon = std::min(alternates.find(':', start), alternates.size());
    if (colon > start) directories.push_back(alternates.substr(start, colon - start));
    start = colon + 1;
  }
  if (directories.empty()) return Ok{};
  git_odb* raw = nullptr;
  if (git_repository_odb(&raw, repo) != 0) return last_error("cannot open the object database");
  OdbPtr odb(raw);
  for (const auto& directory : directories)
    if (git_odb_add_disk_alternate(raw, directory.c_str()) != 0)
      return last_error("cannot read objects in " + directory);
  return Ok{};
}

}  // namespace

void free_repository(git_repository* p) { git_repository_free(p); }
void free_index(git_index* p) { git_index_free(p); }
void free_tree(git_tree* p) { git_tree_free(p); }
void free_commit(git_commit* p) { git_commit_free(p); }
void free_diff(git_diff* p) { git_diff_free(p); }
void free_patch(git_patch* p) { git_patch_free(p); }
void free_blob(git_blob* p) { git_blob_free(p); }
void free_odb(git_odb* p) { git_odb_free(p); }

Error last_error(const std::string& doing) {
  const git_error* error = git_error_last();
  std::string detail = error && error->message ? error->message : "unknown libgit2 error";
  while (!detail.empty() && (detail.back() == '\n' || detail.back() == '.')) detail.pop_back();
  return Error{doing + ": " + detail};
}

bool Repository::is_bare() const { return git_repository_is_bare(handle_.get()) != 0; }

std::string Repository::workdir() const {
  const char* dir = git_repository_workdir(handle_.get());
  return dir ? dir : "";
}

std::string Repository::git_dir() const { return git_repository_path(handle_.get()); }

namespace {

// libgit2 1.5 cannot read a split index (extension 'link', core.splitIndex or
// git update-index --split-index) nor a sparse one ('sdir', git sparse-checkout
// --sparse-index). git can: its listing of the entries (expanded to files)
// becomes an index in memory. The user's index file is only read, never written.
Result<IndexPtr> index_listed_by_git(const Repository& repo, const std::string& index_path) {
  std::vector<std::string> args = {"--git-dir=" + repo.git_dir()};
  if (!repo.workdir().empty()) args.push_back("--work-tree=" + repo.workdir());
  args.insert(args.end(), {"ls-files", "--stage", "-z"});
  // GIT_INDEX_FILE, when git set it for a hook, is in the environment git inherits.
  if (env("GIT_INDEX_FILE") != index_path)
    return Error{"cannot ask git for the index " + (index_path.empty() ? "of " + repo.git_dir() : index_path) +
                 " (GIT_INDEX_FILE names another)"};
  auto listing = detail::run_git(args);
  if (!listing) return listing.error();
  git_index* raw = nullptr;
  if (git_index_new(&raw) != 0) return last_error("cannot make an index in memory");
  IndexPtr index(raw);
  // Each record: "<mode> <object id> <stage>\t<path>", NUL-terminated.
  for (size_t start = 0; start < listing->size();) {
    const size_t end = std::min(listing->find('\0', start), listing->size());
    const std::string record = listing->substr(start, end - start);
    start = end + 1;
    const size_t tab = record.find('\t');
    const size_t space1 = record.find(' ');
    const size_t space2 = space1 == std::string::npos ? space1 : record.find(' ', space1 + 1);
    if (tab == std::string::npos || space2 == std::string::npos || space2 > tab)
      return Error{"cannot read git ls-files --stage output: \"" + record + "\""};
    git_index_entry entry{};
    entry.mode = static_cast<std::uint32_t>(std::stoul(record.substr(0, space1), nullptr, 8));
    if (git_oid_fromstr(&entry.id, record.substr(space1 + 1, space2 - space1 - 1).c_str()) != 0)
      return last_error("cannot read git ls-files --stage output");
    const std::string path = record.substr(tab + 1);
    entry.path = path.c_str();
    const unsigned stage = static_cast<unsigned>(std::stoul(record.substr(space2 + 1, tab - space2 - 1))) & 3u;
    entry.flags = static_cast<std::uint16_t>(stage << GIT_INDEX_ENTRY_STAGESHIFT);
    if (git_index_add(raw, &entry) != 0) return last_error("cannot add " + path + " to the index in memory");
  }
  return index;
}

// The index as libgit2 reads it: GIT_INDEX_FILE's when set, else the
// repository's. Read from disk once per process (each read hashes the whole
// file with SHA-1DC: 4.8 M instructions for 2,000 entries, ~50x that for
// 100,000) and again only when the file changes: GIT_INDEX_FILE's index is
// made the repository's own, so both cases share libgit2's cached copy,
// refreshed by its file stamp.
Result<IndexPtr> libgit2_index(git_repository* repo, const std::string& index_path, const std::string& git_dir,
                               bool& index_path_installed) {
  git_index* raw = nullptr;
  const std::string where = index_path.empty() ? "the index of " + git_dir : "the index " + index_path;
  // git commit -a / git commit <path> write a temporary index and point
  // GIT_INDEX_FILE at it; that, not .git/index, is what will be committed.
  if (!index_path.empty() && !index_path_installed) {
    if (git_index_open(&raw, index_path.c_str()) != 0) return last_error("cannot read " + where);
    IndexPtr opened(raw);
    git_repository_set_index(repo, raw);
    index_path_installed = true;
    return opened;
  }
  if (git_repository_index(&raw, repo) != 0) return last_error("cannot read " + where);
  IndexPtr index(raw);
  // A cached copy is reloaded when the file changed since it was read.
  if (git_index_read(raw, 0) != 0) return last_error("cannot read " + where);
  return index;
}

}  // namespace

Result<IndexPtr> Repository::index() const {
  auto own = libgit2_index(handle_.get(), index_path_, git_dir(), index_path_installed_);
  if (own) return own;
  // Only an index extension libgit2 does not know is read through git.
  if (own.error().message.find("unsupported mandatory extension") == std::string::npos) return own;
  auto listed = index_listed_by_git(*this, index_path_);
  if (!listed) return Error{own.error().message + "; reading it through git failed too: " + listed.error().message};
  return listed;
}

Result<std::string> Repository::index_tree() const {
  if (index_tree_) return *index_tree_;
  auto index = this->index();
  if (!index) return index.error();
  // Strict object creation would read every entry's object header first
  // (loose objects are inflated for it: 60% of a pre-commit hook on a
  // 2,000-file change). git commit checks the objects as it commits, and
  // this id only names what the hooks judged.
  git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, 0);
  git_oid tree{};
  const int written = git_index_write_tree_to(&tree, index->get(), handle_.get());
  git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, 1);
  if (written != 0) return last_error("cannot write the index's tree");
  char hex[GIT_OID_HEXSZ + 1] = {};
  git_oid_tostr(hex, sizeof hex, &tree);
  index_tree_ = std::string(hex);
  return *index_tree_;
}

Result<TreePtr> Repository::head_tree() const {
  if (git_repository_head_unborn(handle_.get()) == 1) return TreePtr{};
  git_object* object = nullptr;
  if (git_revparse_single(&object, handle_.get(), "HEAD^{tree}") != 0)
    return last_error("cannot read HEAD");
  return TreePtr(reinterpret_cast<git_tree*>(object));
}

namespace {

std::string current_directory() {
  std::error_code ec;
  const auto path = std::filesystem::current_path(ec);
  return ec ? std::string(".") : path.string();
}

// libgit2 1.5 refuses a repository that needs an extension it lacks with
// "unsupported extension name extensions.X": say what that means and why
// agentops stops there.
Error open_error(const std::string& doing, const std::string& path) {
  Error error = last_error(doing);
  const std::string marker = "unsupported extension name extensions.";
  const size_t at = error.message.find(marker);
  if (at == std::string::npos) return error;
  std::string extension = error.message.substr(at + marker.size());
  extension = extension.substr(0, extension.find_first_of(" ,;:\n"));
  std::string meaning;
  if (extension == "objectformat")
    meaning = "it names objects with SHA-256 (git init --object-format=sha256); libgit2 1.5, the git library "
              "agentops is built on, reads SHA-1 repositories only";
  else if (extension == "partialclone")
    meaning = "it is a partial clone (git clone --filter=...), whose missing objects libgit2 1.5, the git library "
              "agentops is built on, cannot fetch";
  else
    meaning = "it needs the repository extension extensions." + extension +
              ", which libgit2 1.5, the git library agentops is built on, does not support";
  return Error{"cannot open the git repository " + path + ": " + meaning + ". agentops cannot check this repository, so it stops (fail closed) rather "
               "than let a change through unchecked"};
}

// A SHA-256 repository, found before libgit2 opens it: libgit2 1.5 refuses
// it, and leaks memory doing so.
std::optional<Error> sha256_repository(const std::string& start, bool search) {
  git_buf found = GIT_BUF_INIT;
  if (git_repository_discover(&found, start.c_str(), search ? 1 : 0, nullptr) != 0) {
    git_error_clear();
    return std::nullopt;
  }
  const std::string git_dir(found.ptr, found.size);
  git_buf_dispose(&found);
  git_config* raw = nullptr;
  if (git_config_open_ondisk(&raw, (git_dir + "/config").c_str()) != 0) {
    git_error_clear();
    return std::nullopt;
  }
  std::unique_ptr<git_config, decltype(&git_config_free)> config(raw, git_config_free);
  git_buf format = GIT_BUF_INIT;
  const int read = git_config_get_string_buf(&format, raw, "extensions.objectformat");
  const std::string value = read == 0 ? std::string(format.ptr, format.size) : std::string();
  git_buf_dispose(&format);
  git_error_clear();
  if (read != 0 || value == "sha1") return std::nullopt;
  return Error{"cannot open the git repository " + git_dir + ": it names objects with " +
               (value == "sha256" ? std::string("SHA-256") : "\"" + value + "\"") +
               " (extensions.objectformat); libgit2 1.5, the git library agentops is built on, reads SHA-1 "
               "repositories only. agentops cannot check this repository, so it stops (fail closed) rather than "
               "let a change through unchecked"};
}

}  // namespace

Result<Repository> open_repository(const OpenOptions& options) {
  ensure_initialised();
  git_repository* raw = nullptr;
  if (options.from_environment) {
    // What git exports to hooks: GIT_DIR (no discovery then), GIT_WORK_TREE,
    // GIT_INDEX_FILE. libgit2 1.5's GIT_REPOSITORY_OPEN_FROM_ENV rejects
    // GIT_WORK_TREE, so the variables are applied here.
    const std::string git_dir = env("GIT_DIR");
    const std::string ceilings = env("GIT_CEILING_DIRECTORIES");
    if (auto refused = sha256_repository(git_dir.empty() ? "." : git_dir, git_dir.empty())) return *refused;
    const int opened = git_dir.empty()
        ? git_repository_open_ext(&raw, ".", 0, ceilings.empty() ? nullptr : ceilings.c_str())
        : git_repository_open_ext(&raw, git_dir.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr);
    if (opened != 0) return open_error("not in a git repository", git_dir.empty() ? current_directory() : git_dir);
    RepositoryPtr repo(raw);
    if (const std::string work_tree = env("GIT_WORK_TREE"); !work_tree.empty()) {
      if (git_repository_set_workdir(raw, work_tree.c_str(), 0) != 0)
        return last_error("cannot use GIT_WORK_TREE " + work_tree);
    }
    if (auto added = add_object_directories_from_env(raw); !added) return added.error();
    return Repository(std::move(repo), env("GIT_INDEX_FILE"));
  }
  if (auto refused = sha256_repository(options.path, true)) return *refused;
  if (git_repository_open_ext(&raw, options.path.c_str(), 0, nullptr) != 0)
    return open_error("not a git repository: " + options.path, options.path);
  return Repository(RepositoryPtr(raw), "");
}

}  // namespace agentops::git
