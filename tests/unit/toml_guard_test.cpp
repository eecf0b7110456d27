// The guard in front of toml++: documents that would reach toml++ 3.3's
// unreachable code are refused with a position, valid TOML with non-ASCII
// text in strings and comments is not.
#include "policy/toml_guard.h"

#include <gtest/gtest.h>

#include "agentops/policy.h"

namespace agentops::detail {
namespace {

std::string doc(std::string_view bytes) { return std::string(bytes); }

// Returns the offset the guard refuses at, or -1.
long refused_at(const std::string& text) {
  auto problem = toml_text_problem(text);
  return problem ? static_cast<long>(problem->offset) : -1;
}

TEST(TomlGuard, RefusesTheFuzzerInputShapeGreekAfterInvalidEscapeInQuotedKeyWithNulBefore) {
  // What fuzz/policy_fuzzer.cpp found within 60 s: NUL bytes, a quoted key
  // with an invalid escape, then a Greek letter where toml++ looks for the
  // end of a value.
  const std::string text = doc(std::string_view("a = 1\0\0\n\"k\\q\" = 1\xce\xbb\n", 20));
  EXPECT_NE(refused_at(text), -1);
  const auto policy = load_policy(PolicySource{".agentops/policy.toml", text, {}});
  EXPECT_FALSE(policy);
}

TEST(TomlGuard, RefusesANulByteAnywhere) {
  EXPECT_EQ(refused_at(doc(std::string_view("a = 1\0\xce\xbb\n", 9))), 5);
  EXPECT_EQ(refused_at(doc(std::string_view("a = \"x\0y\"\n", 10))), 6);
  EXPECT_EQ(refused_at(doc(std::string_view("# x\0\n", 5))), 3);
}

TEST(TomlGuard, RefusesControlCharactersButTabAndLineBreaks) {
  EXPECT_EQ(refused_at("a = \"x\x01\"\n"), 6);
  EXPECT_EQ(refused_at("a = \"x\x7f\"\n"), 6);
  EXPECT_EQ(refused_at("a = 1\rb = 2\n"), 5);
  EXPECT_EQ(refused_at("a = \"\tx\"\r\nb = 2\r\n"), -1);
}

TEST(TomlGuard, RefusesAnUnknownEscapeInAQuotedKey) {
  EXPECT_EQ(refused_at("\"k\\q\" = 1\n"), 2);
  EXPECT_EQ(refused_at("\"k\\\xce\xbb\" = 1\n"), 2);
  EXPECT_EQ(refused_at("a = \"\\u00e\"\n"), 5);
}

TEST(TomlGuard, RefusesNonAsciiAfterABackslashInAMultiLineString) {
  // Each of these is valid TOML or an error toml++ reports only after asking
  // whether the Greek letter is whitespace, which is undefined behaviour.
  EXPECT_EQ(refused_at("a = \"\"\"\\\xce\xbb\"\"\"\n"), 8);
  EXPECT_EQ(refused_at("a = \"\"\"\\ \xce\xbb\"\"\"\n"), 9);
  EXPECT_EQ(refused_at("a = \"\"\"x \\\n   \xce\xbb\"\"\"\n"), 14);
  EXPECT_EQ(refused_at("a = \"\"\"x \\\r\n\n\xce\xbb\"\"\"\n"), 13);
}

TEST(TomlGuard, RefusesNonAsciiOutsideStringsAndComments) {
  EXPECT_EQ(refused_at("a = 1\xce\xbb\n"), 5);
  EXPECT_EQ(refused_at("\xce\xbb = 1\n"), 0);
  // A quote that cannot open a string is bare text.
  EXPECT_EQ(refused_at("a = 1\"\xce\xbb\"\n"), 6);
}

TEST(TomlGuard, AcceptsNonAsciiInStringsAndComments) {
  EXPECT_EQ(refused_at("\xEF\xBB\xBF# \xce\xbb comment\n"
                       "\"k\\u00e9y\" = \"\xce\xbb\"\n"
                       "b = '\xce\xbb'\n"
                       "c = \"\"\"\n\xce\xbb \\\n   x\xce\xbb\"\"\"\n"
                       "d = '''\n\xce\xbb'''\n"
                       "e = [\"\xce\xbb\", # \xce\xbb\n  '\xce\xbb']\n"
                       "f = { g = \"\xce\xbb\", \"h\" = \"\xce\xbb\" }\n"
                       "i = \"\"\"a\"\"\"\"\n"
                       "[\"t\xce\xbb\".\"u\"]\n"),
            -1);
}

TEST(TomlGuard, LoaderReportsTheProblemWithItsPosition) {
  const auto policy = load_policy(PolicySource{".agentops/policy.toml", "version = 1\n\"k\\q\" = 1\n", {}});
  ASSERT_FALSE(policy);
  EXPECT_NE(policy.error().message.find(".agentops/policy.toml:2:3: invalid TOML: unknown escape"),
            std::string::npos)
      << policy.error().message;
}

TEST(TomlGuard, LoaderReadsAPolicyWithNonAsciiInAMultiLineString) {
  const auto policy = load_policy(PolicySource{
      ".agentops/policy.toml",
      "version = 1\n[[content]]\nid = \"x\"\nregex = 'x'\nmessage = \"\"\"R\xc3\xa9\xc3\xa9" "crire \\\n  le code\"\"\"\n",
      {}});
  EXPECT_TRUE(policy) << policy.error().message;
}

}  // namespace
}  // namespace agentops::detail
