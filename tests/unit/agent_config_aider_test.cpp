// Aider's .aider.conf.yml: agentops' block appended, never a second copy of a
// key the user set, and taken out again to the byte.
#include "install/agent_aider_config.h"

#include <gtest/gtest.h>

namespace agentops::install {
namespace {

TEST(AgentConfigAider, AppendsCommitVerifyAndLintCommandAndRemovesThemToTheByte) {
  const std::string text = "model: sonnet\n";
  const AiderMerge merge = merge_aider_config(text, "agentops");
  EXPECT_TRUE(merge.notes.empty());
  EXPECT_EQ(merge.text, text + std::string(kAiderBlockBegin) +
                            "\ngit-commit-verify: true\nlint-cmd: \"sh -c 'agentops check --worktree' agentops-lint\"\n" +
                            std::string(kAiderBlockEnd) + "\n");
  EXPECT_EQ(merge_aider_config(merge.text, "agentops").text, merge.text);
  EXPECT_EQ(remove_aider_block(merge.text), text);
  EXPECT_FALSE(remove_aider_block(text));
}

TEST(AgentConfigAider, KeepsAUsersTrueCommitVerifyAndReportsAFalseOne) {
  const AiderMerge already = merge_aider_config("git-commit-verify: yes # mine\n", "agentops");
  EXPECT_TRUE(already.notes.empty());
  EXPECT_EQ(already.text.find("git-commit-verify: true"), std::string::npos);
  const AiderMerge off = merge_aider_config("git-commit-verify: false\n", "agentops");
  ASSERT_EQ(off.notes.size(), 1u);
  EXPECT_NE(off.notes[0].find("--no-verify"), std::string::npos);
}

TEST(AgentConfigAider, ReportsALintCommandOfTheUsersInsteadOfAddingASecond) {
  const AiderMerge merge = merge_aider_config("lint-cmd: flake8\n", "agentops");
  ASSERT_EQ(merge.notes.size(), 1u);
  EXPECT_EQ(merge.text.find("lint-cmd: \"sh"), std::string::npos);
}

TEST(AgentConfigAider, QuotesAnAgentCommandWithSpaces) {
  EXPECT_EQ(aider_lint_command("/opt/my tools/agentops"),
            "sh -c '\"/opt/my tools/agentops\" check --worktree' agentops-lint");
}

}  // namespace
}  // namespace agentops::install
