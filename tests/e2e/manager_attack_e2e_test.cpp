// Attacks on agentops beside hook managers with the real tools: ref updates
// that never reach agentops-pre-push although git is its parent, forged
// PRE_COMMIT_* variables, and hook-manager scripts that end before agentops' line.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "git_sandbox.h"

namespace agentops {
namespace {

using testing::bin_dir;
using testing::CommandResult;
using testing::GitSandbox;
using testing::quote;

const std::string kAwsKeyId = std::string("AKIA") + "QYLPMN5HHHFPZAM2";

class ManagerAttack : public ::testing::Test {
 protected:
  void SetUp() override {
    remote.run("git init -q --bare -b main .");
    client.commit_file("README.md", "# demo\n");
    client.git("remote add origin " + quote(remote.root()));
    client.git("push -q -u origin main");
  }
  void commit_secret() const {
    client.write("deploy.env", "AWS_ACCESS_KEY_ID=" + kAwsKeyId + "\n");
    client.git("add deploy.env");
    client.git("commit -q --no-verify -m 'feat: deploy settings'");
  }
  void write_pre_push(const std::string& body) const {
    client.write(".git/hooks/pre-push", "#!/bin/sh\n" + body);
    client.run("chmod +x .git/hooks/pre-push");
  }
  CommandResult run(const std::string& command) const {
    return client.run("PATH=" + quote(bin_dir()) + ":$PATH " + command);
  }
  void expect_refused(const CommandResult& result) const {
    EXPECT_NE(result.exit_code, 0) << result.out << result.err;
    const std::string output = result.out + result.err;  // managers print their hooks' stderr on stdout
    EXPECT_NE(output.find("[secret.aws-access-key-id]"), std::string::npos) << output;
    EXPECT_EQ(output.find(kAwsKeyId), std::string::npos);
    EXPECT_EQ(remote.run("git rev-parse main").out, client.git("rev-parse origin/main"));
  }

  GitSandbox remote{false};
  GitSandbox client;
};

// --- git is the parent, but its ref updates never arrived ---------------------

// `git lfs pre-push "$@"` (or any line reading stdin) first, then exec: git
// is agentops' parent and stdin is git's pipe, read empty.
TEST_F(ManagerAttack, ScriptLineReadingStdinBeforeExecStillRefusesASecret) {
  write_pre_push("cat >/dev/null\nexec agentops-pre-push \"$@\"\n");
  commit_secret();
  expect_refused(run("git push origin main"));
}

TEST_F(ManagerAttack, ExecWithStdinFromDevNullStillRefusesASecret) {
  write_pre_push("exec agentops-pre-push \"$@\" </dev/null\n");
  commit_secret();
  expect_refused(run("git push origin main"));
}

TEST_F(ManagerAttack, ScriptLineReadingStdinBeforeExecPassesACleanAndAnUpToDatePush) {
  write_pre_push("cat >/dev/null\nexec agentops-pre-push \"$@\"\n");
  client.commit_file("a.txt", "a\n", "feat: add a");
  CommandResult result = run("git push origin main");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  result = run("git push origin main");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  client.git("switch -q --detach");
  result = run("git push --all origin");
  EXPECT_EQ(result.exit_code, 0) << "git's empty stdin stands where the push cannot be rebuilt\n" << result.err;
}

// --- the pre-commit framework passes on one ref update ------------------------

class FrameworkPushAttack : public ManagerAttack {
 protected:
  bool install_framework() const {
    pre_commit = testing::require_peer_tool("pre-commit");
    if (pre_commit.empty()) return false;
    client.write(".pre-commit-config.yaml",
                 "repos:\n- repo: local\n  hooks:\n  - id: agentops-pre-push\n    name: agentops pre-push\n"
                 "    entry: agentops-pre-push\n    language: system\n    pass_filenames: false\n"
                 "    always_run: true\n    stages: [push]\n");
    client.git("add .pre-commit-config.yaml");
    client.git("commit -q --no-verify -m 'chore: pre-commit config'");
    client.git("push -q --no-verify origin main");
    const CommandResult installed = run_framework(quote(pre_commit) + " install --hook-type pre-push");
    EXPECT_EQ(installed.exit_code, 0) << installed.out << installed.err;
    return true;
  }
  CommandResult run_framework(const std::string& command) const {
    return run("PRE_COMMIT_HOME=" + quote(client.path(".git/pre-commit-home")) + " " + command);
  }
  // A clean new commit on main, the secret on branch zz (announced after main).
  void secret_on_a_second_branch() const {
    client.git("switch -q -c zz");
    commit_secret();
    client.git("push -q --no-verify origin zz~1:refs/heads/zz");
    client.git("switch -q main");
    client.commit_file("a.txt", "a\n", "feat: add a");
  }
  mutable std::string pre_commit;
};

TEST_F(FrameworkPushAttack, PushDefaultMatchingWithSeveralBranchesDoesNotHideASecretInTheSecond) {
  if (!install_framework()) return;
  secret_on_a_second_branch();
  client.git("config push.default matching");
  const CommandResult result = run_framework("git push origin");
  EXPECT_NE(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(remote.run("git rev-parse zz").out, client.git("rev-parse zz~1"));
}

TEST_F(FrameworkPushAttack, ConfiguredPushRefspecsAreAllJudged) {
  if (!install_framework()) return;
  secret_on_a_second_branch();
  client.git("config remote.origin.push 'refs/heads/*:refs/heads/*'");
  const CommandResult result = run_framework("git push origin");
  EXPECT_NE(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE((result.out + result.err).find("[secret.aws-access-key-id]"), std::string::npos) << result.out << result.err;
  EXPECT_EQ(remote.run("git rev-parse zz").out, client.git("rev-parse zz~1"));
}

TEST_F(FrameworkPushAttack, ConfiguredPushRefspecsPassCleanBranches) {
  if (!install_framework()) return;
  client.git("switch -q -c zz");
  client.commit_file("b.txt", "b\n", "feat: add b");
  client.git("switch -q main");
  client.commit_file("a.txt", "a\n", "feat: add a");
  client.git("config remote.origin.push 'refs/heads/*:refs/heads/*'");
  const CommandResult result = run_framework("git push origin");
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(remote.run("git rev-parse zz").out, client.git("rev-parse zz"));
}

// A first push of a root commit: the framework sets no PRE_COMMIT_TO_REF,
// so one the agent exported reaches agentops-pre-push unchanged.
TEST_F(FrameworkPushAttack, ForgedToRefOnAFirstPushDoesNotHideTheSecret) {
  if (!install_framework()) return;
  GitSandbox empty_remote(false);
  empty_remote.run("git init -q --bare -b main .");
  client.git("remote add fresh " + quote(empty_remote.root()));
  commit_secret();
  const CommandResult result =
      run_framework("PRE_COMMIT_TO_REF=$(git rev-parse HEAD~1) git push fresh main");
  EXPECT_NE(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(empty_remote.run("git rev-parse --verify -q main").exit_code, 0) << "main reached the remote";
}

// --- PRE_COMMIT_* exported by an agent, no framework in sight -----------------

TEST_F(ManagerAttack, ForgedPreCommitVariablesUnderLefthookDoNotHideTheSecret) {
  const std::string lefthook = testing::require_peer_tool("lefthook");
  if (lefthook.empty()) return;
  client.write("lefthook.yml", "pre-push:\n  commands:\n    agentops:\n      run: agentops-pre-push {1} {2}\n");
  client.git("add lefthook.yml");
  client.git("commit -q --no-verify -m 'chore: lefthook'");
  ASSERT_EQ(run(quote(lefthook) + " install").exit_code, 0);
  ASSERT_EQ(run("git push -q origin main").exit_code, 0);
  commit_secret();
  const std::string forged = "PRE_COMMIT_TO_REF=$(git rev-parse HEAD~1) PRE_COMMIT_FROM_REF=$(git rev-parse HEAD~1) "
                             "PRE_COMMIT_LOCAL_BRANCH=refs/heads/main PRE_COMMIT_REMOTE_BRANCH=refs/heads/main ";
  expect_refused(run(forged + "git push origin main"));
  expect_refused(run(forged + "git push origin"));
}

TEST_F(ManagerAttack, PreCommitVariablesUnderLefthookAreIgnoredForACleanPush) {
  const std::string lefthook = testing::require_peer_tool("lefthook");
  if (lefthook.empty()) return;
  client.write("lefthook.yml", "pre-push:\n  commands:\n    agentops:\n      run: agentops-pre-push {1} {2}\n");
  client.git("add lefthook.yml");
  client.git("commit -q --no-verify -m 'chore: lefthook'");
  ASSERT_EQ(run(quote(lefthook) + " install").exit_code, 0);
  const CommandResult result = run("PRE_COMMIT_TO_REF=nonsense PRE_COMMIT_REMOTE_BRANCH=x git push origin main");
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
}

}  // namespace
}  // namespace agentops
