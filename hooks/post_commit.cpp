// agentops-post-commit: git's post-commit hook. Warns (never blocks: the
// commit exists already) when agentops' pre-commit did not judge the commit
// just made, e.g. after --no-verify or when a hook manager displaced agentops.
// Runs on every commit, so it loads no policy: one stamp file and HEAD.
#include <cstdio>

#include "agentops/doctor.h"
#include "hook_help.h"

constexpr const char* kUsage =
    "usage: agentops-post-commit\n"
    "  git's post-commit hook: warns when the commit just made was not judged by agentops'\n"
    "  pre-commit (git commit --no-verify, or a hook manager that displaced agentops).\n"
    "  Takes no arguments; never blocks (the commit exists already).\n"
    "  Normally run by git (agentops-install puts it in the repository's hooks), not by hand.\n";

int main(int argc, char** argv) {
  if (is_help_request(argc, argv)) return print_help(kUsage);
  auto repo = agentops::git::open_repository({});
  if (!repo) return 0;
  const std::string warning = agentops::unchecked_commit_warning(*repo);
  if (!warning.empty()) std::fputs(warning.c_str(), stderr);
  return 0;
}
