// Every layer re-checks: pre-push against a bare remote, the server's
// pre-receive hook, and range checks, with commits made with --no-verify.
#include <gtest/gtest.h>

#include <cstdlib>

#include "git_sandbox.h"

namespace agentops {
namespace {

using testing::bin;
using testing::CommandResult;
using testing::GitSandbox;
using testing::quote;

const std::string kGithubToken = std::string("ghp_") + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8";

class Push : public ::testing::Test {
 protected:
  void SetUp() override {
    remote.run("git init -q --bare -b main .");
    client.commit_file("README.md", "# demo\n");
    client.git("remote add origin " + quote(remote.root()));
    client.git("push -q origin main");
  }
  std::string remote_main() const { return remote.run("git rev-parse main").out; }
  GitSandbox remote{false};
  GitSandbox client;
};

TEST_F(Push, SecretCommittedWithNoVerifyIsRefusedAtPrePush) {
  client.install_hooks();
  client.write("deploy.sh", "export GH_TOKEN=" + kGithubToken + "\n");
  client.git("add deploy.sh");
  client.git("commit -q --no-verify -m 'feat: add deploy script'");
  const std::string before = remote_main();
  const CommandResult result = client.run("git push origin main");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("deploy.sh:1 [secret.github-token]"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find(kGithubToken), std::string::npos);
  EXPECT_EQ(remote_main(), before);
}

TEST_F(Push, CleanPushAndANewFeatureBranchGoThrough) {
  client.install_hooks();
  client.commit_file("a.txt", "a\n", "feat: add a");
  CommandResult result = client.run("git push origin main");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  client.git("switch -q -c feature/b");
  client.commit_file("b.txt", "b\n", "feat: add b");
  result = client.run("git push origin feature/b");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(remote.run("git rev-parse feature/b").exit_code, 0);
}

TEST_F(Push, ForcePushToMainIsRefused) {
  client.install_hooks();
  client.commit_file("a.txt", "a\n", "feat: add a");
  client.git("push -q origin main");
  client.git("commit -q --amend --no-verify -m 'feat: add a, rewritten'");
  const std::string before = remote_main();
  const CommandResult result = client.run("git push --force origin main");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("branch.force-push"), std::string::npos) << result.err;
  EXPECT_EQ(remote_main(), before);
  // A feature branch may be rewritten.
  client.git("switch -q -c feature/x");
  client.git("push -q origin feature/x");
  client.git("commit -q --amend --no-verify -m 'feat: add a, again'");
  EXPECT_EQ(client.run("git push --force origin feature/x").exit_code, 0);
}

TEST_F(Push, DeletingMainIsRefused) {
  client.install_hooks();
  client.git("switch -q -c other");
  client.git("push -q origin other");
  CommandResult result = client.run("git push origin :main");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("branch.delete"), std::string::npos) << result.err;
  EXPECT_EQ(remote.run("git rev-parse main").exit_code, 0);
  result = client.run("git push origin :other");
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

TEST_F(Push, PrePushFromAShallowCloneChecksOnlyNewCommits) {
  client.commit_file("history.txt", "old\n", "feat: older history");
  client.git("push -q origin main");
  GitSandbox shallow(false);
  shallow.run("git clone -q --depth 1 file://" + remote.root() + " .");
  shallow.git("config user.name 'Test User'");
  shallow.git("config user.email test@example.com");
  shallow.install_hooks();
  shallow.commit_file("new.txt", "new\n", "feat: add new file");
  CommandResult result = shallow.run("git push origin main");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  shallow.commit_file("leak.txt", "t=" + kGithubToken + "\n", "feat: add leak");
  result = shallow.run("git push origin main");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("leak.txt"), std::string::npos) << result.err;
}

TEST_F(Push, PreviousPrePushHookStillGetsTheRefUpdates) {
  client.write(".git/hooks/pre-push", "#!/bin/sh\ncat > pushed-refs.txt\n");
  client.run("chmod +x .git/hooks/pre-push");
  client.install_hooks();
  client.commit_file("leak.txt", "t=" + kGithubToken + "\n", "feat: add leak");
  const CommandResult result = client.run("git push origin main");
  EXPECT_NE(result.exit_code, 0) << "agentops saw the updates too";
  EXPECT_NE(client.run("cat pushed-refs.txt").out.find("refs/heads/main"), std::string::npos);
}

TEST_F(Push, ServerRefusesWhatTheClientSkipped) {
  CommandResult installed = remote.run(quote(bin("agentops-install")) + " --repo .");
  ASSERT_EQ(installed.exit_code, 0) << installed.err;
  EXPECT_NE(installed.out.find("pre-receive"), std::string::npos) << installed.out;
  // The client has no hooks at all, and skips them anyway.
  client.commit_file("deploy.sh", "export GH_TOKEN=" + kGithubToken + "\n", "feat: add deploy script");
  const std::string before = remote_main();
  CommandResult result = client.run("git push --no-verify origin main");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("remote: "), std::string::npos) << result.err;
  EXPECT_NE(result.err.find(" deploy.sh:1 [secret.github-token]"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("pre-receive hook declined"), std::string::npos) << result.err;
  EXPECT_EQ(remote_main(), before);
  // A force push of main is refused there too; a clean push goes through.
  client.git("reset -q --hard HEAD~1");
  client.commit_file("ok.txt", "fine\n", "feat: add a clean file");
  result = client.run("git push --no-verify origin main");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  client.git("commit -q --amend --no-verify -m 'feat: rewritten'");
  result = client.run("git push --no-verify --force origin main");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("branch.force-push"), std::string::npos) << result.err;
}

TEST_F(Push, ServerJudgesByTheBranchesPolicyNotThePushedOne) {
  ASSERT_EQ(remote.run(quote(bin("agentops-install")) + " --repo .").exit_code, 0);
  client.commit_file(".agentops/policy.toml", "version = 1\n[secrets]\nenabled = false\n",
                     "chore: switch secrets off\n\nHuman-Approved-by: Mallory <m@example.com>");
  client.commit_file("deploy.sh", "export GH_TOKEN=" + kGithubToken + "\n", "feat: add deploy script");
  const CommandResult result = client.run("git push --no-verify origin main");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("secret.github-token"), std::string::npos) << result.err;
}

TEST_F(Push, ACommitPushedUnderTwoRefsMeetsTheStricterPolicy) {
  ASSERT_EQ(remote.run(quote(bin("agentops-install")) + " --repo .").exit_code, 0);
  // legacy: no policy; main: TODOs are refused.
  client.git("push -q --no-verify origin main:legacy");
  client.commit_file(".agentops/policy.toml",
                     "version = 1\n[[content]]\nid = \"no-todo\"\nregex = 'TODO'\nseverity = \"block\"\n",
                     "chore: refuse TODOs\n\nHuman-Approved-by: Lead <lead@example.com>");
  ASSERT_EQ(client.run("git push --no-verify origin main").exit_code, 0);
  client.git("switch -q -c work origin/legacy 2>/dev/null || git switch -q -c work main~1");
  client.git("merge -q --no-verify --no-edit main");
  client.commit_file("notes.py", "# TODO: later\n", "feat: add notes");
  const std::string before = remote_main();
  const CommandResult result = client.run("git push --no-verify origin HEAD:legacy HEAD:main");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("content.no-todo"), std::string::npos) << result.err;
  EXPECT_EQ(remote_main(), before);
}

TEST_F(Push, AGatedBranchRuleBlocksAtTheServer) {
  ASSERT_EQ(remote.run(quote(bin("agentops-install")) + " --repo .").exit_code, 0);
  client.commit_file(".agentops/policy.toml",
                     "version = 1\nextends = [\"baseline\"]\n[severity]\n\"branch.force-push\" = \"gate\"\n",
                     "chore: gate force pushes\n\nHuman-Approved-by: Lead <lead@example.com>");
  ASSERT_EQ(client.run("git push --no-verify origin main").exit_code, 0);
  client.git("commit -q --amend --no-verify -m 'chore: rewritten' -m 'Human-Approved-by: Lead <lead@example.com>'");
  const CommandResult result = client.run("git push --no-verify --force origin main");
  EXPECT_NE(result.exit_code, 0) << "a ref update has no message to carry an approval";
  EXPECT_NE(result.err.find("branch.force-push"), std::string::npos) << result.err;
}

TEST_F(Push, EveryRefIsJudgedByTheDefaultBranchsPolicy) {
  ASSERT_EQ(remote.run(quote(bin("agentops-install")) + " --repo .").exit_code, 0);
  // A side branch whose own history relaxed the policy: the server still
  // judges it by the policy on its default branch.
  client.git("switch -q -c lax");
  client.commit_file(".agentops/policy.toml", "version = 1\n[secrets]\nenabled = false\n",
                     "chore: relax\n\nHuman-Approved-by: Lead <lead@example.com>");
  client.git("push -q --no-verify origin lax");
  client.commit_file("deploy.sh", "export GH_TOKEN=" + kGithubToken + "\n", "feat: add deploy script");
  CommandResult result = client.run("git push --no-verify origin lax");
  EXPECT_NE(result.exit_code, 0) << "main's policy judges lax too";
  EXPECT_NE(result.err.find("secret.github-token"), std::string::npos) << result.err;
  // The same commit under a new name is judged by it as well.
  result = client.run("git push --no-verify origin lax:refs/heads/release-2");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("secret.github-token"), std::string::npos) << result.err;
}

TEST_F(Push, AnnotatedTagsCanBeMovedAndDeleted) {
  client.install_hooks();
  ASSERT_EQ(remote.run(quote(bin("agentops-install")) + " --repo .").exit_code, 0);
  client.git("tag -a v1 -m 'release 1'");
  CommandResult result = client.run("git push origin v1");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  client.commit_file("a.txt", "a\n", "feat: add a");
  client.git("tag -f -a v1 -m 'release 1, again'");
  result = client.run("git push -f origin v1");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  result = client.run("git push origin :refs/tags/v1");
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

TEST_F(Push, RangeCheckWritesValidSarif) {
  const std::string base = client.git("rev-parse HEAD").substr(0, 40);
  client.commit_file("dir with space/é.env", "t=" + kGithubToken + "\n", "feat: add env");
  const CommandResult result = client.run(quote(bin("agentops")) + " check --range " + base + "..HEAD --format sarif > out.sarif");
  EXPECT_EQ(result.exit_code, 1) << result.err;
  const std::string sarif = client.run("cat out.sarif").out;
  EXPECT_NE(sarif.find("\"version\":\"2.1.0\""), std::string::npos);
  EXPECT_NE(sarif.find("\"uri\":\"dir%20with%20space/%C3%A9.env\""), std::string::npos) << sarif;
  EXPECT_NE(sarif.find("\"startLine\":1"), std::string::npos);
  EXPECT_EQ(sarif.find(kGithubToken), std::string::npos);
  // Validated against the SARIF 2.1.0 schema when Microsoft's validator is present
  // (.ci/run fetches it from the npm registry).
  const char* validator = std::getenv("AGENTOPS_SARIF_VALIDATOR");
  if (!validator || !*validator) GTEST_SKIP() << "AGENTOPS_SARIF_VALIDATOR not set: schema validation skipped";
  const CommandResult validated = client.run("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 " + quote(validator) +
                                             " validate out.sarif -o validation.sarif");
  EXPECT_EQ(validated.exit_code, 0) << validated.out << validated.err;
  EXPECT_EQ(validated.out.find(": error "), std::string::npos) << validated.out;
}

}  // namespace
}  // namespace agentops
