// Unit tests for the pieces the commit-msg attacks exercised: `git config -z
// --list` as git prints it, and dashed builtins on git's command line.
#include <gtest/gtest.h>

#include "message/git_config_list.h"
#include "message/git_invocation.h"

namespace agentops::detail {
namespace {

TEST(GitConfigList, EntriesWithAndWithoutValuesInGitsOrder) {
  const std::string output = std::string("core.commentchar\n;") + '\0' + "commit.verbose" + '\0' +
                             "trailer.Ack.key\nAcked-by: x\ny" + '\0' + "core.commentchar\nH" + '\0';
  const auto entries = parse_config_list(output);
  ASSERT_EQ(entries.size(), 4u);
  EXPECT_EQ(entries[0], std::make_pair(std::string("core.commentchar"), std::string(";")));
  EXPECT_EQ(entries[1], std::make_pair(std::string("commit.verbose"), std::string("true")));
  EXPECT_EQ(entries[2], std::make_pair(std::string("trailer.Ack.key"), std::string("Acked-by: x\ny")));
  EXPECT_EQ(entries[3].second, "H");
}

TEST(GitInvocation, DashedBuiltinIsItsCommand) {
  const auto amend = parse_commit_argv({"/usr/lib/git-core/git-commit", "--amend", "-F", "msg"});
  ASSERT_TRUE(amend.has_value());
  EXPECT_TRUE(amend->amend);
  EXPECT_FALSE(amend->use_editor);
  EXPECT_EQ(git_command({"/usr/lib/git-core/git-merge", "--no-ff", "side"}), "merge");
  EXPECT_EQ(git_command({"git", "-c", "a=b", "commit"}), "commit");
  EXPECT_FALSE(parse_commit_argv({"git-merge", "side"}).has_value());
}

}  // namespace
}  // namespace agentops::detail
