// Asking the git binary for what libgit2 1.5 cannot read itself (a split or
// sparse index): runs git without a shell and returns what it printed.
#pragma once

#include <string>
#include <vector>

#include "agentops/result.h"

namespace agentops::git::detail {

// Runs `git args...` (stdin /dev/null, stderr captured for the error) and
// returns its standard output; an error when git cannot start or exits non-zero.
Result<std::string> run_git(const std::vector<std::string>& args);

}  // namespace agentops::git::detail
