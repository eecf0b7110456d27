// agentops beside the hook managers teams already run, with the real tools:
// Debian's pre-commit framework, npm's lefthook and husky. Each integration
// agentops-install writes (or prints) must refuse a staged AWS key through
// the manager, pass a clean commit, and survive the manager re-installing its
// hooks, because it lives in the manager's config.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "git_sandbox.h"

namespace agentops {
namespace {

using testing::bin_dir;
using testing::CommandResult;
using testing::GitSandbox;
using testing::quote;

const std::string kAwsKeyId = std::string("AKIA") + "QYLPMN5HHHFPZAM2";

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

class HookManagers : public ::testing::Test {
 protected:
  void SetUp() override { sandbox.commit_file("README.md", "# demo\n"); }
  // Every command sees the agentops executables on PATH, as a user who installed agentops does.
  CommandResult run(const std::string& command) const {
    return sandbox.run("PATH=" + quote(bin_dir()) + ":$PATH PRE_COMMIT_HOME=" + quote(sandbox.root() + "-pre-commit") +
                       " " + command);
  }
  CommandResult install(const std::string& flags = "") const { return run("agentops-install " + flags); }
  CommandResult commit_secret() const {
    sandbox.write("deploy.env", "AWS_ACCESS_KEY_ID=" + kAwsKeyId + "\n");
    sandbox.git("add deploy.env");
    return run("git commit -m 'feat: deploy settings'");
  }
  CommandResult commit_clean(const std::string& name) const {
    sandbox.write(name, "clean\n");
    sandbox.git("add " + quote(name));
    return run("git commit -m 'feat: add " + name + "'");
  }
  void expect_secret_refused() const {
    const int before = sandbox.commit_count();
    const CommandResult result = commit_secret();
    EXPECT_NE(result.exit_code, 0) << result.out << result.err;
    EXPECT_NE((result.out + result.err).find("[secret.aws-access-key-id]"), std::string::npos) << result.out << result.err;
    EXPECT_EQ((result.out + result.err).find(kAwsKeyId), std::string::npos);
    EXPECT_EQ(sandbox.commit_count(), before);
    sandbox.git("rm -q --cached deploy.env");
    sandbox.run("rm -f deploy.env");
  }
  void TearDown() override { testing::run_command("rm -rf " + quote(sandbox.root() + "-pre-commit"), "/"); }

  GitSandbox sandbox;
};

// --- lefthook ---------------------------------------------------------------

constexpr const char* kLefthookYml = "pre-commit:\n  commands:\n    team-check:\n      run: echo team-check-ran\n";

TEST_F(HookManagers, LefthookGetsAgentopsInTheUntrackedLefthookLocalAndRefusesAStagedKey) {
  const std::string lefthook = testing::require_peer_tool("lefthook");
  if (lefthook.empty()) return;
  sandbox.commit_file("lefthook.yml", kLefthookYml, "chore: lefthook");
  ASSERT_EQ(run(quote(lefthook) + " install").exit_code, 0);
  const CommandResult installed = install();
  EXPECT_EQ(installed.exit_code, 1) << "commit-msg and pre-push need `lefthook install`\n" << installed.out;
  EXPECT_NE(installed.out.find("run `lefthook install`"), std::string::npos) << installed.out;
  EXPECT_EQ(read(sandbox.path("lefthook.yml")), kLefthookYml) << "the team's file is left alone";
  EXPECT_EQ(sandbox.git("status --porcelain"), "") << "lefthook-local.yml is excluded, never committed by accident";
  ASSERT_EQ(run(quote(lefthook) + " install").exit_code, 0);
  EXPECT_EQ(install().exit_code, 0) << "every hook reached now";

  expect_secret_refused();
  const CommandResult clean = commit_clean("a.txt");
  EXPECT_EQ(clean.exit_code, 0) << clean.out << clean.err;
  EXPECT_NE((clean.out + clean.err).find("team-check"), std::string::npos) << "the team's command still runs";

  const std::string exclude_before = read(sandbox.path(".git/info/exclude"));
  EXPECT_NE(exclude_before.find("/lefthook-local.yml"), std::string::npos);
  const CommandResult removed = install("--uninstall");
  EXPECT_EQ(removed.exit_code, 0) << removed.out << removed.err;
  EXPECT_FALSE(std::filesystem::exists(sandbox.path("lefthook-local.yml")));
  EXPECT_EQ(read(sandbox.path(".git/info/exclude")).find("lefthook-local"), std::string::npos);
  EXPECT_EQ(read(sandbox.path("lefthook.yml")), kLefthookYml);
}

TEST_F(HookManagers, LefthookReinstallingAfterLefthookYmlChangesKeepsAgentops) {
  const std::string lefthook = testing::require_peer_tool("lefthook");
  if (lefthook.empty()) return;
  sandbox.commit_file("lefthook.yml", kLefthookYml, "chore: lefthook");
  ASSERT_EQ(run(quote(lefthook) + " install").exit_code, 0);
  install();
  sandbox.commit_file("lefthook.yml", std::string(kLefthookYml) + "    other:\n      run: echo other\n", "chore: more");
  ASSERT_EQ(run(quote(lefthook) + " install").exit_code, 0);
  expect_secret_refused();
  EXPECT_EQ(commit_clean("b.txt").exit_code, 0);
}

TEST_F(HookManagers, LefthookPrePushWithUseStdinRefusesASecretPushedWithNoVerify) {
  const std::string lefthook = testing::require_peer_tool("lefthook");
  if (lefthook.empty()) return;
  GitSandbox remote(false);
  remote.run("git init -q --bare -b main .");
  sandbox.git("remote add origin " + quote(remote.root()));
  sandbox.commit_file("lefthook.yml", kLefthookYml, "chore: lefthook");
  install();
  ASSERT_EQ(run(quote(lefthook) + " install").exit_code, 0);
  CommandResult result = run("git push -q -u origin main");
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  sandbox.write("deploy.env", "AWS_ACCESS_KEY_ID=" + kAwsKeyId + "\n");
  sandbox.git("add deploy.env");
  sandbox.git("commit -q --no-verify -m 'feat: deploy settings'");
  result = run("git push origin main");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE((result.out + result.err).find("[secret.aws-access-key-id]"), std::string::npos) << result.out << result.err;
}

// The case: agentops' own scripts first, then the team adopts
// lefthook, which renames them *.old. Installing again moves agentops into
// lefthook's config and says what happened to the old scripts.
TEST_F(HookManagers, AgentopsInstalledBeforeLefthookMovesIntoItsConfigAndNamesTheRenamedScripts) {
  const std::string lefthook = testing::require_peer_tool("lefthook");
  if (lefthook.empty()) return;
  sandbox.install_hooks();
  sandbox.commit_file("lefthook.yml", kLefthookYml, "chore: lefthook");
  ASSERT_EQ(run(quote(lefthook) + " install").exit_code, 0);
  ASSERT_TRUE(std::filesystem::exists(sandbox.path(".git/hooks/pre-commit.old")));
  CommandResult result = install();
  EXPECT_NE(result.out.find("renamed pre-commit.old by lefthook"), std::string::npos) << result.out;
  ASSERT_EQ(run(quote(lefthook) + " install").exit_code, 0);
  result = install();
  EXPECT_EQ(result.exit_code, 0) << result.out;
  expect_secret_refused();
}

TEST_F(HookManagers, LefthookWriteManagerConfigEditsLefthookYmlAndUninstallRestoresItExactly) {
  const std::string lefthook = testing::require_peer_tool("lefthook");
  if (lefthook.empty()) return;
  sandbox.commit_file("lefthook.yml", kLefthookYml, "chore: lefthook");
  install("--write-manager-config");
  const std::string written = read(sandbox.path("lefthook.yml"));
  EXPECT_NE(written.find("run: agentops-pre-commit"), std::string::npos) << written;
  EXPECT_NE(written.find("use_stdin: true"), std::string::npos) << written;
  EXPECT_FALSE(std::filesystem::exists(sandbox.path("lefthook-local.yml")));
  ASSERT_EQ(run(quote(lefthook) + " install").exit_code, 0);
  expect_secret_refused();
  const CommandResult removed = install("--uninstall");
  EXPECT_EQ(removed.exit_code, 0) << removed.out << removed.err;
  EXPECT_EQ(read(sandbox.path("lefthook.yml")), kLefthookYml);
}

// --- pre-commit framework ------------------------------------------------------

constexpr const char* kPreCommitConfig =
    "repos:\n- repo: local\n  hooks:\n  - id: team-check\n    name: team check\n    entry: 'true'\n"
    "    language: system\n";
constexpr const char* kPreCommitInstall =
    "install --hook-type pre-commit --hook-type commit-msg --hook-type pre-push --hook-type post-commit";

TEST_F(HookManagers, PreCommitConfigIsLeftAloneAndTheBlockPrintedUnlessAsked) {
  const std::string pre_commit = testing::require_peer_tool("pre-commit");
  if (pre_commit.empty()) return;
  sandbox.commit_file(".pre-commit-config.yaml", kPreCommitConfig, "chore: pre-commit");
  ASSERT_EQ(run(quote(pre_commit) + " " + kPreCommitInstall).exit_code, 0);
  const CommandResult result = install();
  EXPECT_EQ(result.exit_code, 1) << result.out;
  EXPECT_NE(result.out.find("- repo: local"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("entry: agentops-pre-push"), std::string::npos) << result.out;
  EXPECT_EQ(read(sandbox.path(".pre-commit-config.yaml")), kPreCommitConfig);
  EXPECT_EQ(read(sandbox.path(".git/hooks/pre-commit")).find("agentops-managed"), std::string::npos)
      << "pre-commit's own script stays in place";
}

TEST_F(HookManagers, PreCommitFrameworkRefusesAStagedKeyAndSurvivesPreCommitInstallAgain) {
  const std::string pre_commit = testing::require_peer_tool("pre-commit");
  if (pre_commit.empty()) return;
  sandbox.commit_file(".pre-commit-config.yaml", kPreCommitConfig, "chore: pre-commit");
  CommandResult result = install("--write-manager-config");
  EXPECT_EQ(result.exit_code, 1) << "pre-commit's scripts are not installed yet\n" << result.out;
  EXPECT_NE(result.out.find("pre-commit install --hook-type pre-commit"), std::string::npos) << result.out;
  sandbox.git("add .pre-commit-config.yaml");
  sandbox.git("commit -q --no-verify -m 'chore: agentops in pre-commit'");
  ASSERT_EQ(run(quote(pre_commit) + " " + kPreCommitInstall).exit_code, 0);
  EXPECT_EQ(install().exit_code, 0) << "every hook reached now";
  expect_secret_refused();
  result = commit_clean("a.txt");
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;

  result = run(quote(pre_commit) + " " + kPreCommitInstall);
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(result.out.find("migration mode"), std::string::npos) << result.out;
  expect_secret_refused();
  EXPECT_EQ(commit_clean("b.txt").exit_code, 0);

  result = install("--uninstall");
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(read(sandbox.path(".pre-commit-config.yaml")), kPreCommitConfig);
}

// .pre-commit-hooks.yaml at the repository root, as `repo: <agentops>` and
// `pre-commit try-repo` read it (from a commit: try-repo clones).
TEST_F(HookManagers, PreCommitTryRepoOfAgentopsHooksRefusesAStagedKeyAndPassesACleanChange) {
  const std::string pre_commit = testing::require_peer_tool("pre-commit");
  if (pre_commit.empty()) return;
  GitSandbox hooks_repo;
  hooks_repo.write(".pre-commit-hooks.yaml", read(std::string(AGENTOPS_SOURCE_DIR) + "/.pre-commit-hooks.yaml"));
  hooks_repo.git("add .pre-commit-hooks.yaml");
  hooks_repo.git("commit -q -m 'hooks'");
  sandbox.write("deploy.env", "AWS_ACCESS_KEY_ID=" + kAwsKeyId + "\n");
  sandbox.git("add deploy.env");
  CommandResult result = run(quote(pre_commit) + " try-repo " + quote(hooks_repo.root()) + " agentops-pre-commit");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE((result.out + result.err).find("deploy.env:1 [secret.aws-access-key-id]"), std::string::npos)
      << result.out << result.err;
  EXPECT_EQ((result.out + result.err).find(kAwsKeyId), std::string::npos);
  sandbox.git("rm -q --cached deploy.env");
  sandbox.write("notes.txt", "clean\n");
  sandbox.git("add notes.txt");
  result = run(quote(pre_commit) + " try-repo " + quote(hooks_repo.root()) + " agentops-pre-commit");
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
}

// --- husky 9 ----------------------------------------------------------------

constexpr const char* kHuskyPreCommit = "echo husky-own-hook\n";

class Husky : public HookManagers {
 protected:
  void SetUp() override {
    HookManagers::SetUp();
    husky = testing::require_peer_tool("husky");
    if (husky.empty()) return;
    ASSERT_EQ(run(quote(husky)).exit_code, 0);  // core.hooksPath=.husky/_ and husky's scripts
    sandbox.commit_file(".husky/pre-commit", kHuskyPreCommit, "chore: husky");
    husky_script = read(sandbox.path(".husky/_/pre-commit"));
  }
  std::string husky;
  std::string husky_script;
};

TEST_F(Husky, WithoutFlagsTheTrackedHuskyScriptsAreLeftAloneAndTheLinesPrinted) {
  if (husky.empty()) return;
  const CommandResult result = install();
  EXPECT_EQ(result.exit_code, 1) << result.out;
  EXPECT_NE(result.out.find("agentops-pre-push \"$@\""), std::string::npos) << result.out;
  EXPECT_EQ(read(sandbox.path(".husky/pre-commit")), kHuskyPreCommit);
}

TEST_F(Husky, IntoWorkingTreeAddsLinesAndKeepsHuskysOwnScriptsAndHooksRunning) {
  if (husky.empty()) return;
  const CommandResult installed = install("--into-working-tree");
  EXPECT_EQ(installed.exit_code, 0) << installed.out << installed.err;
  EXPECT_EQ(read(sandbox.path(".husky/_/pre-commit")), husky_script) << "husky's dispatcher is never replaced";
  EXPECT_FALSE(std::filesystem::exists(sandbox.path(".husky/_/pre-commit.agentops-previous")));
  sandbox.git("add .husky");
  sandbox.git("commit -q --no-verify -m 'chore: agentops in husky'");
  expect_secret_refused();
  CommandResult clean = commit_clean("a.txt");
  EXPECT_EQ(clean.exit_code, 0) << clean.out << clean.err;
  EXPECT_NE((clean.out + clean.err).find("husky-own-hook"), std::string::npos) << "husky's own hook still runs";

  ASSERT_EQ(run(quote(husky)).exit_code, 0);  // what `npm install` runs again (prepare)
  expect_secret_refused();
  clean = commit_clean("b.txt");
  EXPECT_EQ(clean.exit_code, 0) << clean.out << clean.err;

  EXPECT_EQ(install("--uninstall").exit_code, 0);
  EXPECT_EQ(read(sandbox.path(".husky/pre-commit")), kHuskyPreCommit);
  EXPECT_FALSE(std::filesystem::exists(sandbox.path(".husky/pre-push"))) << "a file install created goes";
}

// Configs written in other styles still get a block the manager reads.
TEST_F(HookManagers, WrittenBlocksFitOtherIndentationStylesAsTheManagersReadThem) {
  const std::string lefthook = testing::require_peer_tool("lefthook");
  const std::string pre_commit = testing::require_peer_tool("pre-commit");
  if (lefthook.empty() || pre_commit.empty()) return;
  const std::string lefthook_yml =
      "# team hooks\npre-commit:\n    parallel: true\n    commands:\n        lint:\n            run: echo lint\n"
      "pre-push:\n    parallel: true\n";
  sandbox.commit_file("lefthook.yml", lefthook_yml, "chore: lefthook");
  install("--write-manager-config");
  const CommandResult dump = run(quote(lefthook) + " dump");
  EXPECT_EQ(dump.exit_code, 0) << dump.out << dump.err;
  EXPECT_NE(dump.out.find("agentops-pre-commit"), std::string::npos) << dump.out;
  EXPECT_NE(dump.out.find("agentops-pre-push {1} {2}"), std::string::npos) << dump.out;
  EXPECT_NE(dump.out.find("lint"), std::string::npos) << dump.out;
  install("--uninstall");
  EXPECT_EQ(read(sandbox.path("lefthook.yml")), lefthook_yml);
  sandbox.git("rm -q lefthook.yml");
  sandbox.git("commit -q --no-verify -m 'chore: no lefthook'");

  const std::string pre_commit_yaml =
      "default_stages: [commit]\nrepos:\n  -   repo: local\n      hooks:\n      -   id: team\n"
      "          name: team\n          entry: 'true'\n          language: system\nfail_fast: false\n";
  sandbox.commit_file(".pre-commit-config.yaml", pre_commit_yaml, "chore: pre-commit");
  install("--write-manager-config");
  const CommandResult valid = run(quote(pre_commit) + " validate-config .pre-commit-config.yaml");
  EXPECT_EQ(valid.exit_code, 0) << valid.out << valid.err << read(sandbox.path(".pre-commit-config.yaml"));
  EXPECT_NE(read(sandbox.path(".pre-commit-config.yaml")).find("id: agentops-commit-msg"), std::string::npos);
  install("--uninstall");
  EXPECT_EQ(read(sandbox.path(".pre-commit-config.yaml")), pre_commit_yaml);
}

// --- commit-msg under a manager ------------------------------------------------

// git keeps the comment line with --cleanup=whitespace, so the trailers stay a
// trailer block; with strip (the fallback when git cannot be found) they would
// not. agentops-commit-msg under a manager must read the git above the manager.
const std::string kApprovalPolicy =
    "version = 1\n[paths]\nprotected = [\"src/**\"]\n[message]\nrequired_trailers = [\"Signed-off-by\"]\n"
    "[gates]\napproval_trailer = \"Human-Approved-by\"\n";
const std::string kApprovedOnlyUnlessStripped =
    "# note\n\nHuman-Approved-by: Bob <bob@example.com>\nSigned-off-by: A <a@example.com>\n";

class CommitMessageUnderManager : public HookManagers {
 protected:
  void commit_with_whitespace_cleanup() const {
    sandbox.commit_policy(kApprovalPolicy);
    sandbox.write("msg.txt", kApprovedOnlyUnlessStripped);
    sandbox.write("src/file.txt", "change\n");
    sandbox.git("add src/file.txt");
    const CommandResult result = run("git commit --cleanup=whitespace -F msg.txt");
    EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
    const std::string recorded =
        sandbox.run("git cat-file commit HEAD | sed '1,/^$/d' | git interpret-trailers --parse --no-divider").out;
    EXPECT_NE(recorded.find("Human-Approved-by: Bob"), std::string::npos) << recorded;
    // And the same message stripped by git holds no approval: refused.
    sandbox.write("src/file.txt", "change 2\n");
    sandbox.git("add src/file.txt");
    const CommandResult stripped = run("git commit --cleanup=strip -F msg.txt");
    EXPECT_NE(stripped.exit_code, 0) << stripped.out << stripped.err;
  }
};

TEST_F(CommitMessageUnderManager, LefthookFindsTheGitAboveItForTheCleanupMode) {
  const std::string lefthook = testing::require_peer_tool("lefthook");
  if (lefthook.empty()) return;
  sandbox.commit_file("lefthook.yml", kLefthookYml, "chore: lefthook");
  install();
  ASSERT_EQ(run(quote(lefthook) + " install").exit_code, 0);
  commit_with_whitespace_cleanup();
}

TEST_F(CommitMessageUnderManager, PreCommitFrameworkFindsTheGitAboveItForTheCleanupMode) {
  const std::string pre_commit = testing::require_peer_tool("pre-commit");
  if (pre_commit.empty()) return;
  sandbox.commit_file(".pre-commit-config.yaml", kPreCommitConfig, "chore: pre-commit");
  install("--write-manager-config");
  sandbox.git("add .pre-commit-config.yaml");
  sandbox.git("commit -q --no-verify -m 'chore: agentops in pre-commit'");
  ASSERT_EQ(run(quote(pre_commit) + " " + kPreCommitInstall).exit_code, 0);
  commit_with_whitespace_cleanup();
}

TEST_F(CommitMessageUnderManager, HuskyFindsTheGitAboveItForTheCleanupMode) {
  const std::string husky = testing::require_peer_tool("husky");
  if (husky.empty()) return;
  ASSERT_EQ(run(quote(husky)).exit_code, 0);
  install("--write-manager-config");
  sandbox.git("add .husky");
  sandbox.git("commit -q --no-verify -m 'chore: agentops in husky'");
  commit_with_whitespace_cleanup();
}

// --- PATH ---------------------------------------------------------------------

TEST_F(HookManagers, ExecutablesMissingFromPathAreReportedAsNotReached) {
  sandbox.commit_file("lefthook.yml", kLefthookYml, "chore: lefthook");
  const CommandResult result =
      sandbox.run("PATH=/usr/bin:/bin " + quote(testing::bin("agentops-install")) + " --bin-dir " + quote(bin_dir()));
  EXPECT_EQ(result.exit_code, 1) << result.out;
  EXPECT_NE(result.out.find("agentops-pre-commit is not on PATH"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find(bin_dir()), std::string::npos) << "says which directory to put on PATH\n" << result.out;
}

}  // namespace
}  // namespace agentops
