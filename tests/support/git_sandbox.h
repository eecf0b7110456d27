// A throwaway git repository driven by the real `git` binary, for tests that
// must see what a user sees. Every sandbox lives in its own temporary directory
// and ignores the machine's global and system git config.
#pragma once

#include <string>

namespace agentops::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `command` with /bin/sh in `directory`; captures stdout and stderr.
CommandResult run_command(const std::string& command, const std::string& directory);

// Single-quotes `text` for /bin/sh.
std::string quote(const std::string& text);

// Where the built agentops executables are (build/bin).
std::string bin_dir();
std::string bin(const std::string& name);

// A hook manager the tests run agentops beside, as a real binary: "pre-commit"
// (Debian's package, from PATH), "lefthook" or "husky" (npm, installed by
// scripts/peer_tools.sh into .peer-tools/, or $AGENTOPS_PEER_TOOLS_DIR).
// Empty when the tool is not installed.
std::string peer_tool(const std::string& name);
// peer_tool(name), or "" after skipping the current test when it is missing;
// with AGENTOPS_REQUIRE_PEER_TOOLS=1 (CI) a missing tool fails the test instead.
// Use: `const auto lefthook = require_peer_tool("lefthook"); if (lefthook.empty()) return;`
std::string require_peer_tool(const std::string& name);

class GitSandbox {
 public:
  // Creates a directory and, unless bare_only, `git init`s a repository on branch main.
  explicit GitSandbox(bool init = true);
  ~GitSandbox();
  GitSandbox(const GitSandbox&) = delete;
  GitSandbox& operator=(const GitSandbox&) = delete;

  const std::string& root() const { return root_; }
  std::string path(const std::string& relative) const { return root_ + "/" + relative; }

  CommandResult run(const std::string& command) const { return run_command(command, root_); }
  // Runs `git <args>` and fails the current test when git fails.
  std::string git(const std::string& args) const;

  void write(const std::string& relative, const std::string& content) const;
  // git add + git commit --no-verify, for setting up history.
  void commit_file(const std::string& relative, const std::string& content,
                   const std::string& message = "setup") const;
  // Commits `text` as .agentops/policy.toml, skipping the hooks: set-up only
  // (the commit adding a policy is judged by that policy, and by the gate).
  void commit_policy(const std::string& text) const;
  int commit_count() const;
  // agentops-install --repo root; fails the test when it fails.
  void install_hooks() const;

 private:
  std::string root_;
};

}  // namespace agentops::testing
