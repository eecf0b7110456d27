// Attacks on the policy ergonomics and the tuned presets: an organisation
// floor that a repository policy tries to loosen with the new keys, and the
// glob exceptions. Each: the loosening is refused, the tightening kept.
#include <gtest/gtest.h>

#include <algorithm>

#include "agentops/message.h"
#include "agentops/policy.h"
#include "glob.h"

namespace agentops {
namespace {

Policy policy_from(const std::string& name, const std::string& text) {
  auto policy = load_policy(PolicySource{name, text, {}});
  EXPECT_TRUE(policy.ok()) << policy.error().message;
  return policy.ok() ? *policy : Policy{};
}

TEST(FloorAttack, ARepositoryCannotDropTheFloorsExceptionFromLimitsExcludePaths) {
  const Policy floor = policy_from("/etc/agentops/floor.toml",
                                   "version = 1\n[limits]\nexclude_paths = [\"*.lock\", \"!schema.lock\"]\n");
  const Policy repo = policy_from(".agentops/policy.toml", "version = 1\n[limits]\nexclude_paths = [\"*.lock\"]\n");
  const Policy merged = apply_floor(floor, repo);
  EXPECT_FALSE(glob_match_any(merged.limits.exclude_paths, "schema.lock"));
  EXPECT_TRUE(glob_match_any(merged.limits.exclude_paths, "Cargo.lock"));
  const Policy reordered =
      policy_from(".agentops/policy.toml", "version = 1\n[limits]\nexclude_paths = [\"!schema.lock\", \"*.lock\"]\n");
  EXPECT_FALSE(glob_match_any(apply_floor(floor, reordered).limits.exclude_paths, "schema.lock"));
}

TEST(FloorAttack, ARepositorysOwnExceptionInLimitsExcludePathsStillCounts) {
  const Policy floor = policy_from("/etc/agentops/floor.toml", "version = 1\n[limits]\nexclude_paths = [\"*.lock\"]\n");
  const Policy repo =
      policy_from(".agentops/policy.toml", "version = 1\n[limits]\nexclude_paths = [\"*.lock\", \"!app.lock\"]\n");
  const Policy merged = apply_floor(floor, repo);
  EXPECT_FALSE(glob_match_any(merged.limits.exclude_paths, "app.lock"));
  EXPECT_TRUE(glob_match_any(merged.limits.exclude_paths, "Cargo.lock"));
}

TEST(FloorAttack, AppliesToAgentsCannotExemptPeopleFromTheFloorsPlaceholderGate) {
  const Policy floor = policy_from("/etc/agentops/floor.toml",
                                   "version = 1\n[severity]\n\"message.placeholder-subject\" = \"block\"\n");
  const Policy repo = policy_from(".agentops/policy.toml", "version = 1\n[message]\napplies_to = \"agents\"\n");
  const Policy merged = apply_floor(floor, repo);
  EXPECT_EQ(merged.message.applies_to, MessageAppliesTo::everyone);
  // policy show must not credit the repository's line with the floor's value.
  ASSERT_TRUE(merged.origins.count("message.applies_to"));
  EXPECT_NE(merged.origins.at("message.applies_to").find("(floor)"), std::string::npos)
      << merged.origins.at("message.applies_to");
}

TEST(FloorAttack, AppliesToAgentsStaysWhenTheFloorOnlyWarnsAboutPlaceholders) {
  const Policy floor = policy_from("/etc/agentops/floor.toml", "version = 1\n");
  const Policy repo = policy_from(".agentops/policy.toml", "version = 1\n[message]\napplies_to = \"agents\"\n");
  EXPECT_EQ(apply_floor(floor, repo).message.applies_to, MessageAppliesTo::agents);
}

TEST(FloorAttack, ExcludePathsOnAFloorContentRuleAreTheFloorsAndShowSaysSo) {
  const Policy floor = policy_from("/etc/agentops/floor.toml",
                                   "version = 1\n[[content]]\nid = \"no-internal-hosts\"\nregex = 'corp\\.internal'\n"
                                   "severity = \"block\"\n");
  const Policy repo = policy_from(".agentops/policy.toml",
                                  "version = 1\n[[content]]\nid = \"no-internal-hosts\"\nregex = 'corp\\.internal'\n"
                                  "exclude_paths = [\"**\"]\nseverity = \"block\"\n");
  const Policy merged = apply_floor(floor, repo);
  auto rule = std::find_if(merged.content.begin(), merged.content.end(),
                           [](const ContentRule& r) { return r.id == "no-internal-hosts"; });
  ASSERT_NE(rule, merged.content.end());
  EXPECT_TRUE(rule->exclude_paths.empty());
  EXPECT_NE(std::find(merged.floor_notes.begin(), merged.floor_notes.end(),
                      "content.no-internal-hosts kept as the floor defines it"),
            merged.floor_notes.end());
  // The same rule as the floor's raises no note.
  const Policy same = policy_from(".agentops/policy.toml",
                                  "version = 1\n[[content]]\nid = \"no-internal-hosts\"\nregex = 'corp\\.internal'\n"
                                  "severity = \"block\"\n");
  EXPECT_TRUE(apply_floor(floor, same).floor_notes.empty());
}

TEST(FloorAttack, AFloorThatOnlyWarnsAtItsDefaultKeepsThePresetsTestsRemovedThreshold) {
  const Policy floor = policy_from("/etc/agentops/floor.toml", "version = 1\n[limits]\nmax_file_bytes = 100000\n");
  const Policy repo = policy_from(".agentops/policy.toml", "version = 1\nextends = [\"ai-agents\"]\n");
  EXPECT_EQ(apply_floor(floor, repo).paths.tests_removed_min_lines, 20u);
}

TEST(FloorAttack, AFloorThatGatesRemovedTestsHoldsItsDefaultThreshold) {
  const Policy floor = policy_from("/etc/agentops/floor.toml",
                                   "version = 1\n[severity]\n\"change.tests-removed\" = \"gate\"\n");
  const Policy repo = policy_from(".agentops/policy.toml", "version = 1\n[paths]\ntests_removed_min_lines = 500\n");
  const Policy merged = apply_floor(floor, repo);
  EXPECT_LE(merged.paths.tests_removed_min_lines, 1u);
  EXPECT_EQ(severity_of(merged, "change.tests-removed"), Severity::gate);
}

TEST(ValidationErrors, PastTheCapTheProblemsListedAreTheFirstInTheFile) {
  // Keys read in name order (bogus1, bogus10, bogus100...) must not decide
  // which problems are listed: the first 25 lines with a problem are.
  std::string text = "version = 1\n[paths]\n";
  for (int i = 1; i <= 200; ++i) text += "bogus" + std::to_string(i) + " = 1\n";
  auto policy = load_policy(PolicySource{".agentops/policy.toml", text, {}});
  ASSERT_FALSE(policy.ok());
  const std::string& message = policy.error().message;
  EXPECT_NE(message.find("200 problems"), std::string::npos) << message;
  for (int line = 3; line < 3 + 25; ++line)
    EXPECT_NE(message.find(".agentops/policy.toml:" + std::to_string(line) + ":1:"), std::string::npos) << line;
  EXPECT_EQ(message.find(".agentops/policy.toml:28:1:"), std::string::npos) << message;
  EXPECT_NE(message.find("... and 175 more"), std::string::npos) << message;
}

TEST(ValidationErrors, UnderTheCapEveryProblemIsListedInFileOrder) {
  auto policy = load_policy(PolicySource{".agentops/policy.toml",
                                         "version = 1\n[paths]\nzeta = 1\nalpha = 2\n", {}});
  ASSERT_FALSE(policy.ok());
  const std::string& message = policy.error().message;
  EXPECT_LT(message.find("'paths.zeta'"), message.find("'paths.alpha'")) << message;
}

}  // namespace
}  // namespace agentops
