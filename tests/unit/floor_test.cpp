// The organisation floor: a repository policy can tighten it, never loosen it.
#include <gtest/gtest.h>

#include <algorithm>

#include "agentops/policy.h"

namespace agentops {
namespace {

Policy load_text(const std::string& name, const std::string& text) {
  auto policy = load_policy(PolicySource{name, text, {}});
  EXPECT_TRUE(policy.ok()) << policy.error().message;
  return policy.ok() ? *policy : Policy{};
}

const Policy kFloor = load_text("/etc/agentops/floor.toml", R"(
extends = ["baseline"]
[limits]
max_lines_changed = 500
[paths]
forbidden = ["*.pem"]
[[content]]
id = "no-internal-hosts"
regex = 'corp\.internal'
severity = "block"
[severity]
"path.protected" = "gate"
)");

TEST(Floor, SecretsCannotBeSwitchedOff) {
  const Policy repo = load_text(".agentops/policy.toml", "[secrets]\nenabled = false\n");
  const Policy effective = apply_floor(kFloor, repo);
  EXPECT_TRUE(effective.secrets.enabled);
  EXPECT_FALSE(effective.floor_notes.empty());
}

TEST(Floor, SecretRuleSeverityCannotBeLowered) {
  const Policy repo = load_text(".agentops/policy.toml", "[[secrets.rules]]\nid = \"github-token\"\nseverity = \"off\"\n");
  const Policy effective = apply_floor(kFloor, repo);
  auto rule = std::find_if(effective.secrets.rules.begin(), effective.secrets.rules.end(),
                           [](auto& r) { return r.id == "github-token"; });
  ASSERT_NE(rule, effective.secrets.rules.end());
  EXPECT_EQ(rule->severity, Severity::block);
}

TEST(Floor, LimitsOnlyTighten) {
  EXPECT_EQ(apply_floor(kFloor, load_text("p", "[limits]\nmax_lines_changed = 5000\n")).limits.max_lines_changed, 500u);
  EXPECT_EQ(apply_floor(kFloor, load_text("p", "[limits]\nmax_lines_changed = 0\n")).limits.max_lines_changed, 500u);
  EXPECT_EQ(apply_floor(kFloor, load_text("p", "[limits]\nmax_lines_changed = 50\n")).limits.max_lines_changed, 50u);
}

TEST(Floor, ForbiddenPathsAndContentRulesOnlyGrow) {
  const Policy effective = apply_floor(kFloor, load_text("p", "[paths]\nforbidden = [\".env\"]\n"));
  const auto& forbidden = effective.paths.forbidden;
  EXPECT_NE(std::find(forbidden.begin(), forbidden.end(), "*.pem"), forbidden.end());
  EXPECT_NE(std::find(forbidden.begin(), forbidden.end(), ".env"), forbidden.end());
  const Policy lowered = apply_floor(
      kFloor, load_text("p", "[[content]]\nid = \"no-internal-hosts\"\nregex = 'nothing'\nseverity = \"off\"\n"));
  auto rule = std::find_if(lowered.content.begin(), lowered.content.end(), [](auto& r) { return r.id == "no-internal-hosts"; });
  ASSERT_NE(rule, lowered.content.end());
  EXPECT_EQ(rule->severity, Severity::block);
  EXPECT_EQ(rule->regex, "corp\\.internal");
}

TEST(Floor, BuiltinRuleSeverityCannotBeLowered) {
  const Policy effective = apply_floor(kFloor, load_text("p", "[severity]\n\"path.protected\" = \"off\"\n\"limit.lines-changed\" = \"warn\"\n"));
  EXPECT_EQ(severity_of(effective, "path.protected"), Severity::gate);
  EXPECT_EQ(severity_of(effective, "limit.lines-changed"), Severity::block);
}

TEST(Floor, RepositoryMayTighten) {
  const Policy effective = apply_floor(kFloor, load_text("p", "[severity]\n\"limit.binary-file\" = \"block\"\n[limits]\nbinary_files = \"warn\"\n"));
  EXPECT_EQ(severity_of(effective, "limit.binary-file"), Severity::block);
}

TEST(Floor, RepositoryAllowlistIsIgnored) {
  const Policy effective = apply_floor(kFloor, load_text("p", "[secrets]\nallow_paths = [\"**\"]\n"));
  EXPECT_TRUE(effective.secrets.allow_paths.empty());
}

TEST(Floor, NoRepositoryAllowlistWeakensTheFloor) {
  const Policy effective = apply_floor(
      kFloor, load_text("p", "[secrets]\nallow_regexes = [\".\"]\nstopwords = [\"a\", \"e\", \"1\"]\n"));
  EXPECT_TRUE(effective.secrets.allow_regexes.empty());
  EXPECT_EQ(effective.secrets.stopwords, kFloor.secrets.stopwords);
}

TEST(Floor, AgentRequirementsCarryOver) {
  const Policy floor = load_text("/etc/floor.toml", "[agents]\nrequire_approval = true\nrequired_trailers = [\"Agent-Session\"]\n");
  const Policy effective = apply_floor(floor, load_text("p", ""));
  EXPECT_TRUE(effective.agents.require_approval);
  EXPECT_EQ(effective.agents.required_trailers, std::vector<std::string>{"Agent-Session"});
}

TEST(Floor, RegexSubjectPatternIsTheFloors) {
  const Policy floor = load_text("/etc/floor.toml", "[message]\nformat = \"regex\"\npattern = '^[A-Z]+-[0-9]+ '\n");
  const Policy effective = apply_floor(floor, load_text("p", "[message]\nformat = \"regex\"\npattern = '.*'\n"));
  EXPECT_EQ(effective.message.pattern, "^[A-Z]+-[0-9]+ ");
}

TEST(Floor, TypesAndScopesNeverWidenToAny) {
  const Policy floor = load_text("/etc/floor.toml", "[message]\nformat = \"conventional\"\ntypes = [\"feat\", \"fix\"]\nscopes = [\"api\"]\n");
  const Policy effective = apply_floor(floor, load_text("p", "[message]\ntypes = [\"yolo\"]\nscopes = [\"anything\"]\n"));
  EXPECT_EQ(effective.message.types, (std::vector<std::string>{"feat", "fix"}));
  EXPECT_EQ(effective.message.scopes, std::vector<std::string>{"api"});
}

TEST(Floor, OriginsNameTheFloor) {
  const Policy effective = apply_floor(kFloor, load_text("p", "[limits]\nmax_lines_changed = 5000\n"));
  EXPECT_NE(effective.origins.at("limits.max_lines_changed").find("(floor)"), std::string::npos);
}

}  // namespace
}  // namespace agentops
