// git is the oracle: each command runs for real in a sandbox whose pre-commit
// hook refuses every commit and leaves a mark. A command that commits without
// the mark skipped the hooks, and the judge must refuse it; a command that ran
// the hook must pass. (A command git rejects, e.g. an ambiguous abbreviation,
// does neither: the judge may refuse it, it changes nothing.)
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "agents/shell_command.h"
#include "git_sandbox.h"

namespace agentops::agents {
namespace {

using agentops::testing::GitSandbox;

struct GitOutcome {
  bool committed = false;
  bool hook_ran = false;
};

class ShellGitOracle : public ::testing::Test {
 protected:
  void SetUp() override {
    sandbox_.commit_file("README.md", "start\n");
    sandbox_.write(".git/hooks/pre-commit", "#!/bin/sh\ntouch \"$(git rev-parse --git-dir)/hook-ran\"\nexit 1\n");
    std::filesystem::permissions(sandbox_.path(".git/hooks/pre-commit"), std::filesystem::perms::owner_all);
  }

  GitOutcome run(const std::string& command) {
    sandbox_.write("change.txt", std::to_string(++changes_) + "\n");
    sandbox_.git("add change.txt");
    std::filesystem::remove(sandbox_.path(".git/hook-ran"));
    const int before = sandbox_.commit_count();
    sandbox_.run(command);
    GitOutcome outcome;
    outcome.committed = sandbox_.commit_count() > before;
    outcome.hook_ran = std::filesystem::exists(sandbox_.path(".git/hook-ran"));
    sandbox_.run("git config --unset-all core.hooksPath; git config --unset-all alias.ci");
    return outcome;
  }

  void expect_judged_as_git_runs(const std::vector<std::string>& commands) {
    ShellContext context;
    context.protected_branches = {"main"};
    context.current_branch = "main";
    int skipped = 0, ran = 0;
    for (const auto& command : commands) {
      const GitOutcome outcome = run(command);
      const bool refused = !judge_shell_command(command, context).empty();
      if (outcome.committed && !outcome.hook_ran) {
        ++skipped;
        EXPECT_TRUE(refused) << "git skipped the hook, the judge let it through: " << command;
      }
      if (outcome.hook_ran) {
        ++ran;
        EXPECT_FALSE(refused) << "git ran the hook, the judge refused: " << command;
      }
    }
    // The sandbox works: both outcomes occurred.
    EXPECT_GT(skipped, 0);
    EXPECT_GT(ran, 0);
  }

  GitSandbox sandbox_;
  int changes_ = 0;
};

TEST_F(ShellGitOracle, CommitOptionsAreReadAsGitReadsThem) {
  expect_judged_as_git_runs({
      "git commit -m x",
      "git commit --no-verify -m x",
      "git commit -n -m x",
      "git commit -nm x",
      "git commit -qnm x",
      "git commit -m -n",
      "git commit -mn",
      "git commit -m x --no-veri",
      "git commit -m x --no-verif",
      "git commit -m x --no-ve",
      "git commit -m x --no-verify --verify",
      "git commit -m x --no-verify --no-no-verify",
      "git commit -m x --verify --no-verify",
      "git commit -F - -n <<EOF\nmessage\nEOF",
      "git commit --message --no-verify",
      "git commit --mess --no-verify",
      "git commit --author 'A <a@b>' -m x",
      "git commit -m x -- -n",
      "git commit -m x -uno -n",
      "git commit -m \"do not use --no-verify\"",
  });
}

TEST_F(ShellGitOracle, ShellFormsAreReadAsTheShellRunsThem) {
  expect_judged_as_git_runs({
      "true && git commit --no-verify -m x",
      "sh -c 'git commit -n -m x'",
      "F=--no-verify; git commit $F -m x",
      "git commit $'--no-\\x76erify' -m x",
      "git commit -m \"$(cat <<'EOF'\nIt's a message (with parens)\nEOF\n)\" --no-verify",
      "echo git commit --no-verify -m x",
      "git -c core.hooksPath=/dev/null commit -m x",
      "git -c core.hooksPath commit -m x",
      "git config core.hooksPath /dev/null && git commit -m x",
      "git config core.hooksPath; git commit -m x",
      "git -c alias.ci='commit --no-verify' ci -m x",
      "GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=core.hooksPath GIT_CONFIG_VALUE_0=/dev/null git commit -m x",
  });
}

// Pushes: a bare remote holds main; the local main is rewritten (amended), so
// only a forced push moves the remote's main, and a deleting push removes it.
// A command after which the remote's main was rewritten or deleted must be
// refused; one after which it is unchanged may pass.
TEST(ShellGitPushOracle, ForcedAndDeletingPushesAreReadAsGitRunsThem) {
  const std::vector<std::string> commands = {
      "git push origin main",
      "git push -f origin main",
      "git push origin main --force",
      "git push origin +main",
      "git push origin +HEAD:refs/heads/main",
      "git push --force-with-lease origin main",
      "git push -n -f origin main",
      "git push --dry-run --force origin main",
      "git push -f",
      "git push -f origin feature:feature",
      "git push origin --delete main",
      "git push origin :main",
      "git push -d origin refs/heads/main",
      "git push origin -- --force",
  };
  ShellContext context;
  context.protected_branches = {"main"};
  context.current_branch = "main";
  int rewritten = 0, unchanged = 0;
  for (const auto& command : commands) {
    GitSandbox remote(false);
    remote.run("git init -q --bare -b main .");
    GitSandbox local;
    local.commit_file("a.txt", "one\n");
    local.git("remote add origin " + remote.root());
    local.git("push -q -u origin main");
    local.git("branch feature");
    local.git("push -q origin feature");
    remote.run("git symbolic-ref HEAD refs/heads/feature");  // a bare remote refuses to delete its HEAD branch
    const std::string before = remote.run("git rev-parse refs/heads/main").out;
    local.git("commit -q --amend --no-verify -m rewritten");
    local.run(command);
    const auto after = remote.run("git rev-parse --verify -q refs/heads/main");
    const bool changed = after.exit_code != 0 || after.out != before;
    const bool refused = !judge_shell_command(command, context).empty();
    if (changed) {
      ++rewritten;
      EXPECT_TRUE(refused) << "the remote's main was rewritten or deleted, the judge let it through: " << command;
    } else {
      ++unchanged;
      EXPECT_FALSE(refused) << "nothing was forced or deleted, the judge refused: " << command;
    }
  }
  EXPECT_GT(rewritten, 0);
  EXPECT_GT(unchanged, 0);
}

}  // namespace
}  // namespace agentops::agents
