// The keyword prefilter must say exactly what the RE2 set it replaced said:
// RE2's "(?i:kw1|kw2)" over the same text is the oracle.
#include "rules/keyword_matcher.h"
#include "rules/rule_prefilter.h"

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <random>
#include <string>
#include <vector>

namespace agentops::rules {
namespace {

std::vector<bool> matched(const std::vector<std::vector<std::string>>& groups, const std::string& text) {
  KeywordMatcher matcher;
  for (size_t g = 0; g < groups.size(); ++g) matcher.add(groups[g], g);
  matcher.build();
  std::vector<bool> hit(groups.size(), false);
  matcher.find(text, hit);
  return hit;
}

std::vector<bool> oracle(const std::vector<std::vector<std::string>>& groups, const std::string& text) {
  std::vector<bool> hit;
  for (const auto& keywords : groups) hit.push_back(RE2::PartialMatch(text, RE2(keywords_pattern(keywords))));
  return hit;
}

TEST(KeywordMatcher, FindsKeywordsInAnyAsciiCase) {
  EXPECT_EQ(matched({{"akia"}, {"ghp_"}, {"xoxb"}}, "key = AKIAIOSFODNN7EXAMPLE and Ghp_x"),
            (std::vector<bool>{true, true, false}));
}

TEST(KeywordMatcher, FindsOverlappingAndNestedKeywords) {
  // "she" ends inside "hers"; "he" inside both: each group is found.
  EXPECT_EQ(matched({{"he"}, {"she"}, {"hers"}, {"his"}}, "ushers"), (std::vector<bool>{true, true, true, false}));
  EXPECT_EQ(matched({{"aab"}, {"ab"}}, "aaab"), (std::vector<bool>{true, true}));
}

TEST(KeywordMatcher, NothingWhenNoKeywordOccurs) {
  EXPECT_EQ(matched({{"token"}, {"secret"}}, "plain text with tokn and secre"), (std::vector<bool>{false, false}));
  EXPECT_EQ(matched({{"token"}}, ""), (std::vector<bool>{false}));
}

TEST(KeywordMatcher, AgreesWithRe2OnRandomText) {
  // Keywords and text from a small alphabet, so matches, overlaps and case
  // changes are frequent; seeded, so a failure repeats.
  std::mt19937 random(15);
  const std::string alphabet = "abAB_-1=";
  auto word = [&](size_t length) {
    std::string out;
    for (size_t i = 0; i < length; ++i) out += alphabet[random() % alphabet.size()];
    return out;
  };
  for (int round = 0; round < 300; ++round) {
    std::vector<std::vector<std::string>> groups(1 + random() % 6);
    for (auto& keywords : groups)
      for (size_t k = 0, n = 1 + random() % 3; k < n; ++k) keywords.push_back(word(1 + random() % 4));
    const std::string text = word(random() % 40);
    ASSERT_EQ(matched(groups, text), oracle(groups, text)) << "text: " << text;
  }
}

TEST(KeywordMatcher, SaysWhenUnicodeFoldingReachesAsciiLetters) {
  EXPECT_TRUE(KeywordMatcher::folds_to_ascii("a\xE2\x84\xAAia"));  // KELVIN SIGN folds to k
  EXPECT_TRUE(KeywordMatcher::folds_to_ascii("\xC5\xBF" "ecret"));  // LONG S folds to s
  EXPECT_FALSE(KeywordMatcher::folds_to_ascii("caf\xC3\xA9 token"));
  EXPECT_TRUE(KeywordMatcher::ascii_only({"token", "api_key"}));
  EXPECT_FALSE(KeywordMatcher::ascii_only({"cl\xC3\xA9"}));
}

// The prefilter: keyword patterns, a non-ASCII keyword and a regex pattern
// together give what RE2 gives for each alone.
TEST(RulePrefilter, KeywordAndRegexPatternsAgreeWithRe2) {
  RulePrefilter prefilter;
  ASSERT_TRUE(prefilter.add_keywords({"akia", "asia"}, "aws"));
  ASSERT_TRUE(prefilter.add_keywords({"cl\xC3\xA9"}, "non-ascii"));
  ASSERT_TRUE(prefilter.add("glpat-[0-9a-z]{4}", "gitlab"));
  ASSERT_TRUE(prefilter.add_keywords({"sk_live"}, "stripe"));
  prefilter.compile();
  EXPECT_EQ(prefilter.candidates("x = ASIA1234\ny = glpat-ab12"), (std::vector<bool>{true, false, true, false}));
  EXPECT_EQ(prefilter.candidates("CL\xC3\x89 sk_LIVE"), (std::vector<bool>{false, true, false, true}));
  EXPECT_EQ(prefilter.candidates("nothing here"), (std::vector<bool>{false, false, false, false}));
  // A KELVIN SIGN in "a\u212Aia" is what RE2's (?i:akia) matches: every keyword rule runs.
  const std::string kelvin = "A\xE2\x84\xAAIA";
  EXPECT_TRUE(RE2::PartialMatch(kelvin, RE2(keywords_pattern({"akia"}))));
  EXPECT_EQ(prefilter.candidates(kelvin), (std::vector<bool>{true, false, false, true}));
}

// An empty keyword matched everywhere in the set; it still does.
TEST(RulePrefilter, AnEmptyKeywordMakesTheRuleACandidateEverywhere) {
  RulePrefilter prefilter;
  ASSERT_TRUE(prefilter.add_keywords({"token", ""}, "empty"));
  ASSERT_TRUE(prefilter.add_keywords({"token"}, "plain"));
  prefilter.compile();
  EXPECT_EQ(prefilter.candidates("nothing here"), (std::vector<bool>{true, false}));
}

}  // namespace
}  // namespace agentops::rules
