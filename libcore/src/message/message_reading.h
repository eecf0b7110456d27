// How git will record a commit message file, as the commit-msg and
// pre-commit checks need to know it: the cleanups git may apply (exactly one
// when the invoking `git commit` can be read, every plausible one when not),
// the comment character and trailer syntax git's reader uses, and whether git
// is amending.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "agentops/git.h"
#include "agentops/message.h"

namespace agentops::detail {

// A config value as git sees it in a hook: `git -c` / GIT_CONFIG_* (which
// libgit2 does not read) over the repository's config files.
std::optional<std::string> git_config_value(const git::Repository& repo, const char* key);

// The ways git may clean the message file, and how its trailers are read.
struct MessageReading {
  // One per cleanup git may apply (deduplicated): exactly one when the
  // invoking `git commit` is known, else every plausible one.
  std::vector<std::string> messages;
  bool exact = false;       // the invoking `git commit` was read
  bool amend = false;       // it amends HEAD
  char comment_char = '#';  // the one git most likely writes its comments with
  char reader_char = '#';   // the one git's trailer reader uses on the recorded message
  TrailerSyntax syntax;     // and its trailer.* config
};

// `in_hook`: called from a hook git runs, so the invoking git can be read.
MessageReading read_message(const git::Repository& repo, const std::string& raw, bool in_hook);

// Whether the hook runs under `git commit --amend` (pre-commit and commit-msg).
bool amending(const git::Repository& repo, bool in_hook);

}  // namespace agentops::detail
