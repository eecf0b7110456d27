#include "agents/json.h"

#include <gtest/gtest.h>

#include <string>

namespace agentops::json {
namespace {

TEST(AgentJson, ReadsAnAgentsHookInputWithNestedObjects) {
  const std::string text =
      R"({"hook_event_name":"PreToolUse","tool_input":{"file_path":"/r/a.txt","content":"x\ny"},"n":-1.5e3,"ok":true,"none":null})";
  auto value = parse(text);
  ASSERT_TRUE(value) << value.error().message;
  EXPECT_EQ(value->string_or("hook_event_name"), "PreToolUse");
  const Value* input = value->find("tool_input");
  ASSERT_NE(input, nullptr);
  EXPECT_EQ(input->string_or("content"), "x\ny");
  EXPECT_EQ(value->find("n")->text, "-1.5e3");
  EXPECT_TRUE(value->find("ok")->boolean);
  EXPECT_EQ(value->find("none")->kind, Value::Kind::null);
  EXPECT_EQ(value->find("missing"), nullptr);
  EXPECT_EQ(text.substr(input->begin, input->end - input->begin),
            R"({"file_path":"/r/a.txt","content":"x\ny"})");
}

TEST(AgentJson, DecodesEscapesAndSurrogatePairs) {
  auto value = parse(R"(["\u00e9\ud83d\ude00\/\"\\\t", "\ud800x"])");
  ASSERT_TRUE(value) << value.error().message;
  EXPECT_EQ(value->items[0].text, "\xC3\xA9\xF0\x9F\x98\x80/\"\\\t");
  EXPECT_EQ(value->items[1].text, "\xEF\xBF\xBDx");  // a lone surrogate becomes U+FFFD
}

TEST(AgentJson, TheLastOfRepeatedKeysWinsAsInJavaScript) {
  auto value = parse(R"({"a":"1","a":"2"})");
  ASSERT_TRUE(value);
  EXPECT_EQ(value->string_or("a"), "2");
  EXPECT_EQ(value->members.size(), 2u);
}

TEST(AgentJson, RefusesWhatRfc8259Refuses) {
  for (const char* bad : {"", "{", "{\"a\":1,}", "[1,]", "'a'", "01", "1.", "-", "\"a\nb\"", "{\"a\" 1}",
                          "[1] [2]", "tru", "\"\\x\"", "\"\\u12\"", "// c\n{}", "{a:1}", "NaN"}) {
    EXPECT_FALSE(parse(bad)) << bad;
  }
}

TEST(AgentJson, CommentsOnlyWhenAllowed) {
  ParseOptions jsonc;
  jsonc.allow_comments = true;
  auto value = parse("// settings\n{ /* hooks */ \"a\": 1 // one\n}", jsonc);
  ASSERT_TRUE(value) << value.error().message;
  EXPECT_EQ(value->find("a")->text, "1");
  EXPECT_FALSE(parse("{} /* open", jsonc));
}

TEST(AgentJson, DeepNestingIsAnErrorNotACrash) {
  const std::string deep(100000, '[');
  auto value = parse(deep);
  ASSERT_FALSE(value);
  EXPECT_NE(value.error().message.find("nested"), std::string::npos) << value.error().message;
}

TEST(AgentJson, ErrorNamesTheByteOffset) {
  auto value = parse("{\"a\": tru}");
  ASSERT_FALSE(value);
  EXPECT_NE(value.error().message.find("byte 6"), std::string::npos) << value.error().message;
}

TEST(AgentJson, QuoteRoundTrips) {
  const std::string text = "a\"b\\c\nd\x01";
  auto value = parse(quote(text));
  ASSERT_TRUE(value);
  EXPECT_EQ(value->text, text);
}

}  // namespace
}  // namespace agentops::json
