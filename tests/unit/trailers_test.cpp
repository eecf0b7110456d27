#include <gtest/gtest.h>

#include "agentops/message.h"

namespace agentops {
namespace {

TEST(CleanMessage, DropsCommentsAndEverythingBelowTheScissors) {
  const std::string raw =
      "feat: add x\n\nBody line\n# a comment\n\n"
      "# ------------------------ >8 ------------------------\n"
      "# Do not modify or remove the line above.\ndiff --git a/x b/x\n+Human-Approved-by: nobody\n";
  EXPECT_EQ(clean_message(raw, CleanupOptions{Cleanup::strip, '#', /*verbose=*/true}), "feat: add x\n\nBody line\n");
}

TEST(CleanMessage, HonoursACustomCommentChar) {
  EXPECT_EQ(clean_message("fix: y\n; comment\n#not a comment\n", ';'), "fix: y\n#not a comment\n");
}

TEST(ParseTrailers, ReadsTheLastParagraph) {
  const auto trailers = parse_trailers("feat: x\n\nbody\n\nSigned-off-by: A <a@x>\nHuman-Approved-by: B <b@x>\n");
  ASSERT_EQ(trailers.size(), 2u);
  EXPECT_EQ(trailers[1].key, "Human-Approved-by");
  EXPECT_EQ(trailers[1].value, "B <b@x>");
}

TEST(ParseTrailers, SubjectAloneHasNoTrailers) {
  EXPECT_TRUE(parse_trailers("Human-Approved-by: B <b@x>\n").empty());
}

TEST(ParseTrailers, ProseParagraphIsNotATrailerBlock) {
  EXPECT_TRUE(parse_trailers("feat: x\n\nThis explains: why\nand more prose\n").empty());
}

TEST(ParseTrailers, ContinuationLinesJoinTheValue) {
  const auto trailers = parse_trailers("feat: x\n\nNote: first\n  second\n");
  ASSERT_EQ(trailers.size(), 1u);
  EXPECT_EQ(trailers[0].value, "first second");
}

TEST(FindApproval, MatchesTrailerNameCaseInsensitively) {
  GatesPolicy gates;
  EXPECT_TRUE(find_approval({{"human-approved-by", "Ann <ann@x.org>"}}, gates));
  EXPECT_FALSE(find_approval({{"Human-Approved-by", ""}}, gates));
  EXPECT_FALSE(find_approval({{"Approved-by", "Ann <ann@x.org>"}}, gates));
}

TEST(FindApproval, RestrictsToListedApprovers) {
  GatesPolicy gates;
  gates.approvers = {"ann@x.org", "Bob <bob@x.org>"};
  EXPECT_TRUE(find_approval({{"Human-Approved-by", "Ann <ann@x.org>"}}, gates));
  EXPECT_TRUE(find_approval({{"Human-Approved-by", "Bob <bob@x.org>"}}, gates));
  EXPECT_FALSE(find_approval({{"Human-Approved-by", "Eve <eve@x.org>"}}, gates));
  EXPECT_FALSE(find_approval({{"Human-Approved-by", "Eve <eve@x.org> ann@x.org"}}, gates));
}

}  // namespace
}  // namespace agentops
