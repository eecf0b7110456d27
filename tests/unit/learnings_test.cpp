// Sections of commit messages (find_section, shared by [message]
// required_sections and `agentops learnings`) and the text learnings print.
#include <gtest/gtest.h>

#include <algorithm>

#include "agentops/learnings.h"
#include "agentops/message.h"
#include "learnings/safe_text.h"

namespace agentops {
namespace {

std::string section(std::string_view message, std::string_view name = "Learning") {
  return find_section(message, name).value_or("<none>");
}

TEST(MessageSections, LabelledParagraph) {
  EXPECT_EQ(section("fix: x\n\nLearning: the proxy drops idle connections.\n"), "the proxy drops idle connections.");
  EXPECT_EQ(section("fix: x\n\nLearning: first line\nsecond line\n"), "first line\nsecond line");
}

TEST(MessageSections, AnyCaseAndHeadingMarks) {
  EXPECT_EQ(section("fix: x\n\nlearning: lower\n"), "lower");
  EXPECT_EQ(section("fix: x\n\nLEARNING : upper\n"), "upper");
  EXPECT_EQ(section("fix: x\n\n## Learning: marked\n"), "marked");
  EXPECT_EQ(section("fix: x\n\n## Learning\nunder a heading\n"), "under a heading");
  EXPECT_EQ(section("fix: x\n\n### learning\n\nheading, then a paragraph\n"), "heading, then a paragraph");
}

TEST(MessageSections, PluralCountsAsTheSection) {
  EXPECT_EQ(section("fix: x\n\nLearnings: plural\n"), "plural");
  EXPECT_EQ(section("fix: x\n\n## Learnings\nplural heading\n"), "plural heading");
  EXPECT_TRUE(has_section("fix: x\n\nLearnings: plural\n", "Learning"));
  EXPECT_FALSE(has_section("fix: x\n\nLearningsss: no\n", "Learning"));
  EXPECT_FALSE(has_section("fix: x\n\nLearned: no\n", "Learning"));
}

TEST(MessageSections, NotASection) {
  EXPECT_EQ(section("fix: x\n\nWe learned that it fails.\n"), "<none>");
  EXPECT_EQ(section("fix: x\n\nThe Learning: mid-line\n"), "<none>");
  EXPECT_EQ(section("Learning: the subject is not a section\n"), "<none>");
  EXPECT_EQ(section("fix: x\n\n#1 Learning: a number is no heading mark\n"), "<none>");
  EXPECT_EQ(section(""), "<none>");
}

TEST(MessageSections, EmptySectionIsPresent) {
  EXPECT_TRUE(has_section("fix: x\n\nLearning:\n\nImpact: -\n", "Learning"));
  EXPECT_EQ(section("fix: x\n\nLearning:\n\nImpact: -\n"), "");
}

TEST(MessageSections, EndsAtTheNextSectionOrHeading) {
  const std::string message =
      "fix: retry uploads\n\nContext: uploads fail one time in fifty.\n\nLearning: the proxy drops idle\n"
      "connections after 30 s.\n\nSolution: retry twice.\n";
  EXPECT_EQ(section(message), "the proxy drops idle\nconnections after 30 s.");
  EXPECT_EQ(section(message, "Context"), "uploads fail one time in fifty.");
  EXPECT_EQ(section("fix: x\n\nContext: a\nLearning: b\nSolution: c\n"), "b") << "labels in one paragraph";
  EXPECT_EQ(section("fix: x\n\nLearning: a\n\n## Next\nmore\n"), "a");
  EXPECT_EQ(section("fix: x\n\nLearning: see\nhttps://example.com/x for why\n\nImpact: -\n"), "see\nhttps://example.com/x for why");
}

TEST(MessageSections, KeepsParagraphsUntilTheNextSection) {
  EXPECT_EQ(section("fix: x\n\nLearning: first paragraph\n\nsecond paragraph\n\nImpact: none\n"),
            "first paragraph\n\nsecond paragraph");
}

TEST(MessageSections, StopsAtTheTrailerBlock) {
  EXPECT_EQ(section("fix: x\n\nLearning: keep this\n\nSigned-off-by: Ann <ann@example.com>\n"), "keep this");
  EXPECT_EQ(section("fix: x\n\nLearning: keep this\n\nmore\n\nCo-authored-by: Bo <bo@x>\nRefs: #12\n"),
            "keep this\n\nmore");
  // A lone "Learning: ..." paragraph is a trailer block to git: still the section, one trailer long.
  EXPECT_EQ(section("fix: x\n\nLearning: as a trailer\nSigned-off-by: Ann <ann@x>\n"), "as a trailer");
  EXPECT_EQ(section("fix: x\n\nLearning: folded\n  continuation\nSigned-off-by: Ann <ann@x>\n"), "folded\ncontinuation");
}

TEST(MessageSections, CrLfLineEnds) {
  EXPECT_EQ(section("fix: x\r\n\r\nLearning: windows\r\nline two\r\n\r\nImpact: -\r\n"), "windows\nline two");
}

TEST(MessageSections, EveryOccurrenceIsKept) {
  EXPECT_EQ(section("fix: x\n\nLearning: one\n\nSolution: s\n\nLearning: two\n"), "one\n\ntwo");
}

TEST(MessageSections, RequiredSectionsAgreeWithLearnings) {
  Policy policy;
  policy.message.required_sections = {"Learning"};
  const auto missing = [&](const std::string& message) {
    const auto findings = check_message(message, {}, policy);
    return std::any_of(findings.begin(), findings.end(),
                       [](const Finding& f) { return f.rule == "message.required-section"; });
  };
  EXPECT_FALSE(missing("fix: x\n\nLearnings: plural counts\n"));
  EXPECT_FALSE(missing("fix: x\n\n## Learning\ntext\n"));
  EXPECT_TRUE(missing("fix: x\n\nWe learned nothing.\n"));
  EXPECT_TRUE(missing("Learning: only in the subject\n"));
}

TEST(LearningsText, ControlCharactersDroppedAndInvalidUtf8Replaced) {
  EXPECT_EQ(learnings::printable("a\x1b[31mred\x07\tb\nc\x7f"), "a[31mred\tb\nc");
  EXPECT_EQ(learnings::printable("caf\xc3\xa9 \xff!"), "caf\xc3\xa9 \xef\xbf\xbd!");
  EXPECT_EQ(learnings::printable("c1\xc2\x9b."), "c1.");
}

TEST(LearningsText, SecretsAreRedacted) {
  auto safe = learnings::SafeText::create();
  ASSERT_TRUE(safe.ok()) << safe.error().message;
  const std::string key = std::string("AKIA") + "Z4R7Q2W5T6Y3U6P2";
  auto cleaned = safe->clean("the deploy key " + key + " must be rotated\nsecond line");
  ASSERT_TRUE(cleaned.ok()) << cleaned.error().message;
  EXPECT_EQ(cleaned->find(key), std::string::npos) << *cleaned;
  EXPECT_NE(cleaned->find("AKIA"), std::string::npos) << *cleaned;
  EXPECT_NE(cleaned->find("second line"), std::string::npos);
  auto plain = safe->clean("nothing secret here");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(*plain, "nothing secret here");
}

TEST(LearningsFormat, ShareAndEmptyResult) {
  Learnings none;
  none.commits_walked = 4;
  EXPECT_EQ(none.share(), 0.0);
  EXPECT_NE(format_learnings_text(none).find("0 of 4 commits recorded a Learning (0.0%"), std::string::npos);
  EXPECT_NE(format_learnings_text(none).find("no commit walked recorded a Learning"), std::string::npos);
  EXPECT_NE(format_learnings_json(none).find("\"commits_walked\":4,\"with_learning\":0,\"share\":0.0000,\"entries\":[]"),
            std::string::npos);
  EXPECT_EQ(Learnings{}.share(), 0.0);
}

TEST(LearningsFormat, MarkdownQuotesSectionsSoTheyCannotPoseAsEntries) {
  Learnings learnings;
  learnings.commits_walked = 2;
  learnings.with_learning = 1;
  learnings.entries.push_back(LearningEntry{"0123456789abcdef0123456789abcdef01234567", "2024-05-01T12:00:00+02:00",
                                            "fix: parser", {"src/parser/a.c"}, "## not an entry\nline", "why"});
  const std::string markdown = format_learnings_markdown(learnings);
  EXPECT_NE(markdown.find("\n## 2024-05-01 0123456 fix: parser\n"), std::string::npos) << markdown;
  EXPECT_NE(markdown.find("> ## not an entry\n> line\n"), std::string::npos) << markdown;
  EXPECT_NE(markdown.find("Touched: `src/parser/a.c`"), std::string::npos) << markdown;
  EXPECT_NE(markdown.find("1 of 2 commits recorded a Learning (50.0%"), std::string::npos) << markdown;
}

}  // namespace
}  // namespace agentops
