// The pre-write judge: one file an agent is about to write, judged as the
// pre-commit hook would judge it once staged, before it is written. The same
// Evaluator and staged policy decide secrets, content rules, path.forbidden,
// path.protected and limit.file-bytes; change-wide limits (files or lines per
// commit) are left to the git layers, which see the whole change.
#pragma once

#include <string>
#include <vector>

#include "agentops/findings.h"
#include "agentops/git.h"
#include "agentops/policy.h"
#include "agentops/result.h"
#include "agents/action.h"

namespace agentops::agents {

// Where the repository lies on disk, symbolic links resolved.
struct WriteContext {
  const git::Repository* repo = nullptr;
  const Policy* policy = nullptr;
  std::string cwd;                    // relative paths of the payload start here
  std::string workdir;                // the work tree root, resolved, no trailing '/'
  std::vector<std::string> git_dirs;  // the git dir and the common dir, resolved
  // The repository's other work trees (the main one, linked ones), resolved:
  // a write there is a write to this repository's files too.
  std::vector<std::string> other_workdirs;
};

Result<WriteContext> write_context(const git::Repository& repo, const Policy& policy, const std::string& cwd);

// Where a path an agent names lands.
struct Target {
  enum class Place { outside, work_tree, git_dir } place = Place::outside;
  std::string relative;  // to the work tree root, or to the git dir
  std::string absolute;  // resolved
  // Below a nested repository of the work tree (a submodule, a cloned
  // dependency): the path inside the innermost one, whose own hooks and
  // agent configs run there. Empty otherwise.
  std::string nested_relative;
};
Target locate(const WriteContext& context, const std::string& path);

// The findings the writes of one tool call make, judged together as one change
// (every severity; the caller decides).
Result<std::vector<Finding>> judge_writes(const WriteContext& context, const std::vector<FileWrite>& writes);

// The secret findings of a file's text an agent is about to read.
Result<std::vector<Finding>> judge_read(const WriteContext& context, const std::string& path,
                                        const std::string& content);

}  // namespace agentops::agents
