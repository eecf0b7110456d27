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
  // The shape fuzz/policy_fuzzer.cpp found: NUL bytes, then a quote after an
  // '=' inside a bare value, an invalid escape and a Greek letter. toml++
  // reads the bare value up to the next blank, asking of each character
  // (the Greek letter too) whether it ends the value: undefined behaviour.
  // The old guard took the quote as opening a string, and the letter as inside it.
  const std::string with_nul = doc(std::string_view("a = 1\0\0=\"k\\q\xce\xbb\" = 1\n", 20));
  EXPECT_NE(refused_at(with_nul), -1);
  EXPECT_FALSE(load_policy(PolicySource{".agentops/policy.toml", with_nul, {}}));
  EXPECT_EQ(refused_at("a = 1=\"k\\q\xce\xbb\" = 1\n"), 10);
  // The same without an escape, and with the Arabic ligature the fuzzer also
  // used (U+FEFB, in the second range toml++ cannot classify).
  EXPECT_EQ(refused_at("vern = 2___='__f\xef\xbb\xbb=[+\"terue wzzz"), 16);
}

TEST(TomlGuard, RefusesAControlCharacterInATableHeader) {
  // toml++ asserts (and, built without assertions, assumes) a key there.
  EXPECT_EQ(refused_at("[\x01\x19" "crets]\nenabled = true\n"), 1);
}

TEST(TomlGuard, RefusesATableHeaderThatDoesNotStartWithAKey) {
  // toml++ assumes a key there; found by the fuzzer with assertions on.
  EXPECT_EQ(refused_at("[= 1\n"), 1);
  EXPECT_EQ(refused_at("[[ .a]]\n"), 3);
  EXPECT_EQ(refused_at("[ a.b ]\n[[ \"c\" ]]\n"), -1);
}

TEST(TomlGuard, RefusesACloseBraceWhereAnArrayNeedsAValue) {
  // toml++ assumes a value there; found by the fuzzer with assertions on.
  EXPECT_EQ(refused_at("a = [\".env\",}'\n"), 12);
  EXPECT_EQ(refused_at("a = [ }\n"), 6);
  EXPECT_EQ(refused_at("a = [{ b = 1 }, {}]\n"), -1);
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
