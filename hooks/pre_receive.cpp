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
#include "hook_help.h"
#include "hook_result.h"
#include "stdin_text.h"

constexpr const char* kUsage =
    "usage: agentops-pre-receive\n"
    "  stdin: one line per ref update, \"<old oid> <new oid> <ref>\"\n"
    "  A git server's pre-receive hook: refuses a push whose commits or ref updates break the\n"
    "  policy of the server's policy branch. Needs git's environment (quarantine variables).\n"
    "  Normally run by git on the server (agentops-install --repo BARE.git puts it in the\n"
    "  repository's hooks), not by hand. In CI: agentops check --range BASE..HEAD\n"
    "  exit codes: 0 allowed, 1 blocked by policy, 2 usage, configuration or internal error\n"
    "  (refuses: fail closed)\n";

int main(int argc, char** argv) {
  if (is_help_request(argc, argv)) return print_help(kUsage);
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
