// agentops-prepare-commit-msg: git's prepare-commit-msg hook (arguments: the
// message file, the message's source, a commit id). For a message the author
// is about to write from nothing, puts the policy's requirements above git's
// own comments. Messages from -m, -F, templates, merges, squashes and amends
// are left alone.
#include <cstdio>
#include <fstream>
#include <sstream>

#include "agentops/check.h"
#include "hook_help.h"

constexpr const char* kUsage =
    "usage: agentops-prepare-commit-msg MESSAGE_FILE [SOURCE [COMMIT]]\n"
    "  git's prepare-commit-msg hook: when the message starts empty (no SOURCE), puts the\n"
    "  policy's message requirements above git's comments in MESSAGE_FILE.\n"
    "  Normally run by git (agentops-install puts it in the repository's hooks) or by a hook\n"
    "  manager (pre-commit, lefthook, husky), not by hand.\n"
    "  exit codes: 0 done (the message file may be unchanged), 2 usage, configuration or internal error\n"
    "  (stops the commit: fail closed)\n";

int main(int argc, char** argv) {
  if (is_help_request(argc, argv)) return print_help(kUsage);
  if (argc < 2) {
    std::fputs("agentops prepare-commit-msg: error: git passes the message file as the first argument\n", stderr);
    return 2;
  }
  if (argc > 2 && argv[2][0] != '\0') return 0;  // message, template, merge, squash or commit
  auto repo = agentops::git::open_repository({});
  auto text = repo ? agentops::prepare_message_template(*repo, argv[1])
                   : agentops::Result<std::string>(repo.error());
  if (!text) {
    std::fprintf(stderr, "agentops prepare-commit-msg: error: %s\nagentops: commit blocked (fail closed)\n",
                 text.error().message.c_str());
    return 2;
  }
  if (text->empty()) return 0;
  std::ifstream in(argv[1], std::ios::binary);
  std::ostringstream current;
  current << in.rdbuf();
  std::ofstream out(argv[1], std::ios::binary | std::ios::trunc);
  if (!(out << *text << current.str())) {
    std::fprintf(stderr, "agentops prepare-commit-msg: error: cannot write %s\n", argv[1]);
    return 2;
  }
  return 0;
}
