// What a push would update, worked out without git's stdin: hook managers
// call pre-push without it (lefthook without use_stdin) or keep it to
// themselves (the pre-commit framework, which passes PRE_COMMIT_* instead).
// Checking "no ref updates" there would pass every push unjudged, so the
// updates are rebuilt the way builtin/push.c (git 2.39) picks them for a
// `git push [remote]` with no refspec, and anything else is an error.
#include <git2.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <memory>

#include "agentops/push.h"
#include "git/raw_objects.h"
#include "message/git_invocation.h"

namespace agentops {
namespace {

const std::string kZeroId(GIT_OID_HEXSZ, '0');

constexpr const char* kHowToPassUpdates =
    "pass git's ref updates to agentops-pre-push on stdin: lefthook `use_stdin: true` under the pre-push "
    "command, a husky or plain hook script line `agentops-pre-push \"$@\"` (stdin passes through), or the "
    "pre-commit framework's hook id agentops-pre-push (docs/hook-managers.md)";

Error cannot_tell(const std::string& why) {
  return Error{"cannot tell what this push would update: " + why + ". agentops-pre-push got no ref updates on stdin, "
               "and checking nothing would let the push through unjudged; " + kHowToPassUpdates};
}

struct ConfigPtrFree {
  void operator()(git_config* config) const { git_config_free(config); }
};
using ConfigPtr = std::unique_ptr<git_config, ConfigPtrFree>;

// git reads config given on its command line (`git -c`) from the
// environment it gives hooks; libgit2 does not, so that wins here.
std::optional<std::string> environment_value(const std::string& key) {
  std::optional<std::string> value;
  for (const auto& [name, entry] : detail::environment_config())
    if (name == key) value = entry;
  return value;
}

// `key` with section and name in lower case, as git compares them.
std::optional<std::string> config_value(git_config* config, const std::string& key) {
  if (auto value = environment_value(key)) return value;
  git_buf buffer = GIT_BUF_INIT;
  std::optional<std::string> value;
  if (git_config_get_string_buf(&buffer, config, key.c_str()) == 0) value = std::string(buffer.ptr, buffer.size);
  git_buf_dispose(&buffer);
  git_error_clear();
  return value;
}

std::vector<std::string> config_values(git_config* config, const std::string& key) {
  std::vector<std::string> values;
  git_config_iterator* raw = nullptr;
  if (git_config_multivar_iterator_new(&raw, config, key.c_str(), nullptr) == 0) {
    std::unique_ptr<git_config_iterator, decltype(&git_config_iterator_free)> iterator(raw, git_config_iterator_free);
    git_config_entry* entry = nullptr;
    while (git_config_next(&entry, raw) == 0) values.emplace_back(entry->value ? entry->value : "");
  }
  git_error_clear();
  for (const auto& [name, entry] : detail::environment_config())
    if (name == key) values.push_back(entry);
  return values;
}

bool config_bool(git_config* config, const std::string& key) {
  const auto value = config_value(config, key);
  if (!value) return false;
  int parsed = 0;
  if (git_config_parse_bool(&parsed, value->c_str()) != 0) {
    git_error_clear();
    return false;
  }
  return parsed != 0;
}

std::optional<std::string> id_of(const git::Repository& repo, const std::string& revision) {
  git_object* raw = nullptr;
  if (git_revparse_single(&raw, repo.get(), revision.c_str()) != 0) {
    git_error_clear();
    return std::nullopt;
  }
  const std::string hex = git::hex_of(*git_object_id(raw));
  git_object_free(raw);
  return hex;
}

std::optional<std::string> ref_id(git_repository* repo, const std::string& name) {
  git_oid id;
  if (git_reference_name_to_id(&id, repo, name.c_str()) != 0) {
    git_error_clear();
    return std::nullopt;
  }
  return git::hex_of(id);
}

// A path or file:// URL: a repository on this machine, read directly.
std::string local_path_of(const std::string& url) {
  if (url.starts_with("file://")) return url.substr(7);
  if (url.find("://") != std::string::npos) return "";
  const size_t colon = url.find(':'), slash = url.find('/');
  if (colon != std::string::npos && (slash == std::string::npos || colon < slash)) return "";  // host:path
  return url;
}

// The remote's current value of `remote_ref`, as git's advertisement would
// give it: read from the remote when it is on this machine, else its
// remote-tracking ref; all zeros (created) when neither has it.
std::string remote_value(const git::Repository& repo, git_config* config, const std::string& remote,
                         const std::string& remote_ref) {
  const bool configured = config_value(config, "remote." + remote + ".url").has_value();
  std::string url = remote;
  if (configured) {
    if (auto push_url = config_value(config, "remote." + remote + ".pushurl")) url = *push_url;
    else url = *config_value(config, "remote." + remote + ".url");
  }
  if (const std::string path = local_path_of(url); !path.empty()) {
    git_repository* raw = nullptr;
    if (git_repository_open_ext(&raw, path.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) == 0) {
      git::RepositoryPtr opened(raw);
      return ref_id(raw, remote_ref).value_or(kZeroId);
    }
    git_error_clear();
  }
  if (configured && remote_ref.starts_with("refs/heads/"))
    if (auto tracking = ref_id(repo.get(), "refs/remotes/" + remote + "/" + remote_ref.substr(11))) return *tracking;
  return kZeroId;
}

// What the `git push` above this hook names on its command line: its
// refspecs (empty for a plain `git push [remote]`), or `refused` naming an
// option whose updates cannot be rebuilt here (--all, --tags, --delete...).
struct CommandLinePush {
  std::vector<std::string> refspecs;
  std::string refused;
};

CommandLinePush command_line_push() {
  CommandLinePush push;
  const auto git = detail::invoking_git();
  if (!git || detail::git_command(git->argv) != "push") return push;
  const auto& argv = git->argv;
  size_t positional = 0;
  bool options_end = false;
  for (size_t i = detail::git_command_index(argv) + 1; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    if (!options_end && arg == "--") {
      options_end = true;
      continue;
    }
    if (options_end || arg.empty() || arg[0] != '-') {
      if (++positional > 1) {
        if (arg == "tag") push.refused = "`git push <remote> tag <name>`";
        push.refspecs.push_back(arg);
      }
      continue;
    }
    if (arg.starts_with("--")) {
      const size_t equals = arg.find('=');
      const std::string name = arg.substr(2, equals == std::string::npos ? std::string::npos : equals - 2);
      for (const char* changes : {"all", "branches", "mirror", "tags", "follow-tags", "delete", "prune"})
        if (name == changes) push.refused = "git push --" + name;
      const bool separate_value = equals == std::string::npos &&
                                  (name == "repo" || name == "receive-pack" || name == "exec" ||
                                   name == "push-option" || name == "recurse-submodules");
      if (separate_value) ++i;
      continue;
    }
    for (size_t k = 1; k < arg.size(); ++k) {
      if (arg[k] == 'd') push.refused = "git push -d";
      if (arg[k] == 'o') {
        if (k + 1 == arg.size()) ++i;
        break;
      }
    }
  }
  return push;
}

// The full name of a refspec's source, as git's DWIM finds it.
std::optional<std::string> local_ref_named(const git::Repository& repo, const std::string& name,
                                           const std::string& head_branch) {
  if (name == "HEAD" || name == "@") {
    if (head_branch.empty()) return std::nullopt;
    return head_branch;
  }
  if (name.starts_with("refs/")) return ref_id(repo.get(), name) ? std::optional(name) : std::nullopt;
  for (const char* prefix : {"refs/heads/", "refs/tags/"})
    if (ref_id(repo.get(), prefix + name)) return prefix + name;
  return std::nullopt;
}

// Refspecs (remote.<name>.push, or the command line's, named by `where`):
// each `[+]src[:dst]`, wildcards over local refs.
Result<std::vector<std::pair<std::string, std::string>>> refspec_pairs(const git::Repository& repo,
                                                                      const std::vector<std::string>& specs,
                                                                      const std::string& head_branch,
                                                                      const std::string& where) {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (std::string spec : specs) {
    if (spec.starts_with("+")) spec.erase(0, 1);
    if (spec.empty() || spec == ":") return cannot_tell(where + " has \":\" (matching branches)");
    if (spec.starts_with("^")) return cannot_tell(where + " has a negative refspec \"" + spec + "\"");
    const size_t colon = spec.find(':');
    const std::string source = spec.substr(0, colon);
    std::string destination = colon == std::string::npos ? source : spec.substr(colon + 1);
    if (source.empty()) return cannot_tell(where + " deletes \"" + destination + "\"");
    const size_t star = source.find('*');
    if (star != std::string::npos) {
      const size_t destination_star = destination.find('*');
      if (destination_star == std::string::npos) return cannot_tell("the refspec \"" + spec + "\" is not understood");
      git_reference_iterator* raw = nullptr;
      if (git_reference_iterator_new(&raw, repo.get()) != 0) return git::last_error("cannot list the refs");
      std::unique_ptr<git_reference_iterator, decltype(&git_reference_iterator_free)> iterator(
          raw, git_reference_iterator_free);
      const char* name = nullptr;
      const std::string prefix = source.substr(0, star), suffix = source.substr(star + 1);
      while (git_reference_next_name(&name, raw) == 0) {
        const std::string ref = name;
        if (ref.size() < prefix.size() + suffix.size() || !ref.starts_with(prefix) || !ref.ends_with(suffix)) continue;
        const std::string matched = ref.substr(prefix.size(), ref.size() - prefix.size() - suffix.size());
        pairs.emplace_back(ref, destination.substr(0, destination_star) + matched + destination.substr(destination_star + 1));
      }
      git_error_clear();
      continue;
    }
    const auto local = local_ref_named(repo, source, head_branch);
    if (!local) return cannot_tell(where + " names \"" + source + "\", which is no local ref");
    if (colon == std::string::npos)
      destination = *local;  // `git push origin HEAD`: the branch HEAD names, under its own name
    else if (!destination.starts_with("refs/"))
      destination = (local->starts_with("refs/tags/") ? "refs/tags/" : "refs/heads/") + destination;
    pairs.emplace_back(*local, destination);
  }
  return pairs;
}

// What a plain `git push [remote]` with no refspec updates (local ref ->
// remote ref): remote.<name>.push, else push.default.
Result<std::vector<std::pair<std::string, std::string>>> plain_push_pairs(const git::Repository& repo, git_config* config,
                                                                         const std::string& remote,
                                                                         const std::string& head_branch) {
  const auto specs = config_values(config, "remote." + remote + ".push");
  if (!specs.empty()) return refspec_pairs(repo, specs, head_branch, "remote." + remote + ".push");
  const std::string branch_name = head_branch.starts_with("refs/heads/") ? head_branch.substr(11) : "";
  std::string mode = config_value(config, "push.default").value_or("simple");
  for (char& c : mode) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (mode == "nothing") return cannot_tell("push.default is \"nothing\"");
  if (mode == "matching") return cannot_tell("push.default is \"matching\" (the remote's branch list is not known here)");
  if (branch_name.empty()) return cannot_tell("HEAD is detached");
  const std::string branch_remote =
      config_value(config, "branch." + branch_name + ".remote").value_or("origin");
  const bool same_remote = remote == branch_remote;
  const auto merges = config_values(config, "branch." + branch_name + ".merge");
  auto upstream = [&]() -> Result<std::string> {
    // builtin/push.c get_upstream_ref
    if (merges.empty()) {
      if (config_bool(config, "push.autosetupremote")) return head_branch;
      return cannot_tell("the branch " + branch_name + " has no upstream branch (git push would refuse too)");
    }
    if (merges.size() > 1) return cannot_tell("the branch " + branch_name + " has several upstream branches");
    return merges.front();
  };
  std::string destination = head_branch;
  if (mode == "simple") {
    if (same_remote) {
      auto merge = upstream();
      if (!merge) return merge.error();
      if (*merge != head_branch)
        return cannot_tell("the upstream of " + branch_name + " has another name, and push.default is simple");
    }
  } else if (mode == "upstream" || mode == "tracking") {
    if (!same_remote) return cannot_tell("pushing to " + remote + ", which is not the upstream's remote of " + branch_name);
    auto merge = upstream();
    if (!merge) return merge.error();
    destination = *merge;
  } else if (mode != "current") {
    return cannot_tell("push.default is \"" + mode + "\"");
  }
  return std::vector<std::pair<std::string, std::string>>{{head_branch, destination}};
}

// Whether this hook's parent is the pre-commit framework running pre-push
// (`python3 -mpre_commit hook-impl --hook-type=pre-push ...`, as its hook
// script starts it): only then do the PRE_COMMIT_* variables come from git's
// stdin. Anyone can export them (`PRE_COMMIT_TO_REF=<a clean commit> git
// push`), and lefthook or a shell would pass them on.
bool run_by_pre_commit_framework() {
  const std::string dir = "/proc/" + std::to_string(getppid());
  char exe[4096];
  const ssize_t length = readlink((dir + "/exe").c_str(), exe, sizeof exe - 1);
  if (length <= 0) return false;
  const std::string path(exe, static_cast<size_t>(length));
  if (path.substr(path.rfind('/') + 1).rfind("python", 0) != 0) return false;
  std::ifstream in(dir + "/cmdline", std::ios::binary);
  bool hook_impl = false, pre_push = false;
  for (std::string arg; std::getline(in, arg, '\0');) {
    hook_impl = hook_impl || arg == "hook-impl";
    pre_push = pre_push || arg == "--hook-type=pre-push";
  }
  return hook_impl && pre_push;
}

}  // namespace

PreCommitPushEnvironment pre_commit_push_environment() {
  if (!run_by_pre_commit_framework()) return PreCommitPushEnvironment{};
  auto get = [](const char* name) {
    const char* value = std::getenv(name);
    return std::string(value ? value : "");
  };
  return PreCommitPushEnvironment{get("PRE_COMMIT_FROM_REF"), get("PRE_COMMIT_TO_REF"),
                                  get("PRE_COMMIT_REMOTE_BRANCH"), get("PRE_COMMIT_LOCAL_BRANCH"),
                                  get("PRE_COMMIT_REMOTE_NAME"),   get("PRE_COMMIT_REMOTE_URL")};
}

bool stdin_is_from_git() {
  // agentops' own hook script exec's agentops-pre-push, so git stays the parent.
  char exe[4096];
  const ssize_t length = readlink(("/proc/" + std::to_string(getppid()) + "/exe").c_str(), exe, sizeof exe - 1);
  if (length <= 0) return false;
  const std::string path(exe, static_cast<size_t>(length));
  return path == "git" || path.ends_with("/git");
}

Result<std::vector<RefUpdate>> updates_without_stdin(const git::Repository& repo, const std::string& remote_argument,
                                                     const PreCommitPushEnvironment& environment) {
  git_config* raw = nullptr;
  if (git_repository_config_snapshot(&raw, repo.get()) != 0) return git::last_error("cannot read the git config");
  ConfigPtr config(raw);

  // HEAD's branch (an unborn one too), empty when detached.
  std::string head_branch;
  git_reference* head = nullptr;
  if (git_reference_lookup(&head, repo.get(), "HEAD") == 0) {
    if (git_reference_type(head) == GIT_REFERENCE_SYMBOLIC) head_branch = git_reference_symbolic_target(head);
    git_reference_free(head);
  }
  git_error_clear();
  const std::string branch_name = head_branch.starts_with("refs/heads/") ? head_branch.substr(11) : "";

  std::string remote = remote_argument.empty() ? environment.remote_name : remote_argument;
  if (remote.empty() && !branch_name.empty()) remote = config_value(config.get(), "branch." + branch_name + ".pushremote").value_or("");
  if (remote.empty()) remote = config_value(config.get(), "remote.pushdefault").value_or("");
  if (remote.empty() && !branch_name.empty()) remote = config_value(config.get(), "branch." + branch_name + ".remote").value_or("");
  if (remote.empty()) remote = "origin";

  // The pre-commit framework read git's stdin and says what it pushes.
  if (environment.present()) {
    // Its local branch, as git named it, is what is pushed: the framework
    // sets no PRE_COMMIT_TO_REF for a root commit, so one found then is not its own.
    const std::string local = environment.local_branch.empty() ? "HEAD" : environment.local_branch;
    const auto new_id = id_of(repo, environment.local_branch.empty() && !environment.to_ref.empty() ? environment.to_ref : local);
    if (!new_id) return cannot_tell("PRE_COMMIT_TO_REF / PRE_COMMIT_LOCAL_BRANCH name no commit here");
    if (environment.remote_branch.empty()) return cannot_tell("PRE_COMMIT_REMOTE_BRANCH is not set");
    std::vector<RefUpdate> updates = {
        RefUpdate{local, *new_id, environment.remote_branch, remote_value(repo, config.get(), remote, environment.remote_branch)}};
    // The framework passes on only the first ref git announced: the others
    // the git push makes (its command line's refspecs, else remote.<name>.push
    // or push.default) are judged too.
    const CommandLinePush command_line = command_line_push();
    if (!command_line.refused.empty()) return cannot_tell(command_line.refused + " under the pre-commit framework, which passes on only the first ref update");
    if (config_bool(config.get(), "remote." + remote + ".mirror")) return cannot_tell("remote." + remote + ".mirror is set");
    auto named = command_line.refspecs.empty()
                     ? plain_push_pairs(repo, config.get(), remote, head_branch)
                     : refspec_pairs(repo, command_line.refspecs, head_branch, "the git push command line");
    if (!named) return named.error();
    for (const auto& [source, destination] : *named) {
      if (destination == environment.remote_branch) continue;
      const auto id = ref_id(repo.get(), source);
      if (!id) return cannot_tell(source + " has no commit yet");
      const std::string old_id = remote_value(repo, config.get(), remote, destination);
      if (old_id != *id) updates.push_back(RefUpdate{source, *id, destination, old_id});
    }
    return updates;
  }

  const CommandLinePush command_line = command_line_push();
  if (!command_line.refused.empty()) return cannot_tell(command_line.refused);
  if (config_bool(config.get(), "remote." + remote + ".mirror")) return cannot_tell("remote." + remote + ".mirror is set");

  auto pairs = command_line.refspecs.empty()
                   ? plain_push_pairs(repo, config.get(), remote, head_branch)
                   : refspec_pairs(repo, command_line.refspecs, head_branch, "the git push command line");
  if (!pairs) return pairs.error();

  std::vector<RefUpdate> updates;
  for (const auto& [local, destination] : *pairs) {
    const auto new_id = ref_id(repo.get(), local);
    if (!new_id) return cannot_tell(local + " has no commit yet");
    const std::string old_id = remote_value(repo, config.get(), remote, destination);
    if (old_id == *new_id) continue;  // up to date: git leaves it out as well
    updates.push_back(RefUpdate{local, *new_id, destination, old_id});
  }
  return updates;
}

Result<std::vector<RefUpdate>> updates_behind_empty_stdin_from_git(const git::Repository& repo,
                                                                   const std::string& remote_argument) {
  auto rebuilt = updates_without_stdin(repo, remote_argument, PreCommitPushEnvironment{});
  if (!rebuilt) return std::vector<RefUpdate>{};  // git's word stands where a plain push cannot be rebuilt
  return rebuilt;
}

}  // namespace agentops
