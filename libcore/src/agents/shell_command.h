// Judging a shell command an agent is about to run: refused when it skips or
// disables the git layers (hooks skipped, hooks path changed, hook files
// written) or force-pushes or deletes a protected branch. Everything else
// passes: this is the first line, not the last; the git, CI and server layers
// catch what a shell can hide.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace agentops::agents {

struct ShellContext {
  std::vector<std::string> protected_branches;  // the policy's [branches] protected globs
  std::string current_branch;                   // HEAD's branch ("" when detached or unknown)
  // The repository's git aliases (alias.NAME -> its value; NAME lower-case), so
  // `git ci -n` is judged as `git commit -n` when alias.ci = commit.
  std::map<std::string, std::string> git_aliases;
  // core.hooksPath when the repository sets one (relative to the worktree, e.g.
  // ".husky"): writes there count as writes to the hooks. Empty: only .git/hooks.
  std::string hooks_directory;
  // Where the command runs, relative to the worktree root ("": the root), and
  // the root itself (absolute, "" when unknown): a write to ../.husky/pre-commit
  // from src/, or to /abs/repo/.husky/pre-commit, reaches hooks_directory too.
  std::string working_directory;
  std::string worktree_root;
};

struct ShellRefusal {
  std::string rule;     // stable id: "agent.skip-hooks", "agent.hooks-path", ...
  std::string message;  // what the command would do, one line
  std::string hint;     // what to do instead
};

// The reasons to refuse `command` (a POSIX shell command line); empty: it passes.
std::vector<ShellRefusal> judge_shell_command(std::string_view command, const ShellContext& context);

}  // namespace agentops::agents
