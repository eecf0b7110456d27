// Installing agentops' hooks into a repository without losing what is there:
// a hook already in place is kept (renamed to <hook>.agentops-previous) and run
// first by ours; uninstalling puts it back byte for byte.
#pragma once

#include <string>
#include <vector>

#include "agentops/git.h"
#include "agentops/result.h"

namespace agentops {

struct InstallOptions {
  std::string repo_path = ".";  // a work tree, or a bare repository
  std::string bin_dir;          // directory holding the agentops-* executables
  // core.hooksPath inside the working tree (husky's .husky/, a tracked hooks
  // directory): installing there changes files of the working tree, so it
  // happens only when asked for.
  bool into_working_tree = false;
  // The work tree a bare repository is used with (the dotfiles pattern,
  // git --git-dir=DIR --work-tree=WORK_TREE): the commit hooks go in as well.
  std::string work_tree;
};

struct HookAction {
  std::string hook;    // "pre-commit"
  std::string path;    // the hook file written or removed
  std::string action;  // what happened, one line
};

// The git hook each agentops hook executable serves.
struct HookSpec {
  const char* hook;        // git's hook name
  const char* executable;  // file in bin_dir
  bool reads_stdin;        // git writes ref updates to the hook's stdin
};
// A working repository gets the client hooks; a bare one (a server) pre-receive,
// and the client hooks too when it is used with a work tree.
const std::vector<HookSpec>& client_hooks();
const std::vector<HookSpec>& server_hooks();

// The directory git runs hooks from: core.hooksPath when set, else <common git dir>/hooks.
Result<std::string> hooks_directory(const git::Repository& repo);

// Writes a hook script for every managed hook; idempotent.
Result<std::vector<HookAction>> install_hooks(const InstallOptions& options);
// Removes agentops' hooks and restores the hooks they had kept.
Result<std::vector<HookAction>> uninstall_hooks(const InstallOptions& options);

// The script installed as `hook`: runs a kept previous hook (giving it the
// same stdin), then exec's `executable`; fails closed (exit 2) when the
// executable is missing.
std::string hook_script(const HookSpec& spec, const std::string& executable_path);

inline constexpr const char* kHookMarker = "# agentops-managed hook";
inline constexpr const char* kPreviousSuffix = ".agentops-previous";

}  // namespace agentops
