// agentops-pre-push never passes on missing input: called with no ref updates
// on stdin (lefthook without use_stdin, the pre-commit framework) it works out
// what the push updates, and fails closed when it cannot.
#include <gtest/gtest.h>

#include "git_sandbox.h"

namespace agentops {
namespace {

using testing::bin_dir;
using testing::CommandResult;
using testing::GitSandbox;
using testing::quote;

const std::string kAwsKeyId = std::string("AKIA") + "QYLPMN5HHHFPZAM2";

class PrePushInput : public ::testing::Test {
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
  // The hook as a manager runs it: by name from PATH, stdin empty, parent a shell.
  CommandResult run_hook(const std::string& arguments, const std::string& environment = "") const {
    return client.run("PATH=" + quote(bin_dir()) + ":$PATH " + environment + " agentops-pre-push " + arguments +
                      " </dev/null");
  }
  std::string remote_main() const { return remote.run("git rev-parse main").out; }

  GitSandbox remote{false};
  GitSandbox client;
};

TEST_F(PrePushInput, EmptyStdinAsLefthookWithoutUseStdinPassesItRefusesASecretOnTheBranch) {
  commit_secret();
  const CommandResult result = run_hook("origin " + quote(remote.root()));
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.err.find("deploy.env:1 [secret.aws-access-key-id]"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find(kAwsKeyId), std::string::npos);
}

TEST_F(PrePushInput, EmptyStdinPassesACleanBranch) {
  client.commit_file("a.txt", "a\n", "feat: add a");
  const CommandResult result = run_hook("origin " + quote(remote.root()));
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

TEST_F(PrePushInput, EmptyStdinWithNoArgumentsFindsThePushRemote) {
  commit_secret();
  const CommandResult result = run_hook("");
  EXPECT_EQ(result.exit_code, 1) << result.err;
}

TEST_F(PrePushInput, EmptyStdinOnADetachedHeadFailsClosedAndSaysHowToPassTheUpdates) {
  commit_secret();
  client.git("switch -q --detach");
  const CommandResult result = run_hook("origin " + quote(remote.root()));
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("HEAD is detached"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("use_stdin: true"), std::string::npos) << result.err;
}

TEST_F(PrePushInput, EmptyStdinWithPushDefaultNothingFailsClosed) {
  client.commit_file("a.txt", "a\n", "feat: add a");
  client.git("config push.default nothing");
  const CommandResult result = run_hook("origin " + quote(remote.root()));
  EXPECT_EQ(result.exit_code, 2) << result.err;
}

// PRE_COMMIT_* count only from the framework itself (its hook-impl the
// parent): exported by anyone else they would name a clean commit instead of
// the pushed one. (The real framework: RealPreCommitFramework* below.)
TEST_F(PrePushInput, PreCommitFrameworkVariablesWithoutTheFrameworkAreNotTrusted) {
  client.commit_file("a.txt", "a\n", "feat: add a");
  const std::string clean = client.git("rev-parse HEAD").substr(0, 40);
  commit_secret();
  const std::string base = remote_main().substr(0, 40);
  const std::string variables = "PRE_COMMIT_REMOTE_NAME=origin PRE_COMMIT_REMOTE_URL=" + quote(remote.root()) +
                                " PRE_COMMIT_LOCAL_BRANCH=refs/heads/main PRE_COMMIT_REMOTE_BRANCH=refs/heads/main"
                                " PRE_COMMIT_FROM_REF=" + base;
  const CommandResult result = run_hook("origin " + quote(remote.root()), variables + " PRE_COMMIT_TO_REF=" + clean);
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.err.find("[secret.aws-access-key-id]"), std::string::npos) << result.err;
}

TEST_F(PrePushInput, PlainGitPushThatIsUpToDateStillPassesFromADetachedHead) {
  client.install_hooks();
  client.git("switch -q --detach");
  const CommandResult result = client.run("git push origin main");
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

// The installed script that runs a kept hook first hands git's (empty) stdin
// on with git still agentops' parent.
TEST_F(PrePushInput, UpToDatePushThroughAKeptPreviousHookStillPassesFromADetachedHead) {
  client.write(".git/hooks/pre-push", "#!/bin/sh\ncat > pushed-refs.txt\n");
  client.run("chmod +x .git/hooks/pre-push");
  client.install_hooks();
  client.git("switch -q --detach");
  const CommandResult result = client.run("git push origin main");
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

TEST_F(PrePushInput, PlainGitPushWithRealStdinStillRefusesASecretOnAnotherBranch) {
  client.install_hooks();
  client.git("switch -q -c feature");
  commit_secret();
  client.git("switch -q main");
  const CommandResult result = client.run("git push origin feature");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("[secret.aws-access-key-id]"), std::string::npos) << result.err;
}

// The pre-commit framework runs pre-push hooks with no stdin and no
// arguments, and only PRE_COMMIT_* naming the first ref update.
TEST_F(PrePushInput, RealPreCommitFrameworkOnGitPushRefusesASecretAndPassesACleanBranch) {
  const std::string pre_commit = testing::require_peer_tool("pre-commit");
  if (pre_commit.empty()) return;
  client.write(".pre-commit-config.yaml",
               "repos:\n- repo: local\n  hooks:\n  - id: agentops-pre-push\n    name: agentops pre-push\n"
               "    entry: agentops-pre-push\n    language: system\n    pass_filenames: false\n"
               "    always_run: true\n    stages: [push]\n");
  client.git("add .pre-commit-config.yaml");
  client.git("commit -q --no-verify -m 'chore: pre-commit config'");
  const std::string environment = "PRE_COMMIT_HOME=" + quote(client.path(".git/pre-commit-home")) + " PATH=" +
                                   quote(bin_dir()) + ":$PATH ";
  CommandResult result = client.run(environment + quote(pre_commit) + " install --hook-type pre-push");
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  result = client.run(environment + "git push origin main");
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;

  commit_secret();
  const std::string before = remote_main();
  result = client.run(environment + "git push origin main");
  EXPECT_NE(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE((result.out + result.err).find("[secret.aws-access-key-id]"), std::string::npos) << result.out << result.err;
  EXPECT_EQ(remote_main(), before);
}

// Pushing a root commit (a first push to an empty remote), the framework
// sets no PRE_COMMIT_FROM_REF/TO_REF, only the branches.
TEST_F(PrePushInput, RealPreCommitFrameworkRefusesASecretInTheFirstPushToAnEmptyRemote) {
  const std::string pre_commit = testing::require_peer_tool("pre-commit");
  if (pre_commit.empty()) return;
  GitSandbox empty_remote(false);
  empty_remote.run("git init -q --bare -b main .");
  client.git("remote add fresh " + quote(empty_remote.root()));
  client.write(".pre-commit-config.yaml",
               "repos:\n- repo: local\n  hooks:\n  - id: agentops-pre-push\n    name: agentops pre-push\n"
               "    entry: agentops-pre-push\n    language: system\n    pass_filenames: false\n"
               "    always_run: true\n    stages: [push]\n");
  client.git("add .pre-commit-config.yaml");
  client.git("commit -q --no-verify -m 'chore: pre-commit config'");
  commit_secret();
  const std::string environment = "PRE_COMMIT_HOME=" + quote(client.path(".git/pre-commit-home")) + " PATH=" +
                                   quote(bin_dir()) + ":$PATH ";
  ASSERT_EQ(client.run(environment + quote(pre_commit) + " install --hook-type pre-push").exit_code, 0);
  const CommandResult result = client.run(environment + "git push fresh main");
  EXPECT_NE(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE((result.out + result.err).find("[secret.aws-access-key-id]"), std::string::npos) << result.out << result.err;
  EXPECT_NE(empty_remote.run("git rev-parse --verify -q main").exit_code, 0) << "main reached the remote";
}

TEST_F(PrePushInput, RealLefthookWithoutUseStdinStillRefusesASecret) {
  const std::string lefthook = testing::require_peer_tool("lefthook");
  if (lefthook.empty()) return;
  client.write("lefthook.yml", "pre-push:\n  commands:\n    agentops:\n      run: agentops-pre-push {1} {2}\n");
  client.git("add lefthook.yml");
  client.git("commit -q --no-verify -m 'chore: lefthook'");
  const std::string environment = "PATH=" + quote(bin_dir()) + ":$PATH ";
  CommandResult result = client.run(environment + quote(lefthook) + " install");
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  result = client.run(environment + "git push origin main");
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  commit_secret();
  const std::string before = remote_main();
  result = client.run(environment + "git push origin main");
  EXPECT_NE(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE((result.out + result.err).find("[secret.aws-access-key-id]"), std::string::npos) << result.out << result.err;
  EXPECT_EQ(remote_main(), before);
}

// `git push origin feature` from main: without stdin the hook reads the
// refspec from the git push above lefthook and judges feature, not main.
TEST_F(PrePushInput, RealLefthookWithoutUseStdinJudgesTheRefspecOnTheCommandLine) {
  const std::string lefthook = testing::require_peer_tool("lefthook");
  if (lefthook.empty()) return;
  client.write("lefthook.yml", "pre-push:\n  commands:\n    agentops:\n      run: agentops-pre-push {1} {2}\n");
  client.git("add lefthook.yml");
  client.git("commit -q --no-verify -m 'chore: lefthook'");
  const std::string environment = "PATH=" + quote(bin_dir()) + ":$PATH ";
  ASSERT_EQ(client.run(environment + quote(lefthook) + " install").exit_code, 0);
  client.git("switch -q -c feature");
  commit_secret();
  client.git("switch -q main");
  CommandResult result = client.run(environment + "git push origin feature");
  EXPECT_NE(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE((result.out + result.err).find("[secret.aws-access-key-id]"), std::string::npos) << result.out << result.err;
  EXPECT_NE(remote.run("git rev-parse --verify -q feature").exit_code, 0) << "feature reached the remote";
  client.git("switch -q feature");
  result = client.run(environment + "git push origin HEAD");
  EXPECT_NE(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE((result.out + result.err).find("[secret.aws-access-key-id]"), std::string::npos) << result.out << result.err;
  EXPECT_NE(remote.run("git rev-parse --verify -q feature").exit_code, 0) << "feature reached the remote";
  result = client.run(environment + "git push --all origin");
  EXPECT_NE(result.exit_code, 0) << "--all cannot be rebuilt without stdin: fail closed\n" << result.err;
  EXPECT_NE((result.out + result.err).find("git push --all"), std::string::npos) << result.out << result.err;
}

}  // namespace
}  // namespace agentops
