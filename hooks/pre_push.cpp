// agentops-pre-push: git's pre-push hook (arguments: remote name and URL; stdin:
// the ref updates). Re-checks everything the push would give the remote and
// the [branches] rules, under the remote's policy, so a commit made with
// --no-verify is caught here.
#include <cstdio>
#include <string>

#include "agentops/doctor.h"
#include "agentops/push.h"
#include "agentops/report.h"
#include "hook_result.h"
#include "progress_line.h"
#include "stdin_text.h"

int main(int argc, char** argv) {
  const std::string input = read_stdin();
  // The canary also learns whether the ref updates came through a wrapper.
  agentops::record_canary(input.empty() ? "agentops-pre-push" : "agentops-pre-push stdin");
  agentops::PushOptions options;
  options.stage = "pre-push";
  options.remote = argc > 1 ? argv[1] : "";
  options.url = argc > 2 ? argv[2] : "";
  options.fetch_missing = true;
  options.progress = progress_line();
  auto repo = agentops::git::open_repository({});
  auto updates = agentops::parse_pre_push_input(input);
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
