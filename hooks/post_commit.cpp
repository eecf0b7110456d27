// agentops-post-commit: git's post-commit hook. git runs it even after
// `git commit --no-verify`: when pre-commit and commit-msg did not both allow
// exactly this commit's tree and message, it records a bypass in the decision
// log and says at once what pre-push will refuse. Never blocks (the commit
// exists already). A checked commit costs two stamp files and HEAD: no policy.
#include <cstdio>

#include "agentops/bypass.h"
#include "agentops/telemetry.h"
#include "hook_help.h"

constexpr const char* kUsage =
    "usage: agentops-post-commit\n"
    "  git's post-commit hook (git runs it even after git commit --no-verify): when the commit\n"
    "  just made was not allowed by agentops' pre-commit and commit-msg for exactly its tree and\n"
    "  message (--no-verify, a hook manager that displaced agentops, a message changed after\n"
    "  commit-msg), it records a bypass in the decision log (agentops report lists it) and judges\n"
    "  the commit as pre-push will, printing what pre-push will refuse.\n"
    "  Takes no arguments; never blocks (the commit exists already).\n"
    "  Normally run by git (agentops-install puts it in the repository's hooks), not by hand.\n";

int main(int argc, char** argv) {
  if (is_help_request(argc, argv)) return print_help(kUsage);
  auto repo = agentops::git::open_repository({});
  if (!repo) {
    std::fprintf(stderr, "agentops: warning: post-commit cannot open the repository (%s), so it cannot tell "
                         "whether agentops checked this commit; pre-push and CI will\n",
                 repo.error().message.c_str());
    return 0;
  }
  const agentops::NewCommitCheck check = agentops::check_new_commit(*repo);
  std::fputs(check.warning.c_str(), stderr);
  if (check.verdict != agentops::NewCommitCheck::Verdict::bypass) return 0;
  auto judged = agentops::judge_made_commit(*repo, check.commit);
  std::fputs(agentops::format_bypass_judgement(check, judged).c_str(), stderr);
  if (auto recorded = agentops::record_bypass(*repo, check.commit, check.why, judged ? &*judged : nullptr); !recorded)
    std::fprintf(stderr, "agentops: warning: bypass not recorded: %s\n", recorded.error().message.c_str());
  return 0;
}
