// agentops-commit-msg: git's commit-msg hook (argument: the message file).
// Decides the human gate for the staged change from the message's approval
// trailer. Fails closed.
#include <cstdio>

#include "agentops/check.h"
#include "agentops/report.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fputs("agentops commit-msg: error: git passes the message file as the first argument\n", stderr);
    return 2;
  }
  auto repo = agentops::git::open_repository({});
  auto report = repo ? agentops::check_commit_message(*repo, argv[1])
                     : agentops::Result<agentops::Report>(repo.error());
  if (!report) {
    std::fprintf(stderr, "agentops commit-msg: error: %s\nagentops: commit blocked (fail closed)\n",
                 report.error().message.c_str());
    return 2;
  }
  std::fputs(agentops::format_text(*report).c_str(), stderr);
  return agentops::exit_code(*report);
}
