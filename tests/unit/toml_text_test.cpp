// What policy show prints and policy init proposes loads again: every string
// written as TOML reads back, byte for byte, with toml++.
#include "policy/toml_text.h"

#include <gtest/gtest.h>
#include <toml++/toml.h>

#include <string>
#include <vector>

namespace agentops::detail {
namespace {

std::vector<std::string> read_back(const std::string& document) {
  std::vector<std::string> out;
  const toml::table table = toml::parse(document);
  for (const auto& node : *table["v"].as_array()) out.push_back(*node.value<std::string>());
  return out;
}

TEST(TomlText, EveryByteOfAPathReadsBackUnchanged) {
  const std::vector<std::string> paths = {
      "plain/*.md", "a \"quoted\" name", "back\\slash", "new\nline", "tab\there",
      std::string("nul\0byte", 8), "del\x7f", "esc\x1b[31m", "caf\xc3\xa9/\xe2\x9c\x93", "!negated/**"};
  EXPECT_EQ(read_back("v = " + toml_list(paths) + "\n"), paths);
}

TEST(TomlText, APlainStringIsWrittenAsItIs) {
  EXPECT_EQ(toml_string("docs/**"), "\"docs/**\"");
  EXPECT_EQ(toml_list({}), "[]");
}

}  // namespace
}  // namespace agentops::detail
