// Commit messages exactly as git records them, one class of the difference at
// a time, through the installed hooks and a real `git commit`: comment lines
// kept by -m / -F and verbatim / whitespace cleanup, the scissors line, the
// cleanup mode read from git's own command line, git's trailer rules, amends,
// blank approvals, huge messages, and secrets in the message.
#include <gtest/gtest.h>


#include "git_sandbox.h"

namespace agentops {
namespace {

using testing::CommandResult;
using testing::GitSandbox;

const std::string kGithubToken = std::string("ghp_") + "R8x2Kq9Lm3Np7Qr5St1Uv4Wx6Yz0Ab2Ga8Qe";
const std::string kScissors = "# ------------------------ >8 ------------------------\n";

class MessageClasses : public ::testing::Test {
 protected:
  void SetUp() override { sandbox.commit_file("README.md", "# demo\n"); }
  void use_policy(const std::string& policy) {
    sandbox.commit_policy(policy);
    sandbox.install_hooks();
    sandbox.write("replace.sh", "#!/bin/sh\ncat msg.txt > \"$1\"\n");
    sandbox.write("prepend.sh", "#!/bin/sh\n{ cat msg.txt; cat \"$1\"; } > \"$1.new\" && mv \"$1.new\" \"$1\"\n");
    sandbox.run("chmod +x replace.sh prepend.sh");
  }
  void stage(const std::string& path = "src/file.txt") const {
    sandbox.write(path, "change " + std::to_string(sandbox.commit_count()) + "\n");
    sandbox.git("add " + path);
  }
  // `git commit` with the message file msg.txt holding `message`.
  CommandResult commit(const std::string& message, const std::string& command) const {
    sandbox.write("msg.txt", message);
    return sandbox.run(command);
  }
  static bool says(const CommandResult& result, const std::string& text) {
    return result.err.find(text) != std::string::npos;
  }
  GitSandbox sandbox;
};

const std::string kForbid = "version = 1\n[message]\nforbidden_trailers = [\"Forbidden-By\"]\n";
const std::string kRequire = "version = 1\n[message]\nrequired_trailers = [\"Signed-off-by\"]\n";
const std::string kGate = "version = 1\n[paths]\nprotected = [\"src/**\"]\n";

// -m / -F keep comment lines; git's trailer parser skips them.
TEST_F(MessageClasses, ForbiddenTrailerAboveACommentLineKeptByDashFIsRefused) {
  use_policy(kForbid);
  stage();
  CommandResult result = commit("feat: x\n\nForbidden-By: y\n# kept by git\n", "git commit -F msg.txt");
  EXPECT_NE(result.exit_code, 0) << result.err;
  EXPECT_TRUE(says(result, "message.forbidden-trailer")) << result.err;
  result = commit("feat: x\n\nAcked-by: y\n# kept by git\n", "git commit -F msg.txt");
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

TEST_F(MessageClasses, RequiredTrailerAboveACommentLineKeptByDashMIsFound) {
  use_policy("version = 1\n[message]\nrequired_trailers = [\"Reviewed-by\"]\n");
  stage();
  CommandResult result = commit("", "git commit -m 'feat: x' -m 'Reviewed-by: A <a@example.com>\n# kept'");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  stage();
  result = commit("", "git commit -m 'feat: x' -m '# kept'");
  EXPECT_NE(result.exit_code, 0) << result.err;
}

TEST_F(MessageClasses, VerbatimCleanupAndSemicolonCommentCharAreReadAsGitReadsThem) {
  use_policy(kForbid);
  stage();
  // An editor under commit.cleanup=verbatim: git keeps its own '#' template,
  // which its trailer reader skips.
  CommandResult result =
      commit("feat: x\n\nForbidden-By: y\n", "GIT_EDITOR=./prepend.sh git -c commit.cleanup=verbatim commit");
  EXPECT_NE(result.exit_code, 0) << result.err;
  EXPECT_TRUE(says(result, "message.forbidden-trailer")) << result.err;
  // core.commentChar=';': a ';' line below the trailer is a comment to git.
  result = commit("feat: x\n\nForbidden-By: y\n; note\n", "git -c core.commentChar=';' commit -F msg.txt");
  EXPECT_NE(result.exit_code, 0) << result.err;
  result = commit("feat: x\n\nAcked-by: y\n; note\n", "git -c core.commentChar=';' commit -F msg.txt");
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

// Scissors: git cuts only with -v or cleanup=scissors, at its exact line.
TEST_F(MessageClasses, LineThatOnlyLooksLikeScissorsDoesNotHideProseBelowAnApproval) {
  use_policy(kGate);
  stage();
  // Without -v git strips the comment line and keeps the prose: the recorded
  // message ends in a paragraph that is not a trailer block.
  CommandResult result = commit(
      "feat: x\n\nHuman-Approved-by: Lead <lead@example.com>\n# -- >8 ------------------------\nprose below\n",
      "GIT_EDITOR=./replace.sh git commit");
  EXPECT_NE(result.exit_code, 0) << result.err;
  EXPECT_EQ(sandbox.commit_count(), 2);
  // With -v, the exact scissors line cuts the diff off and the approval stands.
  result = commit("feat: x\n\nHuman-Approved-by: Lead <lead@example.com>\n", "GIT_EDITOR=./prepend.sh git commit -v");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  const std::string recorded = sandbox.git("cat-file commit HEAD");
  EXPECT_EQ(recorded.find("diff --git"), std::string::npos) << recorded;
}

TEST_F(MessageClasses, CommitVerboseWithoutAValueCutsAtTheScissorsLine) {
  use_policy(kGate);
  stage();
  // "[commit] verbose" with no value is true: git cuts, and the approval below the line is gone.
  sandbox.write(".git/config-extra", "[commit]\n\tverbose\n");
  sandbox.git("config include.path config-extra");
  const CommandResult result =
      commit("feat: x\n\n" + kScissors + "Human-Approved-by: Lead <lead@example.com>\n", "git commit -F msg.txt");
  EXPECT_NE(result.exit_code, 0) << result.err;
  EXPECT_EQ(sandbox.commit_count(), 2);
}

TEST_F(MessageClasses, ForbiddenTrailerBelowScissorsWithoutDashVIsRecordedAndRefused) {
  use_policy(kForbid);
  stage();
  // An editor without -v: git strips the comment line (it only looks like
  // scissors) and records what is below it.
  CommandResult result = commit("feat: x\n\nbody\n#  ------------------------ >8 ------------------------\n\nForbidden-By: y\n",
                                "GIT_EDITOR=./replace.sh git commit");
  EXPECT_NE(result.exit_code, 0) << result.err;
  EXPECT_TRUE(says(result, "message.forbidden-trailer")) << result.err;
}

// The cleanup mode comes from git's command line, not from GIT_EDITOR.
TEST_F(MessageClasses, AmendWithoutAnEditorStripsGitsTemplateLikeGit) {
  use_policy(kRequire);
  stage();
  CommandResult result = commit("", "git commit -s -m 'feat: x'");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  result = commit("", "GIT_EDITOR=: git commit --amend");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_FALSE(says(result, "message.required-trailer")) << result.err;
}

TEST_F(MessageClasses, CherryPickContinueWithoutAnEditorStripsGitsConflictComments) {
  use_policy(kRequire);
  sandbox.git("checkout -q -b topic");
  sandbox.write("f.txt", "topic\n");
  sandbox.git("add f.txt");
  ASSERT_EQ(sandbox.run("git commit -q -s -m 'feat: topic change'").exit_code, 0);
  sandbox.git("checkout -q main");
  sandbox.write("f.txt", "main\n");
  sandbox.git("add f.txt");
  ASSERT_EQ(sandbox.run("git commit -q -s -m 'feat: main change'").exit_code, 0);
  ASSERT_NE(sandbox.run("git cherry-pick topic").exit_code, 0) << "a conflict";
  sandbox.write("f.txt", "resolved\n");
  sandbox.git("add f.txt");
  // git appends "# Conflicts:" comment lines to the message and strips them.
  const CommandResult result = sandbox.run("GIT_EDITOR=: git cherry-pick --continue");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_FALSE(says(result, "message.required-trailer")) << result.err;
}

TEST_F(MessageClasses, MergeMessagesAreReadAsGitMergeCleansThem) {
  use_policy(kForbid);
  sandbox.git("checkout -q -b topic");
  sandbox.write("topic.txt", "topic\n");
  sandbox.git("add topic.txt");
  ASSERT_EQ(sandbox.run("git commit -q -m 'feat: topic'").exit_code, 0);
  sandbox.git("checkout -q main");
  // -m: no editor, whitespace cleanup: the comment line stays and git's reader skips it.
  CommandResult result = sandbox.run("git merge --no-ff -m 'Merge topic' -m 'Forbidden-By: y\n# note' topic");
  EXPECT_NE(result.exit_code, 0) << result.err;
  EXPECT_TRUE(says(result, "message.forbidden-trailer")) << result.err;
  sandbox.run("git merge --abort");
  // An editor (GIT_MERGE_AUTOEDIT=yes): strip cleanup, git's template goes.
  sandbox.write("msg.txt", "Merge topic\n\nAcked-by: y\n");
  result = sandbox.run("GIT_MERGE_AUTOEDIT=yes GIT_EDITOR=./prepend.sh git merge --no-ff topic");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(sandbox.git("cat-file commit HEAD").find("# Please enter"), std::string::npos);
}

TEST_F(MessageClasses, CleanupOnTheCommandLineIsHonoured) {
  use_policy(kForbid);
  stage();
  // --cleanup=strip -F: git drops the comment paragraph, the trailer is last.
  CommandResult result =
      commit("feat: x\n\nForbidden-By: y\n\n# only a comment\n", "git commit --cleanup=strip -F msg.txt");
  EXPECT_NE(result.exit_code, 0) << result.err;
  EXPECT_TRUE(says(result, "message.forbidden-trailer")) << result.err;
  result = commit("feat: x\n\nAcked-by: y\n\n# only a comment\n", "git commit --cleanup=strip -F msg.txt");
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

TEST_F(MessageClasses, GitCommitRunThroughAnAliasIsRead) {
  use_policy(kRequire);
  stage();
  sandbox.git("config alias.ci 'commit -s'");
  CommandResult result = commit("", "git ci -m 'feat: x' -m '# kept'");
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

TEST_F(MessageClasses, WithoutAGitCommitToReadEveryCleanupIsJudgedAndTheStrictestWins) {
  use_policy(kGate);
  stage();
  // Run by hand, not by git: the approval below a scissors line holds when
  // git strips without -v, not when it cuts. Unknown, so it must hold in both.
  sandbox.write("msg.txt", "feat: x\n\n" + kScissors + "Human-Approved-by: Lead <lead@example.com>\n");
  CommandResult result = sandbox.run(testing::quote(testing::bin("agentops-commit-msg")) + " msg.txt");
  EXPECT_NE(result.exit_code, 0) << result.err;
  sandbox.write("msg.txt", "feat: x\n\nHuman-Approved-by: Lead <lead@example.com>\n");
  result = sandbox.run(testing::quote(testing::bin("agentops-commit-msg")) + " msg.txt");
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

// Trailer parsing follows git's trailer.c.
TEST_F(MessageClasses, CherryPickedLineCountsForTheQuarterRule) {
  use_policy(kForbid);
  stage();
  CommandResult result = commit("feat: x\n\nprose\nprose\nprose\nprose\nForbidden-By: y\n(cherry picked from commit 0123abc)\n",
                                "git commit -F msg.txt");
  EXPECT_NE(result.exit_code, 0) << result.err;
  EXPECT_TRUE(says(result, "message.forbidden-trailer")) << result.err;
}

TEST_F(MessageClasses, OldStyleConflictsBlockIsNotTheTrailerBlock) {
  use_policy(kForbid);
  stage();
  CommandResult result = commit("feat: x\n\nForbidden-By: y\n\nConflicts:\n\tsrc/file.txt\n", "git commit -F msg.txt");
  EXPECT_NE(result.exit_code, 0) << result.err;
  EXPECT_TRUE(says(result, "message.forbidden-trailer")) << result.err;
}

TEST_F(MessageClasses, KeyWithATabBeforeTheColonIsATrailer) {
  use_policy(kForbid);
  stage();
  CommandResult result = commit("feat: x\n\nForbidden-By\t: y\n", "git commit -F msg.txt");
  EXPECT_NE(result.exit_code, 0) << result.err;
  EXPECT_TRUE(says(result, "message.forbidden-trailer")) << result.err;
}

TEST_F(MessageClasses, VerticalTabLineDoesNotSplitParagraphs) {
  use_policy(kRequire);
  stage();
  // git: one paragraph "Signed-off-by / \v / prose", a trailer block by the 25% rule.
  CommandResult result = commit("feat: x\n\nSigned-off-by: A <a@example.com>\n\v\nprose\n", "git commit -F msg.txt");
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

TEST_F(MessageClasses, IndentedFirstLineIsNotAContinuation) {
  use_policy("version = 1\n[message]\nforbidden_trailers = [\"Acked-by\"]\n");
  stage();
  // git: "  Forbidden-By: y" is a possible continuation that counts as prose, so
  // the paragraph is no trailer block and Acked-by is no trailer.
  CommandResult result = commit("feat: x\n\n  Forbidden-By: y\nAcked-by: z\n", "git commit -F msg.txt");
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

TEST_F(MessageClasses, FoldedLineJoinsOnlyTheTrailerRightAboveIt) {
  use_policy("version = 1\n[message]\nforbidden_trailers = [\"Acked-by: ^x$\"]\n");
  stage();
  // git: "  more" follows the cherry-pick line, so Acked-by stays "x".
  CommandResult result =
      commit("feat: x\n\nAcked-by: x\n(cherry picked from commit 0123abc)\n  more\n", "git commit -F msg.txt");
  EXPECT_NE(result.exit_code, 0) << result.err;
  EXPECT_TRUE(says(result, "message.forbidden-trailer")) << result.err;
  result = commit("feat: x\n\nAcked-by: x\n  more\n", "git commit -F msg.txt");
  EXPECT_EQ(result.exit_code, 0) << result.err << "here git folds it: \"x more\"";
}

TEST_F(MessageClasses, LatinOneMessageIsCheckedAsGitStoresIt) {
  use_policy("version = 1\n[message]\nforbidden_trailers = [\"Acked-by: \xc3\xa9t\xc3\xa9\"]\n");
  stage();
  // git stores the Latin-1 bytes as UTF-8.
  CommandResult result = commit("feat: x\n\nAcked-by: \xe9t\xe9\n", "git commit -F msg.txt");
  EXPECT_NE(result.exit_code, 0) << result.err;
  EXPECT_TRUE(says(result, "message.forbidden-trailer")) << result.err;
}

TEST_F(MessageClasses, BodyQuotingGitsTemplateUnderAutoCommentCharDoesNotFoolTheReading) {
  use_policy(kRequire);
  stage();
  sandbox.git("config core.commentChar auto");
  // git picks '#' (the message it starts from holds none) and writes its
  // template with it; the body quotes a ';' version of that template.
  const CommandResult result = commit(
      "feat: x\n\n; Please enter the commit message for your changes. Lines starting\n"
      "; with ';' will be ignored, and an empty message aborts the commit.\n\nSigned-off-by: A <a@example.com>\n",
      "GIT_EDITOR=./prepend.sh git commit");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(sandbox.git("cat-file commit HEAD").find("; with ';' will be ignored"), std::string::npos);
}

// --amend is judged against the commit it replaces.
TEST_F(MessageClasses, AmendThatDropsTheApprovalIsGated) {
  use_policy(kGate);
  stage();
  CommandResult result = commit("", "git commit -m 'feat: x' -m 'Human-Approved-by: Lead <lead@example.com>'");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  result = commit("", "git commit --amend -m 'feat: x without approval'");
  EXPECT_NE(result.exit_code, 0) << result.err;
  EXPECT_TRUE(says(result, "Human-Approved-by")) << result.err;
  result = commit("", "git commit --amend -m 'feat: x reworded' -m 'Human-Approved-by: Lead <lead@example.com>'");
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

TEST_F(MessageClasses, AmendingANoVerifyCommitRunsTheLocalHooksOnIt) {
  use_policy("version = 1\n");
  sandbox.write("config.env", "TOKEN=" + kGithubToken + "\n");
  sandbox.git("add config.env");
  ASSERT_EQ(sandbox.run("git commit --no-verify -m 'feat: add config'").exit_code, 0);
  const CommandResult result = sandbox.run("git commit --amend -m 'feat: add config, reworded'");
  EXPECT_NE(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("secret."), std::string::npos) << result.err;
}

// A blank approval names nobody.
TEST_F(MessageClasses, NonBreakingSpaceIsNoApproval) {
  use_policy(kGate);
  stage();
  CommandResult result = commit("feat: x\n\nHuman-Approved-by: \xc2\xa0\n", "git commit -F msg.txt");
  EXPECT_NE(result.exit_code, 0) << result.err;
  result = commit("feat: x\n\nHuman-Approved-by: \xe3\x80\x80\xe2\x80\x8b\n", "git commit -F msg.txt");
  EXPECT_NE(result.exit_code, 0) << result.err;
  result = commit("feat: x\n\nHuman-Approved-by: Lead <lead@example.com>\n", "git commit -F msg.txt");
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

// Bounded work: a huge message is refused fast with a clear error, never let through unchecked.
TEST_F(MessageClasses, SixteenMegabyteMessageOfTrailersIsRefused) {
  use_policy(kForbid);
  stage();
  std::string message = "feat: x\n\n";
  while (message.size() < (16u << 20)) message += "Acked-by: Somebody <somebody@example.com>\n";
  const CommandResult result = commit(message, "git commit -F msg.txt");
  EXPECT_NE(result.exit_code, 0) << result.err.substr(0, 2000);
  EXPECT_TRUE(says(result, "agentops judges at most")) << result.err.substr(0, 2000);
  EXPECT_EQ(sandbox.commit_count(), 2);
}

// Secrets in the message itself.
TEST_F(MessageClasses, SecretInTheMessageIsRefusedEvenWithAllowPathsEverywhere) {
  use_policy("version = 1\n[secrets]\nallow_paths = [\"**\", \"*\"]\n");
  stage();
  CommandResult result = commit("feat: x\n\nThe token is " + kGithubToken + "\n", "git commit -F msg.txt");
  EXPECT_NE(result.exit_code, 0) << result.err;
  EXPECT_TRUE(says(result, "(commit message)")) << result.err;
  EXPECT_FALSE(says(result, kGithubToken)) << "never printed whole";
  result = commit("feat: x\n\nThe token is in the vault\n", "git commit -F msg.txt");
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

}  // namespace
}  // namespace agentops
