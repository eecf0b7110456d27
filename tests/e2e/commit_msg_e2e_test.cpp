// Commit messages through the installed hooks and a real `git commit`: -m, -F,
// an editor with `git commit -v`, custom comment characters, the template from
// prepare-commit-msg, trailers, sections, agent commits and the terminal gate.
#include <gtest/gtest.h>

#include "git_sandbox.h"

namespace agentops {
namespace {

using testing::CommandResult;
using testing::GitSandbox;
using testing::quote;

class CommitMessages : public ::testing::Test {
 protected:
  void SetUp() override {
    sandbox.commit_file("README.md", "# demo\n");
    sandbox.install_hooks();
  }
  void stage_change(const std::string& content = "change\n") const {
    sandbox.write("src/file.txt", content + std::to_string(sandbox.commit_count()) + "\n");
    sandbox.git("add src/file.txt");
  }
  // Commits with an "editor" that writes `subject_and_body` above what git put
  // in the file (its comments, the scissors line and diff of -v), and keeps a
  // copy of what it was given in editor-input.txt.
  CommandResult commit_with_editor(const std::string& subject_and_body, const std::string& options = "") const {
    sandbox.write("editor.sh", "#!/bin/sh\ncp \"$1\" editor-input.txt\n{ cat message.txt; cat \"$1\"; } > \"$1.new\" && mv \"$1.new\" \"$1\"\n");
    sandbox.write("message.txt", subject_and_body);
    return sandbox.run("chmod +x editor.sh && GIT_EDITOR=./editor.sh git commit " + options);
  }
  GitSandbox sandbox;
};

TEST_F(CommitMessages, NonConventionalSubjectIsRefusedAndTheCorrectedOneGoesThrough) {
  sandbox.commit_policy("version = 1\n[message]\nformat = \"conventional\"\n");
  stage_change();
  CommandResult result = sandbox.run("git commit -m 'Added login page'");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("message.format"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("\"feat: added login page\""), std::string::npos) << result.err;
  EXPECT_EQ(sandbox.commit_count(), 2);
  result = sandbox.run("git commit -m 'feat: added login page'");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(sandbox.commit_count(), 3);
}

TEST_F(CommitMessages, OverlongSubjectIsRefused) {
  sandbox.commit_policy("version = 1\n[message]\nsubject_max = 30\n");
  stage_change();
  CommandResult result = sandbox.run("git commit -m 'feat: a subject that goes on and on and on'");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("message.subject-length"), std::string::npos) << result.err;
  EXPECT_EQ(sandbox.run("git commit -m 'feat: a short subject'").exit_code, 0);
}

TEST_F(CommitMessages, MissingSignOffIsRefusedAndCommitDashSPasses) {
  sandbox.commit_policy("version = 1\n[message]\nrequired_trailers = [\"Signed-off-by: {committer}\"]\n");
  stage_change();
  CommandResult result = sandbox.run("git commit -m 'feat: add signing'");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("message.required-trailer"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("Signed-off-by: Test User <test@example.com>"), std::string::npos) << result.err;
  result = sandbox.run("git commit -s -m 'feat: add signing'");
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

TEST_F(CommitMessages, MissingSectionIsRefusedAndTheCompleteMessagePasses) {
  sandbox.commit_policy("version = 1\nextends = [\"twelve-factor\"]\n");
  stage_change();
  sandbox.write("msg.txt", "fix: retry flaky uploads\n\nContext: uploads fail one time in fifty.\n\nSolution: retry twice.\n");
  CommandResult result = sandbox.run("git commit -F msg.txt");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("no \"Learning:\" section"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("no \"Impact:\" section"), std::string::npos) << result.err;
  sandbox.write("msg.txt",
                "fix: retry flaky uploads\n\nContext: uploads fail one time in fifty.\n\nSolution: retry twice.\n\n"
                "Learning: the proxy drops idle connections.\n\nImpact: releases stop failing.\n");
  result = sandbox.run("git commit -F msg.txt");
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

TEST_F(CommitMessages, LearnTypeIsAcceptedUnderTwelveFactor) {
  sandbox.commit_policy("version = 1\nextends = [\"twelve-factor\"]\n");
  stage_change();
  const CommandResult result = sandbox.run(
      "git commit -m 'learn: record why retries need jitter' -m 'Context: a.' -m 'Solution: b.' -m 'Learning: c.' -m 'Impact: d.'");
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

TEST_F(CommitMessages, VerboseCommitIsReadAboveTheScissorsLine) {
  sandbox.commit_policy("version = 1\n[message]\nformat = \"conventional\"\n");
  // The staged diff (shown below the scissors line by -v) holds a line that
  // would be a bad subject and an approval trailer; neither counts.
  stage_change("Bad subject line\nHuman-Approved-by: Nobody <n@x>\n");
  CommandResult result = commit_with_editor("feat: add verbose change\n", "-v");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(sandbox.git("log -1 --format=%s"), "feat: add verbose change\n");
  stage_change("another\n");
  result = commit_with_editor("Not conventional\n", "-v");
  EXPECT_NE(result.exit_code, 0) << result.err;
}

TEST_F(CommitMessages, CustomCommentCharacterIsHonoured) {
  sandbox.commit_policy("version = 1\n[message]\nformat = \"conventional\"\nrequired_sections = [\"Context\"]\n");
  sandbox.git("config core.commentChar ';'");
  stage_change();
  // With ';' as the comment character, "# Context" style lines are text, and
  // git's own instructions start with ';'.
  CommandResult result = commit_with_editor("fix: handle #hash lines\n\n#1 Context: lines may start with a hash\n");
  EXPECT_NE(result.exit_code, 0) << "'#1 Context:' is not a Context section";
  result = commit_with_editor("fix: handle #hash lines\n\nContext: lines may start with a hash\n#1 is kept\n");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(sandbox.git("log -1 --format=%B").find("#1 is kept"), std::string::npos);
  sandbox.git("config core.commentChar auto");
  stage_change("third\n");
  result = commit_with_editor("fix: auto comment character\n\nContext: git picks one\n");
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

TEST_F(CommitMessages, PrepareCommitMsgInsertsTheTemplateForAnEmptyMessage) {
  sandbox.commit_policy("version = 1\nextends = [\"twelve-factor\"]\n");
  stage_change();
  commit_with_editor("");  // the editor adds nothing: git refuses the empty message
  const std::string given = sandbox.run("cat editor-input.txt").out;
  EXPECT_NE(given.find("# agentops: this repository's policy asks for"), std::string::npos) << given;
  EXPECT_NE(given.find("Context: ..."), std::string::npos) << given;
  EXPECT_NE(given.find("# Please enter the commit message"), std::string::npos) << given;
  // -m messages are left alone.
  const CommandResult result = sandbox.run(
      "git commit -m 'fix: keep messages' -m 'Context: a.' -m 'Solution: b.' -m 'Learning: c.' -m 'Impact: d.'");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(sandbox.git("log -1 --format=%B").find("agentops"), std::string::npos);
}

TEST_F(CommitMessages, AgentCommitNeedsApprovalWhenThePolicyAsks) {
  sandbox.commit_policy("version = 1\n[agents]\nrequire_approval = true\n");
  stage_change();
  CommandResult result = sandbox.run("git commit -m 'feat: add cache' -m 'Co-authored-by: Claude <noreply@anthropic.com>'");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("message.agent-approval"), std::string::npos) << result.err;
  result = sandbox.run("git commit -m 'feat: add cache' -m 'Co-authored-by: Claude <noreply@anthropic.com>\nHuman-Approved-by: Lead <lead@example.com>'");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  stage_change("by a person\n");
  EXPECT_EQ(sandbox.run("git commit -m 'feat: add more cache'").exit_code, 0) << "people are not asked for it";
}

TEST_F(CommitMessages, TerminalGateRefusesWithoutATerminal) {
  sandbox.commit_policy("version = 1\n[gates]\nmode = \"tty\"\n[paths]\nprotected = [\"src/**\"]\n");
  stage_change();
  // setsid: no controlling terminal, as in an agent's session.
  const CommandResult result = sandbox.run("setsid -w git commit -m 'feat: change a protected file'");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("no terminal to ask"), std::string::npos) << result.err;
}

TEST_F(CommitMessages, CheckMessageFromTheCommandLine) {
  sandbox.commit_policy("version = 1\n[message]\nformat = \"conventional\"\n");
  sandbox.write("msg.txt", "Added a thing\n");
  CommandResult result = sandbox.run(quote(testing::bin("agentops")) + " check --message msg.txt --format json");
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.out.find("\"rule\":\"message.format\""), std::string::npos) << result.out;
  sandbox.write("msg.txt", "feat: add a thing\n");
  result = sandbox.run(quote(testing::bin("agentops")) + " check --message msg.txt");
  EXPECT_EQ(result.exit_code, 0) << result.out;
}

// The fix of a message rule is built from the subject: a key in the subject
// is shown redacted there too, in every format and at every layer (found by
// the attack review: SARIF carried the token whole beside its redacted finding).
TEST_F(CommitMessages, AKeyInTheSubjectIsRedactedInTheFixBuiltFromIt) {
  sandbox.commit_policy("version = 1\n[message]\nformat = \"conventional\"\n");
  const std::string token = std::string("ghp_") + "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5";
  sandbox.write("msg.txt", "wip " + token + "\n");
  for (const char* format : {"text", "json", "sarif"}) {
    const CommandResult result =
        sandbox.run(quote(testing::bin("agentops")) + " check --message msg.txt --format " + format);
    EXPECT_EQ(result.exit_code, 1) << result.err;
    EXPECT_NE(result.out.find("message.format"), std::string::npos) << result.out;
    EXPECT_EQ(result.out.find(token), std::string::npos) << format << "\n" << result.out;
  }
  const std::string base = sandbox.git("rev-parse HEAD").substr(0, 40);
  stage_change();
  ASSERT_EQ(sandbox.run("git commit -q --no-verify -F msg.txt").exit_code, 0);
  const CommandResult range = sandbox.run(quote(testing::bin("agentops")) + " check --range " + base + "..HEAD");
  EXPECT_EQ(range.exit_code, 1) << range.err;
  EXPECT_NE(range.out.find("message.format"), std::string::npos) << range.out;
  EXPECT_EQ(range.out.find(token), std::string::npos) << range.out;
}

}  // namespace
}  // namespace agentops
