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
    "                        [--write-manager-config]\n"
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
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--repo" && i + 1 < argc) {
      options.repo_path = argv[++i];
    } else if (arg == "--bin-dir" && i + 1 < argc) {
      options.bin_dir = argv[++i];
    } else if (arg == "--work-tree" && i + 1 < argc) {
      options.work_tree = argv[++i];
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
  auto actions = uninstall ? agentops::uninstall_hooks(options) : agentops::install_hooks(options);
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
