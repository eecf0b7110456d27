// Strict policy loading: every mistake is an error with file:line:column.
#include <gtest/gtest.h>

#include "agentops/policy.h"

namespace agentops {
namespace {

Result<Policy> load(const std::string& text) {
  return load_policy(PolicySource{".agentops/policy.toml", text});
}

void expect_error(const std::string& text, const std::string& expected_fragment) {
  auto policy = load(text);
  ASSERT_FALSE(policy.ok()) << "accepted:\n" << text;
  EXPECT_NE(policy.error().message.find(expected_fragment), std::string::npos)
      << policy.error().message;
}

TEST(PolicyLoader, EmptyDocumentGivesDefaults) {
  auto policy = load("");
  ASSERT_TRUE(policy.ok()) << policy.error().message;
  EXPECT_TRUE(policy->secrets.enabled);
  EXPECT_FALSE(policy->secrets.rules.empty());
  EXPECT_EQ(policy->source, ".agentops/policy.toml");
}

TEST(PolicyLoader, BaselinePresetLoads) {
  auto policy = load_preset("baseline");
  ASSERT_TRUE(policy.ok()) << policy.error().message;
  EXPECT_EQ(policy->limits.max_file_bytes, 5u << 20);
}

TEST(PolicyLoader, ExtendsAPresetAndOverridesIt) {
  auto policy = load("extends = [\"baseline\"]\n[limits]\nmax_file_bytes = 1000\n");
  ASSERT_TRUE(policy.ok()) << policy.error().message;
  EXPECT_EQ(policy->limits.max_file_bytes, 1000u);
}

TEST(PolicyLoader, UnknownKeyNamesPositionAndSuggestsTheFix) {
  expect_error("[secrets]\nenabeld = false\n", ".agentops/policy.toml:2:1: unknown key 'secrets.enabeld'; did you mean 'secrets.enabled'?");
}

TEST(PolicyLoader, UnknownSectionIsAnError) {
  expect_error("[secret]\nenabled = false\n", "did you mean 'secrets'?");
}

TEST(PolicyLoader, WrongTypeIsAnError) {
  expect_error("[secrets]\nenabled = \"no\"\n", "2:11: 'secrets.enabled' must be true or false, not a string");
}

TEST(PolicyLoader, MalformedTomlIsAnError) {
  expect_error("[secrets\nenabled = true\n", ".agentops/policy.toml:1:");
}

TEST(PolicyLoader, InvalidRegexIsAnError) {
  expect_error("[[secrets.rules]]\nid = \"acme\"\nregex = '(unclosed'\n", "3:9: invalid regex in 'secrets.rules.regex'");
}

TEST(PolicyLoader, InvalidGlobIsAnError) {
  expect_error("[secrets]\nallow_paths = [\"[abc\"]\n", "invalid glob \"[abc\"");
}

TEST(PolicyLoader, UnknownPresetIsAnError) {
  expect_error("extends = [\"baseline\", \"nonexistent\"]\n", "1:24: unknown preset \"nonexistent\"");
}

TEST(PolicyLoader, UnsupportedVersionIsAnError) { expect_error("version = 2\n", "'version' is 2"); }

TEST(PolicyLoader, NegativeLimitIsAnError) {
  expect_error("[limits]\nmax_file_bytes = -1\n", "must not be negative");
}

TEST(PolicyLoader, RuleWithoutIdIsAnError) {
  expect_error("[[secrets.rules]]\nregex = 'x'\n", "needs an 'id'");
}

TEST(PolicyLoader, CustomRuleIsAddedAndSameIdReplaces) {
  auto policy = load(
      "[[secrets.rules]]\nid = \"acme\"\nregex = 'acme_[0-9]{8}'\nkeywords = [\"acme_\"]\n"
      "[[secrets.rules]]\nid = \"github-token\"\nseverity = \"warn\"\n");
  ASSERT_TRUE(policy.ok()) << policy.error().message;
  const auto& rules = policy->secrets.rules;
  auto acme = std::find_if(rules.begin(), rules.end(), [](auto& r) { return r.id == "acme"; });
  ASSERT_NE(acme, rules.end());
  EXPECT_EQ(acme->keywords, std::vector<std::string>{"acme_"});
  auto github = std::find_if(rules.begin(), rules.end(), [](auto& r) { return r.id == "github-token"; });
  ASSERT_NE(github, rules.end());
  EXPECT_EQ(github->severity, Severity::warn);
  EXPECT_FALSE(github->regex.empty()) << "an override keeps the catalogue's regex";
}

TEST(PolicyLoader, PresetsAreListed) {
  const auto names = preset_names();
  EXPECT_NE(std::find(names.begin(), names.end(), "baseline"), names.end());
  EXPECT_EQ(std::find(names.begin(), names.end(), "catalogue/secrets"), names.end());
}

}  // namespace
}  // namespace agentops
