// agentops-pre-commit: git's pre-commit hook. Checks the change git is about to
// commit (GIT_INDEX_FILE honoured) and blocks it on a finding. Fails closed.
#include <cstdio>

#include "agentops/check.h"
#include "agentops/report.h"
#include "hook_result.h"

int main() {
  auto repo = agentops::git::open_repository({});
  auto report = repo ? agentops::check_staged(*repo, "pre-commit")
                     : agentops::Result<agentops::Report>(repo.error());
  if (!report) {
    std::fprintf(stderr, "agentops pre-commit: error: %s\nagentops: commit blocked (fail closed)\n",
                 report.error().message.c_str());
    return 2;
  }
  return finish_hook(*repo, *report);
}
