// Tool arguments an attacker shapes to slip past the judges, read as the
// Action the judges see: argv commands, working directories, patch markers in
// ordinary commands, edits arrays of unknown tools.
#include <gtest/gtest.h>

#include <string>

#include "agents/shell_command.h"
#include "agents/tool_input.h"

namespace agentops::agents {
namespace {

Result<Action> read_tool(std::string_view tool, const std::string& input) {
  auto value = json::parse(input);
  if (!value) return value.error();
  return action_from_tool(tool, *value);
}

bool refused_for(const Action& action, const std::string& rule) {
  for (const ShellRefusal& refusal : judge_shell_command(action.command, ShellContext{}))
    if (refusal.rule == rule) return true;
  return false;
}

TEST(AgentHookAttackInput, AnArgvCommandKeepsEachWordOneShellWord) {
  auto action = read_tool("shell", R"({"command":["bash","-lc","git commit -n -m x"]})");
  ASSERT_TRUE(action) << action.error().message;
  EXPECT_EQ(action->command, "'bash' '-lc' 'git commit -n -m x'");
  EXPECT_TRUE(refused_for(*action, "agent.skip-hooks"));
}

TEST(AgentHookAttackInput, AQuoteInsideAnArgvWordStaysInsideIt) {
  auto action = read_tool("shell", R"({"command":["git","commit","-m","it's; git commit -n"]})");
  ASSERT_TRUE(action) << action.error().message;
  EXPECT_EQ(action->command, R"('git' 'commit' '-m' 'it'\''s; git commit -n')");
  EXPECT_FALSE(refused_for(*action, "agent.skip-hooks")) << "the -n is part of the message";
}

TEST(AgentHookAttackInput, TheCommandsWorkingDirectoryIsACdBeforeIt) {
  for (const char* key : {"workdir", "directory", "dir_path"}) {
    auto action = read_tool("run_shell_command",
                            std::string(R"({"command":"rm pre-commit",")") + key + R"(":".git/hooks"})");
    ASSERT_TRUE(action) << action.error().message;
    EXPECT_EQ(action->command, "cd '.git/hooks' && rm pre-commit") << key;
    EXPECT_TRUE(refused_for(*action, "agent.hooks-write")) << key;
  }
  auto plain = read_tool("run_shell_command", R"({"command":"ls"})");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->command, "ls");
}

TEST(AgentHookAttackInput, APatchMarkerInACommandThatDoesNotRunApplyPatchWritesNothing) {
  auto grep = read_tool("Bash", R"({"command":"grep -rn \"*** Begin Patch\" docs/"})");
  ASSERT_TRUE(grep) << grep.error().message;
  EXPECT_TRUE(grep->writes.empty());
  auto patch = read_tool(
      "Bash", R"({"command":"apply_patch <<'EOF'\n*** Begin Patch\n*** Add File: a.txt\n+hi\n*** End Patch\nEOF"})");
  ASSERT_TRUE(patch) << patch.error().message;
  ASSERT_EQ(patch->writes.size(), 1u);
  EXPECT_EQ(patch->writes[0].path, "a.txt");
}

TEST(AgentHookAttackInput, AnEditsArrayOfAnUnknownToolIsAMultiEdit) {
  auto action = read_tool("edit_file", R"({"path":"a.py","edits":[{"oldText":"a","newText":"b"}]})");
  ASSERT_TRUE(action) << action.error().message;
  ASSERT_EQ(action->writes.size(), 1u);
  EXPECT_EQ(action->writes[0].replaced, "a");
  EXPECT_EQ(action->writes[0].new_text, "b");
}

TEST(AgentHookAttackInput, ReplaceAllIsRead) {
  auto action = read_tool("Edit", R"({"file_path":"a.py","old_string":"a","new_string":"b","replace_all":true})");
  ASSERT_TRUE(action) << action.error().message;
  ASSERT_EQ(action->writes.size(), 1u);
  EXPECT_TRUE(action->writes[0].replace_all);
}

}  // namespace
}  // namespace agentops::agents
