// Policy ergonomics (issue 10, item 3): glob exceptions, lists that extend or
// shrink a preset's, every validation error at once, globs that match nothing,
// and the starter policy proposed from a repository's history.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "agentops/policy.h"
#include "agentops/policy_tools.h"
#include "glob.h"

namespace agentops {
namespace {

using Globs = std::vector<std::string>;

Policy load_text(const std::string& text, const std::string& name = ".agentops/policy.toml") {
  auto policy = load_policy(PolicySource{name, text, {}});
  EXPECT_TRUE(policy.ok()) << policy.error().message;
  return policy.ok() ? *policy : Policy{};
}

[[maybe_unused]] bool contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// ---- glob exceptions ----------------------------------------------------------

TEST(GlobExceptions, AnExceptionExceptsWhatAnEarlierEntryMatched) {
  const Globs globs = {"docs/**", "!docs/api/**"};
  EXPECT_TRUE(glob_match_any(globs, "docs/guide.md"));
  EXPECT_FALSE(glob_match_any(globs, "docs/api/index.md"));
  EXPECT_FALSE(glob_match_any(globs, "src/main.cpp"));
}

TEST(GlobExceptions, TheLastMatchingEntryWinsAsInGitignore) {
  const Globs reincluded = {"*.key", "!tests/**", "tests/real/*.key"};
  EXPECT_TRUE(glob_match_any(reincluded, "server.key"));
  EXPECT_FALSE(glob_match_any(reincluded, "tests/fixture.key"));
  EXPECT_TRUE(glob_match_any(reincluded, "tests/real/prod.key"));
  // The same entries in another order decide otherwise: order is meaning.
  const Globs exception_last = {"*.key", "tests/real/*.key", "!tests/**"};
  EXPECT_FALSE(glob_match_any(exception_last, "tests/real/prod.key"));
}

TEST(GlobExceptions, AnExceptionAloneMatchesNothing) {
  EXPECT_FALSE(glob_match_any({"!docs/**"}, "docs/a.md"));
  EXPECT_FALSE(glob_match_any({"!docs/**"}, "src/a.cpp"));
}

TEST(GlobExceptions, AnEscapedBangIsALiteralName) {
  EXPECT_TRUE(glob_match_any({"\\!important"}, "notes/!important"));
  EXPECT_FALSE(glob_is_exception("\\!important"));
}

TEST(GlobExceptions, ListsWithoutExceptionsBehaveAsBefore) {
  const Globs globs = {".env", "*.pem"};
  EXPECT_TRUE(glob_match_any(globs, "a/.env"));
  EXPECT_TRUE(glob_match_any(globs, "k/x.pem"));
  EXPECT_FALSE(glob_match_any(globs, "README.md"));
}

TEST(GlobExceptions, BranchListsTakeExceptionsOverWholeNames) {
  const Globs branches = {"release/*", "!release/scratch"};
  EXPECT_TRUE(glob_match_whole_any(branches, "release/1.0"));
  EXPECT_FALSE(glob_match_whole_any(branches, "release/scratch"));
}

TEST(GlobExceptions, ABareBangIsAnInvalidGlob) {
  EXPECT_TRUE(glob_error("!").has_value());
  EXPECT_FALSE(glob_error("!docs/**").has_value());
  EXPECT_TRUE(glob_error("![a").has_value());
}

TEST(GlobExceptions, ForbiddenPathsTakeAnExceptionFromThePolicy) {
  const Policy policy = load_text("[paths]\nforbidden = [\"*.pem\", \"!tests/fixtures/*.pem\"]\n");
  EXPECT_TRUE(glob_match_any(policy.paths.forbidden, "certs/server.pem"));
  EXPECT_FALSE(glob_match_any(policy.paths.forbidden, "tests/fixtures/dummy.pem"));
}

TEST(GlobExceptions, ARepositoryExceptionCannotUnforbidAFloorPath) {
  const Policy floor = load_text("[paths]\nforbidden = [\"*.pem\"]\n", "/etc/agentops/floor.toml");
  const Policy repo = load_text("[paths]\nforbidden = [\"*.p12\", \"!**/*.pem\"]\n");
  const Policy effective = apply_floor(floor, repo);
  EXPECT_TRUE(glob_match_any(effective.paths.forbidden, "a/server.pem"));
  EXPECT_TRUE(glob_match_any(effective.paths.forbidden, "a/b.p12"));
}

TEST(GlobExceptions, AFloorExceptionStillHoldsWhenTheRepositoryAddsPlainEntries) {
  const Policy floor = load_text("[paths]\nforbidden = [\"*.pem\", \"!tests/*.pem\"]\n", "/etc/agentops/floor.toml");
  const Policy repo = load_text("[paths]\nforbidden = [\"*.p12\"]\n");
  const Policy effective = apply_floor(floor, repo);
  EXPECT_TRUE(glob_match_any(effective.paths.forbidden, "a.pem"));
  EXPECT_FALSE(glob_match_any(effective.paths.forbidden, "tests/x.pem"));
  EXPECT_TRUE(glob_match_any(effective.paths.forbidden, "a.p12"));
  // ...and a repository entry the floor excepted is the repository's to forbid.
  const Policy stricter = load_text("[paths]\nforbidden = [\"tests/*.pem\"]\n");
  EXPECT_TRUE(glob_match_any(apply_floor(floor, stricter).paths.forbidden, "tests/x.pem"));
}

// ---- list keys: replace, or edit with { add, remove } ---------------------------

TEST(ListKeys, AnArrayReplacesThePresetsListAndTheOriginSaysSo) {
  const Policy policy = load_text("[paths]\nforbidden = [\"*.pem\"]\n");
  EXPECT_EQ(policy.paths.forbidden, Globs{"*.pem"});
  const std::string& origin = policy.origins.at("paths.forbidden");
  EXPECT_NE(origin.find("REPLACES the list from builtin:baseline"), std::string::npos) << origin;
  EXPECT_NE(describe_policy(policy).find("REPLACES"), std::string::npos);
}

TEST(ListKeys, AddAndRemoveEditThePresetsListInPlace) {
  const Policy policy = load_text("[paths]\nforbidden = { add = [\"*.pem\"], remove = [\".env.local\"] }\n");
  EXPECT_TRUE(contains(policy.paths.forbidden, ".env"));       // the preset's entries stay
  EXPECT_TRUE(contains(policy.paths.forbidden, "*.pem"));      // one added
  EXPECT_FALSE(contains(policy.paths.forbidden, ".env.local"));  // one dropped, no copying
  const std::string& origin = policy.origins.at("paths.forbidden");
  EXPECT_NE(origin.find("builtin:baseline"), std::string::npos) << origin;
  EXPECT_NE(origin.find("extended at .agentops/policy.toml:2"), std::string::npos) << origin;
}

TEST(ListKeys, TheSubTableFormIsTheSameEdit) {
  const Policy policy = load_text("[paths.forbidden]\nadd = [\"*.pem\"]\n");
  EXPECT_TRUE(contains(policy.paths.forbidden, ".env"));
  EXPECT_TRUE(contains(policy.paths.forbidden, "*.pem"));
}

TEST(ListKeys, ContentExcludePathsCanBeExtendedWithoutDroppingThePresets) {
  const Policy policy = load_text("[[content]]\nid = \"debug-leftover\"\nexclude_paths = { add = [\"examples/**\"] }\n");
  auto rule = std::find_if(policy.content.begin(), policy.content.end(),
                           [](const ContentRule& r) { return r.id == "debug-leftover"; });
  ASSERT_NE(rule, policy.content.end());
  EXPECT_TRUE(contains(rule->exclude_paths, "*.md"));
  EXPECT_TRUE(contains(rule->exclude_paths, "examples/**"));
}

TEST(ListKeys, EveryListKeyTakesTheEditForm) {
  const Policy policy = load_text(R"(
[secrets]
allow_paths = { add = ["tests/fixtures/**"] }
stopwords = { add = ["fakefake"] }
[branches]
protected = { add = ["release/*"], remove = ["master"] }
[message]
placeholder_subjects = { remove = ["wip"] }
[gates]
approvers = { add = ["lead@example.com"] }
)");
  EXPECT_TRUE(contains(policy.secrets.allow_paths, "tests/fixtures/**"));
  EXPECT_TRUE(contains(policy.secrets.stopwords, "fakefake"));
  EXPECT_EQ(policy.branches.protected_branches, (Globs{"main", "release/*"}));
  EXPECT_FALSE(contains(policy.message.placeholder_subjects, "wip"));
  EXPECT_TRUE(contains(policy.message.placeholder_subjects, "fix"));
  EXPECT_EQ(policy.gates.approvers, Globs{"lead@example.com"});
}

TEST(ListKeys, AddingAnEntryAlreadyThereKeepsOneCopy) {
  const Policy policy = load_text("[paths]\nforbidden = { add = [\".env\"] }\n");
  EXPECT_EQ(std::count(policy.paths.forbidden.begin(), policy.paths.forbidden.end(), ".env"), 1);
}

TEST(ListKeys, RemovingAnEntryTheListDoesNotHoldIsAnErrorNamingWhatItHolds) {
  auto policy = load_policy(PolicySource{".agentops/policy.toml", "[paths]\nforbidden = { remove = [\".envv\"] }\n", {}});
  ASSERT_FALSE(policy.ok());
  EXPECT_NE(policy.error().message.find(".agentops/policy.toml:2:"), std::string::npos) << policy.error().message;
  EXPECT_NE(policy.error().message.find("\".envv\""), std::string::npos);
  EXPECT_NE(policy.error().message.find("\".env\""), std::string::npos);
}

TEST(ListKeys, AnUnknownKeyInTheEditTableIsAnErrorWithASuggestion) {
  auto policy = load_policy(PolicySource{".agentops/policy.toml", "[paths]\nforbidden = { ad = [\"*.pem\"] }\n", {}});
  ASSERT_FALSE(policy.ok());
  EXPECT_NE(policy.error().message.find("did you mean 'paths.forbidden.add'?"), std::string::npos)
      << policy.error().message;
}

TEST(ListKeys, AddedGlobsAreCheckedForSyntax) {
  auto policy = load_policy(PolicySource{".agentops/policy.toml", "[paths]\nforbidden = { add = [\"[a\"] }\n", {}});
  ASSERT_FALSE(policy.ok());
  EXPECT_NE(policy.error().message.find("invalid glob \"[a\""), std::string::npos) << policy.error().message;
}

TEST(ListKeys, ExtendsAndCommandLinesAreValuesNotEditableLists) {
  auto extends = load_policy(PolicySource{".agentops/policy.toml", "extends = { add = [\"strict\"] }\n", {}});
  ASSERT_FALSE(extends.ok());
  EXPECT_NE(extends.error().message.find("'extends' must be an array of strings"), std::string::npos);
}

// ---- every validation error at once --------------------------------------------

const char* kManyMistakes = R"(version = 1
[limits]
max_lines_changed = "800"
max_filez_changed = 3
[paths]
forbiden = [".env"]
[[content]]
id = "todo"
regex = '(?<=x)TODO'
[message]
format = "conventionl"
[severity]
"path.protectd" = "gate"
)";

TEST(AllErrors, EveryProblemIsListedWithItsPositionInDocumentOrder) {
  auto policy = load_policy(PolicySource{".agentops/policy.toml", kManyMistakes, {}});
  ASSERT_FALSE(policy.ok());
  const std::string& message = policy.error().message;
  EXPECT_NE(message.find("6 problems in .agentops/policy.toml"), std::string::npos) << message;
  const std::vector<std::string> expected = {
      ".agentops/policy.toml:3:21: 'limits.max_lines_changed' must be an integer",
      ".agentops/policy.toml:4:1: unknown key 'limits.max_filez_changed'",
      ".agentops/policy.toml:6:1: unknown key 'paths.forbiden'",
      ".agentops/policy.toml:9:9: invalid regex",
      ".agentops/policy.toml:11:10: 'message.format' is \"conventionl\"",
      ".agentops/policy.toml:13:1: [severity] names unknown rule 'path.protectd'"};
  size_t last = 0;
  for (const auto& line : expected) {
    const size_t at = message.find(line);
    ASSERT_NE(at, std::string::npos) << line << "\n" << message;
    EXPECT_GT(at, last) << "out of order: " << line;
    last = at;
  }
}

TEST(AllErrors, AWrongTypeDoesNotHideAnUnknownKeyInTheSameTable) {
  auto policy = load_policy(PolicySource{"p.toml", "[limits]\nmax_file_bytes = true\nbinary_file = \"warn\"\n", {}});
  ASSERT_FALSE(policy.ok());
  EXPECT_NE(policy.error().message.find("p.toml:2:"), std::string::npos) << policy.error().message;
  EXPECT_NE(policy.error().message.find("did you mean 'limits.binary_files'"), std::string::npos)
      << policy.error().message;
}

TEST(AllErrors, ASingleProblemStaysOneLine) {
  auto policy = load_policy(PolicySource{"p.toml", "[limits]\nmax_file_bytes = true\n", {}});
  ASSERT_FALSE(policy.ok());
  EXPECT_EQ(policy.error().message.find('\n'), std::string::npos) << policy.error().message;
  EXPECT_EQ(policy.error().message.rfind("p.toml:2:", 0), 0u) << policy.error().message;
}

TEST(AllErrors, TheListIsCappedAndSaysHowManyMore) {
  std::string text = "[limits]\n";
  for (int i = 0; i < 40; ++i) text += "unknown_" + std::to_string(i) + " = 1\n";
  auto policy = load_policy(PolicySource{"p.toml", text, {}});
  ASSERT_FALSE(policy.ok());
  EXPECT_NE(policy.error().message.find("40 problems"), std::string::npos);
  EXPECT_NE(policy.error().message.find("and 15 more"), std::string::npos) << policy.error().message;
}

TEST(AllErrors, ProblemsInAFileExtendsNamesAreReportedAtTheEntryToo) {
  PolicySource source{".agentops/policy.toml", "extends = [\"team.toml\"]\n[limits]\nmax_file_bytes = -1\n", {}};
  source.read_relative = [](const std::string&) -> Result<PolicySource> {
    return PolicySource{".agentops/team.toml", "[paths]\nforbiden = []\n", {}};
  };
  auto policy = load_policy(source);
  ASSERT_FALSE(policy.ok());
  EXPECT_NE(policy.error().message.find(".agentops/team.toml:2:1: unknown key 'paths.forbiden'"), std::string::npos)
      << policy.error().message;
  EXPECT_NE(policy.error().message.find("must not be negative"), std::string::npos) << policy.error().message;
}

TEST(AllErrors, AValidPolicyHasNoProblems) {
  auto policy = load_policy(PolicySource{"p.toml", "[limits]\nmax_file_bytes = 10\n[paths]\nforbidden = [\"*.pem\"]\n", {}});
  EXPECT_TRUE(policy.ok()) << policy.error().message;
}

// ---- globs that match nothing ----------------------------------------------------

const std::vector<std::string> kPaths = {"README.md", "src/main.c", ".github/workflows/ci.yml", "tests/a_test.c"};

TEST(UnmatchedGlobs, AProtectedGlobMatchingNoPathIsNamedWithKeyAndPosition) {
  const Policy policy = load_text("[paths]\nprotected = [\".github/workflow/**\", \".github/workflows/**\"]\n");
  const auto warnings = unmatched_glob_warnings(policy, kPaths);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].rfind(".agentops/policy.toml:2:14: \".github/workflow/**\" in 'paths.protected' matches no path", 0),
            0u)
      << warnings[0];
}

TEST(UnmatchedGlobs, PresetGlobsForbiddenPathsAndBranchNamesAreNotChecked) {
  const Policy policy = load_text(
      "extends = [\"strict\"]\n[paths]\nforbidden = { add = [\"*.key\"] }\n[branches]\nprotected = [\"trunk\"]\n");
  EXPECT_TRUE(unmatched_glob_warnings(policy, kPaths).empty());
}

TEST(UnmatchedGlobs, EveryPathListOfThePolicyIsChecked) {
  const Policy policy = load_text(R"(
[secrets]
allow_paths = ["fixtures/**"]
[[content]]
id = "todo"
regex = 'TODO'
paths = ["lib/**"]
exclude_paths = ["src/**"]
[[validators]]
name = "fmt"
run = ["true"]
files = ["*.rs"]
)");
  const auto warnings = unmatched_glob_warnings(policy, kPaths);
  std::string all;
  for (const auto& w : warnings) all += w + "\n";
  EXPECT_EQ(warnings.size(), 3u) << all;
  EXPECT_NE(all.find("'secrets.allow_paths'"), std::string::npos) << all;
  EXPECT_NE(all.find("\"lib/**\" in 'content.paths'"), std::string::npos) << all;
  EXPECT_NE(all.find("'validators.files'"), std::string::npos) << all;
  EXPECT_EQ(all.find("\"src/**\""), std::string::npos) << all;  // it matches src/main.c
}

TEST(UnmatchedGlobs, AnExceptionThatExceptsNothingIsNamed) {
  const Policy policy = load_text("[paths]\nforbidden = { add = [\"*.pem\", \"!certs/*.pem\", \"!src/*.c\"] }\n");
  const auto warnings = unmatched_glob_warnings(policy, kPaths);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("\"!certs/*.pem\""), std::string::npos) << warnings[0];
  EXPECT_NE(warnings[0].find("excepts nothing"), std::string::npos) << warnings[0];
}

// ---- the refusal of a policy edit --------------------------------------------------

TEST(PolicyEdit, TheHintNamesTheTrailerTheApproversAndTheDryRun) {
  GatesPolicy gates;
  gates.approval_trailer = "Reviewed-by";
  gates.approvers = {"lead@example.com", "Ops <ops@example.com>"};
  const std::string hint = policy_edit_hint(gates);
  EXPECT_NE(hint.find("one of lead@example.com, Ops <ops@example.com>"), std::string::npos) << hint;
  EXPECT_NE(hint.find("\"Reviewed-by: Name <email>\""), std::string::npos) << hint;
  EXPECT_NE(hint.find("on its own"), std::string::npos) << hint;
  EXPECT_NE(hint.find("agentops check --staged --policy .agentops/policy.toml"), std::string::npos) << hint;
  EXPECT_NE(policy_edit_hint(GatesPolicy{}).find("any person"), std::string::npos);
  EXPECT_NE(policy_edit_message("modified").find("the committed policy"), std::string::npos);
}

TEST(PolicyEdit, OnlyPathsUnderTheAgentopsDirectoryArePolicyFiles) {
  EXPECT_TRUE(is_policy_file(".agentops/policy.toml"));
  EXPECT_TRUE(is_policy_file(".agentops/team.toml"));
  EXPECT_FALSE(is_policy_file("agentops/policy.toml"));
  EXPECT_FALSE(is_policy_file(".github/workflows/ci.yml"));
}

}  // namespace
}  // namespace agentops
