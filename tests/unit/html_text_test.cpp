#include "report/html_text.h"

#include <gtest/gtest.h>

#include <string>

namespace agentops::detail {
namespace {

// Nothing of these may survive escaping: each could open markup or a URL.
bool holds_active_character(const std::string& text) {
  return text.find_first_of("<>\"'/:(@=`") != std::string::npos;
}

TEST(HtmlText, PlainTextStaysAsItIs) { EXPECT_EQ(html_text("Fix the parser, add tests"), "Fix the parser, add tests"); }

TEST(HtmlText, EscapesMarkupAndUrlCharactersAsNumericReferences) {
  EXPECT_EQ(html_text("&<>\"'/:(@=`"), "&#38;&#60;&#62;&#34;&#39;&#47;&#58;&#40;&#64;&#61;&#96;");
}

TEST(HtmlText, StyleAndScriptCannotBeClosedOrOpened) {
  const std::string out = html_text("</style><script>alert(1)</script>");
  EXPECT_FALSE(holds_active_character(out)) << out;
  EXPECT_EQ(out.find("script>"), std::string::npos);
}

TEST(HtmlText, JavascriptUrlLosesItsColon) {
  const std::string out = html_text("javascript:alert(document.cookie)");
  EXPECT_EQ(out.find("javascript:"), std::string::npos);
  EXPECT_FALSE(holds_active_character(out)) << out;
}

TEST(HtmlText, CssUrlAndImportCannotForm) {
  const std::string out = html_text("x{background:url(https://evil.example/a.png)} @import 'x.css';");
  EXPECT_EQ(out.find("url("), std::string::npos);
  EXPECT_EQ(out.find("@import"), std::string::npos);
  EXPECT_EQ(out.find("//"), std::string::npos);
  EXPECT_EQ(out.find("https:"), std::string::npos);
}

TEST(HtmlText, AttributeCannotBeClosed) {
  const std::string out = html_text("\" onmouseover=\"x' src='y");
  EXPECT_FALSE(holds_active_character(out)) << out;
  EXPECT_EQ(out.find("src="), std::string::npos);
}

TEST(HtmlText, NewlinesTabsAndControlCharactersBecomeSpaces) {
  EXPECT_EQ(html_text("one\ntwo\r\nthree\tfour\x1b[31m\x7f"), "one two  three four [31m ");
}

TEST(HtmlText, InvalidUtf8BecomesReplacementCharacter) {
  EXPECT_EQ(html_text("a\xff" "b\xc3"), "a\xEF\xBF\xBD" "b\xEF\xBF\xBD");
  EXPECT_EQ(html_text("\xc0\xbc"), "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong '<' is not '<'
  EXPECT_EQ(html_text("\xed\xa0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
}

TEST(HtmlText, ValidUtf8IsKept) { EXPECT_EQ(html_text("caf\xC3\xA9 \xE2\x9C\x93 \xF0\x9F\x9A\x80"), "caf\xC3\xA9 \xE2\x9C\x93 \xF0\x9F\x9A\x80"); }

TEST(HtmlText, BidirectionalOverridesAreReplaced) {
  EXPECT_EQ(html_text("a\xE2\x80\xAE" "b\xE2\x81\xA6" "c"), "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c");
}

TEST(HtmlText, C1ControlsBecomeSpaces) { EXPECT_EQ(html_text("a\xC2\x85" "b"), "a b"); }

TEST(ShortenText, CutsAtCodePointsAndMarksTheCut) {
  EXPECT_EQ(shorten_text("abcdef", 3), "abc\xE2\x80\xA6");
  EXPECT_EQ(shorten_text("abc", 3), "abc");
  EXPECT_EQ(shorten_text("\xC3\xA9\xC3\xA9\xC3\xA9", 2), "\xC3\xA9\xC3\xA9\xE2\x80\xA6");
  EXPECT_EQ(shorten_text("", 0), "");
}

}  // namespace
}  // namespace agentops::detail
