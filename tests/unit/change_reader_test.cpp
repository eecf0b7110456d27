// Reading the staged change from real repositories.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "agentops/change.h"
#include "git_sandbox.h"

namespace agentops {
namespace {

using testing::GitSandbox;

struct Line {
  std::uint32_t number;
  std::string text;
};

// The staged change, with every file's added lines copied out of the visitor.
struct Staged : Change {
  std::map<std::string, std::vector<Line>> lines;
};

Staged staged(const GitSandbox& sandbox, ChangeOptions options = {}) {
  auto repo = git::open_repository(git::OpenOptions{sandbox.root(), false});
  EXPECT_TRUE(repo.ok()) << repo.error().message;
  auto index = repo->index();
  EXPECT_TRUE(index.ok()) << index.error().message;
  Staged result;
  auto change = read_staged_change(*repo, index->get(), options, [&](const ChangedFile& file, const AddedLines& lines) {
    // The added lines only: a modified file's unchanged context lines are carried.
    for (size_t i = 0; i < lines.size(); ++i)
      if (!lines.is_carried(i)) result.lines[file.path].push_back(Line{lines.number(i), std::string(lines.line(i))});
    return Status(Ok{});
  });
  EXPECT_TRUE(change.ok()) << change.error().message;
  if (change.ok()) static_cast<Change&>(result) = std::move(*change);
  return result;
}

const ChangedFile* find(const Change& change, const std::string& path) {
  auto it = std::find_if(change.files.begin(), change.files.end(),
                         [&](const ChangedFile& f) { return f.path == path; });
  return it == change.files.end() ? nullptr : &*it;
}

TEST(StagedChange, UnbornHeadComparesAgainstTheEmptyTree) {
  GitSandbox sandbox;
  sandbox.write("a.txt", "one\ntwo\n");
  sandbox.git("add a.txt");
  const Staged change = staged(sandbox);
  ASSERT_EQ(change.files.size(), 1u);
  EXPECT_EQ(change.files[0].status, FileStatus::added);
  EXPECT_EQ(change.files[0].added_lines, 2u);
  const auto& lines = change.lines.at("a.txt");
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[1].number, 2u);
  EXPECT_EQ(lines[1].text, "two");
  EXPECT_EQ(change.files[0].size, 8u);
}

TEST(StagedChange, ModifiedFileHasOnlyItsAddedLinesWithNewLineNumbers) {
  GitSandbox sandbox;
  sandbox.commit_file("a.txt", "1\n2\n3\n4\n");
  sandbox.write("a.txt", "1\n2\nnew\n3\n");
  sandbox.git("add a.txt");
  const Staged change = staged(sandbox);
  ASSERT_EQ(change.files.size(), 1u);
  const ChangedFile& file = change.files[0];
  EXPECT_EQ(file.status, FileStatus::modified);
  const auto& lines = change.lines.at("a.txt");
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].number, 3u);
  EXPECT_EQ(lines[0].text, "new");
  EXPECT_EQ(file.removed_lines, 1u);
}

TEST(StagedChange, UnstagedEditsAreNotPartOfTheChange) {
  GitSandbox sandbox;
  sandbox.commit_file("a.txt", "1\n");
  sandbox.write("a.txt", "1\nstaged\n");
  sandbox.git("add a.txt");
  sandbox.write("a.txt", "1\nstaged\nunstaged\n");
  const Staged change = staged(sandbox);
  ASSERT_EQ(change.files.size(), 1u);
  const auto& lines = change.lines.at("a.txt");
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].text, "staged");
}

TEST(StagedChange, DeletedAndRenamedFiles) {
  GitSandbox sandbox;
  sandbox.commit_file("gone.txt", "bye\n");
  sandbox.commit_file("old name.txt", "same content that is long enough to be a rename\n");
  sandbox.git("rm -q gone.txt");
  sandbox.git("mv 'old name.txt' 'new name.txt'");
  const Staged change = staged(sandbox);
  const ChangedFile* gone = find(change, "gone.txt");
  ASSERT_NE(gone, nullptr);
  EXPECT_EQ(gone->status, FileStatus::deleted);
  EXPECT_EQ(gone->removed_lines, 1u);
  const ChangedFile* renamed = find(change, "new name.txt");
  ASSERT_NE(renamed, nullptr);
  EXPECT_EQ(renamed->status, FileStatus::renamed);
  EXPECT_EQ(renamed->old_path, "old name.txt");
  EXPECT_EQ(renamed->added_lines, 0u);
}

TEST(StagedChange, BinaryFilesAreDetectedAndCountNoLines) {
  GitSandbox sandbox;
  sandbox.write("image.bin", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
  sandbox.git("add image.bin");
  const Staged change = staged(sandbox);
  ASSERT_EQ(change.files.size(), 1u);
  EXPECT_TRUE(change.files[0].binary);
  EXPECT_EQ(change.files[0].added_lines, 0u);
}

TEST(StagedChange, BinaryContentIsStillHandedOverAndItsTextLinesCount) {
  GitSandbox sandbox;
  sandbox.write("app.cfg", std::string("\0header\nkey = value\n", 20));
  sandbox.git("add app.cfg");
  const Staged change = staged(sandbox);
  ASSERT_EQ(change.files.size(), 1u);
  EXPECT_TRUE(change.files[0].binary);
  EXPECT_EQ(change.files[0].added_lines, 2u) << "a text file with a stray NUL counts its lines";
  ASSERT_EQ(change.lines.at("app.cfg").size(), 2u);
  EXPECT_EQ(change.lines.at("app.cfg")[1].text, "key = value");
}

TEST(StagedChange, Utf16TextIsDecodedForScanning) {
  GitSandbox sandbox;
  std::string utf16 = "\xFF\xFE";
  for (char c : std::string("token = abc\n")) {
    utf16 += c;
    utf16 += '\0';
  }
  sandbox.write("settings.ps1", utf16);
  sandbox.write("no-bom.ps1", utf16.substr(2));
  sandbox.write("bom-then-ascii.bin", std::string("\xFF\xFE\nkey=abc\n\0", 13));
  sandbox.git("add -A");
  const Staged change = staged(sandbox);
  auto has_line = [&](const std::string& path, const std::string& text) {
    const auto& lines = change.lines.at(path);
    return std::any_of(lines.begin(), lines.end(), [&](const Line& l) { return l.text == text; });
  };
  EXPECT_TRUE(has_line("settings.ps1", "token = abc"));
  EXPECT_TRUE(has_line("no-bom.ps1", "token = abc")) << "UTF-16 without a BOM, by its NUL pattern";
  EXPECT_TRUE(has_line("bom-then-ascii.bin", "key=abc")) << "raw bytes are scanned whatever the BOM says";
}

TEST(StagedChange, LargeBlobIsSizedFromItsHeaderAndNotLoaded) {
  GitSandbox sandbox;
  sandbox.write("big.txt", std::string(300000, 'x') + "\n");
  sandbox.git("add big.txt");
  ChangeOptions options;
  options.max_scan_bytes = 1000;
  const Staged change = staged(sandbox, options);
  ASSERT_EQ(change.files.size(), 1u);
  EXPECT_EQ(change.files[0].size, 300001u);
  EXPECT_TRUE(change.files[0].not_scanned);
  EXPECT_EQ(change.files[0].added_lines, 0u);
}

TEST(StagedChange, FileThatShrankFromHugeIsScannedWhole) {
  // libgit2 would call the delta binary because the old side is over the
  // limit; the new content must still be read.
  GitSandbox sandbox;
  sandbox.commit_file("data.txt", std::string(5000, 'x') + "\n");
  sandbox.write("data.txt", "small\nsecret here\n");
  sandbox.git("add data.txt");
  ChangeOptions options;
  options.max_scan_bytes = 1000;
  const Staged change = staged(sandbox, options);
  ASSERT_EQ(change.files.size(), 1u);
  EXPECT_FALSE(change.files[0].binary);
  ASSERT_EQ(change.lines.at("data.txt").size(), 2u);
  EXPECT_EQ(change.lines.at("data.txt")[1].text, "secret here");
}

TEST(StagedChange, AttributesDoNotMakeTextBinary) {
  // .gitattributes, or .git/info/attributes, which the change controls, must
  // not switch rules off: binary is decided by content.
  GitSandbox sandbox;
  sandbox.commit_file(".gitattributes", "*.dat binary\n");
  sandbox.commit_file("blob.dat", "old\n");
  sandbox.write("blob.dat", "old\nlooks like text\n");
  sandbox.git("add blob.dat");
  const Staged change = staged(sandbox);
  ASSERT_EQ(change.files.size(), 1u);
  EXPECT_FALSE(change.files[0].binary);
  EXPECT_GE(change.files[0].added_lines, 1u);
  const auto& lines = change.lines.at("blob.dat");
  EXPECT_TRUE(std::any_of(lines.begin(), lines.end(), [](const Line& l) { return l.text == "looks like text"; }));
}

TEST(StagedChange, CaseCollisionsAreFound) {
  GitSandbox sandbox;
  sandbox.commit_file("Docs/Guide.md", "x\n");
  sandbox.write("docs/intro.md", "y\n");
  sandbox.write("README", "z\n");
  sandbox.git("add -A");
  const Staged change = staged(sandbox);
  ASSERT_EQ(change.case_collisions.size(), 1u);
  EXPECT_EQ(change.case_collisions[0].first, "docs/intro.md");
  EXPECT_EQ(change.case_collisions[0].second, "Docs");
}

TEST(StagedChange, CaseCollisionsAreFoundWhicheverSpellingCameFirst) {
  GitSandbox sandbox;
  sandbox.commit_file("readme.md", "x\n");
  sandbox.write("README.md", "y\n");
  sandbox.git("add README.md");
  const Staged change = staged(sandbox);
  ASSERT_EQ(change.case_collisions.size(), 1u);
  EXPECT_EQ(change.case_collisions[0].first, "README.md");
  EXPECT_EQ(change.case_collisions[0].second, "readme.md");
}

TEST(StagedChange, OddPathsArePreservedByteForByte) {
  GitSandbox sandbox;
  const std::string odd = "dir with space/new\nline\xff.txt";
  sandbox.write(odd, "x\n");
  sandbox.git("add -A");
  const Staged change = staged(sandbox);
  ASSERT_EQ(change.files.size(), 1u);
  EXPECT_EQ(change.files[0].path, odd);
}

TEST(StagedChange, SymlinkIsReportedWithItsMode) {
  GitSandbox sandbox;
  sandbox.run("ln -s /etc/passwd link");
  sandbox.git("add link");
  const Staged change = staged(sandbox);
  ASSERT_EQ(change.files.size(), 1u);
  EXPECT_EQ(change.files[0].mode, 0120000u);
  EXPECT_EQ(change.files[0].symlink_target, "/etc/passwd");
}

TEST(OpenRepository, OutsideARepositoryIsAnError) {
  GitSandbox directory(false);
  auto repo = git::open_repository(git::OpenOptions{directory.root(), false});
  EXPECT_FALSE(repo.ok());
}

}  // namespace
}  // namespace agentops
