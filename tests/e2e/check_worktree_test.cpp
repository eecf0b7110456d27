// `agentops check --worktree [PATH...]`: the working tree as `git add -A` would
// stage it, judged as `check --staged` judges the index, without touching the
// index, .git/objects or the stash. Real git is the oracle: what it ignores,
// what `git add -A && agentops check --staged` finds.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "git_sandbox.h"

namespace agentops {
namespace {

using testing::bin;
using testing::CommandResult;
using testing::GitSandbox;
using testing::quote;

const std::string kAwsKey = std::string("AKIA") + "IOSFODNN7ABCDEFG";
const std::string kGithubToken = std::string("ghp_") + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8";

std::string agentops_cmd(const std::string& args) { return quote(bin("agentops")) + " " + args; }

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The JSON findings without the stage and the timing: what two checks share.
std::string findings_of(const std::string& json) {
  const size_t begin = json.find("\"findings\"");
  const size_t end = json.find("\"stats\"");
  return begin == std::string::npos || end == std::string::npos ? json : json.substr(begin, end - begin);
}

class CheckWorktree : public ::testing::Test {
 protected:
  void SetUp() override { sandbox.commit_file("README.md", "# demo\n"); }
  CommandResult check(const std::string& args = "", const std::string& directory = "") const {
    return testing::run_command(agentops_cmd("check --worktree " + args),
                                directory.empty() ? sandbox.root() : sandbox.path(directory));
  }
  GitSandbox sandbox;
};

TEST_F(CheckWorktree, FindsAnAwsKeyInAnUntrackedFile) {
  sandbox.write("config/app.env", "REGION=eu-west-1\nAWS_ACCESS_KEY_ID=" + kAwsKey + "\n");
  const CommandResult result = check();
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_TRUE(contains(result.out, "config/app.env:2")) << result.out;
  EXPECT_TRUE(contains(result.out, "secret.aws-access-key-id")) << result.out;
  EXPECT_FALSE(contains(result.out + result.err, kAwsKey)) << "the key is never printed whole";
}

TEST_F(CheckWorktree, FindsAGithubTokenInAnUntrackedDirectoryOfFiles) {
  sandbox.write("tools/deploy/notes.md", "nothing here\n");
  sandbox.write("tools/deploy/run.sh", "#!/bin/sh\nexport GH_TOKEN=" + kGithubToken + "\n");
  const CommandResult result = check("--format json");
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_TRUE(contains(result.out, "\"path\":\"tools/deploy/run.sh\",\"line\":2")) << result.out;
  EXPECT_TRUE(contains(result.out, "secret.github")) << result.out;
  EXPECT_TRUE(contains(result.out, "\"stage\":\"worktree\"")) << result.out;
}

TEST_F(CheckWorktree, AFileGitIgnoresIsNotJudged) {
  sandbox.commit_file(".gitignore", "*.env\n");
  sandbox.write(".git/info/exclude", "scratch/\n");
  sandbox.write(sandbox.path("../excludes-" + std::to_string(getpid())), "*.secret\n");
  sandbox.git("config core.excludesFile " + quote(sandbox.path("../excludes-" + std::to_string(getpid()))));
  for (const std::string path : {"app.env", "scratch/keys.txt", "aws.secret"})
    sandbox.write(path, "AWS_ACCESS_KEY_ID=" + kAwsKey + "\n");
  // git is the oracle: it ignores all three.
  EXPECT_EQ(sandbox.git("status --porcelain --untracked-files=all"), "");
  EXPECT_EQ(sandbox.git("check-ignore app.env scratch/keys.txt aws.secret"), "app.env\nscratch/keys.txt\naws.secret\n");
  const CommandResult result = check();
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  // The same file, not ignored, is found.
  sandbox.write("app.txt", "AWS_ACCESS_KEY_ID=" + kAwsKey + "\n");
  EXPECT_EQ(check().exit_code, 1);
  std::remove(sandbox.path("../excludes-" + std::to_string(getpid())).c_str());
}

TEST_F(CheckWorktree, AModifiedTrackedFileIsJudgedOnItsAddedLinesAsStagedWouldBe) {
  sandbox.commit_file("deploy.sh", "#!/bin/sh\nOLD=" + kAwsKey + "\necho one\n");
  sandbox.write("deploy.sh", "#!/bin/sh\nOLD=" + kAwsKey + "\necho one\nexport GH_TOKEN=" + kGithubToken + "\n");
  const CommandResult worktree = check("--format json");
  EXPECT_EQ(worktree.exit_code, 1) << worktree.out << worktree.err;
  EXPECT_TRUE(contains(worktree.out, "\"path\":\"deploy.sh\",\"line\":4")) << worktree.out;
  EXPECT_FALSE(contains(worktree.out, "aws-access-key-id")) << "an unchanged line is not new: " << worktree.out;
  // git add -A, then check --staged: the same findings.
  sandbox.git("add -A");
  const CommandResult staged = sandbox.run(agentops_cmd("check --staged --format json"));
  EXPECT_EQ(findings_of(worktree.out), findings_of(staged.out));
}

TEST_F(CheckWorktree, ACleanTreePasses) {
  sandbox.write("src/main.c", "int main(void) { return 0; }\n");
  sandbox.write("README.md", "# demo\n\nA tool.\n");
  const CommandResult result = check();
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_TRUE(contains(result.out, "check passed")) << result.out;
}

TEST_F(CheckWorktree, ADeletedTrackedTestCountsAsItDoesWhenStaged) {
  sandbox.commit_policy("version = 1\nextends = [\"ai-agents\"]\n");
  sandbox.commit_file("tests/test_parser.py", "def test_parse():\n    assert parse('x')\n");
  std::remove(sandbox.path("tests/test_parser.py").c_str());
  const CommandResult worktree = check("--format json");
  EXPECT_EQ(worktree.exit_code, 1) << worktree.out << worktree.err;
  EXPECT_TRUE(contains(worktree.out, "change.tests-removed")) << worktree.out;
  sandbox.git("add -A");
  const CommandResult staged = sandbox.run(agentops_cmd("check --staged --format json"));
  EXPECT_EQ(findings_of(worktree.out), findings_of(staged.out));
}

TEST_F(CheckWorktree, LeavesTheIndexTheObjectsAndTheStashAsTheyWere) {
  sandbox.commit_file("app.py", "print('a')\n");
  sandbox.write("app.py", "print('b')\nkey = '" + kAwsKey + "'\n");
  sandbox.write("new/module.py", "x = 1\n");
  sandbox.write("staged.txt", "staged\n");
  sandbox.git("add staged.txt");
  // Asked first: git status may refresh (rewrite) the index itself.
  const std::string status_before = sandbox.git("status --porcelain --untracked-files=all");
  struct stat before_stat {};
  ASSERT_EQ(stat(sandbox.path(".git/index").c_str(), &before_stat), 0);
  const std::string index_before = read_bytes(sandbox.path(".git/index"));
  const std::string objects_before = sandbox.git("count-objects -v");
  EXPECT_EQ(check().exit_code, 1);
  struct stat after_stat {};
  ASSERT_EQ(stat(sandbox.path(".git/index").c_str(), &after_stat), 0);
  EXPECT_EQ(read_bytes(sandbox.path(".git/index")), index_before);
  EXPECT_EQ(after_stat.st_mtim.tv_sec, before_stat.st_mtim.tv_sec);
  EXPECT_EQ(after_stat.st_mtim.tv_nsec, before_stat.st_mtim.tv_nsec);
  EXPECT_EQ(sandbox.git("count-objects -v"), objects_before) << "no new objects";
  EXPECT_EQ(sandbox.run("git stash list").out, "");
  EXPECT_EQ(read_bytes(sandbox.path("app.py")), "print('b')\nkey = '" + kAwsKey + "'\n");
  EXPECT_EQ(sandbox.git("status --porcelain --untracked-files=all"), status_before);
}

TEST_F(CheckWorktree, APolicySwitchedOffInTheWorkTreeStillMeetsTheCommittedPolicy) {
  sandbox.commit_policy("version = 1\n");
  sandbox.write(".agentops/policy.toml", "version = 1\n[secrets]\nenabled = false\n");
  sandbox.write("keys.txt", "AWS_ACCESS_KEY_ID=" + kAwsKey + "\n");
  const CommandResult result = check();
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_TRUE(contains(result.out, "keys.txt:1")) << result.out;
  EXPECT_TRUE(contains(result.out, "secret.aws-access-key-id")) << result.out;
  EXPECT_TRUE(contains(result.out, "path.protected")) << "the policy edit itself needs a person: " << result.out;
}

TEST_F(CheckWorktree, PathArgumentsLimitTheCheckToThosePathsRelativeToTheCurrentDirectory) {
  sandbox.write("src/a.py", "key = '" + kAwsKey + "'\n");
  sandbox.write("src/b.py", "token = '" + kGithubToken + "'\n");
  sandbox.write("docs/c.md", "token = '" + kGithubToken + "'\n");
  const CommandResult one = check("src/a.py");
  EXPECT_EQ(one.exit_code, 1) << one.out << one.err;
  EXPECT_TRUE(contains(one.out, "src/a.py:1")) << one.out;
  EXPECT_FALSE(contains(one.out, "src/b.py")) << one.out;
  EXPECT_FALSE(contains(one.out, "docs/c.md")) << one.out;
  // From a subdirectory, as Aider appends file names to its lint command.
  const CommandResult from_src = check("b.py", "src");
  EXPECT_EQ(from_src.exit_code, 1) << from_src.out << from_src.err;
  EXPECT_TRUE(contains(from_src.out, "src/b.py:1")) << from_src.out;
  EXPECT_FALSE(contains(from_src.out, "src/a.py")) << from_src.out;
  // A directory names everything under it.
  const CommandResult docs = check("docs");
  EXPECT_TRUE(contains(docs.out, "docs/c.md:1")) << docs.out;
  EXPECT_FALSE(contains(docs.out, "src/")) << docs.out;
  // A clean path passes while other paths hold secrets.
  sandbox.write("src/clean.py", "x = 1\n");
  EXPECT_EQ(check("-- src/clean.py").exit_code, 0);
  // A path outside the repository is a usage error.
  const CommandResult outside = check("../elsewhere.txt");
  EXPECT_EQ(outside.exit_code, 2) << outside.out << outside.err;
  EXPECT_TRUE(contains(outside.err, "outside the repository")) << outside.err;
  // Paths go with --worktree only.
  EXPECT_EQ(sandbox.run(agentops_cmd("check --staged src/a.py")).exit_code, 2);
}

TEST_F(CheckWorktree, JsonOutputIsOneDocument) {
  if (sandbox.run("command -v python3").exit_code != 0) GTEST_SKIP() << "python3 (the JSON oracle) is not installed";
  sandbox.write("a.env", "AWS_ACCESS_KEY_ID=" + kAwsKey + "\n");
  const CommandResult result =
      sandbox.run(agentops_cmd("check --worktree --format json") +
                  " | python3 -c 'import json,sys; d=json.load(sys.stdin); "
                  "print(d[\"stage\"], d[\"decision\"], d[\"findings\"][0][\"rule\"], d[\"findings\"][0][\"line\"])'");
  EXPECT_EQ(result.out, "worktree block secret.aws-access-key-id 1\n") << result.out << result.err;
}

TEST_F(CheckWorktree, ValidatorsRunOnTheWorkingTreeAsStaged) {
  sandbox.commit_policy(
      "version = 1\n[[validators]]\nname = \"ready\"\nrun = [\"grep\", \"-q\", \"READY\"]\nfiles = [\"*.cfg\"]\n");
  sandbox.write("app.cfg", "not yet\n");
  const CommandResult refused = check();
  EXPECT_EQ(refused.exit_code, 1) << refused.out << refused.err;
  EXPECT_TRUE(contains(refused.out, "validator.ready")) << refused.out;
  sandbox.write("app.cfg", "READY\n");
  const CommandResult passed = check();
  EXPECT_EQ(passed.exit_code, 0) << passed.out << passed.err;
}

TEST_F(CheckWorktree, ADryRunJudgesTheWorkingTreeWithAnotherPreset) {
  sandbox.write("src/app.test.js", "describe.only('app', () => { it('works', () => {}); });\n");
  EXPECT_EQ(check("--preset baseline").exit_code, 0);
  const CommandResult strict = check("--preset strict");
  EXPECT_EQ(strict.exit_code, 1) << strict.out << strict.err;
  EXPECT_TRUE(contains(strict.out, "content.focused-or-skipped-test")) << strict.out;
  EXPECT_TRUE(contains(strict.err, "judged by the preset strict")) << strict.err;
}

TEST(CheckWorktreeUnborn, AnUnbornRepositoryIsJudgedAgainstTheEmptyTree) {
  GitSandbox sandbox;
  sandbox.write("main.py", "print('hello')\n");
  EXPECT_EQ(sandbox.run(agentops_cmd("check --worktree")).exit_code, 0);
  sandbox.write("secrets.py", "KEY = '" + kAwsKey + "'\n");
  const CommandResult result = sandbox.run(agentops_cmd("check --worktree"));
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_TRUE(contains(result.out, "secrets.py:1")) << result.out;
  EXPECT_TRUE(contains(sandbox.run("git status --porcelain").out, "?? secrets.py")) << "nothing was staged";
}

TEST_F(CheckWorktree, ALinkedWorktreeIsCheckedOnItsOwnFiles) {
  const std::string linked = sandbox.path("../linked-" + std::to_string(getpid()));
  sandbox.git("worktree add -q -b side " + quote(linked));
  testing::run_command("printf 'KEY=" + kAwsKey + "\\n' > leak.txt", linked);
  const CommandResult in_linked = testing::run_command(agentops_cmd("check --worktree"), linked);
  EXPECT_EQ(in_linked.exit_code, 1) << in_linked.out << in_linked.err;
  EXPECT_TRUE(contains(in_linked.out, "leak.txt:1")) << in_linked.out;
  // The main working tree does not hold that file.
  EXPECT_EQ(check().exit_code, 0);
  sandbox.git("worktree remove --force " + quote(linked));
}

TEST_F(CheckWorktree, ASymbolicLinkIsJudgedByItsTargetTextNeverFollowed) {
  const std::string outside = sandbox.path("../outside-" + std::to_string(getpid()) + ".txt");
  testing::run_command("printf 'KEY=" + kAwsKey + "\\n' > " + quote(outside), sandbox.root());
  ASSERT_EQ(symlink(outside.c_str(), sandbox.path("link.txt").c_str()), 0);
  const CommandResult result = check("--format json");
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_TRUE(contains(result.out, "path.symlink-outside")) << "the link's text is judged: " << result.out;
  EXPECT_FALSE(contains(result.out, "aws-access-key-id")) << "the file outside is never read: " << result.out;
  std::remove(outside.c_str());
  // A link within the repository passes.
  std::remove(sandbox.path("link.txt").c_str());
  ASSERT_EQ(symlink("README.md", sandbox.path("link.txt").c_str()), 0);
  const CommandResult inside = check();
  EXPECT_EQ(inside.exit_code, 0) << inside.out << inside.err;
}

TEST_F(CheckWorktree, AFileAboveTheScanLimitIsJudgedBySizeWithoutBeingRead) {
  sandbox.commit_policy("version = 1\n[limits]\nmax_file_bytes = 1048576\n");
  // 9 MiB with a key near the end: refused by size; the key is never loaded.
  testing::run_command("head -c 9437184 /dev/zero | tr '\\0' 'a' > big.txt && printf '\\nKEY=" + kAwsKey +
                           "\\n' >> big.txt",
                       sandbox.root());
  const CommandResult result = check("--format json");
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_TRUE(contains(result.out, "limit.file-bytes")) << result.out;
  EXPECT_TRUE(contains(result.out, "big.txt")) << result.out;
  EXPECT_FALSE(contains(result.out, "aws-access-key-id")) << "its content was never read: " << result.out;
}

TEST_F(CheckWorktree, CrlfFilesAreJudgedAsGitWouldStoreThem) {
  sandbox.commit_file(".gitattributes", "*.txt text eol=crlf\n");
  sandbox.commit_file("notes.txt", "one\r\ntwo\r\n");
  sandbox.write("notes.txt", "one\r\ntwo\r\nKEY=" + kAwsKey + "\r\n");
  const CommandResult result = check();
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_TRUE(contains(result.out, "notes.txt:3")) << result.out;
}

TEST_F(CheckWorktree, ANonUtf8FileNameIsCheckedAndNamed) {
  const std::string name = std::string("caf") + char(0xe9) + ".txt";  // Latin-1, not UTF-8
  sandbox.write(name, "KEY=" + kAwsKey + "\n");
  const CommandResult result = check();
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_TRUE(contains(result.out, "aws-access-key-id")) << result.out;
}

TEST_F(CheckWorktree, ASubmodulesContentIsNotJudged) {
  GitSandbox inner;
  inner.commit_file("inner.txt", "KEY=" + kAwsKey + "\n");
  sandbox.git("-c protocol.file.allow=always submodule add -q " + quote(inner.root()) + " vendor/inner");
  sandbox.git("commit -q --no-verify -m 'add submodule'");
  // New content inside the submodule's own working tree is its own repository's.
  testing::run_command("printf 'TOKEN=" + kGithubToken + "\\n' > more.txt", sandbox.path("vendor/inner"));
  const CommandResult result = check();
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
}

}  // namespace
}  // namespace agentops
