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

// The literal head and tail are checked before backtracking: these are the
// edges of that shortcut (zero directories under "**/", overlapping ends).
TEST(Glob, LiteralEndsShortcutKeepsTheMatcherAnswers) {
  EXPECT_TRUE(glob_match("**/x.txt", "x.txt"));
  EXPECT_TRUE(glob_match("a/**/b", "a/b"));
  EXPECT_TRUE(glob_match("a/**/b", "a/c/d/b"));
  EXPECT_FALSE(glob_match("a/**/b", "ab"));
  EXPECT_FALSE(glob_match("ab*ba", "aba"));
  EXPECT_TRUE(glob_match("ab*ba", "abba"));
  EXPECT_TRUE(glob_match_whole("ab**ba", "ab/ba"));
  EXPECT_FALSE(glob_match_whole("ab*ba", "ab/ba"));
  EXPECT_FALSE(glob_match(".github/workflows/*.yml", ".github/workflows/ci.yaml"));
  EXPECT_TRUE(glob_match(".github/workflows/*.yml", ".github/workflows/ci.yml"));
  EXPECT_TRUE(glob_match("src/*.[ch]", "src/main.c"));
  EXPECT_FALSE(glob_match("src/*.[ch]", "src/main.cc"));
  EXPECT_TRUE(glob_match("docs/", "docs/a/b.md"));
  EXPECT_TRUE(glob_match("\\*.md", "*.md"));
  EXPECT_FALSE(glob_match("\\*.md", "a.md"));
  EXPECT_TRUE(glob_match("Makefile", "sub/Makefile"));
  EXPECT_FALSE(glob_match("Makefile", "sub/Makefile.in"));
  // Literal runs between wildcards.
  EXPECT_TRUE(glob_match("**/node_modules/**", "node_modules/a.js"));
  EXPECT_TRUE(glob_match("**/node_modules/**", "web/node_modules/x/a.js"));
  EXPECT_FALSE(glob_match("**/node_modules/**", "web/node_module/a.js"));
  EXPECT_TRUE(glob_match("**/[!]]x/*.js", "a/bx/c.js"));
  EXPECT_FALSE(glob_match("**/[!]]x/*.js", "a/]x/c.js"));
  EXPECT_TRUE(glob_match("**/[]]x/*.js", "a/]x/c.js"));
  EXPECT_TRUE(glob_match("*test*/**", "unit_tests/a.py"));
  EXPECT_FALSE(glob_match("*test*/**", "unit_tset/a.py"));
}

TEST(Glob, ReportsInvalidPatterns) {
  EXPECT_TRUE(glob_error("[abc").has_value());
  EXPECT_TRUE(glob_error("").has_value());
  EXPECT_FALSE(glob_error("**/*.pem").has_value());
  EXPECT_FALSE(glob_error("[]]").has_value());
}

}  // namespace
}  // namespace agentops
