// --help and -h on a hook executable: print its usage to stdout and exit 0
// without running the hook (a person looking up what it does must not get
// "commit blocked (fail closed)", nor a hook waiting on stdin).
#pragma once

#include <cstdio>
#include <cstring>

// Only "--help" or "-h" as the sole argument asks for help. Git never passes
// that to a hook: pre-commit and pre-receive get no argument, pre-push two
// (remote name and URL), commit-msg and prepare-commit-msg first the path of
// the message file git created (.git/COMMIT_EDITMSG or an absolute path), and
// hook managers pass git's arguments through. So a run from git can never be
// mistaken for a help request and skip its check.
inline bool is_help_request(int argc, char** argv) {
  return argc == 2 && (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0);
}

inline int print_help(const char* usage) {
  std::fputs(usage, stdout);
  return 0;
}
