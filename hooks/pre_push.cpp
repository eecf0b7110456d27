// agentops-pre-push: git's pre-push hook (arguments: remote name and URL; stdin:
// the ref updates). Re-checks everything the push would give the remote and
// the [branches] rules, under the remote's policy, so a commit made with
// --no-verify is caught here. Called by a hook manager that keeps git's stdin
// (lefthook without use_stdin, the pre-commit framework), it works out what
// the push updates, and fails closed when it cannot.
#include <cstdio>
#include <string>

#include "agentops/doctor.h"
#include "agentops/push.h"
#include "agentops/report.h"
#include "hook_help.h"
#include "hook_result.h"
#include "progress_line.h"
#include "stdin_text.h"

constexpr const char* kUsage =
    "usage: agentops-pre-push REMOTE URL\n"
    "  stdin: one line per ref update, \"<local ref> <local oid> <remote ref> <remote oid>\"\n"
    "  git's pre-push hook: re-checks every commit the push would give the remote, and the\n"
    "  [branches] rules, against the policy on the remote's side.\n"
    "  Normally run by git (agentops-install puts it in the repository's hooks) or by a hook\n"
    "  manager (pre-commit, lefthook, husky), not by hand.\n"
    "  exit codes: 0 allowed, 1 blocked by policy, 2 usage, configuration or internal error\n"
    "  (blocks the push: fail closed)\n";

int main(int argc, char** argv) {
  if (is_help_request(argc, argv)) return print_help(kUsage);
  const std::string input = read_stdin();
  // The canary also learns whether the ref updates came through a wrapper.
  agentops::record_canary(input.empty() ? "agentops-pre-push" : "agentops-pre-push stdin");
  const auto environment = agentops::pre_commit_push_environment();
  agentops::PushOptions options;
  options.stage = "pre-push";
  options.remote = argc > 1 ? argv[1] : environment.remote_name;
  options.url = argc > 2 ? argv[2] : environment.remote_url;
  options.fetch_missing = true;
  options.progress = progress_line();
  auto repo = agentops::git::open_repository({});
  const bool no_input = input.find_first_not_of(" \t\r\n") == std::string::npos;
  // An empty stdin from git itself means no ref needs updating, unless a
  // script line before agentops read it; from anyone else it means the
  // updates never arrived.
  auto updates = !repo ? agentops::Result<std::vector<agentops::RefUpdate>>(repo.error())
                 : !no_input ? agentops::parse_pre_push_input(input)
                 : environment.present() || !agentops::stdin_is_from_git()
                     ? agentops::updates_without_stdin(*repo, options.remote, environment)
                     : agentops::updates_behind_empty_stdin_from_git(*repo, options.remote);
  auto report = !repo       ? agentops::Result<agentops::Report>(repo.error())
                : !updates ? agentops::Result<agentops::Report>(updates.error())
                           : agentops::check_push(*repo, *updates, options);
  if (!report) {
    std::fprintf(stderr, "agentops pre-push: error: %s\nagentops: push blocked (fail closed)\n",
                 report.error().message.c_str());
    return 2;
  }
  // Commits reach here unchecked when a hook manager displaced agentops' commit hooks: say so, never block.
  for (const auto& warning : agentops::displaced_commit_hook_warnings(*repo))
    std::fprintf(stderr, "agentops: warning: %s\n", warning.c_str());
  return finish_hook(*repo, *report);
}
