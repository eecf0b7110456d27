// The working tree staged in memory (git/worktree_index.h) and read by the
// change reader: the same files, line counts and sizes as `git add -A` and the
// staged change, nothing written to .git, and files that vanish or change
// while being read are clear errors.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <map>

#include "agentops/change.h"
#include "git/worktree_index.h"
#include "git_sandbox.h"

namespace agentops {
namespace {

using testing::GitSandbox;

struct FileSummary {
  std::string status;
  std::uint32_t added_lines = 0;
  std::uint32_t removed_lines = 0;
  std::uint64_t size = 0;
  bool not_scanned = false;
  bool operator==(const FileSummary&) const = default;
};

std::ostream& operator<<(std::ostream& out, const FileSummary& file) {
  return out << file.status << " +" << file.added_lines << " -" << file.removed_lines << " " << file.size << " bytes"
             << (file.not_scanned ? " not scanned" : "");
}

std::map<std::string, FileSummary> summary(const Change& change) {
  std::map<std::string, FileSummary> files;
  for (const auto& file : change.files)
    files[file.path] = {to_string(file.status), file.added_lines, file.removed_lines, file.size, file.not_scanned};
  return files;
}

git::Repository open(const GitSandbox& sandbox) {
  auto repo = git::open_repository(git::OpenOptions{sandbox.root(), false});
  EXPECT_TRUE(repo.ok()) << repo.error().message;
  return std::move(*repo);
}

// The working tree staged in memory, read as the staged change is.
Result<Change> worktree_change(const GitSandbox& sandbox, const ChangeOptions& options = {},
                               const std::vector<std::string>& pathspec = {}) {
  auto repo = open(sandbox);
  auto staged = git::stage_worktree(repo, pathspec, options.max_scan_bytes);
  if (!staged) return staged.error();
  return read_staged_change(staged->repo, staged->index.get(), options);
}

// What `git add -A` stages, read by the change reader: the oracle.
Change git_add_all_change(const GitSandbox& sandbox, const ChangeOptions& options = {}) {
  sandbox.git("add -A");
  auto repo = open(sandbox);
  auto index = repo.index();
  EXPECT_TRUE(index.ok()) << index.error().message;
  auto change = read_staged_change(repo, index->get(), options);
  EXPECT_TRUE(change.ok()) << change.error().message;
  return change.ok() ? std::move(*change) : Change{};
}

// Every file under .git/objects with its modification time.
std::map<std::string, std::filesystem::file_time_type> object_files(const GitSandbox& sandbox) {
  std::map<std::string, std::filesystem::file_time_type> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(sandbox.path(".git/objects")))
    if (entry.is_regular_file()) files[entry.path().string()] = entry.last_write_time();
  return files;
}

class WorktreeChange : public ::testing::Test {
 protected:
  void SetUp() override {
    sandbox.commit_file("README.md", "# demo\n");
    sandbox.commit_file("src/app.py", "a = 1\nb = 2\nc = 3\n");
    sandbox.commit_file("tests/test_app.py", "def test_a():\n    assert True\n");
    sandbox.commit_file(".gitignore", "build/\n*.log\n");
  }
  GitSandbox sandbox;
};

TEST_F(WorktreeChange, HoldsTheFilesLineCountsAndSizesGitAddAllStages) {
  sandbox.write("src/app.py", "a = 1\nb = 20\nc = 3\nd = 4\n");
  std::filesystem::remove(sandbox.path("tests/test_app.py"));
  sandbox.write("docs/new/guide.md", "# guide\n\ntext\n");
  sandbox.write("build/out.txt", "ignored\n");
  sandbox.write("run.log", "ignored\n");
  std::filesystem::create_symlink("README.md", sandbox.path("readme-link"));
  sandbox.write("staged-then-edited.txt", "one\n");
  sandbox.git("add staged-then-edited.txt");
  sandbox.write("staged-then-edited.txt", "one\ntwo\n");
  auto worktree = worktree_change(sandbox);
  ASSERT_TRUE(worktree.ok()) << worktree.error().message;
  const auto expected = summary(git_add_all_change(sandbox));
  EXPECT_EQ(summary(*worktree), expected);
  EXPECT_EQ(expected.size(), 5u);
  EXPECT_EQ(expected.count("build/out.txt"), 0u);
}

TEST_F(WorktreeChange, AnEntryOutsideASparseCheckoutIsLeftAsGitAddAllLeavesIt) {
  sandbox.git("update-index --skip-worktree tests/test_app.py");
  std::filesystem::remove(sandbox.path("tests/test_app.py"));
  sandbox.write("src/app.py", "a = 1\n");
  auto worktree = worktree_change(sandbox);
  ASSERT_TRUE(worktree.ok()) << worktree.error().message;
  const auto expected = summary(git_add_all_change(sandbox));
  EXPECT_EQ(summary(*worktree), expected);
  EXPECT_EQ(expected.count("tests/test_app.py"), 0u) << "not deleted";
}

TEST_F(WorktreeChange, AnUntrackedRepositoryIsStagedAsAGitlinkAsGitAddAllDoes) {
  std::filesystem::create_directories(sandbox.path("vendor/lib"));
  testing::run_command("git init -q && echo x > x.txt && git add x.txt && "
                       "git -c user.name=t -c user.email=t@example.com commit -q -m x",
                       sandbox.path("vendor/lib"));
  auto worktree = worktree_change(sandbox);
  ASSERT_TRUE(worktree.ok()) << worktree.error().message;
  ASSERT_EQ(worktree->files.size(), 1u);
  EXPECT_EQ(worktree->files[0].path, "vendor/lib");
  EXPECT_EQ(worktree->files[0].mode, 0160000u);
  EXPECT_EQ(summary(*worktree), summary(git_add_all_change(sandbox)));
}

TEST_F(WorktreeChange, WritesNoObjectAndLeavesTheIndexFile) {
  sandbox.write("src/app.py", "a = 1\nb = 2\nc = 3\nd = 4\n");
  sandbox.write("notes/new.txt", "new\n");
  // Content already stored: libgit2 would "freshen" (touch) its object file.
  sandbox.write("notes/readme-copy.md", "# demo\n");
  const auto old_time = std::filesystem::file_time_type::clock::now() - std::chrono::hours(24);
  for (const auto& [path, time] : object_files(sandbox)) std::filesystem::last_write_time(path, old_time);
  const auto objects_before = object_files(sandbox);
  const auto index_time = std::filesystem::last_write_time(sandbox.path(".git/index"));
  auto worktree = worktree_change(sandbox);
  ASSERT_TRUE(worktree.ok()) << worktree.error().message;
  EXPECT_EQ(worktree->files.size(), 3u);
  EXPECT_EQ(object_files(sandbox), objects_before) << "no object written or touched";
  EXPECT_EQ(std::filesystem::last_write_time(sandbox.path(".git/index")), index_time);
}

TEST_F(WorktreeChange, APathspecLimitsTheChangeEvenWithOtherFilesStaged) {
  sandbox.write("staged.txt", "staged\n");
  sandbox.git("add staged.txt");
  sandbox.write("src/app.py", "a = 1\n");
  sandbox.write("other.txt", "other\n");
  auto worktree = worktree_change(sandbox, {}, {"src"});
  ASSERT_TRUE(worktree.ok()) << worktree.error().message;
  ASSERT_EQ(worktree->files.size(), 1u);
  EXPECT_EQ(worktree->files[0].path, "src/app.py");
}

TEST_F(WorktreeChange, AFileAboveTheScanLimitIsSizedFromTheFileSystemAndNeverRead) {
  ChangeOptions options;
  options.max_scan_bytes = 1000;
  sandbox.write("big.txt", std::string(5000, 'x') + "\n");
  sandbox.write("small.txt", "small\n");
  bool big_visited_empty = false;
  auto repo = open(sandbox);
  auto staged = git::stage_worktree(repo, {}, options.max_scan_bytes);
  ASSERT_TRUE(staged.ok()) << staged.error().message;
  auto change = read_staged_change(staged->repo, staged->index.get(), options,
                                   [&](const ChangedFile& file, const AddedLines& lines) {
                                     if (file.path == "big.txt") big_visited_empty = lines.empty();
                                     return Status(Ok{});
                                   });
  ASSERT_TRUE(change.ok()) << change.error().message;
  const auto files = summary(*change);
  EXPECT_EQ(files.at("big.txt"), (FileSummary{"added", 0, 0, 5001, true}));
  EXPECT_TRUE(big_visited_empty);
  EXPECT_EQ(files.at("small.txt"), (FileSummary{"added", 1, 0, 6, false}));
}

TEST_F(WorktreeChange, AFileThatVanishesBeforeItIsReadIsAClearError) {
  sandbox.write("gone.txt", "here for a moment\n");
  auto repo = open(sandbox);
  auto staged = git::stage_worktree(repo, {}, ChangeOptions{}.max_scan_bytes);
  ASSERT_TRUE(staged.ok()) << staged.error().message;
  std::filesystem::remove(sandbox.path("gone.txt"));
  auto change = read_staged_change(staged->repo, staged->index.get(), ChangeOptions{});
  ASSERT_FALSE(change.ok());
  EXPECT_NE(change.error().message.find("gone.txt vanished"), std::string::npos) << change.error().message;
}

TEST_F(WorktreeChange, AFileThatChangesBeforeItIsReadIsAClearError) {
  sandbox.write("moving.txt", "first\n");
  auto repo = open(sandbox);
  auto staged = git::stage_worktree(repo, {}, ChangeOptions{}.max_scan_bytes);
  ASSERT_TRUE(staged.ok()) << staged.error().message;
  sandbox.write("moving.txt", "second, longer\n");
  auto change = read_staged_change(staged->repo, staged->index.get(), ChangeOptions{});
  ASSERT_FALSE(change.ok());
  EXPECT_NE(change.error().message.find("moving.txt changed"), std::string::npos) << change.error().message;
}

TEST_F(WorktreeChange, PathsAreReadRelativeToTheCurrentDirectory) {
  auto repo = open(sandbox);
  const auto cwd = std::filesystem::current_path();
  std::filesystem::current_path(sandbox.path("src"));
  auto inside = git::pathspec_from_cwd(repo, {"app.py", "../tests", sandbox.path("README.md")});
  auto root = git::pathspec_from_cwd(repo, {".."});
  auto outside = git::pathspec_from_cwd(repo, {"../../elsewhere"});
  std::filesystem::current_path(cwd);
  ASSERT_TRUE(inside.ok()) << inside.error().message;
  EXPECT_EQ(*inside, (std::vector<std::string>{"src/app.py", "tests", "README.md"}));
  ASSERT_TRUE(root.ok()) << root.error().message;
  EXPECT_TRUE(root->empty()) << "the root names the whole tree";
  ASSERT_FALSE(outside.ok());
  EXPECT_NE(outside.error().message.find("outside the repository"), std::string::npos) << outside.error().message;
}

}  // namespace
}  // namespace agentops
