// Running a command (doctor, ssh-keygen, gpg): in a chosen directory, with the git
// variables of a calling hook removed, a bounded time, and output collected.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "agentops/result.h"

namespace agentops::process {

struct ChildRun {
  std::vector<std::string> argv;  // argv[0] is looked up on PATH
  std::string directory;          // cwd of the child ("" keeps ours)
  std::vector<std::pair<std::string, std::string>> environment;  // set in the child
  std::string input;              // written to the child's stdin
  int timeout_ms = 30000;
};

struct ChildResult {
  int exit_code = -1;  // -1 when killed or not exited
  bool timed_out = false;
  std::string out;
  std::string err;
};

// The child runs in its own process group, so a timeout ends everything it
// started. GIT_DIR, GIT_WORK_TREE, GIT_INDEX_FILE and the other repository
// variables git gives a hook are removed unless `environment` sets them.
Result<ChildResult> run_child(const ChildRun& run);

// `git -C directory args...`; git's stdout, or an error with git's message.
Result<std::string> git_in(const std::string& directory, const std::vector<std::string>& args);

// The file `name` resolves to on PATH (as execvp would find it), or "".
std::string find_on_path(const std::string& name);

}  // namespace agentops::process
