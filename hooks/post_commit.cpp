// agentops-post-commit: git's post-commit hook. Warns (never blocks: the
// commit exists already) when agentops' pre-commit did not judge the commit
// just made, e.g. after --no-verify or when a hook manager displaced agentops.
// Runs on every commit, so it loads no policy: one stamp file and HEAD.
#include <cstdio>

#include "agentops/doctor.h"

int main() {
  auto repo = agentops::git::open_repository({});
  if (!repo) return 0;
  const std::string warning = agentops::unchecked_commit_warning(*repo);
  if (!warning.empty()) std::fputs(warning.c_str(), stderr);
  return 0;
}
