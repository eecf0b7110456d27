// In-place JSON edits for agents' settings files: an insertion follows the
// file's own layout, and removing what was inserted gives the same bytes back.
#include "install/agent_json_edit.h"

#include <gtest/gtest.h>

#include <string>

#include "install/agent_configs.h"

namespace agentops::install {
namespace {

json::Value parsed(const std::string& text) {
  auto value = json::parse(text);
  EXPECT_TRUE(value) << value.error().message;
  return value ? *value : json::Value{};
}

TEST(AgentConfigJsonEdit, DetectsTabsCrlfAndSpaceIndents) {
  EXPECT_EQ(detect_json_style("{\r\n\t\"a\": 1\r\n}").newline, "\r\n");
  EXPECT_EQ(detect_json_style("{\r\n\t\"a\": 1\r\n}").indent_unit, "\t");
  EXPECT_EQ(detect_json_style("{\n    \"a\": 1\n}").indent_unit, "    ");
  EXPECT_EQ(detect_json_style("{\"a\": 1}").indent_unit, "  ");
}

TEST(AgentConfigJsonEdit, AppendsAnItemOnItsOwnLineWithTheItemsIndent) {
  const std::string text = "{\n   \"list\": [\n      1,\n      2\n   ]\n}\n";
  const json::Value root = parsed(text);
  const std::string out = append_item(text, *root.find("list"), parsed("{\"x\": true}"), detect_json_style(text));
  EXPECT_EQ(out, "{\n   \"list\": [\n      1,\n      2,\n      {\n         \"x\": true\n      }\n   ]\n}\n");
}

TEST(AgentConfigJsonEdit, AppendsOnTheSameLineWhenTheArrayIsOnOneLine) {
  const std::string text = "{\"list\": [1, 2]}";
  const json::Value root = parsed(text);
  EXPECT_EQ(append_item(text, *root.find("list"), parsed("{\"x\": [3]}"), detect_json_style(text)),
            "{\"list\": [1, 2, {\"x\": [3]}]}");
}

TEST(AgentConfigJsonEdit, FillsAnEmptyObjectOneIndentDeeperThanItsLine) {
  const std::string text = "{\n\t\"hooks\": {}\n}";
  const json::Value root = parsed(text);
  EXPECT_EQ(insert_member(text, *root.find("hooks"), "Stop", parsed("[]"), detect_json_style(text)),
            "{\n\t\"hooks\": {\n\t\t\"Stop\": []\n\t}\n}");
}

TEST(AgentConfigJsonEdit, FillsAnEmptyContainerOnTheSameLineInAOneLineDocument) {
  const std::string text = "{\"hooks\": {}}\n";
  const json::Value root = parsed(text);
  EXPECT_EQ(insert_member(text, *root.find("hooks"), "Stop", parsed("[{\"a\": 1}]"), detect_json_style(text)),
            "{\"hooks\": {\"Stop\": [{\"a\": 1}]}}\n");
}

TEST(AgentConfigJsonEdit, RemovingWhatWasInsertedGivesTheSameBytes) {
  const std::string text = "{\r\n  \"a\": 1,\r\n  \"b\": \"\\u00e9\"\r\n}\r\n";
  const JsonStyle style = detect_json_style(text);
  const std::string with = insert_member(text, parsed(text), "c", parsed("{\"d\": [1]}"), style);
  EXPECT_EQ(with, "{\r\n  \"a\": 1,\r\n  \"b\": \"\\u00e9\",\r\n  \"c\": {\r\n    \"d\": [\r\n      1\r\n    ]\r\n  }\r\n}\r\n");
  EXPECT_EQ(remove_element(with, parsed(with), 2), text);
}

TEST(AgentConfigJsonEdit, RemovesAFirstMiddleAndOnlyElement) {
  const std::string text = "[1, 2, 3]";
  EXPECT_EQ(remove_element(text, parsed(text), 0), "[2, 3]");
  EXPECT_EQ(remove_element(text, parsed(text), 1), "[1, 3]");
  EXPECT_EQ(remove_element("[ 7 ]", parsed("[ 7 ]"), 0), "[]");
}

TEST(AgentConfigHooks, MergeAddsEachEventOnceAndKeepsTheUsersOwnHooks) {
  const AgentConfigFile file = agent_config_file(Agent::claude, "agentops");
  const std::string text =
      "{\"hooks\": {\"PreToolUse\": [{\"matcher\": \"Bash\", \"hooks\": [{\"type\": \"command\", \"command\": \"./g.sh\"}]}]}}";
  auto merged = merge_agent_hooks(text, file);
  ASSERT_TRUE(merged) << merged.error().message;
  EXPECT_NE(merged->find("./g.sh"), std::string::npos);
  EXPECT_NE(merged->find("agentops hook claude PreToolUse"), std::string::npos);
  auto again = merge_agent_hooks(*merged, file);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, *merged);
  auto removed = remove_agent_hooks(*merged, file);
  ASSERT_TRUE(removed);
  EXPECT_EQ(removed->removed, 2);
  EXPECT_EQ(removed->text, text);
}

TEST(AgentConfigHooks, AGroupMixingTheUsersCommandWithOursIsNotOurs) {
  const AgentConfigFile file = agent_config_file(Agent::claude, "agentops");
  const std::string text =
      "{\"hooks\": {\"Stop\": [{\"hooks\": [{\"type\": \"command\", \"command\": \"./mine.sh\"}, "
      "{\"type\": \"command\", \"command\": \"agentops hook claude Stop\"}]}]}}";
  auto removed = remove_agent_hooks(text, file);
  ASSERT_TRUE(removed);
  EXPECT_EQ(removed->removed, 0);
}

TEST(AgentConfigHooks, RefusesJsoncAndWrongTypes) {
  const AgentConfigFile file = agent_config_file(Agent::gemini, "agentops");
  auto commented = merge_agent_hooks("{\n  // note\n  \"a\": 1\n}", file);
  ASSERT_FALSE(commented);
  EXPECT_NE(commented.error().message.find("comments"), std::string::npos);
  EXPECT_FALSE(merge_agent_hooks("[]", file));
  EXPECT_FALSE(merge_agent_hooks("{\"hooks\": []}", file));
  EXPECT_FALSE(merge_agent_hooks("{\"hooks\": {\"BeforeTool\": {}}}", file));
}

TEST(AgentConfigHooks, ParsesAgentListsAndRefusesUnknownNames) {
  auto all = parse_agent_list("all");
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), 6u);
  auto two = parse_agent_list("cursor,claude,cursor");
  ASSERT_TRUE(two);
  EXPECT_EQ(*two, (std::vector<Agent>{Agent::cursor, Agent::claude}));
  EXPECT_FALSE(parse_agent_list("claude,emacs"));
  EXPECT_FALSE(parse_agent_list(""));
}

}  // namespace
}  // namespace agentops::install
