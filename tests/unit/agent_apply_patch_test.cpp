#include <gtest/gtest.h>

#include <string>

#include "agents/apply_patch.h"

namespace agentops::agents {
namespace {

TEST(AgentApplyPatch, AddFileMakesEveryPlusLineTheWholeContent) {
  auto writes = parse_apply_patch("*** Begin Patch\n*** Add File: src/a.py\n+x = 1\n+y = 2\n*** End Patch\n");
  ASSERT_TRUE(writes) << writes.error().message;
  ASSERT_EQ(writes->size(), 1u);
  EXPECT_EQ((*writes)[0].path, "src/a.py");
  EXPECT_TRUE((*writes)[0].whole_content);
  EXPECT_EQ((*writes)[0].content, "x = 1\ny = 2\n");
}

TEST(AgentApplyPatch, UpdateFileKeepsOnlyTheAddedLines) {
  auto writes = parse_apply_patch(
      "*** Begin Patch\n*** Update File: a.txt\n@@ def f():\n context\n-old\n+new one\n+new two\n*** End of File\n"
      "*** End Patch");
  ASSERT_TRUE(writes) << writes.error().message;
  ASSERT_EQ(writes->size(), 1u);
  EXPECT_FALSE((*writes)[0].whole_content);
  EXPECT_EQ((*writes)[0].added, (std::vector<std::string>{"new one", "new two"}));
}

TEST(AgentApplyPatch, MoveToNamesTheNewPathAndKeepsTheOld) {
  auto writes =
      parse_apply_patch("*** Begin Patch\n*** Update File: old.txt\n*** Move to: new.txt\n@@\n-a\n+b\n*** End Patch\n");
  ASSERT_TRUE(writes) << writes.error().message;
  EXPECT_EQ((*writes)[0].path, "new.txt");
  EXPECT_EQ((*writes)[0].moved_from, "old.txt");
}

TEST(AgentApplyPatch, DeleteFileAndSeveralFilesInOneEnvelope) {
  auto writes = parse_apply_patch(
      "*** Begin Patch\n*** Delete File: gone.txt\n*** Add File: b.txt\n+b\n*** Update File: c.txt\n@@\n+c\n"
      "*** End Patch\n");
  ASSERT_TRUE(writes) << writes.error().message;
  ASSERT_EQ(writes->size(), 3u);
  EXPECT_TRUE((*writes)[0].deleted);
  EXPECT_EQ((*writes)[1].path, "b.txt");
  EXPECT_EQ((*writes)[2].added, std::vector<std::string>{"c"});
}

TEST(AgentApplyPatch, AFileWhoseTextLooksLikeAMarkerIsStillItsText) {
  auto writes =
      parse_apply_patch("*** Begin Patch\n*** Add File: notes.md\n+*** End Patch\n+*** Add File: x\n*** End Patch\n");
  ASSERT_TRUE(writes) << writes.error().message;
  ASSERT_EQ(writes->size(), 1u);
  EXPECT_EQ((*writes)[0].content, "*** End Patch\n*** Add File: x\n");
}

TEST(AgentApplyPatch, AFileNamedLikeAMarkerIsAPath) {
  auto writes = parse_apply_patch("*** Begin Patch\n*** Add File: *** End Patch\n+x\n*** End Patch\n");
  ASSERT_TRUE(writes) << writes.error().message;
  EXPECT_EQ((*writes)[0].path, "*** End Patch");
}

TEST(AgentApplyPatch, MalformedEnvelopesAreErrors) {
  EXPECT_FALSE(parse_apply_patch(""));
  EXPECT_FALSE(parse_apply_patch("*** Add File: a\n+x\n*** End Patch\n"));                  // no begin
  EXPECT_FALSE(parse_apply_patch("*** Begin Patch\n*** Add File: a\n+x\n"));                // no end
  EXPECT_FALSE(parse_apply_patch("*** Begin Patch\n*** End Patch\n"));                      // no file
  EXPECT_FALSE(parse_apply_patch("*** Begin Patch\n*** Add File: a\nx\n*** End Patch\n"));  // not '+'
  EXPECT_FALSE(parse_apply_patch("*** Begin Patch\n*** Frobnicate: a\n*** End Patch\n"));
  EXPECT_FALSE(parse_apply_patch("*** Begin Patch\n*** Add File: \n+x\n*** End Patch\n"));  // no path
  EXPECT_FALSE(parse_apply_patch("*** Begin Patch\n*** Update File: a\n*** End Patch\n"));  // no hunk
  EXPECT_FALSE(parse_apply_patch("*** Begin Patch\n*** Update File: a\n@@\n~x\n*** End Patch\n"));
}

TEST(AgentApplyPatch, FindsTheEnvelopeInAHeredocShellCommand) {
  const std::string command = "apply_patch <<'EOF'\n*** Begin Patch\n*** Add File: a.txt\n+hello\n*** End Patch\nEOF\n";
  auto envelope = find_patch_envelope(command);
  ASSERT_TRUE(envelope);
  auto writes = parse_apply_patch(*envelope);
  ASSERT_TRUE(writes) << writes.error().message;
  EXPECT_EQ((*writes)[0].content, "hello\n");
}

TEST(AgentApplyPatch, ACommandWithoutAnEnvelopeHasNone) {
  EXPECT_FALSE(find_patch_envelope("git status && echo '*** Begin'"));
}

}  // namespace
}  // namespace agentops::agents
