// What the change reader hands the rules for renames and binary files, read
// from real repositories.
#include <gtest/gtest.h>

#include <map>

#include "agentops/change.h"
#include "git_sandbox.h"

namespace agentops {
namespace {

using testing::GitSandbox;

struct SeenLine {
  std::uint32_t number;
  std::string text;
  bool carried;
};

struct Read {
  Change change;
  std::map<std::string, std::vector<SeenLine>> lines;
};

Read read_staged(const GitSandbox& sandbox) {
  auto repo = git::open_repository(git::OpenOptions{sandbox.root(), false});
  EXPECT_TRUE(repo.ok()) << repo.error().message;
  auto index = repo->index();
  EXPECT_TRUE(index.ok()) << index.error().message;
  Read result;
  auto change = read_staged_change(*repo, index->get(), {}, [&](const ChangedFile& file, const AddedLines& lines) {
    for (size_t i = 0; i < lines.size(); ++i)
      result.lines[file.path].push_back(SeenLine{lines.number(i), std::string(lines.line(i)), lines.is_carried(i)});
    return Status(Ok{});
  });
  EXPECT_TRUE(change.ok()) << change.error().message;
  if (change.ok()) result.change = std::move(*change);
  return result;
}

TEST(RenamedFiles, CarryTheirUnchangedLinesMarkedAndCountOnlyTheDiff) {
  GitSandbox sandbox;
  sandbox.commit_file("old/a.txt", "one\ntwo\nthree\nfour\nfive\n");
  sandbox.git("mv old new");
  sandbox.write("new/a.txt", "one\ntwo\nTHREE\nfour\nfive\n");
  sandbox.git("add -A");
  const Read read = read_staged(sandbox);
  ASSERT_EQ(read.change.files.size(), 1u);
  const ChangedFile& file = read.change.files[0];
  EXPECT_EQ(file.status, FileStatus::renamed);
  EXPECT_EQ(file.added_lines, 1u);
  EXPECT_EQ(file.removed_lines, 1u);
  const auto& lines = read.lines.at("new/a.txt");
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_FALSE(lines[2].carried);
  EXPECT_EQ(lines[2].text, "THREE");
  EXPECT_TRUE(lines[0].carried);
  EXPECT_TRUE(lines[4].carried);
}

TEST(RenamedFiles, APureRenameCarriesEveryLineAndAddsNone) {
  GitSandbox sandbox;
  sandbox.commit_file("a.txt", "one\ntwo\n");
  sandbox.git("mv a.txt b.txt");
  const Read read = read_staged(sandbox);
  ASSERT_EQ(read.change.files.size(), 1u);
  EXPECT_EQ(read.change.files[0].added_lines, 0u);
  const auto& lines = read.lines.at("b.txt");
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_TRUE(lines[0].carried && lines[1].carried);
}

// The unchanged lines near an edit come as carried context (what a multi-line
// secret rule needs to see an edit complete a key); the added ones alone are new.
TEST(ModifiedFiles, CarryTheUnchangedLinesNearTheirEditsAsContext) {
  GitSandbox sandbox;
  sandbox.commit_file("a.txt", "one\ntwo\n");
  sandbox.write("a.txt", "one\ntwo\nthree\n");
  sandbox.git("add a.txt");
  const Read read = read_staged(sandbox);
  const auto& lines = read.lines.at("a.txt");
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_TRUE(lines[0].carried && lines[1].carried);
  EXPECT_FALSE(lines[2].carried);
  EXPECT_EQ(lines[2].number, 3u);
  EXPECT_EQ(read.change.files[0].added_lines, 1u);
}

TEST(ModifiedFiles, CarryNoLineFarFromAnEdit) {
  GitSandbox sandbox;
  std::string text;
  for (int i = 1; i <= 300; ++i) text += "line " + std::to_string(i) + "\n";
  sandbox.commit_file("a.txt", text);
  sandbox.write("a.txt", text + "added\n");
  sandbox.git("add a.txt");
  const Read read = read_staged(sandbox);
  const auto& lines = read.lines.at("a.txt");
  ASSERT_EQ(lines.size(), 65u);
  EXPECT_EQ(lines.front().number, 237u);
  EXPECT_TRUE(lines.front().carried);
  EXPECT_EQ(lines.back().number, 301u);
  EXPECT_FALSE(lines.back().carried);
}

TEST(BinaryFiles, AModifiedBinaryHandsOverOnlyItsNewTextLines) {
  GitSandbox sandbox;
  const std::string head("\0header\n", 8);
  sandbox.commit_file("data.txt", head + "alpha line\nbeta line\n");
  sandbox.write("data.txt", head + "alpha line\nbeta line\ngamma line\n");
  sandbox.git("add data.txt");
  const Read read = read_staged(sandbox);
  ASSERT_EQ(read.change.files.size(), 1u);
  EXPECT_TRUE(read.change.files[0].binary);
  EXPECT_EQ(read.change.files[0].added_lines, 1u);
  const auto& lines = read.lines.at("data.txt");
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].text, "gamma line");
  EXPECT_EQ(lines[0].number, 4u);
}

TEST(BinaryFiles, AttributesThatForceTextDoNotHideBinary) {
  GitSandbox sandbox;
  sandbox.commit_file(".gitattributes", "*.bin diff\n");
  sandbox.commit_file("a.bin", std::string("\0\1\2\3", 4));
  sandbox.write("a.bin", std::string("\0\1\2\3", 4) + std::string("k\0e\0y\0=\0v\0a\0l\0", 14));
  sandbox.git("add a.bin");
  const Read read = read_staged(sandbox);
  ASSERT_EQ(read.change.files.size(), 1u);
  EXPECT_TRUE(read.change.files[0].binary);
  const auto& lines = read.lines.at("a.bin");
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines[0].text, "key=val");
}

TEST(DeletedFiles, CountTheirLinesAsRemoved) {
  GitSandbox sandbox;
  sandbox.commit_file("a.txt", "one\ntwo\nthree");
  sandbox.git("rm -q a.txt");
  const Read read = read_staged(sandbox);
  ASSERT_EQ(read.change.files.size(), 1u);
  EXPECT_EQ(read.change.files[0].removed_lines, 3u);
}

}  // namespace
}  // namespace agentops
