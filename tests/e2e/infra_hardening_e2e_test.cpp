// Configuration that names nothing usable fails closed (exit 2), and the git
// set-ups agentops meets in the wild work: split and sparse indexes, SHA-256
// repositories refused with a reason, work trees of bare repositories, and
// validators that leave a background child behind.
#include <gtest/gtest.h>

#include "git_sandbox.h"

namespace agentops {
namespace {

using testing::bin;
using testing::CommandResult;
using testing::GitSandbox;
using testing::quote;

const std::string kGithubToken = std::string("ghp_") + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8";

std::string agentops_cmd(const std::string& args) { return quote(bin("agentops")) + " " + args; }

// ---- the organisation floor ----------------------------------------------

class FloorSetting : public ::testing::Test {
 protected:
  void SetUp() override {
    sandbox.commit_file("README.md", "# demo\n");
    sandbox.install_hooks();
    sandbox.write("a.txt", "a\n");
    sandbox.git("add a.txt");
  }
  // `git commit` with a global git config whose [agentops] section is `floor_line`.
  CommandResult commit_with_global_floor(const std::string& floor_line) const {
    sandbox.write("global.gitconfig", "[agentops]\n\t" + floor_line + "\n");
    return sandbox.run("GIT_CONFIG_GLOBAL=" + quote(sandbox.path("global.gitconfig")) + " git commit -m 'feat: a'");
  }
  GitSandbox sandbox;
};

TEST_F(FloorSetting, FloorNamingADirectoryBlocksTheCommit) {
  const CommandResult result = commit_with_global_floor("floor = " + sandbox.path(".git"));
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("agentops.floor"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("directory"), std::string::npos) << result.err;
  EXPECT_EQ(sandbox.commit_count(), 1);
}

TEST_F(FloorSetting, FloorSetEmptyBlocksTheCommit) {
  const CommandResult result = commit_with_global_floor("floor = \"\"");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("agentops.floor"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("empty"), std::string::npos) << result.err;
  EXPECT_EQ(sandbox.commit_count(), 1);
}

TEST_F(FloorSetting, FloorWithARelativePathBlocksTheCommit) {
  sandbox.write("floor.toml", "version = 1\n");
  const CommandResult result = commit_with_global_floor("floor = floor.toml");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("relative"), std::string::npos) << result.err;
  EXPECT_EQ(sandbox.commit_count(), 1);
}

TEST_F(FloorSetting, FloorNamingAReadableFileStillApplies) {
  sandbox.write("floor.toml", "version = 1\n[limits]\nmax_files_changed = 5\n");
  const CommandResult result = commit_with_global_floor("floor = " + sandbox.path("floor.toml"));
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(sandbox.commit_count(), 2);
}

TEST(FloorCheck, CheckStagedWithAnEmptyFloorExitsTwo) {
  GitSandbox sandbox;
  sandbox.commit_file("README.md", "# demo\n");
  sandbox.write("global.gitconfig", "[agentops]\n\tfloor =\n");
  const CommandResult result =
      sandbox.run("GIT_CONFIG_GLOBAL=" + quote(sandbox.path("global.gitconfig")) + " " + agentops_cmd("check --staged"));
  EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
}

// ---- policy validate --------------------------------------------------------

TEST(PolicyValidateTarget, ADirectoryIsAnError) {
  GitSandbox sandbox;
  sandbox.write(".agentops/policy.toml/x", "");
  const CommandResult result = sandbox.run(agentops_cmd("policy validate .agentops"));
  EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
  EXPECT_NE(result.err.find("directory"), std::string::npos) << result.err;
}

TEST(PolicyValidateTarget, AMissingFileIsAnError) {
  GitSandbox sandbox;
  const CommandResult result = sandbox.run(agentops_cmd("policy validate nothing-here.toml"));
  EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
}

TEST(PolicyValidateTarget, AnUnreadableFileIsAnError) {
  GitSandbox sandbox;
  sandbox.write("policy.toml", "version = 1\n");
  sandbox.run("chmod 000 policy.toml");
  if (sandbox.run("cat policy.toml").exit_code == 0) GTEST_SKIP() << "running as root: every file is readable";
  const CommandResult result = sandbox.run(agentops_cmd("policy validate policy.toml"));
  EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
}

TEST(PolicyValidateTarget, AWorkTreePolicyThatIsADirectoryIsAnError) {
  GitSandbox sandbox;
  sandbox.write(".agentops/policy.toml/x", "");
  const CommandResult result = sandbox.run(agentops_cmd("policy validate"));
  EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
}

TEST(PolicyValidateTarget, AReadableValidFileIsValid) {
  GitSandbox sandbox;
  sandbox.write("policy.toml", "version = 1\n");
  const CommandResult result = sandbox.run(agentops_cmd("policy validate policy.toml"));
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
}

// ---- check --range ----------------------------------------------------------

class RangeArgument : public ::testing::Test {
 protected:
  void SetUp() override {
    sandbox.commit_file("README.md", "# demo\n");
    base = sandbox.git("rev-parse HEAD").substr(0, 40);
    sandbox.commit_file("deploy.sh", "export GH_TOKEN=" + kGithubToken + "\n", "feat: deploy");
  }
  int exit_code_of(const std::string& range) const {
    const CommandResult result = sandbox.run(agentops_cmd("check --range " + quote(range)));
    return result.exit_code;
  }
  GitSandbox sandbox;
  std::string base;
};

TEST_F(RangeArgument, AnEmptyBaseIsAnError) { EXPECT_EQ(exit_code_of("..HEAD"), 2); }
TEST_F(RangeArgument, AnEmptyHeadIsAnError) { EXPECT_EQ(exit_code_of(base + ".."), 2); }
TEST_F(RangeArgument, TwoEmptySidesAreAnError) { EXPECT_EQ(exit_code_of(".."), 2); }
TEST_F(RangeArgument, AnEmptyRangeIsAnError) { EXPECT_EQ(exit_code_of(""), 2); }
TEST_F(RangeArgument, ASymmetricRangeIsAnError) { EXPECT_EQ(exit_code_of(base + "...HEAD"), 2); }
TEST_F(RangeArgument, ASingleRevisionIsAnError) { EXPECT_EQ(exit_code_of("HEAD"), 2); }
TEST_F(RangeArgument, AnEmptyRangeDoesNotCombineWithStaged) {
  EXPECT_EQ(sandbox.run(agentops_cmd("check --staged --range ''")).exit_code, 2);
}
TEST_F(RangeArgument, AFullRangeIsChecked) { EXPECT_EQ(exit_code_of(base + "..HEAD"), 1); }

// ---- validators -------------------------------------------------------------

class ValidatorChild : public ::testing::Test {
 protected:
  void SetUp() override {
    sandbox.commit_file("README.md", "# demo\n");
    sandbox.install_hooks();
  }
  // A validator that starts `sleep 30` in the background (holding its output
  // open) and exits with `exit_code`.
  void commit_validator_exiting(int exit_code) const {
    sandbox.commit_policy("version = 1\n[[validators]]\nname = \"bg\"\nrun = [\"sh\", \"-c\", \"echo checked; sleep 30 & exit " +
                          std::to_string(exit_code) + "\"]\ntimeout_s = 3\n");
    sandbox.write("a.txt", "a\n");
    sandbox.git("add a.txt");
  }
  GitSandbox sandbox;
};

TEST_F(ValidatorChild, AValidatorThatExitsZeroLeavingABackgroundChildPasses) {
  commit_validator_exiting(0);
  const CommandResult result = sandbox.run("git commit -m 'feat: a'");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err.find("did not finish"), std::string::npos) << result.err;
  EXPECT_EQ(sandbox.commit_count(), 3);
}

TEST_F(ValidatorChild, AValidatorThatFailsLeavingABackgroundChildIsReportedAsFailedNotTimedOut) {
  commit_validator_exiting(3);
  const CommandResult result = sandbox.run("git commit -m 'feat: a'");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("validator.bg"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find("did not finish"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("checked"), std::string::npos) << "its output is still shown: " << result.err;
}

// ---- agentops-install on a bare repository with a work tree (dotfiles) ------

class Dotfiles : public ::testing::Test {
 protected:
  void SetUp() override {
    home.run("git init -q --bare .dotfiles");
    home.run(git + "config user.name 'Test User'");
    home.run(git + "config user.email test@example.com");
  }
  CommandResult install(const std::string& args) const {
    return home.run(quote(bin("agentops-install")) + " --repo .dotfiles " + args);
  }
  CommandResult commit(const std::string& file, const std::string& content) const {
    home.write(file, content);
    home.run(git + "add " + quote(file));
    return home.run(git + "commit -m 'feat: add " + file + "'");
  }
  GitSandbox home{false};  // $HOME, with the bare repository ~/.dotfiles
  const std::string git = "git --git-dir=.dotfiles --work-tree=. ";
};

TEST_F(Dotfiles, InstallingIntoABareRepositorySaysHowToGetTheCommitHooks) {
  const CommandResult result = install("");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("pre-receive"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("--work-tree"), std::string::npos) << result.out;
}

TEST_F(Dotfiles, WithItsWorkTreeTheCommitHooksAreInstalledAndBlockASecret) {
  const CommandResult installed = install("--work-tree .");
  ASSERT_EQ(installed.exit_code, 0) << installed.err;
  EXPECT_NE(installed.out.find("pre-commit: installed"), std::string::npos) << installed.out;
  EXPECT_NE(installed.out.find("pre-receive: installed"), std::string::npos) << installed.out;
  CommandResult result = commit(".bashrc", "export GH_TOKEN=" + kGithubToken + "\n");
  EXPECT_NE(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("secret.github-token"), std::string::npos) << result.err;
  home.run(git + "reset -q");
  result = commit(".vimrc", "set number\n");
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

TEST_F(Dotfiles, AWorkTreeThatIsNoDirectoryIsAnError) {
  EXPECT_EQ(install("--work-tree ./missing").exit_code, 2);
}

TEST_F(Dotfiles, UninstallRemovesTheCommitHooksToo) {
  ASSERT_EQ(install("--work-tree .").exit_code, 0);
  ASSERT_EQ(install("--uninstall").exit_code, 0);
  EXPECT_EQ(home.run("ls .dotfiles/hooks | grep -v sample").out, "");
}

TEST_F(Dotfiles, ABareRepositorySetToNonBareWithCoreWorktreeGetsTheCommitHooks) {
  home.run("git --git-dir=.dotfiles config core.bare false");
  home.run("git --git-dir=.dotfiles config core.worktree " + quote(home.root()));
  const CommandResult installed = install("");
  ASSERT_EQ(installed.exit_code, 0) << installed.err;
  const CommandResult result = commit(".bashrc", "export GH_TOKEN=" + kGithubToken + "\n");
  EXPECT_NE(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("secret.github-token"), std::string::npos) << result.err;
}

// ---- index formats and object formats libgit2 1.5 cannot read --------------

class IndexFormat : public ::testing::Test {
 protected:
  void SetUp() override {
    sandbox.commit_file("README.md", "# demo\n");
    sandbox.commit_file("other/kept.txt", "kept\n");
    sandbox.install_hooks();
  }
  std::string index_digest() const { return sandbox.run("sha256sum .git/index").out.substr(0, 64); }
  // A commit of `file` must be judged: blocked with a secret, allowed without.
  void expect_commits_are_judged() const {
    sandbox.write("src/deploy.sh", "export GH_TOKEN=" + kGithubToken + "\n");
    sandbox.git("add src/deploy.sh");
    const std::string before = index_digest();
    EXPECT_EQ(sandbox.run(agentops_cmd("check --staged")).exit_code, 1);
    EXPECT_EQ(index_digest(), before) << "the user's index is never written";
    CommandResult result = sandbox.run("git commit -m 'feat: deploy'");
    EXPECT_NE(result.exit_code, 0) << result.err;
    EXPECT_NE(result.err.find("secret.github-token"), std::string::npos) << result.err;
    sandbox.write("src/deploy.sh", "export GH_TOKEN=\"${GH_TOKEN}\"\n");
    sandbox.git("add src/deploy.sh");
    result = sandbox.run("git commit -m 'feat: deploy'");
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(sandbox.git("log -1 --format=%s"), "feat: deploy\n");
    // A modified tracked file is diffed line by line (a new one is read
    // whole): under a split or sparse index that diff once looked up
    // attributes through the index libgit2 cannot read, and every such
    // commit failed closed.
    sandbox.write("src/deploy.sh", "export GH_TOKEN=\"${GH_TOKEN}\"\nexport GH_TOKEN=" + kGithubToken + "\n");
    sandbox.git("add src/deploy.sh");
    result = sandbox.run("git commit -m 'feat: deploy again'");
    EXPECT_NE(result.exit_code, 0) << result.err;
    EXPECT_NE(result.err.find("secret.github-token"), std::string::npos) << result.err;
    sandbox.write("src/deploy.sh", "export GH_TOKEN=\"${GH_TOKEN}\"\nexport REGION=eu\n");
    sandbox.git("add src/deploy.sh");
    result = sandbox.run("git commit -m 'feat: deploy to the eu region'");
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(sandbox.git("log -1 --format=%s"), "feat: deploy to the eu region\n");
  }
  GitSandbox sandbox;
};

TEST_F(IndexFormat, ASplitIndexDoesNotBlockCommits) {
  sandbox.git("update-index --split-index");
  ASSERT_NE(sandbox.run("ls .git").out.find("sharedindex."), std::string::npos);
  expect_commits_are_judged();
}

TEST_F(IndexFormat, ASplitIndexFromCoreSplitIndexDoesNotBlockCommits) {
  sandbox.git("config core.splitIndex true");
  sandbox.git("update-index --split-index");
  expect_commits_are_judged();
}

TEST_F(IndexFormat, ASparseIndexDoesNotBlockCommits) {
  sandbox.git("sparse-checkout set --cone --sparse-index src");
  ASSERT_NE(sandbox.git("ls-files --sparse").find("other/"), std::string::npos) << "the index is sparse";
  expect_commits_are_judged();
}

TEST_F(IndexFormat, CheckStagedReadsASparseIndexWithTheSameFindingsAsGit) {
  sandbox.git("sparse-checkout set --cone --sparse-index src");
  sandbox.write("src/deploy.sh", "export GH_TOKEN=" + kGithubToken + "\n");
  sandbox.git("add src/deploy.sh");
  const CommandResult result = sandbox.run(agentops_cmd("check --staged --format json"));
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.out.find("\"path\":\"src/deploy.sh\""), std::string::npos) << result.out;
  // Only what git itself sees as staged is judged: other/ stays untouched.
  EXPECT_EQ(sandbox.git("diff --cached --name-only"), "src/deploy.sh\n");
  EXPECT_EQ(result.out.find("other/kept.txt"), std::string::npos) << result.out;
}

TEST_F(IndexFormat, ValidatorsRunOnTheStagedSnapshotOfASparseIndex) {
  sandbox.commit_policy("version = 1\n[[validators]]\nname = \"both\"\n"
                        "run = [\"sh\", \"-c\", \"test -f other/kept.txt && grep -q ok src/app.txt\"]\n");
  sandbox.git("sparse-checkout set --cone --sparse-index src");
  sandbox.write("src/app.txt", "not yet\n");
  sandbox.git("add src/app.txt");
  CommandResult result = sandbox.run("git commit -m 'feat: add the app'");
  EXPECT_NE(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("validator.both"), std::string::npos) << result.err;
  sandbox.write("src/app.txt", "ok\n");
  sandbox.git("add src/app.txt");
  result = sandbox.run("git commit -m 'feat: add the app'");
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

TEST(ObjectFormat, ASha256RepositoryIsRefusedWithTheReason) {
  GitSandbox sandbox(false);
  if (sandbox.run("git init -q --object-format=sha256 .").exit_code != 0) GTEST_SKIP() << "git without SHA-256";
  sandbox.write("a.txt", "a\n");
  sandbox.git("add a.txt");
  CommandResult result = sandbox.run(agentops_cmd("check --staged"));
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("SHA-256"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("libgit2"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("SHA-1"), std::string::npos) << result.err;
  result = sandbox.run(quote(bin("agentops-install")));
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("SHA-256"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace agentops
