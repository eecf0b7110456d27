// Strict policy loading: every mistake is an error with file:line:column.
#include <gtest/gtest.h>

#include "agentops/policy.h"
#include "agentops/rules.h"

#include <fstream>
#include <sstream>

namespace agentops {
namespace {

Result<Policy> load(const std::string& text) {
  return load_policy(PolicySource{".agentops/policy.toml", text, {}});
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

TEST(PolicyLoader, InvalidUtf8IsAnErrorWithItsPosition) {
  // Found by the policy fuzzer: toml++ must never see invalid UTF-8.
  expect_error("version = 1\n# caf\xe6x\n", ".agentops/policy.toml:2:6: not valid UTF-8");
}

TEST(PolicyLoader, NonAsciiOutsideStringsIsAnErrorNotUndefinedBehaviour) {
  // Found by the policy fuzzer: toml++ 3.3 reaches __builtin_unreachable() here.
  expect_error("\xce\x8e", ".agentops/policy.toml:1:1: invalid TOML: a non-ASCII character outside a string");
  expect_error("version = 1\nx\xc3\xa9 = 2\n", ":2:2:");
  auto fine = load("version = 1 # caf\xc3\xa9\n[[secrets.rules]]\nid = \"x\"\ndescription = \"caf\xc3\xa9 \\\" \xce\x8e\"\n"
                   "regex = '\xce\x8e'\nhint = \"\"\"\nmulti \xce\x8e\n\"\"\"\n");
  EXPECT_TRUE(fine.ok()) << fine.error().message;
}

TEST(PolicyLoader, UnsupportedVersionIsAnError) { expect_error("version = 2\n", "'version' is 2"); }

TEST(PolicyLoader, NegativeLimitIsAnError) {
  expect_error("[limits]\nmax_file_bytes = -1\n", "must not be negative");
}

TEST(PolicyLoader, RuleWithoutIdIsAnError) {
  expect_error("[[secrets.rules]]\nregex = 'x'\n", "needs the key 'id'");
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

namespace agentops {
namespace {

TEST(PolicySchema, EverySectionLoads) {
  auto policy = load(R"(
version = 1
extends = ["baseline"]
[secrets]
enabled = true
allow_paths = ["tests/fixtures/**"]
[limits]
max_file_bytes = 1000
max_files_changed = 5
max_lines_changed = 100
binary_files = "block"
[paths]
forbidden = [".env"]
protected = [".github/workflows/**"]
[[content]]
id = "no-todo"
regex = 'TODO'
paths = ["src/**"]
severity = "warn"
message = "no TODOs"
[message]
format = "conventional"
types = ["feat", "fix"]
subject_max = 50
required_trailers = ["Signed-off-by"]
required_sections = ["Context"]
[branches]
protected = ["main"]
no_direct_commit = true
name_pattern = '^(feat|fix)/'
[gates]
approval_trailer = "Approved-by"
approvers = ["lead@example.com"]
max_lines_without_approval = 200
[[validators]]
name = "format"
run = ["clang-format", "--dry-run"]
files = ["**/*.cpp"]
timeout_s = 30
[telemetry]
enabled = false
[severity]
"limit.lines-changed" = "warn"
)");
  ASSERT_TRUE(policy.ok()) << policy.error().message;
  EXPECT_EQ(policy->limits.max_files_changed, 5u);
  EXPECT_EQ(policy->limits.binary_files, BinaryFiles::block);
  EXPECT_EQ(policy->message.format, MessageFormat::conventional);
  EXPECT_EQ(policy->branches.name_pattern, "^(feat|fix)/");
  EXPECT_EQ(policy->gates.approval_trailer, "Approved-by");
  ASSERT_EQ(policy->validators.size(), 1u);
  EXPECT_EQ(policy->validators[0].timeout_s, 30u);
  EXPECT_FALSE(policy->telemetry.enabled);
  EXPECT_EQ(severity_of(*policy, "limit.lines-changed"), Severity::warn);
  EXPECT_EQ(severity_of(*policy, "limit.files-changed"), Severity::block);
  auto todo = std::find_if(policy->content.begin(), policy->content.end(), [](auto& r) { return r.id == "no-todo"; });
  ASSERT_NE(todo, policy->content.end());
  EXPECT_EQ(todo->severity, Severity::warn);
}

TEST(PolicySchema, TypoInAnySectionIsCaught) {
  expect_error("[limits]\nmax_lines = 5\n", "unknown key 'limits.max_lines'; did you mean 'limits.max_lines_changed'?");
  expect_error("[paths]\nforbiden = []\n", "did you mean 'paths.forbidden'?");
  expect_error("[message]\nsubject_maxx = 5\n", "did you mean 'message.subject_max'?");
  expect_error("[branches]\nno_force_pushes = true\n", "did you mean 'branches.no_force_push'?");
  expect_error("[gates]\napprovers_list = []\n", "unknown key 'gates.approvers_list'");
  expect_error("[telemetry]\nenable = true\n", "did you mean 'telemetry.enabled'?");
  expect_error("[[content]]\nid = \"x\"\nregex = 'x'\nsevrity = \"warn\"\n", "did you mean 'content.severity'?");
  expect_error("[[validators]]\nname = \"x\"\nrun = [\"true\"]\ntimeout = 5\n", "did you mean 'validators.timeout_s'?");
}

TEST(PolicySchema, BadValuesAreCaught) {
  expect_error("[limits]\nbinary_files = \"sometimes\"\n", "'limits.binary_files' is \"sometimes\"; use one of \"allow\", \"warn\", \"block\"");
  expect_error("[message]\nformat = \"regex\"\n", "needs a 'pattern'");
  expect_error("[branches]\nname_pattern = '(?<=x)'\n", "invalid regex in 'branches.name_pattern'");
  expect_error("[[content]]\nid = \"x\"\nregex = 'a)'\n", "invalid regex in 'content.regex'");
  expect_error("[[content]]\nid = \"x\"\nseverity = \"warn\"\n", "content rule 'x' has no 'regex'");
  expect_error("[[content]]\nid = \"x\"\nregex = 'x'\nseverity = \"fatal\"\n", "use one of \"block\", \"gate\", \"warn\", \"off\"");
  expect_error("[[validators]]\nname = \"x\"\n", "needs 'run'");
  expect_error("[gates]\napproval_trailer = \"Approved by\"\n", "must be a trailer name");
  expect_error("[severity]\n\"limit.line-changed\" = \"warn\"\n", "did you mean 'limit.lines-changed'?");
  expect_error("[severity]\n\"secret.github-token\" = \"off\"\n", "set the severity inside that rule's own table");
}

TEST(PolicyPresets, EveryPresetLoadsAndProtectsThePolicy) {
  for (const auto& name : {"baseline", "strict", "ai-agents", "twelve-factor"}) {
    auto policy = load_preset(name);
    ASSERT_TRUE(policy.ok()) << name << ": " << policy.error().message;
    const auto& protected_paths = policy->paths.protected_paths;
    EXPECT_NE(std::find(protected_paths.begin(), protected_paths.end(), ".agentops/**"), protected_paths.end()) << name;
  }
}

TEST(PolicyPresets, ExtendsStrictValidates) {
  auto policy = load("version = 1\nextends = [\"strict\"]\n");
  ASSERT_TRUE(policy.ok()) << policy.error().message;
  EXPECT_EQ(policy->limits.binary_files, BinaryFiles::block);
  EXPECT_EQ(policy->message.format, MessageFormat::conventional);
}

TEST(PolicyPresets, TwelveFactorAsksForTheFourSectionsAndALearnType) {
  auto policy = load_preset("twelve-factor");
  ASSERT_TRUE(policy.ok());
  EXPECT_EQ(policy->message.required_sections, (std::vector<std::string>{"Context", "Solution", "Learning", "Impact"}));
  EXPECT_NE(std::find(policy->message.types.begin(), policy->message.types.end(), "learn"), policy->message.types.end());
  EXPECT_GT(policy->gates.max_lines_without_approval, 0u);
}

TEST(PolicyOrigins, EachValueSaysWhereItCameFrom) {
  auto policy = load("extends = [\"strict\"]\n[limits]\nmax_lines_changed = 10\n");
  ASSERT_TRUE(policy.ok());
  EXPECT_EQ(policy->origins["limits.max_lines_changed"], ".agentops/policy.toml:3");
  EXPECT_EQ(policy->origins["limits.binary_files"], "builtin:strict:11");
  EXPECT_EQ(policy->origins["secrets.enabled"], "builtin:baseline:7");
  const std::string shown = describe_policy(*policy);
  EXPECT_NE(shown.find("max_lines_changed = 10"), std::string::npos) << shown;
  EXPECT_NE(shown.find("# .agentops/policy.toml:3"), std::string::npos) << shown;
}

PolicySource with_files(std::map<std::string, std::string> files, const std::string& name) {
  PolicySource source{name, files.at(name), {}};
  source.read_relative = [files, name](const std::string& relative) -> Result<PolicySource> {
    auto path = resolve_relative_path(name, relative);
    if (!path || !files.count(*path)) return Error{"no such file"};
    return with_files(files, *path);
  };
  return source;
}

TEST(PolicyExtends, RelativeFilesAreLaidUnderTheDocument) {
  std::map<std::string, std::string> files = {
      {".agentops/policy.toml", "extends = [\"team.toml\"]\n[limits]\nmax_files_changed = 3\n"},
      {".agentops/team.toml", "extends = [\"strict\"]\n[limits]\nmax_lines_changed = 77\nmax_files_changed = 9\n"},
  };
  auto policy = load_policy(with_files(files, ".agentops/policy.toml"));
  ASSERT_TRUE(policy.ok()) << policy.error().message;
  EXPECT_EQ(policy->limits.max_files_changed, 3u);
  EXPECT_EQ(policy->limits.max_lines_changed, 77u);
  EXPECT_EQ(policy->limits.binary_files, BinaryFiles::block);
}

TEST(PolicyExtends, CycleIsAnError) {
  std::map<std::string, std::string> files = {
      {".agentops/policy.toml", "extends = [\"a.toml\"]\n"},
      {".agentops/a.toml", "extends = [\"policy.toml\"]\n"},
  };
  auto policy = load_policy(with_files(files, ".agentops/policy.toml"));
  ASSERT_FALSE(policy.ok());
  EXPECT_NE(policy.error().message.find("cycle"), std::string::npos) << policy.error().message;
  EXPECT_NE(policy.error().message.find(".agentops/a.toml:1:"), std::string::npos) << policy.error().message;
}

TEST(PolicyExtends, MissingFileAndEscapesAreErrors) {
  std::map<std::string, std::string> files = {{".agentops/policy.toml", "extends = [\"../../etc/x.toml\"]\n"}};
  EXPECT_FALSE(load_policy(with_files(files, ".agentops/policy.toml")).ok());
  files = {{".agentops/policy.toml", "extends = [\"nope.toml\"]\n"}};
  EXPECT_FALSE(load_policy(with_files(files, ".agentops/policy.toml")).ok());
  EXPECT_FALSE(load("extends = [\"x.toml\"]\n").ok()) << "a source without a file reader cannot extend files";
}

TEST(ResolveRelativePath, JoinsAndRefusesToClimbOut) {
  EXPECT_EQ(resolve_relative_path(".agentops/policy.toml", "team.toml"), ".agentops/team.toml");
  EXPECT_EQ(resolve_relative_path(".agentops/policy.toml", "../shared/p.toml"), "shared/p.toml");
  EXPECT_EQ(resolve_relative_path(".agentops/policy.toml", "../../x.toml"), std::nullopt);
  EXPECT_EQ(resolve_relative_path(".agentops/policy.toml", "/etc/passwd"), std::nullopt);
}

}  // namespace
}  // namespace agentops

namespace agentops {
namespace {

std::string read_doc(const std::string& name) {
  std::ifstream in(std::string(AGENTOPS_SOURCE_DIR) + "/docs/" + name);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(Docs, RuleCatalogueListsEveryRule) {
  const std::string rules_doc = read_doc("rules.md");
  ASSERT_FALSE(rules_doc.empty());
  for (const auto& rule : builtin_rules()) EXPECT_NE(rules_doc.find("`" + rule.id + "`"), std::string::npos) << rule.id;
  auto policy = load_preset("baseline");
  ASSERT_TRUE(policy.ok());
  for (const auto& rule : policy->secrets.rules)
    EXPECT_NE(rules_doc.find("`secret." + rule.id + "`"), std::string::npos) << rule.id;
  for (const auto& rule : policy->content)
    EXPECT_NE(rules_doc.find("`content." + rule.id + "`"), std::string::npos) << rule.id;
}

TEST(Docs, PolicyReferenceNamesEverySeverityRule) {
  const std::string policy_doc = read_doc("policy.md");
  for (const auto& rule : builtin_rules()) EXPECT_NE(policy_doc.find("`" + rule.id + "`"), std::string::npos) << rule.id;
}

}  // namespace
}  // namespace agentops

namespace agentops {
namespace {

TEST(PolicyExtends, APolicyWithoutExtendsBuildsOnTheBaseline) {
  auto policy = load("version = 1\n[limits]\nmax_files_changed = 5\n");
  ASSERT_TRUE(policy.ok()) << policy.error().message;
  EXPECT_FALSE(policy->paths.forbidden.empty()) << "the baseline's forbidden paths stay";
  EXPECT_EQ(policy->limits.max_file_bytes, 5u << 20);
  EXPECT_EQ(policy->limits.max_files_changed, 5u);
  auto bare = load("version = 1\nextends = []\n");
  ASSERT_TRUE(bare.ok());
  EXPECT_TRUE(bare->paths.forbidden.empty()) << "extends = [] starts from nothing";
  EXPECT_FALSE(bare->secrets.rules.empty()) << "but the secret catalogue is always there";
}

TEST(PolicyShow, PrintsAllowlistsAgentsAndTestGlobs) {
  auto policy = load("[secrets]\nallow_regexes = ['^test_']\n[agents]\nrequire_approval = true\n");
  ASSERT_TRUE(policy.ok());
  const std::string shown = describe_policy(*policy);
  for (const char* key : {"allow_regexes = [\"^test_\"]", "stopwords = [", "[agents]", "require_approval = true",
                          "tests = [", "placeholder_subjects = ["})
    EXPECT_NE(shown.find(key), std::string::npos) << key << "\n" << shown;
}

TEST(PolicyShow, BinaryFileSeverityFollowsLimits) {
  auto strict = load_preset("strict");
  ASSERT_TRUE(strict.ok());
  EXPECT_NE(describe_policy(*strict).find("\"limit.binary-file\" = \"block\""), std::string::npos);
}

}  // namespace
}  // namespace agentops
