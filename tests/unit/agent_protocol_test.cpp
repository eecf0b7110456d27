// Each agent's payload, as its documentation shows it, read as an Action; and
// each agent's deny as that agent reads a deny.
#include <gtest/gtest.h>

#include <string>

#include "agents/protocol.h"
#include "agents/tool_input.h"

namespace agentops::agents {
namespace {

Result<Action> parse_payload(const Protocol& protocol, std::string_view event, const std::string& text) {
  auto payload = json::parse(text);
  if (!payload) return payload.error();
  return protocol.parse(event, *payload);
}

TEST(AgentProtocol, ClaudeWriteIsAWholeFileWrite) {
  auto action = parse_payload(claude_protocol(), "PreToolUse",
                              R"({"hook_event_name":"PreToolUse","cwd":"/r","tool_name":"Write",
                                  "tool_input":{"file_path":"/r/a.txt","content":"one\ntwo\n"}})");
  ASSERT_TRUE(action) << action.error().message;
  EXPECT_EQ(action->kind, ActionKind::write);
  EXPECT_EQ(action->cwd, "/r");
  ASSERT_EQ(action->writes.size(), 1u);
  EXPECT_TRUE(action->writes[0].whole_content);
  EXPECT_EQ(action->writes[0].content, "one\ntwo\n");
}

TEST(AgentProtocol, ClaudeEditAddsTheNewStringsLines) {
  auto action = parse_payload(claude_protocol(), "PreToolUse",
                              R"({"tool_name":"Edit","tool_input":{"file_path":"a","old_string":"x","new_string":"y\nz",
                                  "replace_all":false}})");
  ASSERT_TRUE(action) << action.error().message;
  EXPECT_EQ(action->writes[0].added, (std::vector<std::string>{"y", "z"}));
  EXPECT_EQ(action->writes[0].replaced, "x");
}

TEST(AgentProtocol, ClaudeMultiEditAndNotebookEditAreWrites) {
  auto multi = parse_payload(claude_protocol(), "PreToolUse",
                             R"({"tool_name":"MultiEdit","tool_input":{"file_path":"a","edits":[
                                 {"old_string":"a","new_string":"b"},{"old_string":"c","new_string":"d"}]}})");
  ASSERT_TRUE(multi) << multi.error().message;
  EXPECT_EQ(multi->writes.size(), 2u);
  auto notebook =
      parse_payload(claude_protocol(), "PreToolUse",
                    R"({"tool_name":"NotebookEdit","tool_input":{"notebook_path":"n.ipynb","new_source":"k"}})");
  ASSERT_TRUE(notebook) << notebook.error().message;
  EXPECT_EQ(notebook->writes[0].path, "n.ipynb");
}

TEST(AgentProtocol, ClaudeBashIsAShellCommand) {
  auto action =
      parse_payload(claude_protocol(), "PreToolUse", R"({"tool_name":"Bash","tool_input":{"command":"git status"}})");
  ASSERT_TRUE(action) << action.error().message;
  EXPECT_EQ(action->kind, ActionKind::shell);
  EXPECT_EQ(action->command, "git status");
}

TEST(AgentProtocol, ClaudeStopCarriesStopHookActive) {
  auto action = parse_payload(claude_protocol(), "Stop", R"({"hook_event_name":"Stop","stop_hook_active":true})");
  ASSERT_TRUE(action) << action.error().message;
  EXPECT_EQ(action->kind, ActionKind::stop);
  EXPECT_TRUE(action->stop_loop_active);
}

TEST(AgentProtocol, WrongTypesAndMissingFieldsAreErrors) {
  EXPECT_FALSE(parse_payload(claude_protocol(), "PreToolUse", R"({"tool_input":{}})"));
  EXPECT_FALSE(parse_payload(claude_protocol(), "PreToolUse", R"({"tool_name":"Write","tool_input":"x"})"));
  EXPECT_FALSE(parse_payload(claude_protocol(), "PreToolUse",
                             R"({"tool_name":"Write","tool_input":{"file_path":"a","content":7}})"));
  EXPECT_FALSE(
      parse_payload(claude_protocol(), "PreToolUse", R"({"tool_name":"Write","tool_input":{"file_path":"a"}})"));
  EXPECT_FALSE(parse_payload(claude_protocol(), "Stop", R"({"stop_hook_active":"yes"})"));
}

TEST(AgentProtocol, UnknownToolsPassUnlessTheirArgumentsWriteAPath) {
  auto read = parse_payload(claude_protocol(), "PreToolUse", R"({"tool_name":"Read","tool_input":{"file_path":"a"}})");
  ASSERT_TRUE(read);
  EXPECT_EQ(read->kind, ActionKind::other);
  auto writer = parse_payload(claude_protocol(), "PreToolUse",
                              R"({"tool_name":"mcp__fs__save","tool_input":{"path":"a","content":"x"}})");
  ASSERT_TRUE(writer) << writer.error().message;
  EXPECT_EQ(writer->kind, ActionKind::write);
}

TEST(AgentProtocol, CodexApplyPatchInToolInputCommand) {
  auto action = parse_payload(
      codex_protocol(), "PreToolUse",
      R"({"tool_name":"apply_patch","tool_input":{"command":"*** Begin Patch\n*** Add File: a.txt\n+hi\n*** End Patch\n"}})");
  ASSERT_TRUE(action) << action.error().message;
  ASSERT_EQ(action->writes.size(), 1u);
  EXPECT_EQ(action->writes[0].content, "hi\n");
}

TEST(AgentProtocol, CodexShellCommandCarryingAPatchWritesToo) {
  auto action = parse_payload(
      codex_protocol(), "PreToolUse",
      R"({"tool_name":"Bash","tool_input":{"command":["bash","-lc","apply_patch <<'EOF'\n*** Begin Patch\n*** Add File: b.txt\n+x\n*** End Patch\nEOF\n"]}})");
  ASSERT_TRUE(action) << action.error().message;
  EXPECT_EQ(action->kind, ActionKind::shell);
  ASSERT_EQ(action->writes.size(), 1u);
  EXPECT_EQ(action->writes[0].path, "b.txt");
}

TEST(AgentProtocol, GeminiToolsAndAfterAgent) {
  auto write = parse_payload(gemini_protocol(), "BeforeTool",
                             R"({"tool_name":"write_file","tool_input":{"file_path":"a","content":"x"}})");
  ASSERT_TRUE(write) << write.error().message;
  EXPECT_EQ(write->kind, ActionKind::write);
  auto replace =
      parse_payload(gemini_protocol(), "BeforeTool",
                    R"({"tool_name":"replace","tool_input":{"file_path":"a","old_string":"x","new_string":"y"}})");
  ASSERT_TRUE(replace) << replace.error().message;
  EXPECT_EQ(replace->writes[0].added, std::vector<std::string>{"y"});
  auto shell = parse_payload(gemini_protocol(), "BeforeTool",
                             R"({"tool_name":"run_shell_command","tool_input":{"command":"ls"}})");
  ASSERT_TRUE(shell);
  EXPECT_EQ(shell->kind, ActionKind::shell);
  auto stop = parse_payload(gemini_protocol(), "AfterAgent", R"({"hook_event_name":"AfterAgent"})");
  ASSERT_TRUE(stop);
  EXPECT_EQ(stop->kind, ActionKind::stop);
}

TEST(AgentProtocol, CursorEvents) {
  auto shell = parse_payload(cursor_protocol(), "beforeShellExecution",
                             R"({"command":"git status","cwd":"","workspace_roots":["/w"]})");
  ASSERT_TRUE(shell) << shell.error().message;
  EXPECT_EQ(shell->command, "git status");
  EXPECT_EQ(shell->cwd, "/w");
  auto read = parse_payload(cursor_protocol(), "beforeReadFile", R"({"file_path":"/w/a","content":"x"})");
  ASSERT_TRUE(read);
  EXPECT_EQ(read->kind, ActionKind::read);
  auto tool = parse_payload(cursor_protocol(), "preToolUse",
                            R"({"tool_name":"Write","tool_input":"{\"file_path\":\"a\",\"content\":\"x\"}"})");
  ASSERT_TRUE(tool) << tool.error().message;
  EXPECT_EQ(tool->kind, ActionKind::write);
  auto stop = parse_payload(cursor_protocol(), "stop", R"({"status":"completed","loop_count":1})");
  ASSERT_TRUE(stop);
  EXPECT_TRUE(stop->stop_loop_active);
  auto first = parse_payload(cursor_protocol(), "stop", R"({"status":"completed","loop_count":0})");
  ASSERT_TRUE(first);
  EXPECT_FALSE(first->stop_loop_active);
}

TEST(AgentProtocol, CopilotToolArgsIsAJsonString) {
  auto create = parse_payload(
      copilot_protocol(), "preToolUse",
      R"({"timestamp":1,"cwd":"/r","toolName":"create","toolArgs":"{\"path\":\"a\",\"file_text\":\"x\"}"})");
  ASSERT_TRUE(create) << create.error().message;
  EXPECT_EQ(create->writes[0].content, "x");
  auto edit = parse_payload(copilot_protocol(), "preToolUse",
                            R"({"toolName":"edit","toolArgs":"{\"path\":\"a\",\"old_str\":\"x\",\"new_str\":\"y\"}"})");
  ASSERT_TRUE(edit) << edit.error().message;
  EXPECT_EQ(edit->writes[0].added, std::vector<std::string>{"y"});
  auto bash =
      parse_payload(copilot_protocol(), "preToolUse", R"({"toolName":"bash","toolArgs":"{\"command\":\"ls\"}"})");
  ASSERT_TRUE(bash);
  EXPECT_EQ(bash->kind, ActionKind::shell);
  EXPECT_FALSE(parse_payload(copilot_protocol(), "preToolUse", R"({"toolName":"bash","toolArgs":"{not json"})"));
}

TEST(AgentProtocol, DeniesAreInEachAgentsOwnForm) {
  const Verdict deny{true, "rule.x at a:1", ""};
  EXPECT_EQ(claude_protocol().answer("PreToolUse", deny).exit_code, 2);
  EXPECT_NE(claude_protocol().answer("Stop", deny).stdout_text.find("\"decision\":\"block\""), std::string::npos);
  EXPECT_EQ(gemini_protocol().answer("BeforeTool", deny).exit_code, 2);
  EXPECT_NE(cursor_protocol().answer("preToolUse", deny).stdout_text.find("\"permission\":\"deny\""),
            std::string::npos);
  EXPECT_NE(copilot_protocol().answer("preToolUse", deny).stdout_text.find("\"permissionDecision\":\"deny\""),
            std::string::npos);
  for (const Protocol* protocol :
       {&claude_protocol(), &codex_protocol(), &gemini_protocol(), &cursor_protocol(), &copilot_protocol()})
    EXPECT_EQ(protocol->fail("x", "broken").exit_code, 2) << protocol->agent;
}

}  // namespace
}  // namespace agentops::agents
