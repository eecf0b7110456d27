// Policy ergonomics (issue 10, item 3): glob exceptions, lists that extend or
// shrink a preset's, every validation error at once, globs that match nothing,
// and the starter policy proposed from a repository's history.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "agentops/policy.h"
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

}  // namespace
}  // namespace agentops
