// agentops-pre-commit: git's pre-commit hook. Checks the change git is about to
// commit (GIT_INDEX_FILE honoured) and blocks it on a finding. Fails closed.
#include <cstdio>

#include "agentops/check.h"
#include "agentops/decision_log.h"
#include "agentops/doctor.h"
#include "agentops/report.h"
#include "hook_help.h"
#include "hook_result.h"

constexpr const char* kUsage =
    "usage: agentops-pre-commit\n"
    "  git's pre-commit (and pre-merge-commit) hook: checks the change about to be committed\n"
    "  (the index against HEAD, GIT_INDEX_FILE honoured) against .agentops/policy.toml.\n"
    "  Takes no arguments.\n"
    "  Normally run by git (agentops-install puts it in the repository's hooks) or by a hook\n"
    "  manager (pre-commit, lefthook, husky), not by hand.\n"
    "  The same check by hand: agentops check --staged\n"
    "  exit codes: 0 allowed, 1 blocked by policy, 2 usage, configuration or internal error\n"
    "  (blocks the commit: fail closed)\n";

int main(int argc, char** argv) {
  if (is_help_request(argc, argv)) return print_help(kUsage);
  agentops::record_canary("agentops-pre-commit");
  auto repo = agentops::git::open_repository({});
  auto report = repo ? agentops::check_staged(*repo, "pre-commit")
                     : agentops::Result<agentops::Report>(repo.error());
  if (!report) {
    std::fprintf(stderr, "agentops pre-commit: error: %s\nagentops: commit blocked (fail closed)\n",
                 report.error().message.c_str());
    return 2;
  }
  const int exit_code = finish_hook(*repo, *report, agentops::commit_attempt(*repo));
  // For post-commit: this tree was judged (a commit made without this hook is not).
  if (exit_code == 0) agentops::record_allowed_tree(*repo);
  return exit_code;
}
