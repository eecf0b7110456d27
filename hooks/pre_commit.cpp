// agentops-pre-commit: git's pre-commit hook. Checks the change git is about to
// commit (GIT_INDEX_FILE honoured) and blocks it on a finding. Fails closed.
#include <cstdio>

#include "agentops/check.h"
#include "agentops/doctor.h"
#include "agentops/report.h"
#include "hook_result.h"

int main() {
  agentops::record_canary("agentops-pre-commit");
  auto repo = agentops::git::open_repository({});
  auto report = repo ? agentops::check_staged(*repo, "pre-commit")
                     : agentops::Result<agentops::Report>(repo.error());
  if (!report) {
    std::fprintf(stderr, "agentops pre-commit: error: %s\nagentops: commit blocked (fail closed)\n",
                 report.error().message.c_str());
    return 2;
  }
  const int exit_code = finish_hook(*repo, *report);
  // For post-commit: this tree was judged (a commit made without this hook is not).
  if (exit_code == 0) agentops::record_allowed_tree(*repo);
  return exit_code;
}
