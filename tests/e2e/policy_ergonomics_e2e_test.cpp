// Policy ergonomics through the real executables: every problem at once,
// globs that match nothing, which copy of the policy validate and show read,
// the refusal of a policy edit, and `policy init`.
#include <gtest/gtest.h>

#include "git_sandbox.h"

namespace agentops {
namespace {

using testing::bin;
using testing::CommandResult;
using testing::GitSandbox;
using testing::quote;

std::string agentops_cmd(const std::string& args) { return quote(bin("agentops")) + " " + args; }

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// ---- every problem at once ----------------------------------------------------

TEST(PolicyErgonomicsValidate, ListsEveryProblemWithItsPosition) {
  GitSandbox sandbox;
  sandbox.write(".agentops/policy.toml",
                "[limits]\nmax_lines_changed = \"800\"\n[paths]\nprotectd = []\n[message]\nformat = \"conventionl\"\n");
  const CommandResult result = sandbox.run(agentops_cmd("policy validate"));
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_TRUE(has(result.err, "3 problems in")) << result.err;
  EXPECT_TRUE(has(result.err, "policy.toml:2:21: 'limits.max_lines_changed' must be an integer")) << result.err;
  EXPECT_TRUE(has(result.err, "policy.toml:4:1: unknown key 'paths.protectd'; did you mean 'paths.protected'?"))
      << result.err;
  EXPECT_TRUE(has(result.err, "policy.toml:6:10: 'message.format' is \"conventionl\"")) << result.err;
}

TEST(PolicyErgonomicsValidate, TheHookPrintsEveryProblemAndStillFailsClosed) {
  GitSandbox sandbox;
  sandbox.commit_file("README.md", "# demo\n");
  sandbox.install_hooks();
  sandbox.write(".agentops/policy.toml", "[limits]\nmax_file_bytes = true\nmax_filez = 3\n");
  sandbox.write("a.txt", "hello\n");
  sandbox.git("add .agentops/policy.toml a.txt");
  const CommandResult result = sandbox.run("git commit -q -m 'add a'");
  EXPECT_NE(result.exit_code, 0) << result.err;
  EXPECT_TRUE(has(result.err, "2 problems in .agentops/policy.toml")) << result.err;
  EXPECT_TRUE(has(result.err, ".agentops/policy.toml:2:18:")) << result.err;
  EXPECT_TRUE(has(result.err, ".agentops/policy.toml:3:1: unknown key 'limits.max_filez'")) << result.err;
  EXPECT_TRUE(has(result.err, "fail closed")) << result.err;
  EXPECT_EQ(sandbox.commit_count(), 1);
}

TEST(PolicyErgonomicsValidate, AValidPolicyPrintsNoProblemAndNoWarning) {
  GitSandbox sandbox;
  sandbox.commit_file("docs/guide.md", "# guide\n");
  sandbox.write(".agentops/policy.toml", "[paths]\nprotected = { add = [\"docs/**\"] }\n");
  const CommandResult result = sandbox.run(agentops_cmd("policy validate"));
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_FALSE(has(result.err, "warning")) << result.err;
  EXPECT_FALSE(has(result.err, "error")) << result.err;
  EXPECT_TRUE(has(result.out, "the policy is valid")) << result.out;
}

// ---- globs that match nothing ---------------------------------------------------

TEST(PolicyErgonomicsGlobs, AGlobMatchingNoPathIsAWarningNamingKeyAndLine) {
  GitSandbox sandbox;
  sandbox.commit_file(".github/workflows/ci.yml", "on: push\n");
  sandbox.commit_file("src/main.c", "int main(void) { return 0; }\n");
  sandbox.write(".agentops/policy.toml",
                "[paths]\nprotected = [\".github/workflow/**\", \".github/workflows/**\"]\n"
                "[[content]]\nid = \"debug-leftover\"\nexclude_paths = { add = [\"exmples/**\"] }\n");
  const CommandResult result = sandbox.run(agentops_cmd("policy validate"));
  EXPECT_EQ(result.exit_code, 0) << result.err;  // a warning, not an error
  EXPECT_TRUE(has(result.err, "policy.toml:2:14: \".github/workflow/**\" in 'paths.protected' matches no path"))
      << result.err;
  EXPECT_TRUE(has(result.err, "policy.toml:5:26: \"exmples/**\" in 'content.exclude_paths' matches no path"))
      << result.err;
  EXPECT_FALSE(has(result.err, "\".github/workflows/**\" in")) << result.err;  // it matches: quiet
  // show warns the same way, on stderr, with the TOML unchanged on stdout.
  sandbox.git("add .agentops/policy.toml");
  const CommandResult show = sandbox.run(agentops_cmd("policy show"));
  EXPECT_EQ(show.exit_code, 0) << show.err;
  EXPECT_TRUE(has(show.err, "\".github/workflow/**\" in 'paths.protected' matches no path")) << show.err;
}

TEST(PolicyErgonomicsGlobs, ThePresetsOwnGlobsAndForbiddenPathsAreNotWarnedAbout) {
  GitSandbox sandbox;
  sandbox.commit_file("src/main.c", "int main(void) { return 0; }\n");
  // strict's own globs (CI dirs, *.pem...) match nothing here; forbidden
  // paths must match nothing: neither is worth a warning.
  sandbox.write(".agentops/policy.toml", "extends = [\"strict\"]\n[paths]\nforbidden = { add = [\"*.key\"] }\n");
  const CommandResult result = sandbox.run(agentops_cmd("policy validate"));
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_FALSE(has(result.err, "warning")) << result.err;
}

TEST(PolicyErgonomicsGlobs, AnExceptionThatExceptsNothingIsWarnedAbout) {
  GitSandbox sandbox;
  sandbox.commit_file("src/main.c", "int main(void) { return 0; }\n");
  sandbox.write(".agentops/policy.toml", "[paths]\nforbidden = { add = [\"*.pem\", \"!tests/fixtures/*.pem\"] }\n");
  const CommandResult result = sandbox.run(agentops_cmd("policy validate"));
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(has(result.err, "\"!tests/fixtures/*.pem\" in 'paths.forbidden' matches no path")) << result.err;
  EXPECT_FALSE(has(result.err, "\"*.pem\" in")) << result.err;
}

// ---- which copy validate and show read -------------------------------------------

class PolicyCopies : public ::testing::Test {
 protected:
  void SetUp() override {
    sandbox.commit_file("README.md", "# demo\n");
    sandbox.write(".agentops/policy.toml", "[limits]\nmax_files_changed = 7\n");
    sandbox.git("add .agentops/policy.toml");
    sandbox.write(".agentops/policy.toml", "[limits]\nmax_files_changed = 9\n");  // edited, not staged
  }
  GitSandbox sandbox;
};

TEST_F(PolicyCopies, ValidateSaysItReadsTheWorkTreeAndThatTheHooksUseTheStagedCopy) {
  const CommandResult result = sandbox.run(agentops_cmd("policy validate"));
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(has(result.err, "validating the working-tree file .agentops/policy.toml (not staged: the hooks use "
                              "the staged version, which differs"))
      << result.err;
}

TEST_F(PolicyCopies, ShowSaysItReadsTheStagedCopyAndThatTheWorkTreeDiffers) {
  const CommandResult result = sandbox.run(agentops_cmd("policy show"));
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(has(result.out, "# showing the staged .agentops/policy.toml (what the hooks use); the working-tree "
                              "file differs"))
      << result.out;
  EXPECT_TRUE(has(result.out, "max_files_changed = 7")) << result.out;
}

TEST_F(PolicyCopies, BothTakeStagedAndWorktreeAndAgree) {
  EXPECT_TRUE(has(sandbox.run(agentops_cmd("policy show --worktree")).out, "max_files_changed = 9"));
  EXPECT_TRUE(has(sandbox.run(agentops_cmd("policy show --staged")).out, "max_files_changed = 7"));
  sandbox.write(".agentops/policy.toml", "[limits]\nmax_files_changed = \"nine\"\n");
  EXPECT_EQ(sandbox.run(agentops_cmd("policy validate --worktree")).exit_code, 2);
  EXPECT_EQ(sandbox.run(agentops_cmd("policy show --worktree")).exit_code, 2);
  const CommandResult staged = sandbox.run(agentops_cmd("policy validate --staged"));
  EXPECT_EQ(staged.exit_code, 0) << staged.err;
  EXPECT_TRUE(has(staged.err, "validating the staged .agentops/policy.toml (what the hooks use)")) << staged.err;
  EXPECT_EQ(sandbox.run(agentops_cmd("policy show --staged")).exit_code, 0);
}

TEST_F(PolicyCopies, BothTakeAFileAndSayItIsADraft) {
  sandbox.write("draft.toml", "[limits]\nmax_files_changed = 11\n");
  const CommandResult validate = sandbox.run(agentops_cmd("policy validate draft.toml"));
  EXPECT_EQ(validate.exit_code, 0) << validate.err;
  EXPECT_TRUE(has(validate.err, "validating the file draft.toml (a draft")) << validate.err;
  const CommandResult show = sandbox.run(agentops_cmd("policy show draft.toml"));
  EXPECT_TRUE(has(show.out, "max_files_changed = 11")) << show.out;
  EXPECT_EQ(sandbox.run(agentops_cmd("policy show --staged draft.toml")).exit_code, 2);  // one target only
}

TEST_F(PolicyCopies, WhenBothCopiesAgreeNothingIsSaidAboutADifference) {
  sandbox.git("add .agentops/policy.toml");
  const CommandResult result = sandbox.run(agentops_cmd("policy validate"));
  EXPECT_TRUE(has(result.err, "the same as the staged version the hooks use")) << result.err;
  EXPECT_FALSE(has(result.err, "differs")) << result.err;
  EXPECT_FALSE(has(sandbox.run(agentops_cmd("policy show")).out, "differs"));
}

// ---- the refusal of a policy edit -------------------------------------------------

class PolicyEditRefusal : public ::testing::Test {
 protected:
  void SetUp() override {
    sandbox.commit_file("README.md", "# demo\n");
    sandbox.commit_policy("[gates]\napprovers = [\"lead@example.com\"]\n[paths]\nprotected = { add = [\"ci/**\"] }\n");
    sandbox.install_hooks();
  }
  GitSandbox sandbox;
};

TEST_F(PolicyEditRefusal, SaysWhichPolicyJudgesWhoMayApproveAndHowToDryRun) {
  sandbox.write(".agentops/policy.toml", "[gates]\napprovers = [\"lead@example.com\"]\n[limits]\nmax_files_changed = 3\n");
  sandbox.git("add .agentops/policy.toml");
  const CommandResult result = sandbox.run("git commit -q -m 'chore: tighten the policy'");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_TRUE(has(result.err, "the policy itself is modified: the committed policy")) << result.err;
  EXPECT_TRUE(has(result.err, "not this edit) judges this commit")) << result.err;
  EXPECT_TRUE(has(result.err, "one of lead@example.com, with the trailer \"Human-Approved-by: Name <email>\""))
      << result.err;
  EXPECT_TRUE(has(result.err, "Commit the policy edit on its own")) << result.err;
  EXPECT_TRUE(has(result.err, "agentops check --staged --policy .agentops/policy.toml")) << result.err;
  // And the approval it names is the one that lets it through.
  const CommandResult approved =
      sandbox.run("git commit -q -m 'chore: tighten the policy' -m 'Human-Approved-by: Lead <lead@example.com>'");
  EXPECT_EQ(approved.exit_code, 0) << approved.err;
}

TEST_F(PolicyEditRefusal, AnotherProtectedPathKeepsTheGenericHint) {
  sandbox.write("ci/build.sh", "make\n");
  sandbox.git("add ci/build.sh");
  const CommandResult result = sandbox.run("git commit -q -m 'ci: build script'");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_TRUE(has(result.err, "a protected path is added")) << result.err;
  EXPECT_FALSE(has(result.err, "the policy itself")) << result.err;
  EXPECT_FALSE(has(result.err, "--policy")) << result.err;
}

// ---- policy init ------------------------------------------------------------------

TEST(PolicyInit, ProposesAPresetLimitsProtectionAndExclusionsFromTheHistory) {
  GitSandbox sandbox;
  sandbox.commit_file("lefthook.yml", "pre-commit:\n  commands: {}\n");  // ai-agents protects it already
  sandbox.commit_file(".lefthook.yml", "pre-push:\n  commands: {}\n");  // it does not protect this one
  sandbox.commit_file("package-lock.json", "{}\n");
  for (int i = 0; i < 5; ++i) sandbox.commit_file("src/f" + std::to_string(i) + ".js", "let x = " + std::to_string(i) + ";\n");
  sandbox.write("src/agent.js", "let y = 1;\n");
  sandbox.git("add src/agent.js");
  sandbox.git("commit -q --no-verify -m 'feat: agent work' -m 'Co-authored-by: Claude <noreply@anthropic.com>'");
  const CommandResult result = sandbox.run(agentops_cmd("policy init"));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(has(result.out, "extends = [\"ai-agents\"]  # 1 of the last 9 commits carry a coding agent's trailer"))
      << result.out;
  EXPECT_TRUE(has(result.out, "max_files_changed = 10  # 99% of commits changed at most 1 files")) << result.out;
  EXPECT_TRUE(has(result.out, "max_lines_changed = 200")) << result.out;
  EXPECT_TRUE(has(result.out, "protected = { add = [\".lefthook.yml\"] }")) << result.out;
  EXPECT_TRUE(has(result.out, "\"package-lock.json\"")) << result.out;
  EXPECT_FALSE(has(result.out, "\"yarn.lock\"")) << result.out;  // only what is present
  EXPECT_TRUE(has(result.err, "a proposal only")) << result.err;
  EXPECT_FALSE(sandbox.run("test -e .agentops/policy.toml").exit_code == 0);  // printed, not written
}

TEST(PolicyInit, APlainRepositoryGetsTheBaselineAndNoExtraProtection) {
  GitSandbox sandbox;
  sandbox.commit_file("README.md", "# demo\n");
  sandbox.commit_file("src/main.c", "int main(void) { return 0; }\n");
  const CommandResult result = sandbox.run(agentops_cmd("policy init"));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(has(result.out, "extends = [\"baseline\"]")) << result.out;
  EXPECT_FALSE(has(result.out, "protected = {")) << result.out;
  EXPECT_FALSE(has(result.out, "exclude_paths")) << result.out;
  EXPECT_TRUE(has(result.out, "# no built-in rule would have stopped ordinary work here")) << result.out;
}

TEST(PolicyInit, ARuleThatWouldHaveStoppedOrdinaryWorkIsLeftAtWarnAndARareOneIsNot) {
  GitSandbox sandbox;
  sandbox.commit_file("README.md", "# demo\n");
  for (int i = 0; i < 3; ++i)
    sandbox.commit_file("src/f" + std::to_string(i) + ".js", "console.log(" + std::to_string(i) + ");\n");
  CommandResult result = sandbox.run(agentops_cmd("policy init --preset ai-agents"));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(has(result.out, "extends = [\"ai-agents\"]  # named with --preset")) << result.out;
  EXPECT_TRUE(has(result.out, "[[content]]\nid = \"debug-leftover\"\nseverity = \"warn\"  # would have blocked or gated 3 of "
                              "the last 4 commits"))
      << result.out;

  GitSandbox rare;
  rare.commit_file("README.md", "# demo\n");
  rare.commit_file("src/a.js", "console.log(1);\n");
  for (int i = 0; i < 3; ++i) rare.commit_file("src/g" + std::to_string(i) + ".js", "let x = 1;\n");
  result = rare.run(agentops_cmd("policy init --preset ai-agents"));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_FALSE(has(result.out, "id = \"debug-leftover\"")) << result.out;
  EXPECT_TRUE(has(result.out, "# content.debug-leftover would have blocked or gated 1 of the last 5 commits: rare"))
      << result.out;
}

TEST(PolicyInit, ReadsAtMostTheCommitsAskedFor) {
  GitSandbox sandbox;
  for (int i = 0; i < 6; ++i) sandbox.commit_file("f" + std::to_string(i) + ".txt", "x\n");
  const CommandResult result = sandbox.run(agentops_cmd("policy init --commits 3"));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(has(result.out, "from the last 3 commits on HEAD")) << result.out;
  EXPECT_EQ(sandbox.run(agentops_cmd("policy init --commits 0")).exit_code, 2);
}

TEST(PolicyInit, WritesOnlyWhereNoPolicyExistsAndWhatItWritesValidates) {
  GitSandbox sandbox;
  sandbox.commit_file("lefthook.yml", "pre-commit:\n  commands: {}\n");
  CommandResult result = sandbox.run(agentops_cmd("policy init --write"));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(has(result.out, "wrote .agentops/policy.toml")) << result.out;
  result = sandbox.run(agentops_cmd("policy validate"));
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_FALSE(has(result.err, "warning")) << result.err;

  sandbox.write(".agentops/policy.toml", "# mine\n");
  result = sandbox.run(agentops_cmd("policy init --write"));
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_TRUE(has(result.err, "exists already")) << result.err;
  EXPECT_EQ(sandbox.run("cat .agentops/policy.toml").out, "# mine\n");
}

}  // namespace
}  // namespace agentops
