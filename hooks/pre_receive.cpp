// agentops-pre-receive: a git server's pre-receive hook (stdin: "old new ref"
// per updated ref). Refuses a push whose new commits, tags, trees or blobs, or
// ref updates break the policy on the server's policy branch, with the same
// findings as the client hooks: a layer skipped on the client (--no-verify) is
// caught here. Run it with git's environment: the pushed objects are only
// visible through git's quarantine variables.
#include <cstdio>
#include <string>

#include "agentops/push.h"
#include "agentops/report.h"
#include "hook_result.h"
#include "stdin_text.h"

int main() {
  const std::string input = read_stdin();
  agentops::PushOptions options;
  options.stage = "pre-receive";
  auto repo = agentops::git::open_repository({});
  auto updates = agentops::parse_pre_receive_input(input);
  auto report = !repo       ? agentops::Result<agentops::Report>(repo.error())
                : !updates ? agentops::Result<agentops::Report>(updates.error())
                           : agentops::check_push(*repo, *updates, options);
  if (!report) {
    std::fprintf(stderr, "agentops pre-receive: error: %s\nagentops: push refused (fail closed)\n",
                 report.error().message.c_str());
    return 2;
  }
  return finish_hook(*repo, *report);
}
