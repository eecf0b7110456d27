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
}

TEST(FloorAttack, AppliesToAgentsStaysWhenTheFloorOnlyWarnsAboutPlaceholders) {
  const Policy floor = policy_from("/etc/agentops/floor.toml", "version = 1\n");
  const Policy repo = policy_from(".agentops/policy.toml", "version = 1\n[message]\napplies_to = \"agents\"\n");
  EXPECT_EQ(apply_floor(floor, repo).message.applies_to, MessageAppliesTo::agents);
}

}  // namespace
}  // namespace agentops
