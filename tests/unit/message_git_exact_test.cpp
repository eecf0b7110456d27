// Commit messages exactly as git handles them: the `git commit` command line
// as builtin/commit.c reads it, config given through the environment,
// strbuf_stripspace, the scissors line, trailer.c's rules, verify_utf8, blank
// approvals, and linear work on huge messages.
#include <gtest/gtest.h>

#include <cstdlib>

#include "agentops/message.h"
#include "agentops/policy_sources.h"
#include "message/git_invocation.h"
#include "message/git_message.h"

namespace agentops {
namespace {

using detail::CommitInvocation;
using detail::parse_commit_argv;

std::optional<CommitInvocation> argv_of(std::vector<std::string> argv) { return parse_commit_argv(argv); }

TEST(CommitArgv, MessageOptionsTurnTheEditorOff) {
  EXPECT_TRUE(argv_of({"git", "commit"})->use_editor);
  EXPECT_FALSE(argv_of({"git", "commit", "-m", "x"})->use_editor);
  EXPECT_FALSE(argv_of({"git", "commit", "-mx"})->use_editor);
  EXPECT_FALSE(argv_of({"git", "commit", "--message=x"})->use_editor);
  EXPECT_FALSE(argv_of({"git", "commit", "-F", "f"})->use_editor);
  EXPECT_FALSE(argv_of({"git", "commit", "-am", "x"})->use_editor);
  EXPECT_FALSE(argv_of({"git", "commit", "-C", "HEAD"})->use_editor);
  EXPECT_TRUE(argv_of({"git", "commit", "-c", "HEAD"})->use_editor) << "-c edits the reused message";
  EXPECT_TRUE(argv_of({"git", "commit", "-m", "x", "-e"})->use_editor);
  EXPECT_FALSE(argv_of({"git", "commit", "--no-edit"})->use_editor);
  EXPECT_FALSE(argv_of({"git", "commit", "--fixup=HEAD"})->use_editor);
  EXPECT_TRUE(argv_of({"git", "commit", "--fixup=amend:HEAD"})->use_editor);
  EXPECT_TRUE(argv_of({"git", "commit", "--amend"})->use_editor) << "GIT_EDITOR=: still means strip";
}

TEST(CommitArgv, CleanupVerboseAndAmendAreRead) {
  const auto parsed = argv_of({"git", "-c", "commit.cleanup=verbatim", "-C", "dir", "commit", "-v", "--amen",
                               "--cleanup=scissors", "path", "--", "-m"});
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->cleanup, "scissors");
  EXPECT_EQ(parsed->verbose, true);
  EXPECT_TRUE(parsed->amend) << "parse-options takes unique abbreviations";
  EXPECT_TRUE(parsed->use_editor) << "after --, -m is a path";
  EXPECT_EQ(argv_of({"git", "commit", "--cleanup", "strip"})->cleanup, "strip");
  EXPECT_EQ(argv_of({"git", "commit", "-v", "--no-verbose"})->verbose, false);
  EXPECT_FALSE(argv_of({"git", "commit"})->verbose.has_value()) << "commit.verbose decides";
}

TEST(CommitArgv, AnythingElseIsUnknown) {
  EXPECT_FALSE(argv_of({"git", "merge", "topic"}));
  EXPECT_FALSE(argv_of({"git", "ci", "-m", "x"})) << "an alias: expanded by the caller";
  EXPECT_FALSE(argv_of({"git", "commit", "--frobnicate"}));
  EXPECT_FALSE(argv_of({"git", "commit", "--no-ver"})) << "ambiguous: no-verify or no-verbose";
  EXPECT_FALSE(argv_of({"git", "commit", "-m"})) << "a missing argument";
}

TEST(MergeArgv, EditorFromOptionsOrGitsDefault) {
  using detail::parse_merge_argv;
  EXPECT_FALSE(parse_merge_argv({"git", "merge", "-m", "x", "topic"}, true)->use_editor) << "-m: no editor";
  EXPECT_TRUE(parse_merge_argv({"git", "merge", "-m", "x", "-e", "topic"}, false)->use_editor);
  EXPECT_TRUE(parse_merge_argv({"git", "merge", "topic"}, true)->use_editor) << "a terminal or GIT_MERGE_AUTOEDIT";
  EXPECT_FALSE(parse_merge_argv({"git", "merge", "--no-edit", "topic"}, true)->use_editor);
  const auto parsed = parse_merge_argv({"git", "merge", "-s", "ours", "--cleanup=verbatim", "--no-ff", "topic"}, false);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->cleanup, "verbatim");
  EXPECT_TRUE(parsed->merge);
  EXPECT_EQ(parsed->verbose, false) << "merge has no -v diff in the message";
  EXPECT_FALSE(parse_merge_argv({"git", "merge", "--frobnicate", "topic"}, false));
}

TEST(ConfigParameters, BothQuotingsOfGitConfigParameters) {
  const auto parsed = detail::parse_config_parameters(
      "'core.commentChar'=';' 'commit.verbose'= 'commit.cleanup=verbatim' 'alias.x'='it'\\''s'");
  ASSERT_TRUE(parsed);
  ASSERT_EQ(parsed->size(), 4u);
  EXPECT_EQ((*parsed)[0], std::make_pair(std::string("core.commentchar"), std::string(";")));
  EXPECT_EQ((*parsed)[1], std::make_pair(std::string("commit.verbose"), std::string("true")));
  EXPECT_EQ((*parsed)[2], std::make_pair(std::string("commit.cleanup"), std::string("verbatim")));
  EXPECT_EQ((*parsed)[3].second, "it's");
  EXPECT_FALSE(detail::parse_config_parameters("'unterminated"));
}

TEST(ConfigParameters, GitDashCWinsOverGitConfigCount) {
  ::setenv("GIT_CONFIG_COUNT", "1", 1);
  ::setenv("GIT_CONFIG_KEY_0", "Core.CommentChar", 1);
  ::setenv("GIT_CONFIG_VALUE_0", "%", 1);
  ::setenv("GIT_CONFIG_PARAMETERS", "'core.commentChar'=';'", 1);
  const auto entries = detail::environment_config();
  ::unsetenv("GIT_CONFIG_COUNT");
  ::unsetenv("GIT_CONFIG_KEY_0");
  ::unsetenv("GIT_CONFIG_VALUE_0");
  ::unsetenv("GIT_CONFIG_PARAMETERS");
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries.back(), std::make_pair(std::string("core.commentchar"), std::string(";")));
  EXPECT_EQ(entries.front().first, "core.commentchar");
}

TEST(StripSpace, FollowsStrbufStripspace) {
  EXPECT_EQ(strip_space("\n\n  a  \n\n\n\nb\t\r\n\n", false, '#'), "  a\n\nb\n");
  EXPECT_EQ(strip_space("a\n# c\n\n# d\nb", true, '#'), "a\n\nb\n");
  EXPECT_EQ(strip_space("a\n\v\nb\n", false, '#'), "a\n\v\nb\n") << "\\v is not whitespace to git";
  EXPECT_EQ(strip_space("", false, '#'), "");
}

TEST(Scissors, OnlyTheExactLineCuts) {
  const std::string line = "# ------------------------ >8 ------------------------\n";
  EXPECT_EQ(scissors_offset("a\n" + line + "b\n", '#'), 2u);
  EXPECT_EQ(scissors_offset(line + "b\n", '#'), 0u);
  EXPECT_EQ(scissors_offset("a\n#" + line, '#'), 2u + 1 + line.size()) << "two hashes";
  EXPECT_EQ(scissors_offset("a\n# ------------------------ >8 ------------------------", '#'), 56u) << "no newline";
  EXPECT_EQ(scissors_offset("a\n; ------------------------ >8 ------------------------\n", ';'), 2u);
  EXPECT_EQ(clean_message("a\n\n" + line + "b\n", CleanupOptions{Cleanup::strip, '#', false}), "a\n\nb\n");
  EXPECT_EQ(clean_message("a\n\n" + line + "b\n", CleanupOptions{Cleanup::verbatim, '#', true}), "a\n\n");
  EXPECT_EQ(clean_message("a\n\n" + line + "b\n", CleanupOptions{Cleanup::scissors, '#', false}), "a\n");
}

std::vector<std::string> keys(const std::vector<Trailer>& trailers) {
  std::vector<std::string> out;
  for (const auto& t : trailers) out.push_back(t.key + "=" + t.value);
  return out;
}
using Keys = std::vector<std::string>;

TEST(GitTrailers, CommentLinesAreSkippedNotProse) {
  EXPECT_EQ(keys(parse_trailers("s\n\nA: 1\n# c\nB: 2\n")), (Keys{"A=1", "B=2"}));
  EXPECT_EQ(keys(parse_trailers("s\n\nA: 1\n; c\n", ';')), (Keys{"A=1"}));
  EXPECT_TRUE(parse_trailers("s\n\nA: 1\n; c\n", '#').empty());
  EXPECT_EQ(keys(parse_trailers("s\n\nA: 1\n\n# trailing comment paragraph\n")), (Keys{"A=1"}));
}

TEST(GitTrailers, GitGeneratedLinesCountAsTrailers) {
  EXPECT_EQ(keys(parse_trailers("s\n\np\np\np\np\nA: 1\n(cherry picked from commit 1234)\n")), (Keys{"A=1"}));
  EXPECT_TRUE(parse_trailers("s\n\np\np\np\np\np\np\np\nA: 1\n(cherry picked from commit 1234)\n").empty());
}

TEST(GitTrailers, ConflictsBlockAndScissorsEndTheMessage) {
  EXPECT_EQ(keys(parse_trailers("s\n\nA: 1\n\nConflicts:\n\tx.c\n")), (Keys{"A=1"}));
  EXPECT_EQ(keys(parse_trailers("s\n\nA: 1\n# ------------------------ >8 ------------------------\nB: 2\n")),
            (Keys{"A=1"}));
}

TEST(GitTrailers, SeparatorsIndentationAndFolding) {
  EXPECT_EQ(keys(parse_trailers("s\n\nKey\t: v\n")), (Keys{"Key=v"}));
  EXPECT_TRUE(parse_trailers("s\n\nKey Word: v\n").empty());
  EXPECT_TRUE(parse_trailers("s\n\n  A: 1\nB: 2\n").empty()) << "an indented first line counts as prose";
  EXPECT_EQ(keys(parse_trailers("s\n\nA: one\n  two\n\tthree\n")), (Keys{"A=one two three"}));
  EXPECT_EQ(keys(parse_trailers("s\n\nA: 1\n(cherry picked from commit 1)\n  x\n")), (Keys{"A=1"}))
      << "a continuation joins only the line right above it";
  EXPECT_TRUE(parse_trailers("s\n\nbody\n\v\nA: 1\n").empty()) << "\\v does not end a paragraph";
  EXPECT_EQ(keys(parse_trailers("s\n\nbody\n \t\nA: 1\n")), (Keys{"A=1"}));
}

TEST(GitTrailers, TrailerConfigChangesSeparatorsAndNamesKnownTokens) {
  TrailerSyntax syntax;
  syntax.separators = ":=";
  syntax.configured = {{"ack", "Acked-by"}, {"helped", ""}};
  EXPECT_EQ(keys(parse_trailers("s\n\nAck: x\nFixes=42\n", '#', syntax)), (Keys{"Acked-by=x", "Fixes=42"}));
  EXPECT_TRUE(parse_trailers("s\n\nFixes=42\n").empty());
  EXPECT_EQ(keys(parse_trailers("s\n\np\np\np\nHelp: x\n", '#', syntax)), (Keys{"Help=x"}))
      << "a configured token (or its prefix) counts like Signed-off-by for the quarter rule";
  EXPECT_TRUE(parse_trailers("s\n\np\np\np\nHelped-by: x\n", '#', syntax).empty()) << "longer than the name";
  EXPECT_EQ(keys(parse_trailers("s\n\nAck : x\n", '#', syntax)), (Keys{"Acked-by=x"}));
}

TEST(GitTrailers, TitleEndsAtTheFirstBlankLine) {
  EXPECT_TRUE(parse_trailers("A: 1\n").empty());
  EXPECT_TRUE(parse_trailers("s\nA: 1\n").empty());
  EXPECT_EQ(keys(parse_trailers("# c\n\ns\n\nA: 1\n")), (Keys{"A=1"}));
}

TEST(CommentChar, QuotedTemplateUnderAutoIsAmbiguous) {
  const std::string ours = "; Please enter the commit message for your changes. Lines starting\n; with ';' will be ignored\n";
  const std::string gits = "# Please enter the commit message for your changes. Lines starting\n# with '#' will be ignored\n";
  EXPECT_EQ(comment_chars_for("auto", "s\n\n" + gits), (std::vector<char>{'#'}));
  const auto both = comment_chars_for("auto", "s\n\n" + ours + "\n" + gits);
  EXPECT_NE(std::find(both.begin(), both.end(), '#'), both.end());
  EXPECT_NE(std::find(both.begin(), both.end(), ';'), both.end());
  EXPECT_EQ(reader_comment_char("auto"), '#');
  EXPECT_EQ(reader_comment_char(";"), ';');
}

TEST(Encoding, LatinOneBytesAreStoredAsUtf8) {
  EXPECT_EQ(as_git_stores("\xe9" "t\xe9", ""), "\xc3\xa9" "t\xc3\xa9");
  EXPECT_EQ(as_git_stores("\xc3\xa9", "UTF-8"), "\xc3\xa9");
  EXPECT_EQ(as_git_stores("\xe9", "ISO-8859-1"), "\xe9");
  EXPECT_EQ(as_git_stores("\xef\xbf\xbe", ""), "\xc3\xaf\xc2\xbf\xc2\xbe") << "git refuses noncharacters";
}

TEST(Approval, UnicodeWhitespaceIsNoValue) {
  GatesPolicy gates;
  gates.approval_trailer = "Human-Approved-by";
  EXPECT_FALSE(find_approval({{"Human-Approved-by", "\xc2\xa0"}}, gates));
  EXPECT_FALSE(find_approval({{"Human-Approved-by", "\xe2\x80\x8b\xe3\x80\x80\xef\xbb\xbf"}}, gates));
  EXPECT_FALSE(find_approval({{"Human-Approved-by", "\xa0"}}, gates));
  EXPECT_TRUE(find_approval({{"Human-Approved-by", "\xc2\xa0" "Ann"}}, gates));
}

TEST(BoundedWork, MessageAtTheSizeCapIsJudgedWhole) {
  // Above kMaxMessageBytes the commit-msg hook refuses the message (see
  // MessageClasses.SixteenMegabyteMessageOfTrailersIsRefused); up to it every
  // pass is linear: bench/message_bench.cpp measures it (BM_MessageOfTrailers).
  std::string message = "feat: x\n\n";
  while (message.size() < kMaxMessageBytes) message += "Acked-by: Somebody <somebody@example.com>\n";
  const auto policy = load_policy(PolicySource{".agentops/policy.toml",
                                               "version = 1\n[message]\nforbidden_trailers = [\"Bad-By: x\"]\n"
                                               "required_trailers = [\"Signed-off-by\"]\n[agents]\nmarkers = [\"^Agent\"]\n",
                                               {}});
  ASSERT_TRUE(policy.ok()) << policy.error().message;
  const std::string cleaned = clean_message(message, CleanupOptions{Cleanup::strip, '#', true});
  const auto trailers = parse_trailers(cleaned);
  const auto findings = check_message(cleaned, MessageContext{}, *policy);
  const std::string latin1 = as_git_stores(std::string(kMaxMessageBytes, '\xe9'), "");
  EXPECT_EQ(latin1.size(), 2 * kMaxMessageBytes) << "every byte rewritten, in one pass";
  EXPECT_GT(trailers.size(), 90000u);
  EXPECT_FALSE(findings.empty());
}

}  // namespace
}  // namespace agentops
