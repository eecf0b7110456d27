// The pre-commit hook as a user meets it: installed by agentops-install and run
// by a real `git commit`. A blocked commit must leave the commit count unchanged.
#include <gtest/gtest.h>

#include "git_sandbox.h"

namespace agentops {
namespace {

using testing::bin;
using testing::CommandResult;
using testing::GitSandbox;
using testing::quote;

// Assembled at run time so this source holds no secret.
const std::string kAwsKeyId = std::string("AKIA") + "QYLPMN5HHHFPZAM2";

class PreCommit : public ::testing::Test {
 protected:
  void SetUp() override {
    sandbox.commit_file("README.md", "# demo\n");
    sandbox.install_hooks();
  }
  CommandResult commit(const std::string& args = "-m change") const {
    return sandbox.run("git commit " + args);
  }
  GitSandbox sandbox;
};

TEST_F(PreCommit, RefusesAStagedAwsKeyNamingFileLineAndRule) {
  sandbox.write("config/app.env", "REGION=eu-west-1\nAWS_ACCESS_KEY_ID=" + kAwsKeyId + "\n");
  sandbox.git("add config/app.env");
  const CommandResult result = commit();
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(sandbox.commit_count(), 1);
  EXPECT_NE(result.err.find("config/app.env:2"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("secret.aws-access-key-id"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find(kAwsKeyId), std::string::npos) << "the key must never be printed whole";
}

TEST_F(PreCommit, AcceptsACleanCommit) {
  sandbox.write("src/main.py", "import os\nkey = os.environ['AWS_ACCESS_KEY_ID']\n");
  sandbox.git("add src/main.py");
  const CommandResult result = commit();
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(sandbox.commit_count(), 2);
}

TEST_F(PreCommit, CommitAllChecksTheTemporaryIndex) {
  // `git commit -a` stages tracked edits into a temporary index (GIT_INDEX_FILE);
  // .git/index itself still holds the clean README.
  sandbox.write("README.md", "# demo\nkey " + kAwsKeyId + "\n");
  const CommandResult result = commit("-a -m change");
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_EQ(sandbox.commit_count(), 1);
  EXPECT_NE(result.err.find("README.md:2"), std::string::npos) << result.err;
}

TEST_F(PreCommit, CommitWithPathsChecksTheTemporaryIndex) {
  sandbox.write("README.md", "# demo\nkey " + kAwsKeyId + "\n");
  const CommandResult result = commit("-m change -- README.md");
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_EQ(sandbox.commit_count(), 1);
}

TEST_F(PreCommit, CommitWithPathsIgnoresOtherStagedFiles) {
  // `git commit <path>` commits only that path; a secret staged elsewhere is not
  // part of this commit and must not block it.
  sandbox.write("staged.env", "KEY=" + kAwsKeyId + "\n");
  sandbox.git("add staged.env");
  sandbox.write("README.md", "# demo\nclean\n");
  const CommandResult result = commit("-m change -- README.md");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(sandbox.commit_count(), 2);
}

TEST_F(PreCommit, FirstCommitOnAnUnbornHeadIsChecked) {
  GitSandbox fresh;
  fresh.install_hooks();
  fresh.write("secret.env", "KEY=" + kAwsKeyId + "\n");
  fresh.git("add secret.env");
  EXPECT_EQ(fresh.run("git commit -m first").exit_code, 1);
  EXPECT_EQ(fresh.commit_count(), 0);
  fresh.write("secret.env", "KEY=from-environment\n");
  fresh.git("add secret.env");
  EXPECT_EQ(fresh.run("git commit -m first").exit_code, 0);
  EXPECT_EQ(fresh.commit_count(), 1);
}

TEST_F(PreCommit, PathsWithSpacesAndNewlinesAreReportedOnOneLine) {
  sandbox.write("my dir/odd\nname.env", "KEY=" + kAwsKeyId + "\n");
  sandbox.git("add -A");
  const CommandResult result = commit();
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("\"my dir/odd\\012name.env\":1"), std::string::npos) << result.err;
}

TEST_F(PreCommit, FileAboveTheSizeLimitIsRefusedWithoutBeingRead) {
  sandbox.run("head -c 6000000 /dev/zero | tr '\\0' 'a' > big.txt");
  sandbox.git("add big.txt");
  const CommandResult result = commit();
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("limit.file-bytes"), std::string::npos) << result.err;
}

TEST_F(PreCommit, BinaryFileWithoutSecretsIsAccepted) {
  sandbox.run("head -c 4096 /dev/urandom > blob.bin && printf '\\0' >> blob.bin");
  sandbox.git("add blob.bin");
  EXPECT_EQ(commit().exit_code, 0);
}

TEST_F(PreCommit, SecretInABinaryFileIsRefused) {
  sandbox.run("printf '\\000\\nKEY=%s\\n' " + quote(kAwsKeyId) + " > app.cfg");
  sandbox.git("add app.cfg");
  EXPECT_NE(commit().exit_code, 0);
  EXPECT_EQ(sandbox.commit_count(), 1);
}

TEST_F(PreCommit, AttributesCannotHideASecret) {
  sandbox.run("echo '* -diff' >> .git/info/attributes");
  sandbox.write("app.cfg", "KEY=" + kAwsKeyId + "\n");
  sandbox.git("add app.cfg");
  const CommandResult result = commit();
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("secret.aws-access-key-id"), std::string::npos) << result.err;
}

TEST_F(PreCommit, AMergeBringingASecretIsRefused) {
  sandbox.git("switch -q -c feature");
  sandbox.write("leak.env", "KEY=" + kAwsKeyId + "\n");
  sandbox.git("add leak.env");
  sandbox.git("commit -q --no-verify -m 'feat: leak'");
  sandbox.git("switch -q main");
  sandbox.commit_file("other.txt", "x\n", "feat: other");
  const CommandResult result = sandbox.run("git merge --no-ff -m 'Merge branch feature' feature");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("leak.env:1 [secret.aws-access-key-id]"), std::string::npos) << result.err;
  EXPECT_EQ(sandbox.commit_count(), 2);
  sandbox.run("git merge --abort");
}

TEST_F(PreCommit, DetachedHeadIsChecked) {
  sandbox.git("checkout -q --detach");
  sandbox.write("x.env", "KEY=" + kAwsKeyId + "\n");
  sandbox.git("add x.env");
  EXPECT_EQ(commit().exit_code, 1);
}

TEST_F(PreCommit, LinkedWorktreeIsChecked) {
  sandbox.git("worktree add -q ../wt-" + std::to_string(::getpid()) + " -b feature");
  const std::string worktree = sandbox.root() + "/../wt-" + std::to_string(::getpid());
  testing::run_command("printf 'KEY=%s\\n' " + quote(kAwsKeyId) + " > x.env && git add x.env",
                       worktree);
  const CommandResult result = testing::run_command("git commit -m change", worktree);
  EXPECT_EQ(result.exit_code, 1) << result.err;
  testing::run_command("rm -rf " + quote(worktree), "/");
}

TEST_F(PreCommit, ExistingHookStillRunsAndCanBlock) {
  GitSandbox other;
  other.commit_file("README.md", "x\n");
  other.write(".git/hooks/pre-commit", "#!/bin/sh\necho previous-hook-ran >&2\nexit 3\n");
  other.run("chmod +x .git/hooks/pre-commit");
  other.install_hooks();
  other.write("a.txt", "clean\n");
  other.git("add a.txt");
  const CommandResult result = other.run("git commit -m change");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("previous-hook-ran"), std::string::npos) << result.err;
  EXPECT_EQ(other.commit_count(), 1);
}

TEST_F(PreCommit, MalformedPolicyBlocksWithFileAndLine) {
  sandbox.write(".agentops/policy.toml", "version = 1\n[secrets]\nenabeld = false\n");
  sandbox.git("add .agentops/policy.toml");
  const CommandResult result = commit();
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find(".agentops/policy.toml:3:1"), std::string::npos) << result.err;
  EXPECT_EQ(sandbox.commit_count(), 1);
  EXPECT_EQ(sandbox.run(quote(bin("agentops-pre-commit"))).exit_code, 2) << "a configuration error exits 2";
}

TEST_F(PreCommit, StagedPolicyIsTheOneThatApplies) {
  sandbox.write(".agentops/policy.toml",
                "version = 1\n[[secrets.rules]]\nid = \"acme\"\nregex = 'acme_[0-9]{8}'\n");
  sandbox.write("token.txt", "acme_58204719\n");
  sandbox.git("add -A");
  const CommandResult result = commit();
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("secret.acme"), std::string::npos) << result.err;
}

TEST_F(PreCommit, CorruptIndexBlocksWithExitTwo) {
  sandbox.write("a.txt", "x\n");
  sandbox.git("add a.txt");
  sandbox.run("printf 'garbage' > .git/index");
  const CommandResult result = sandbox.run(quote(bin("agentops-pre-commit")));
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("index"), std::string::npos) << result.err;
}

TEST_F(PreCommit, MissingBlobBlocksWithExitTwo) {
  sandbox.write("a.txt", "unique content 7f3a\n");
  sandbox.git("add a.txt");
  const std::string blob = sandbox.git("rev-parse :a.txt").substr(0, 40);
  sandbox.run("rm -f .git/objects/" + blob.substr(0, 2) + "/" + blob.substr(2));
  const CommandResult result = sandbox.run(quote(bin("agentops-pre-commit")));
  EXPECT_EQ(result.exit_code, 2) << result.err;
}

TEST_F(PreCommit, MissingExecutableFailsClosed) {
  const std::string hook = sandbox.path(".git/hooks/pre-commit");
  sandbox.run("sed -i 's#^agentops=.*#agentops=/nonexistent/agentops-pre-commit#' " + quote(hook));
  sandbox.write("a.txt", "clean\n");
  sandbox.git("add a.txt");
  const CommandResult result = commit();
  EXPECT_EQ(result.exit_code, 1) << "git reports a failed hook as 1";
  EXPECT_NE(result.err.find("fail closed"), std::string::npos) << result.err;
  EXPECT_EQ(sandbox.commit_count(), 1);
}

TEST(PreCommitHook, OutsideARepositoryExitsTwo) {
  GitSandbox directory(false);
  const CommandResult result = directory.run(quote(bin("agentops-pre-commit")));
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("not in a git repository"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace agentops
