// `agentops check --worktree` against odd working trees, with real git as the
// oracle (`git add -A` in a copy): attributes that make libgit2's CRLF filter
// look at the index, and what the check must never write.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "git_sandbox.h"

namespace agentops {
namespace {

namespace fs = std::filesystem;
using testing::bin;
using testing::CommandResult;
using testing::GitSandbox;
using testing::quote;

const std::string kAwsKey = std::string("AKIA") + "IOSFODNN7ABCDEFG";

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

class CheckWorktreeAttack : public ::testing::Test {
 protected:
  void SetUp() override { sandbox.commit_file("README.md", "# demo\n"); }
  // Under `timeout`: a check that hangs fails the test instead of the suite
  // (an agent's hook that never answers is, for most agents, a "go ahead").
  CommandResult check() const {
    return sandbox.run("timeout 60 " + quote(bin("agentops")) + " check --worktree");
  }
  // What `git add -A` stages, in a copy of the repository: the oracle.
  std::string staged_by_git() const {
    const std::string copy = sandbox.root() + "-oracle";
    fs::remove_all(copy);
    fs::copy(sandbox.root(), copy, fs::copy_options::recursive | fs::copy_options::copy_symlinks);
    const auto diff = testing::run_command("git add -A && git diff --cached", copy);
    fs::remove_all(copy);
    return diff.out;
  }
  GitSandbox sandbox;
};

// libgit2's CRLF filter, under text=auto, asks whether the index's blob of the
// path already holds CRs; the check's index is in memory and its blobs are
// read back through the same object database, whose lock is not re-entrant.
TEST_F(CheckWorktreeAttack, ANewCrlfFileUnderTextAutoIsJudgedWithoutHanging) {
  sandbox.commit_file(".gitattributes", "* text=auto\n");
  sandbox.write("notes.txt", "one\r\nKEY=" + kAwsKey + "\r\n");
  ASSERT_TRUE(contains(staged_by_git(), "+KEY="));
  const CommandResult result = check();
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_TRUE(contains(result.out, "notes.txt:2")) << result.out;
}

TEST_F(CheckWorktreeAttack, AModifiedCrlfFileUnderTextAutoIsJudgedWithoutHanging) {
  sandbox.commit_file(".gitattributes", "* text=auto\n");
  sandbox.commit_file("notes.txt", "one\r\n");
  sandbox.write("notes.txt", "one\r\nKEY=" + kAwsKey + "\r\n");
  const CommandResult result = check();
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_TRUE(contains(result.out, "notes.txt:2")) << result.out;
}

// The index already holds CRs (committed before text=auto): git keeps them,
// and so does the check, reading the real index as git add -A does.
TEST_F(CheckWorktreeAttack, AFileWhoseIndexBlobHoldsCrsUnderAutocrlfIsJudgedAsGitStagesIt) {
  sandbox.commit_file("notes.txt", "one\r\n");
  sandbox.run("git config core.autocrlf true");
  sandbox.write("notes.txt", "one\r\nKEY=" + kAwsKey + "\r\n");
  ASSERT_TRUE(contains(staged_by_git(), "+KEY="));
  const CommandResult result = check();
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_TRUE(contains(result.out, "notes.txt:2")) << result.out;
}

// With paths, staging starts from HEAD's tree (as git commit -- PATHS does),
// not the index: the blob must read back through the same filters.
TEST_F(CheckWorktreeAttack, APathArgumentUnderTextAutoWithCrsOnlyInTheIndexIsJudged) {
  sandbox.commit_file(".gitattributes", "* text=auto\n");
  sandbox.run("git update-index --add --cacheinfo 100644,$(printf 'x\\r\\n' | git hash-object -w --stdin),c.txt");
  sandbox.write("c.txt", "x\r\nKEY=" + kAwsKey + "\r\n");
  const CommandResult result = sandbox.run("timeout 60 " + quote(bin("agentops")) + " check --worktree c.txt");
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_TRUE(contains(result.out, "c.txt:2")) << result.out << result.err;
}

TEST_F(CheckWorktreeAttack, ACleanCrlfFileUnderTextAutoPasses) {
  sandbox.commit_file(".gitattributes", "* text=auto\n");
  sandbox.write("notes.txt", "one\r\ntwo\r\n");
  const CommandResult result = check();
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
}

TEST_F(CheckWorktreeAttack, AStopHookWithACrlfSecretUnderTextAutoAnswers) {
  sandbox.commit_file(".gitattributes", "* text=auto\n");
  sandbox.write("notes.txt", "one\r\nKEY=" + kAwsKey + "\r\n");
  const std::string input = R"({"hook_event_name":"Stop","cwd":")" + sandbox.root() +
                            R"(","stop_hook_active":false})";
  const CommandResult result =
      sandbox.run("printf '%s' " + quote(input) + " | timeout 60 " + quote(bin("agentops")) + " hook claude Stop");
  EXPECT_NE(result.exit_code, 124) << "the hook hung";
  EXPECT_TRUE(contains(result.out, "notes.txt")) << result.out << result.err;
}

}  // namespace
}  // namespace agentops
