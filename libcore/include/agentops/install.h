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
  // A hook manager's tracked config (lefthook.yml, .pre-commit-config.yaml,
  // .husky/<hook>) is the team's: agentops edits it only when asked. Without
  // it the installer prints the snippet to add (lefthook gets the untracked
  // lefthook-local.yml instead).
  bool write_manager_config = false;
};

struct HookAction {
  std::string hook;    // "pre-commit"
  std::string path;    // the hook file written or removed
  std::string action;  // what happened, one line
  // Text for the user to add by hand (a manager config snippet), or a command to run.
  std::string snippet;
  // false: this hook does not reach agentops yet (the action says what to do).
  bool reached = true;
};

// The hook managers agentops lives beside (docs/hook-managers.md). agentops
// is called from each by name from PATH, the way each expects:
// pre-commit framework: a `repo: local` block with hook ids agentops-*;
// lefthook: commands named agentops (pre-push with use_stdin: true);
// husky 9: a line in .husky/<hook>.
enum class HookManager { pre_commit, lefthook, husky };
const char* manager_name(HookManager manager);

struct ManagerFound {
  HookManager manager;
  std::string config;    // its config file (absolute), "" when none yet
  bool owns_hooks;       // its scripts are in the hooks directory git runs
};
// Every manager the repository shows: a config file, or the manager's own
// scripts in the hooks directory.
Result<std::vector<ManagerFound>> detect_hook_managers(const git::Repository& repo);

// The text agentops adds to a manager's config, between marker comments
// (kManagerBlockBegin/End, or the kManagerLineMarker at the end of a husky line).
std::string manager_snippet(HookManager manager, const std::string& hook, const std::string& indent = "");

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

// --- Coding agents' own hook configs (agentops-install --agents; docs/agents.md) ---
// Each agent's PROJECT config is written or merged so that the agent calls
// `agentops hook AGENT EVENT` before a file write or shell command (and at its
// stop event). Entries are inserted as text: every byte the user wrote stays;
// reinstalling changes nothing; uninstalling restores the file byte for byte
// when nothing else changed since (the bytes from before are kept under
// <git common dir>/agentops/agents/), else removes only agentops' entries.
enum class Agent { claude, codex, gemini, cursor, copilot, aider };
const char* agent_name(Agent agent);
// "claude,codex" or "all" (every agent, in the order above); an unknown name
// is an error naming the known ones.
Result<std::vector<Agent>> parse_agent_list(const std::string& list);

struct AgentInstallOptions {
  std::string repo_path = ".";  // a repository with a work tree
  std::vector<Agent> agents;
  // The command the configs run, looked up on PATH by the agent's shell: a
  // tracked settings file is shared between machines, so no absolute path of
  // this one unless asked for (--agent-command PATH).
  std::string agent_command = "agentops";
};
// One HookAction per file: hook = the agent's name, path = the file (relative
// to the work tree). Nothing is written when any file cannot be merged (does
// not parse, uses comments, is a symlink, read-only or a directory).
Result<std::vector<HookAction>> install_agent_configs(const AgentInstallOptions& options);
Result<std::vector<HookAction>> uninstall_agent_configs(const AgentInstallOptions& options);
// The shell command an agent's config runs for `event`: agentops when on PATH,
// else the agent's own "deny" (exit 2, or a JSON denial for cursor/copilot).
std::string agent_hook_command(Agent agent, const std::string& event, const std::string& agent_command);

inline constexpr const char* kHookMarker = "# agentops-managed hook";
inline constexpr const char* kPreviousSuffix = ".agentops-previous";
inline constexpr const char* kManagerBlockBegin = "# >>> agentops-install (agentops-install --uninstall removes this block)";
inline constexpr const char* kManagerBlockEnd = "# <<< agentops-install";
inline constexpr const char* kManagerLineMarker = "# agentops-install";

}  // namespace agentops
