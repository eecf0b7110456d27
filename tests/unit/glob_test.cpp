#include "glob.h"

#include <gtest/gtest.h>

namespace agentops {
namespace {

TEST(Glob, PatternWithoutSlashMatchesFileNameAtAnyDepth) {
  EXPECT_TRUE(glob_match(".env", ".env"));
  EXPECT_TRUE(glob_match(".env", "services/api/.env"));
  EXPECT_FALSE(glob_match(".env", ".env.example"));
  EXPECT_TRUE(glob_match("*.pem", "keys/server.pem"));
}

TEST(Glob, PatternWithSlashMatchesFromTheRoot) {
  EXPECT_TRUE(glob_match("docs/*.md", "docs/a.md"));
  EXPECT_FALSE(glob_match("docs/*.md", "src/docs/a.md"));
  EXPECT_FALSE(glob_match("docs/*.md", "docs/sub/a.md"));
  EXPECT_TRUE(glob_match("/docs/*.md", "docs/a.md"));
}

TEST(Glob, LeadingSlashAnchorsAtTheRoot) {
  EXPECT_TRUE(glob_match("/README.md", "README.md"));
  EXPECT_FALSE(glob_match("/README.md", "docs/README.md"));
  EXPECT_FALSE(glob_match("/.env", "sub/.env"));
}

TEST(Glob, DoubleStarCrossesDirectories) {
  EXPECT_TRUE(glob_match("tests/fixtures/**", "tests/fixtures/a/b/c.txt"));
  EXPECT_TRUE(glob_match("**/*.pem", "a.pem"));
  EXPECT_TRUE(glob_match("**/*.pem", "x/y/a.pem"));
  EXPECT_TRUE(glob_match(".github/workflows/**", ".github/workflows/ci.yml"));
  EXPECT_FALSE(glob_match(".github/workflows/**", ".github/CODEOWNERS"));
  EXPECT_TRUE(glob_match("src/**/test_*.py", "src/test_a.py"));
  EXPECT_TRUE(glob_match("src/**/test_*.py", "src/a/b/test_a.py"));
}

TEST(Glob, TrailingSlashMatchesEverythingBelow) {
  EXPECT_TRUE(glob_match("build/", "build/x/y.o"));
  EXPECT_FALSE(glob_match("build/", "src/build.c"));
}

TEST(Glob, ClassesAndQuestionMark) {
  EXPECT_TRUE(glob_match("file[0-9].txt", "file7.txt"));
  EXPECT_FALSE(glob_match("file[!0-9].txt", "file7.txt"));
  EXPECT_TRUE(glob_match("?.c", "a.c"));
  EXPECT_FALSE(glob_match("?.c", "ab.c"));
}

TEST(Glob, PathsWithSpacesAndOddBytes) {
  EXPECT_TRUE(glob_match("*.env", "my dir/prod config.env"));
  EXPECT_TRUE(glob_match("**/*.key", "a\nb/x.key"));
}

TEST(Glob, ManyStarsStayFast) {
  // Found by the glob fuzzer: naive backtracking is exponential here.
  const std::string path(200, 'a');
  EXPECT_FALSE(glob_match("*a*a*a*a*a*a*a*a*a*a*a*a*b", path));
  EXPECT_FALSE(glob_match("**a**a**a**a**a**a**a**a**b", path));
  EXPECT_TRUE(glob_match("*a*a*a*a*a*a*a*a*a*a*a*a*", path));
}

TEST(Glob, ReportsInvalidPatterns) {
  EXPECT_TRUE(glob_error("[abc").has_value());
  EXPECT_TRUE(glob_error("").has_value());
  EXPECT_FALSE(glob_error("**/*.pem").has_value());
  EXPECT_FALSE(glob_error("[]]").has_value());
}

}  // namespace
}  // namespace agentops
