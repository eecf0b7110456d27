// agentops-install: puts agentops' hooks into a repository (or takes them out)
// without losing any hook that was already there.
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>

#include "agentops/install.h"

namespace {

constexpr const char* kUsage =
    "usage: agentops-install [--repo DIR] [--work-tree DIR] [--bin-dir DIR] [--uninstall] [--into-working-tree]\n"
    "                        [--write-manager-config] [--agents LIST [--agent-command PATH]]\n"
    "  Installs agentops' git hooks into the repository at DIR (default: the current one).\n"
    "  A hook already there is kept as <hook>.agentops-previous and still runs first.\n"
    "  --work-tree DIR  DIR is the work tree of the bare repository --repo (the dotfiles pattern,\n"
    "                 git --git-dir=REPO --work-tree=DIR): install the commit hooks as well as pre-receive\n"
    "  --bin-dir DIR  where the agentops-* executables are (default: next to this program)\n"
    "  --uninstall    remove agentops' hooks and restore the ones they kept\n"
    "  --into-working-tree  install even when core.hooksPath is inside the working tree\n"
    "  --write-manager-config  with a hook manager (pre-commit framework, lefthook, husky), add agentops to its\n"
    "                 tracked config (.pre-commit-config.yaml, lefthook.yml, .husky/<hook>) instead of printing\n"
    "                 what to add. lefthook gets the untracked lefthook-local.yml without it.\n"
    "  --agents LIST  also write each coding agent's project config so it calls `agentops hook` before a file\n"
    "                 write or shell command: claude, codex, gemini, cursor, copilot, aider, or all (comma-separated).\n"
    "                 With --uninstall, removes only those agents' entries (the git hooks stay). docs/agents.md\n"
    "  --agent-command PATH  the agentops the agents' configs run (default: agentops, found on PATH)\n"
    "  With a hook manager agentops goes into its config, calling agentops-* by name from PATH\n"
    "  (docs/hook-managers.md). Exit 1 when a hook does not reach agentops yet: the report says what to do.\n";

std::string own_directory() {
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string(".") : self.parent_path().string();
}

}  // namespace

int main(int argc, char** argv) {
  agentops::InstallOptions options;
  options.bin_dir = own_directory();
  bool uninstall = false;
  std::string agent_list;
  bool agents_given = false;
  agentops::AgentInstallOptions agent_options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--repo" && i + 1 < argc) {
      options.repo_path = argv[++i];
    } else if (arg == "--bin-dir" && i + 1 < argc) {
      options.bin_dir = argv[++i];
    } else if (arg == "--work-tree" && i + 1 < argc) {
      options.work_tree = argv[++i];
    } else if (arg == "--agents" && i + 1 < argc) {
      agent_list = argv[++i];
      agents_given = true;
    } else if (arg == "--agent-command" && i + 1 < argc) {
      agent_options.agent_command = argv[++i];
    } else if (arg == "--uninstall") {
      uninstall = true;
    } else if (arg == "--write-manager-config") {
      options.write_manager_config = true;
    } else if (arg == "--into-working-tree") {
      options.into_working_tree = true;
    } else if (arg == "-h" || arg == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    } else {
      std::fprintf(stderr, "agentops-install: unknown argument '%s'\n%s", arg.c_str(), kUsage);
      return 2;
    }
  }
  if (agents_given) {
    auto agents = agentops::parse_agent_list(agent_list);
    if (!agents) {
      std::fprintf(stderr, "agentops-install: %s\n%s", agents.error().message.c_str(), kUsage);
      return 2;
    }
    agent_options.agents = *agents;
    agent_options.repo_path = options.repo_path;
  }
  // --agents adds the agents' configs on top of the git hooks, which stay the
  // authority; --uninstall --agents takes out only the agents' entries. The
  // agents' files go first: one that cannot be merged stops everything before
  // anything changed.
  agentops::Result<std::vector<agentops::HookAction>> actions = std::vector<agentops::HookAction>{};
  if (agents_given)
    actions = uninstall ? agentops::uninstall_agent_configs(agent_options)
                        : agentops::install_agent_configs(agent_options);
  if (actions && !(uninstall && agents_given)) {
    auto hook_actions = uninstall ? agentops::uninstall_hooks(options) : agentops::install_hooks(options);
    if (!hook_actions)
      actions = hook_actions.error();
    else
      actions->insert(actions->end(), hook_actions->begin(), hook_actions->end());
  }
  if (!actions) {
    std::fprintf(stderr, "agentops-install: error: %s\n", actions.error().message.c_str());
    return 2;
  }
  if (actions->empty()) std::printf("agentops-install: nothing to do\n");
  int unreached = 0;
  for (const auto& action : *actions) {
    std::printf("%s: %s (%s)\n", action.hook.c_str(), action.action.c_str(), action.path.c_str());
    if (!action.snippet.empty()) std::printf("%s", action.snippet.c_str());
    if (!action.reached) ++unreached;
  }
  if (unreached) {
    std::printf("agentops-install: %d item(s) above do not reach agentops yet; until they do, those checks do not run\n",
                unreached);
    return 1;
  }
  return 0;
}
