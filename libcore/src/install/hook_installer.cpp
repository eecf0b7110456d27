// The hook installer. Files are replaced atomically (write, chmod, rename) and a
// foreign hook is moved aside, never overwritten, so nothing a user had is lost.
#include <git2.h>
#include <sys/stat.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "agentops/install.h"
#include "install/hook_managers.h"

namespace agentops {
namespace fs = std::filesystem;
namespace {

std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

Result<std::string> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"cannot read " + path.string() + ": " + std::strerror(errno)};
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

bool is_agentops_hook(const fs::path& path) {
  std::error_code ec;
  if (fs::is_symlink(path, ec) || !fs::is_regular_file(path, ec)) return false;
  auto content = read_file(path);
  return content && content->find(kHookMarker) != std::string::npos;
}

Status write_executable(const fs::path& path, const std::string& content) {
  const fs::path temporary = path.string() + ".agentops-tmp";
  // Whatever has that name (a symbolic link planted to another file) goes
  // first: opening it would write through the link.
  {
    std::error_code ignored;
    fs::remove(temporary, ignored);
  }
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) return Error{"cannot write " + temporary.string() + ": " + std::strerror(errno)};
    out << content;
    if (!out.flush()) return Error{"cannot write " + temporary.string() + ": " + std::strerror(errno)};
  }
  if (::chmod(temporary.c_str(), 0755) != 0 || std::rename(temporary.c_str(), path.c_str()) != 0) {
    const std::string reason = std::strerror(errno);
    std::error_code ignored;
    fs::remove(temporary, ignored);
    return Error{"cannot install " + path.string() + ": " + reason};
  }
  return Ok{};
}

// A hooks directory inside the working tree (outside .git) holds files the
// user tracks or edits: agentops never changes them unless asked.
Status refuse_working_tree_hooks(const git::Repository& repo, const std::string& directory,
                                 const InstallOptions& options) {
  if (options.into_working_tree || repo.is_bare()) return Ok{};
  std::error_code ec;
  const fs::path hooks = fs::weakly_canonical(directory, ec);
  const fs::path git_dir = fs::weakly_canonical(repo.git_dir(), ec);
  const fs::path common_dir = fs::weakly_canonical(git_repository_commondir(repo.get()), ec);
  auto inside = [](const fs::path& path, const fs::path& root) {
    const auto relative = path.lexically_relative(root);
    return !relative.empty() && *relative.begin() != "..";
  };
  // This working tree, and the main one when this is a linked worktree.
  const bool in_a_working_tree = inside(hooks, fs::weakly_canonical(repo.workdir(), ec)) ||
                                 inside(hooks, common_dir.parent_path());
  if (!in_a_working_tree || inside(hooks, git_dir) || inside(hooks, common_dir)) return Ok{};
  return Error{"the hooks directory " + directory +
               " is inside a working tree (core.hooksPath): changing it would change files of the working tree. Add "
               "these lines to its scripts instead (the executables must be on PATH; docs/hook-managers.md): "
               "`agentops-pre-commit` in pre-commit, `agentops-commit-msg \"$1\"` in commit-msg, "
               "`agentops-pre-push \"$@\"` in pre-push (before anything that reads stdin); or pass "
               "--into-working-tree to install agentops' scripts there, keeping yours as <hook>.agentops-previous"};
}

Result<git::Repository> open_for_install(const InstallOptions& options) {
  return git::open_repository(git::OpenOptions{options.repo_path, false});
}

// A repository with a work tree configured to take pushes to its checked-out
// branch (receive.denyCurrentBranch other than refuse, as git's receive-pack
// reads it: ignore, warn, updateInstead, or false) serves pushes.
bool takes_pushes(const git::Repository& repo) {
  git_config* raw = nullptr;
  if (git_repository_config_snapshot(&raw, repo.get()) != 0) {
    git_error_clear();
    return false;
  }
  std::unique_ptr<git_config, decltype(&git_config_free)> config(raw, git_config_free);
  const char* value = nullptr;
  if (git_config_get_string(&value, raw, "receive.denyCurrentBranch") != 0 || !value) {
    git_error_clear();
    return false;  // git's default: refuse
  }
  std::string action = value;
  for (char& c : action) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (action == "ignore" || action == "warn" || action == "updateinstead") return true;
  if (action == "refuse") return false;
  int refuse = 0;
  if (git_config_parse_bool(&refuse, value) != 0) {
    git_error_clear();
    return false;
  }
  return refuse == 0;
}

// The hooks a repository gets: a bare one is a server unless it is used with
// a work tree, where commits happen through it too; one with a work tree is a
// server as well when it takes pushes.
Result<std::vector<HookSpec>> hooks_for(const git::Repository& repo, const InstallOptions& options) {
  if (!repo.is_bare()) {
    if (!options.work_tree.empty())
      return Error{"--work-tree is for a bare repository used with a work tree; " + options.repo_path +
                   " has its own work tree (" + repo.workdir() + ")"};
    std::vector<HookSpec> hooks = client_hooks();
    if (takes_pushes(repo)) hooks.insert(hooks.end(), server_hooks().begin(), server_hooks().end());
    return hooks;
  }
  if (options.work_tree.empty()) return server_hooks();
  std::error_code ec;
  if (!fs::is_directory(options.work_tree, ec)) return Error{"the work tree " + options.work_tree + " is not a directory"};
  std::vector<HookSpec> hooks = client_hooks();
  hooks.insert(hooks.end(), server_hooks().begin(), server_hooks().end());
  return hooks;
}

}  // namespace

const std::vector<HookSpec>& client_hooks() {
  static const std::vector<HookSpec> hooks = {
      {"pre-commit", "agentops-pre-commit", false},
      {"pre-merge-commit", "agentops-pre-commit", false},  // a merge's result, before its commit
      {"prepare-commit-msg", "agentops-prepare-commit-msg", false},
      {"commit-msg", "agentops-commit-msg", false},
      {"pre-push", "agentops-pre-push", true},
      // Warns (never blocks) when a commit was made without agentops' pre-commit.
      {"post-commit", "agentops-post-commit", false},
  };
  return hooks;
}

const std::vector<HookSpec>& server_hooks() {
  static const std::vector<HookSpec> hooks = {
      {"pre-receive", "agentops-pre-receive", true},
  };
  return hooks;
}

Result<std::string> hooks_directory(const git::Repository& repo) {
  git_config* raw = nullptr;
  if (git_repository_config_snapshot(&raw, repo.get()) != 0)
    return git::last_error("cannot read the git config");
  std::unique_ptr<git_config, decltype(&git_config_free)> config(raw, git_config_free);
  git_buf value = GIT_BUF_INIT;
  if (git_config_get_path(&value, config.get(), "core.hooksPath") == 0) {
    std::string path(value.ptr, value.size);
    git_buf_dispose(&value);
    // git runs hooks from the work tree root (the git dir when bare); a relative
    // core.hooksPath is taken from there.
    if (fs::path(path).is_relative())
      path = (fs::path(repo.is_bare() ? repo.git_dir() : repo.workdir()) / path).string();
    return path;
  }
  git_buf_dispose(&value);
  if (git_repository_item_path(&value, repo.get(), GIT_REPOSITORY_ITEM_HOOKS) != 0)
    return git::last_error("cannot find the hooks directory");
  std::string path(value.ptr, value.size);
  git_buf_dispose(&value);
  return path;
}

std::string hook_script(const HookSpec& spec, const std::string& executable_path) {
  const std::string hook = spec.hook;
  std::ostringstream script;
  script << "#!/bin/sh\n"
         << kHookMarker << ": runs " << fs::path(executable_path).filename().string()
         << ".\n# A hook that was here before is kept as " << hook << kPreviousSuffix
         << " and runs first.\n# Remove with: agentops-install --uninstall\n"
         << "agentops=" << shell_quote(executable_path) << "\n"
         << "if [ ! -x \"$agentops\" ]; then\n"
         << "  echo \"agentops: $agentops is missing, so the " << hook
         << " check cannot run and git is stopped (fail closed). Rebuild agentops and run agentops-install again.\" >&2\n"
         << "  exit 2\n"
         << "fi\n"
         << "previous=\"${0%/*}/" << hook << kPreviousSuffix << "\"\n"
         << "if [ -x \"$previous\" ]; then\n";
  if (spec.reads_stdin) {
    // Both hooks read git's ref updates from stdin: keep a copy for each.
    // agentops is exec'd with git as its parent, so it knows git wrote this
    // stdin (an empty one: no ref needs updating).
    script << "  input=$(cat; echo .)\n"
           << "  input=${input%.}\n"
           << "  printf '%s' \"$input\" | \"$previous\" \"$@\" || exit $?\n"
           << "  exec \"$agentops\" \"$@\" <<AGENTOPS_GIT_INPUT\n"
           << "$input\n"
           << "AGENTOPS_GIT_INPUT\n";
  } else {
    script << "  \"$previous\" \"$@\" || exit $?\n";
  }
  script << "fi\n";
  if (hook == "prepare-commit-msg") {
    // Only an empty message gets the template: with -m, -F, a template, a
    // merge, a squash or an amend ($2 set) there is nothing to start a process for.
    script << "[ -n \"$2\" ] && exit 0\n";
  }
  script << "exec \"$agentops\" \"$@\"\n";
  return script.str();
}

Result<std::vector<HookAction>> install_hooks(const InstallOptions& options) {
  auto repo = open_for_install(options);
  if (!repo) return repo.error();
  auto directory = hooks_directory(*repo);
  if (!directory) return directory.error();
  // A hook manager owns the scripts in the hooks directory and rewrites or
  // renames any other script when it re-installs: agentops goes into its config.
  auto managers = detect_hook_managers(*repo);
  if (!managers) return managers.error();
  if (!managers->empty() && options.work_tree.empty()) return detail::integrate_with_managers(*repo, *managers, options);
  if (auto refused = refuse_working_tree_hooks(*repo, *directory, options); !refused) return refused.error();
  std::error_code ec;
  fs::create_directories(*directory, ec);
  if (ec) return Error{"cannot create " + *directory + ": " + ec.message()};

  auto hooks = hooks_for(*repo, options);
  if (!hooks) return hooks.error();
  std::vector<HookAction> actions;
  for (const auto& spec : *hooks) {
    const fs::path executable = fs::absolute(fs::path(options.bin_dir) / spec.executable);
    if (!fs::exists(executable, ec))
      return Error{"cannot install " + std::string(spec.hook) + ": " + executable.string() +
                   " does not exist (build agentops first, or pass --bin-dir)"};
    const fs::path hook_path = fs::path(*directory) / spec.hook;
    const fs::path previous_path = hook_path.string() + kPreviousSuffix;
    std::string action = "installed";
    if (fs::symlink_status(hook_path, ec).type() != fs::file_type::not_found) {
      if (is_agentops_hook(hook_path)) {
        action = "updated";
      } else if (fs::symlink_status(previous_path, ec).type() != fs::file_type::not_found) {
        return Error{"refusing to install " + std::string(spec.hook) + ": " + hook_path.string() +
                     " is not agentops' and " + previous_path.string() +
                     " already exists; move one of them away first"};
      } else {
        // Keep the user's hook exactly as it was (a rename keeps content, mode and symlinks).
        if (std::rename(hook_path.c_str(), previous_path.c_str()) != 0)
          return Error{"cannot keep the existing hook " + hook_path.string() + ": " +
                       std::strerror(errno)};
        action = "installed; the existing hook was kept as " + previous_path.filename().string() +
                 " and runs first";
      }
    }
    if (auto written = write_executable(hook_path, hook_script(spec, executable.string()));
        !written)
      return written.error();
    // A bare repository may be a server or a dotfiles-style repository that
    // commits go through: say which one was assumed, and how to get the other.
    if (repo->is_bare() && options.work_tree.empty())
      action += "; a bare repository gets the server-side hook only. If commits are made through it with a work "
                "tree (git --git-dir=" + options.repo_path + " --work-tree=DIR), run agentops-install --repo " +
                options.repo_path + " --work-tree DIR to install the commit hooks too";
    actions.push_back(HookAction{spec.hook, hook_path.string(), action, "", true});
  }
  return actions;
}

Result<std::vector<HookAction>> uninstall_hooks(const InstallOptions& options) {
  auto repo = open_for_install(options);
  if (!repo) return repo.error();
  auto directory = hooks_directory(*repo);
  if (!directory) return directory.error();
  // What install wrote into a hook manager's config, by its markers.
  auto removed = detail::remove_from_managers(*repo);
  if (!removed) return removed.error();
  std::vector<HookAction> actions = std::move(*removed);
  if (auto refused = refuse_working_tree_hooks(*repo, *directory, options); !refused) {
    auto managers = detect_hook_managers(*repo);
    if (!actions.empty() || (managers && !managers->empty())) return actions;
    // Install's refusal names a flag to install anyway: the wrong advice here.
    return Error{"the hooks directory " + *directory +
                 " is inside a working tree (core.hooksPath): agentops leaves its files alone unless "
                 "--into-working-tree is given; to remove agentops' scripts from there, run "
                 "agentops-install --uninstall --into-working-tree"};
  }
  std::error_code ec;
  // Every hook agentops may have written (a bare repository may have had a work tree).
  std::vector<HookSpec> hooks = client_hooks();
  hooks.insert(hooks.end(), server_hooks().begin(), server_hooks().end());
  for (const auto& spec : hooks) {
    const fs::path hook_path = fs::path(*directory) / spec.hook;
    const fs::path previous_path = hook_path.string() + kPreviousSuffix;
    if (!is_agentops_hook(hook_path)) continue;
    fs::remove(hook_path, ec);
    if (ec) return Error{"cannot remove " + hook_path.string() + ": " + ec.message()};
    std::string action = "removed";
    if (fs::symlink_status(previous_path, ec).type() != fs::file_type::not_found) {
      if (std::rename(previous_path.c_str(), hook_path.c_str()) != 0)
        return Error{"cannot restore " + previous_path.string() + ": " + std::strerror(errno)};
      action = "removed; the previous hook was restored";
    }
    actions.push_back(HookAction{spec.hook, hook_path.string(), action, "", true});
  }
  return actions;
}

}  // namespace agentops
