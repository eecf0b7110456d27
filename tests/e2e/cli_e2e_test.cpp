// `agentops check --staged` and `agentops policy validate` from the command line.
#include <gtest/gtest.h>

#include "git_sandbox.h"

namespace agentops {
namespace {

using testing::bin;
using testing::CommandResult;
using testing::GitSandbox;
using testing::quote;

const std::string kGithubToken = std::string("ghp_") + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8";

TEST(CheckStaged, JsonReportsTheFindingRedacted) {
  GitSandbox sandbox;
  sandbox.write("deploy.sh", "#!/bin/sh\nexport GH_TOKEN=" + kGithubToken + "\n");
  sandbox.git("add deploy.sh");
  const CommandResult result = sandbox.run(quote(bin("agentops")) + " check --staged --format json");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.out.find("\"version\":1,\"stage\":\"check\",\"decision\":\"block\""), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("\"rule\":\"secret.github-token\""), std::string::npos);
  EXPECT_NE(result.out.find("\"path\":\"deploy.sh\",\"line\":2"), std::string::npos);
  EXPECT_EQ(result.out.find(kGithubToken), std::string::npos);
}

TEST(CheckStaged, CleanChangeExitsZero) {
  GitSandbox sandbox;
  sandbox.write("a.txt", "hello\n");
  sandbox.git("add a.txt");
  const CommandResult result = sandbox.run(quote(bin("agentops")) + " check --staged");
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

TEST(CheckStaged, RepoOptionChecksAnotherRepository) {
  GitSandbox sandbox;
  GitSandbox elsewhere(false);
  sandbox.write("a.txt", "t=" + kGithubToken + "\n");
  sandbox.git("add a.txt");
  const CommandResult result =
      elsewhere.run(quote(bin("agentops")) + " check --staged --repo " + quote(sandbox.root()));
  EXPECT_EQ(result.exit_code, 1) << result.err;
}

TEST(CheckStaged, HonoursGitDirAndGitIndexFile) {
  GitSandbox sandbox;
  sandbox.commit_file("a.txt", "clean\n");
  sandbox.write("a.txt", "t=" + kGithubToken + "\n");
  // Stage into a separate index only; .git/index stays clean.
  sandbox.run("GIT_INDEX_FILE=" + quote(sandbox.path("alt-index")) + " git read-tree HEAD && GIT_INDEX_FILE=" +
              quote(sandbox.path("alt-index")) + " git add a.txt");
  const std::string agentops = quote(bin("agentops"));
  EXPECT_EQ(sandbox.run(agentops + " check --staged").exit_code, 0);
  GitSandbox elsewhere(false);
  const CommandResult result = elsewhere.run("GIT_DIR=" + quote(sandbox.path(".git")) + " GIT_WORK_TREE=" +
                                             quote(sandbox.root()) + " GIT_INDEX_FILE=" +
                                             quote(sandbox.path("alt-index")) + " " + agentops +
                                             " check --staged");
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
}

TEST(CheckStaged, UsageErrorsExitTwo) {
  GitSandbox sandbox;
  EXPECT_EQ(sandbox.run(quote(bin("agentops")) + " check").exit_code, 2);
  EXPECT_EQ(sandbox.run(quote(bin("agentops")) + " check --staged --format xml").exit_code, 2);
  EXPECT_EQ(sandbox.run(quote(bin("agentops")) + " frobnicate").exit_code, 2);
}

TEST(PolicyValidate, UnknownKeyExitsTwoNamingIt) {
  GitSandbox sandbox;
  sandbox.write(".agentops/policy.toml", "version = 1\n[limits]\nmax_file_byte = 10\n");
  const CommandResult result = sandbox.run(quote(bin("agentops")) + " policy validate");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("max_file_byte"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("did you mean 'limits.max_file_bytes'"), std::string::npos) << result.err;
}

TEST(PolicyValidate, ValidFileExitsZero) {
  GitSandbox sandbox;
  sandbox.write("p.toml", "version = 1\nextends = [\"baseline\"]\n");
  EXPECT_EQ(sandbox.run(quote(bin("agentops")) + " policy validate p.toml").exit_code, 0);
}

}  // namespace
}  // namespace agentops

namespace agentops {
namespace {

TEST(ScanHistory, FindsASecretDeepInHistoryAndPassesACleanOne) {
  GitSandbox sandbox;
  sandbox.commit_file("README.md", "# demo\n", "feat: start");
  sandbox.commit_file("old.env", "T=" + kGithubToken + "\n", "feat: add old settings");
  sandbox.git("rm -q old.env");
  sandbox.git("commit -q --no-verify -m 'chore: remove old settings'");
  for (int i = 0; i < 3; ++i) sandbox.commit_file("f" + std::to_string(i) + ".txt", "x\n", "feat: add file " + std::to_string(i));
  CommandResult result = sandbox.run(quote(bin("agentops")) + " scan --history --format json");
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.out.find("\"rule\":\"secret.github-token\""), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("\"path\":\"old.env\""), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("\"commits\":6"), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find(kGithubToken), std::string::npos);
  // Only secrets: the placeholder-free, non-conventional history raises nothing else.
  EXPECT_EQ(result.out.find("message."), std::string::npos) << result.out;
  // A tip that switches secrets off does not hide history.
  sandbox.commit_file(".agentops/policy.toml", "version = 1\n[secrets]\nenabled = false\n", "chore: relax");
  result = sandbox.run(quote(bin("agentops")) + " scan --history");
  EXPECT_EQ(result.exit_code, 1) << result.out;

  GitSandbox clean;
  clean.commit_file("README.md", "# demo\n", "wip");
  clean.commit_file("a.txt", "a\n", "Added a");
  result = clean.run(quote(bin("agentops")) + " scan --history");
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("no secrets in 2 commits"), std::string::npos) << result.out;
}

}  // namespace
}  // namespace agentops

namespace agentops {
namespace {

TEST(ThisRepository, HoldsNoSecretsOutsideItsTests) {
  // agentops judges itself: every commit of its own history, with its own policy.
  const CommandResult result = testing::run_command(quote(bin("agentops")) + " scan --history", AGENTOPS_SOURCE_DIR);
  if (result.err.find("not a git repository") != std::string::npos || result.err.find("not in a git repository") != std::string::npos)
    GTEST_SKIP() << "the sources are not a git checkout";
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
}

}  // namespace
}  // namespace agentops
