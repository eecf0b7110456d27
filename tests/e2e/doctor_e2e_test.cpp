// agentops doctor against the real hook managers (lefthook, the pre-commit
// framework, husky) and the real git: after a manager re-installs its hooks,
// doctor names it and exits 1; with the documented integration in the
// manager's config, doctor exits 0 and git commit refuses a staged AWS key
// through the manager. Also: post-commit's warning after --no-verify.
#include <gtest/gtest.h>

#include <filesystem>

#include "git_sandbox.h"

namespace agentops {
namespace {

using testing::bin;
using testing::bin_dir;
using testing::CommandResult;
using testing::GitSandbox;
using testing::quote;
using testing::require_peer_tool;

// Assembled at run time so this source holds no secret.
const std::string kAwsKeyId = std::string("AKIA") + "QYLPMN5HHHFPZAM2";

const char* kLefthookContract =
    "pre-commit:\n  commands:\n    agentops:\n      run: agentops-pre-commit\n"
    "commit-msg:\n  commands:\n    agentops:\n      run: agentops-commit-msg {1}\n"
    "pre-push:\n  commands:\n    agentops:\n      run: agentops-pre-push {1} {2}\n      use_stdin: true\n";

// Debian's pre-commit 3.0.4 knows only the old stage names commit and push
// (pre-commit and pre-push arrived in 3.2 and still accept the old ones).
const char* kPreCommitContract =
    "repos:\n"
    "  - repo: local\n"
    "    hooks:\n"
    "      - id: agentops-pre-commit\n"
    "        name: agentops pre-commit\n"
    "        entry: agentops-pre-commit\n"
    "        language: system\n"
    "        pass_filenames: false\n"
    "        always_run: true\n"
    "        stages: [commit]\n"
    "      - id: agentops-commit-msg\n"
    "        name: agentops commit-msg\n"
    "        entry: agentops-commit-msg\n"
    "        language: system\n"
    "        always_run: true\n"
    "        stages: [commit-msg]\n"
    "      - id: agentops-pre-push\n"
    "        name: agentops pre-push\n"
    "        entry: agentops-pre-push\n"
    "        language: system\n"
    "        pass_filenames: false\n"
    "        always_run: true\n"
    "        stages: [push]\n";

class Doctor : public ::testing::Test {
 protected:
  void SetUp() override { sandbox.commit_file("README.md", "# demo\n", "docs: start"); }

  // A shell prefix that puts agentops' executables (and a peer tool) on PATH,
  // as a user who installed agentops has them.
  std::string with_path(const std::string& tool = "") const {
    std::string path = bin_dir();
    if (!tool.empty()) path += ":" + std::filesystem::path(tool).parent_path().string();
    return "PATH=" + quote(path) + ":\"$PATH\" PRE_COMMIT_HOME=" + quote(sandbox.path(".git/pre-commit-home")) + " ";
  }
  CommandResult doctor(const std::string& tool = "", const std::string& args = "") const {
    return sandbox.run(with_path(tool) + quote(bin("agentops")) + " doctor " + args);
  }
  // Stages an AWS key and commits through whatever hooks are installed.
  CommandResult commit_aws_key(const std::string& tool = "") const {
    sandbox.write("config/app.env", "AWS_ACCESS_KEY_ID=" + kAwsKeyId + "\n");
    sandbox.git("add config/app.env");
    return sandbox.run(with_path(tool) + "git commit -m 'feat: add config'");
  }
  GitSandbox sandbox;
};

TEST_F(Doctor, EveryHookReachesAgentopsAfterAgentopsInstall) {
  sandbox.install_hooks();
  const CommandResult result = doctor("", "--format json");
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("\"status\":\"ok\""), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find("not-reached"), std::string::npos) << result.out;
}

TEST_F(Doctor, JsonIsOneValidDocument) {
  sandbox.install_hooks();
  sandbox.run("chmod -x .git/hooks/commit-msg");
  const CommandResult python = sandbox.run("command -v python3");
  if (python.exit_code != 0) GTEST_SKIP() << "python3 (the JSON oracle) is not installed";
  const CommandResult result = sandbox.run(with_path() + quote(bin("agentops")) +
                                           " doctor --format json | python3 -c 'import json,sys; d=json.load(sys.stdin); "
                                           "print(d[\"version\"], d[\"status\"], [h[\"status\"] for h in d[\"worktrees\"][0][\"hooks\"]])'");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "1 off ['reached', 'not-reached', 'reached']\n");
}

TEST_F(Doctor, WithoutHooksEveryHookIsNotReachedAndTheFixIsAgentopsInstall) {
  const CommandResult result = doctor();
  EXPECT_EQ(result.exit_code, 1) << result.out;
  EXPECT_NE(result.out.find("pre-commit: NOT REACHED"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("agentops-install --repo"), std::string::npos) << result.out;
}

TEST_F(Doctor, IsAUsageErrorOutsideARepository) {
  const CommandResult result = testing::run_command(quote(bin("agentops")) + " doctor --repo /nonexistent-dir", "/");
  EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
}

// --- lefthook ---

TEST_F(Doctor, NamesLefthookWhenItsInstallRenamedAgentopsHooksToOld) {
  const std::string lefthook = require_peer_tool("lefthook");
  if (lefthook.empty()) return;
  sandbox.install_hooks();
  sandbox.commit_file("lefthook.yml",
                      "pre-commit:\n  commands:\n    lint:\n      run: echo lint\n"
                      "commit-msg:\n  commands:\n    lint:\n      run: echo lint\n",
                      "chore: lefthook");
  const CommandResult installed = sandbox.run(with_path(lefthook) + quote(lefthook) + " install");
  ASSERT_EQ(installed.exit_code, 0) << installed.err << installed.out;
  ASSERT_TRUE(std::filesystem::exists(sandbox.path(".git/hooks/pre-commit.old")));
  const CommandResult result = doctor(lefthook);
  EXPECT_EQ(result.exit_code, 1) << result.out;
  EXPECT_NE(result.out.find("lefthook's hook replaced agentops' hook; agentops' hook was renamed to pre-commit.old"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("run: agentops-pre-commit"), std::string::npos) << "the fix is the snippet\n" << result.out;
  // What doctor reports is what happens: the key goes in unchecked.
  EXPECT_EQ(commit_aws_key(lefthook).exit_code, 0);
}

TEST_F(Doctor, LefthookWithTheContractReachesAgentopsAndRefusesAnAwsKey) {
  const std::string lefthook = require_peer_tool("lefthook");
  if (lefthook.empty()) return;
  sandbox.install_hooks();
  sandbox.commit_file("lefthook.yml", kLefthookContract, "chore: lefthook");
  ASSERT_EQ(sandbox.run(with_path(lefthook) + quote(lefthook) + " install").exit_code, 0);
  const CommandResult result = doctor(lefthook);
  EXPECT_EQ(result.exit_code, 0) << result.out;
  EXPECT_NE(result.out.find("lefthook.yml: pre-commit -> agentops runs `agentops-pre-commit`"), std::string::npos)
      << result.out;
  const int commits = sandbox.commit_count();
  const CommandResult commit = commit_aws_key(lefthook);
  EXPECT_NE(commit.exit_code, 0) << commit.out << commit.err;
  EXPECT_EQ(sandbox.commit_count(), commits);
  EXPECT_NE((commit.out + commit.err).find("secret.aws-access-key-id"), std::string::npos) << commit.out << commit.err;
}

TEST_F(Doctor, LefthookLocalConfigCountsAndPrePushWithoutStdinIsAWarning) {
  const std::string lefthook = require_peer_tool("lefthook");
  if (lefthook.empty()) return;
  sandbox.commit_file("lefthook.yml", "pre-commit:\n  commands:\n    lint:\n      run: echo lint\n", "chore: lefthook");
  sandbox.write("lefthook-local.yml",
                "pre-commit:\n  commands:\n    agentops:\n      run: agentops-pre-commit\n"
                "commit-msg:\n  commands:\n    agentops:\n      run: agentops-commit-msg {1}\n"
                "pre-push:\n  commands:\n    agentops:\n      run: agentops-pre-push {1} {2}\n");
  ASSERT_EQ(sandbox.run(with_path(lefthook) + quote(lefthook) + " install").exit_code, 0);
  const CommandResult result = doctor(lefthook);
  EXPECT_EQ(result.exit_code, 0) << result.out;
  EXPECT_NE(result.out.find("lacks `use_stdin: true`"), std::string::npos) << result.out;
}

TEST_F(Doctor, ASkippedLefthookCommandIsNotReached) {
  const std::string lefthook = require_peer_tool("lefthook");
  if (lefthook.empty()) return;
  sandbox.commit_file("lefthook.yml",
                      "pre-commit:\n  commands:\n    agentops:\n      run: agentops-pre-commit\n      skip: true\n",
                      "chore: lefthook");
  ASSERT_EQ(sandbox.run(with_path(lefthook) + quote(lefthook) + " install").exit_code, 0);
  const CommandResult result = doctor(lefthook, "--format json");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.out.find("skip: true"), std::string::npos) << result.out;
}

TEST_F(Doctor, ASkipInLefthookLocalOverTheSharedAgentopsCommandIsNotReached) {
  const std::string lefthook = require_peer_tool("lefthook");
  if (lefthook.empty()) return;
  sandbox.commit_file("lefthook.yml", kLefthookContract, "chore: lefthook");
  sandbox.write("lefthook-local.yml", "pre-commit:\n  commands:\n    agentops:\n      skip: true\n");
  ASSERT_EQ(sandbox.run(with_path(lefthook) + quote(lefthook) + " install").exit_code, 0);
  const CommandResult result = doctor(lefthook);
  EXPECT_EQ(result.exit_code, 1) << result.out;
  EXPECT_NE(result.out.find("but it is skipped (skip: true)"), std::string::npos) << result.out;
  // lefthook agrees: the key goes in.
  EXPECT_EQ(commit_aws_key(lefthook).exit_code, 0);
}

TEST_F(Doctor, ALefthookConfigBeyondTheSmallReaderIsCannotProveNotOk) {
  // lefthook runs agentops through the alias, but doctor's line reader does not
  // follow aliases: it must say so rather than guess either way.
  const std::string lefthook = require_peer_tool("lefthook");
  if (lefthook.empty()) return;
  sandbox.commit_file("lefthook.yml",
                      "x-guard: &guard\n  run: agentops-pre-commit\n"
                      "pre-commit:\n  commands:\n    agentops: *guard\n",
                      "chore: lefthook");
  ASSERT_EQ(sandbox.run(with_path(lefthook) + quote(lefthook) + " install").exit_code, 0);
  const CommandResult result = doctor(lefthook, "--format json");
  EXPECT_EQ(result.exit_code, 1) << result.out;
  EXPECT_NE(result.out.find("\"hook\":\"pre-commit\",\"file\":\"" + sandbox.path(".git/hooks/pre-commit") +
                            "\",\"status\":\"unproven\""),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("doctor's small reader does not follow"), std::string::npos) << result.out;
}

TEST_F(Doctor, PostCommitWarnsWhenLefthookDisplacedAgentopsPreCommit) {
  const std::string lefthook = require_peer_tool("lefthook");
  if (lefthook.empty()) return;
  sandbox.install_hooks();
  sandbox.commit_file("lefthook.yml", "pre-commit:\n  commands:\n    lint:\n      run: echo lint\n", "chore: lefthook");
  ASSERT_EQ(sandbox.run(with_path(lefthook) + quote(lefthook) + " install").exit_code, 0);
  const CommandResult commit = commit_aws_key(lefthook);
  EXPECT_EQ(commit.exit_code, 0) << commit.err;
  EXPECT_NE(commit.err.find("was not checked by agentops' pre-commit"), std::string::npos) << commit.err;
}

// --- the pre-commit framework ---

TEST_F(Doctor, PreCommitMigrationModeStillRunsAgentopsAndDoctorSaysItIsFragile) {
  // `pre-commit install` over agentops' hook keeps it as pre-commit.legacy and
  // runs it first: agentops is still reached (the key is refused), but one
  // `pre-commit install -f` away from being deleted.
  const std::string framework = require_peer_tool("pre-commit");
  if (framework.empty()) return;
  sandbox.install_hooks();
  sandbox.commit_file(".pre-commit-config.yaml", "repos: []\n", "chore: pre-commit");
  const CommandResult installed = sandbox.run(with_path() + quote(framework) + " install");
  ASSERT_EQ(installed.exit_code, 0) << installed.out << installed.err;
  ASSERT_NE(installed.out.find("migration mode"), std::string::npos) << installed.out;
  const CommandResult result = doctor();
  EXPECT_EQ(result.exit_code, 0) << result.out;
  EXPECT_NE(result.out.find("pre-commit.legacy first (migration mode)"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("`pre-commit install -f` or `pre-commit uninstall` would delete it"), std::string::npos)
      << result.out;
  const int commits = sandbox.commit_count();
  EXPECT_NE(commit_aws_key().exit_code, 0);
  EXPECT_EQ(sandbox.commit_count(), commits);
}

TEST_F(Doctor, NamesThePreCommitFrameworkWhenInstallForceDeletedAgentopsHook) {
  const std::string framework = require_peer_tool("pre-commit");
  if (framework.empty()) return;
  sandbox.install_hooks();
  sandbox.commit_file(".pre-commit-config.yaml", "repos: []\n", "chore: pre-commit");
  ASSERT_EQ(sandbox.run(with_path() + quote(framework) + " install").exit_code, 0);
  ASSERT_EQ(sandbox.run(with_path() + quote(framework) + " install -f").exit_code, 0);
  const CommandResult result = doctor();
  EXPECT_EQ(result.exit_code, 1) << result.out;
  EXPECT_NE(result.out.find("the pre-commit framework's hook replaced agentops' hook"), std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("id: agentops-pre-commit"), std::string::npos) << "the fix is the snippet\n" << result.out;
  EXPECT_EQ(commit_aws_key().exit_code, 0) << "what doctor reports is what happens";
}

TEST_F(Doctor, PreCommitFrameworkWithTheContractReachesAgentopsAndRefusesAnAwsKey) {
  const std::string framework = require_peer_tool("pre-commit");
  if (framework.empty()) return;
  sandbox.commit_file(".pre-commit-config.yaml", kPreCommitContract, "chore: pre-commit");
  const CommandResult installed = sandbox.run(with_path() + quote(framework) +
                                              " install --hook-type pre-commit --hook-type commit-msg --hook-type pre-push");
  ASSERT_EQ(installed.exit_code, 0) << installed.out << installed.err;
  const CommandResult result = doctor();
  EXPECT_EQ(result.exit_code, 0) << result.out;
  EXPECT_NE(result.out.find("runs hook agentops-commit-msg for stage commit-msg"), std::string::npos) << result.out;
  const int commits = sandbox.commit_count();
  const CommandResult commit = commit_aws_key();
  EXPECT_NE(commit.exit_code, 0) << commit.out << commit.err;
  EXPECT_EQ(sandbox.commit_count(), commits);
  EXPECT_NE((commit.out + commit.err).find("secret.aws-access-key-id"), std::string::npos) << commit.out << commit.err;
}

TEST_F(Doctor, AConfiguredButUninstalledPreCommitHookTypeIsNotReached) {
  const std::string framework = require_peer_tool("pre-commit");
  if (framework.empty()) return;
  sandbox.commit_file(".pre-commit-config.yaml", kPreCommitContract, "chore: pre-commit");
  ASSERT_EQ(sandbox.run(with_path() + quote(framework) + " install").exit_code, 0);  // pre-commit only
  const CommandResult result = doctor("", "--format json");
  EXPECT_EQ(result.exit_code, 1) << result.out;
  EXPECT_NE(result.out.find("{\"hook\":\"pre-commit\",\"file\":\"" + sandbox.path(".git/hooks/pre-commit") +
                            "\",\"status\":\"reached\""),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("\"hook\":\"commit-msg\",\"file\":\"" + sandbox.path(".git/hooks/commit-msg") +
                            "\",\"status\":\"not-reached\""),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("\"fix\":\"pre-commit install --hook-type commit-msg\""), std::string::npos) << result.out;
}

// --- husky ---

TEST_F(Doctor, NamesHuskyWhenItsHooksPathLeftAgentopsBehind) {
  const std::string husky = require_peer_tool("husky");
  if (husky.empty()) return;
  sandbox.install_hooks();
  // Bare `husky` (what `npm install` runs through "prepare") needs no
  // package.json; only `husky init` reads one.
  const CommandResult installed = sandbox.run(with_path(husky) + quote(husky));
  ASSERT_EQ(installed.exit_code, 0) << installed.out << installed.err;
  ASSERT_EQ(sandbox.git("config core.hooksPath"), ".husky/_\n");
  const CommandResult result = doctor(husky);
  EXPECT_EQ(result.exit_code, 1) << result.out;
  EXPECT_NE(result.out.find("husky set core.hooksPath=.husky/_"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("echo 'agentops-pre-commit' >> " + sandbox.path(".husky/pre-commit")), std::string::npos)
      << result.out;
  EXPECT_EQ(commit_aws_key(husky).exit_code, 0) << "what doctor reports is what happens";
}

TEST_F(Doctor, HuskyWithTheContractReachesAgentopsAndRefusesAnAwsKey) {
  const std::string husky = require_peer_tool("husky");
  if (husky.empty()) return;
  ASSERT_EQ(sandbox.run(with_path(husky) + quote(husky)).exit_code, 0);
  sandbox.write(".husky/pre-commit", "agentops-pre-commit\n");
  sandbox.write(".husky/commit-msg", "agentops-commit-msg \"$1\"\n");
  sandbox.write(".husky/pre-push", "agentops-pre-push \"$@\"\n");
  const CommandResult result = doctor(husky);
  EXPECT_EQ(result.exit_code, 0) << result.out;
  const int commits = sandbox.commit_count();
  const CommandResult commit = commit_aws_key(husky);
  EXPECT_NE(commit.exit_code, 0) << commit.out << commit.err;
  EXPECT_EQ(sandbox.commit_count(), commits);
  EXPECT_NE((commit.out + commit.err).find("secret.aws-access-key-id"), std::string::npos) << commit.out << commit.err;
}

// --- what git itself decides ---

TEST_F(Doctor, ANonExecutableHookIsNotReachedAsGitIgnoresIt) {
  sandbox.install_hooks();
  sandbox.run("chmod -x .git/hooks/pre-commit");
  const CommandResult result = doctor();
  EXPECT_EQ(result.exit_code, 1) << result.out;
  EXPECT_NE(result.out.find("is not executable: git ignores it"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("chmod +x " + sandbox.path(".git/hooks/pre-commit")), std::string::npos) << result.out;
  // git is the oracle: it commits without running the hook.
  EXPECT_EQ(commit_aws_key().exit_code, 0);
}

TEST_F(Doctor, AHooksPathNamingAMissingDirectoryIsNotReached) {
  sandbox.install_hooks();
  sandbox.git("config core.hooksPath no-such-hooks");
  const CommandResult result = doctor();
  EXPECT_EQ(result.exit_code, 1) << result.out;
  EXPECT_NE(result.out.find("core.hooksPath=no-such-hooks names " + sandbox.path("no-such-hooks") +
                            ", which does not exist"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("no longer runs agentops' hook"), std::string::npos) << result.out;
}

TEST_F(Doctor, ALinkedWorktreeWithItsOwnHooksPathIsCheckedOnItsOwn) {
  sandbox.install_hooks();
  sandbox.git("worktree add -q linked -b side");
  sandbox.git("config extensions.worktreeConfig true");
  sandbox.run("cd linked && git config --worktree core.hooksPath .mine");
  const CommandResult result = doctor("", "--format json");
  EXPECT_EQ(result.exit_code, 1) << result.out;
  const std::string linked = std::filesystem::canonical(sandbox.path("linked")).string();
  EXPECT_NE(result.out.find("\"path\":\"" + linked + "\",\"hooks_directory\":\"" + linked +
                            "/.mine\",\"core_hooks_path\":\".mine\""),
            std::string::npos)
      << result.out;
  // The main worktree still runs agentops' hooks.
  const std::string main = std::filesystem::canonical(sandbox.root()).string();
  EXPECT_NE(result.out.find("{\"hook\":\"pre-commit\",\"file\":\"" + main + "/.git/hooks/pre-commit\",\"status\":\"reached\""),
            std::string::npos)
      << result.out;
}

// --- the canary ---

TEST_F(Doctor, ACanaryProvesAnUnknownWrapperThatCallsAgentops) {
  sandbox.write(".githooks/pre-commit", "#!/bin/sh\necho linting\nagentops-pre-commit\n");
  sandbox.run("chmod +x .githooks/pre-commit");
  sandbox.git("config core.hooksPath .githooks");
  const CommandResult result = doctor("", "--format json");
  EXPECT_NE(result.out.find("canary: run in a throwaway repository, it started agentops-pre-commit"), std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("\"hook\":\"pre-commit\",\"file\":\"" + sandbox.path(".githooks/pre-commit") +
                            "\",\"status\":\"reached\""),
            std::string::npos)
      << result.out;
}

TEST_F(Doctor, ACanaryWarnsWhenAPrePushWrapperSwallowsTheRefUpdates) {
  sandbox.write(".githooks/pre-push", "#!/bin/sh\ncat >/dev/null\nagentops-pre-push \"$@\" </dev/null\n");
  sandbox.write(".githooks/pre-commit", "#!/bin/sh\nagentops-pre-commit\n");
  sandbox.run("chmod +x .githooks/pre-push .githooks/pre-commit");
  sandbox.git("config core.hooksPath .githooks");
  const CommandResult swallowing = doctor();
  EXPECT_NE(swallowing.out.find("does not pass git's ref updates (stdin) on to agentops-pre-push"), std::string::npos)
      << swallowing.out;
  sandbox.write(".githooks/pre-push", "#!/bin/sh\nexec agentops-pre-push \"$@\"\n");
  const CommandResult passing = doctor();
  EXPECT_NE(passing.out.find("pre-push: reached"), std::string::npos) << passing.out;
  EXPECT_EQ(passing.out.find("does not pass git's ref updates"), std::string::npos) << passing.out;
}

TEST_F(Doctor, ACanaryFindsAnUnknownWrapperThatNeverCallsAgentops) {
  sandbox.write(".githooks/pre-commit", "#!/bin/sh\necho linting\n");
  sandbox.run("chmod +x .githooks/pre-commit");
  sandbox.git("config core.hooksPath .githooks");
  const CommandResult result = doctor();
  EXPECT_EQ(result.exit_code, 1) << result.out;
  EXPECT_NE(result.out.find("it exited 0 without starting agentops-pre-commit"), std::string::npos) << result.out;
}

TEST_F(Doctor, TheCanaryNeverChangesTheUsersRepository) {
  // A wrapper that writes everything it can reach through git: all of it lands
  // in the canary's throwaway repository.
  sandbox.write("tracked.txt", "original\n");
  sandbox.git("add tracked.txt");
  sandbox.git("commit -q --no-verify -m 'chore: tracked'");
  sandbox.write("tracked.txt", "edited, not staged\n");
  sandbox.git("stash -q");
  sandbox.write(".githooks/pre-commit",
                "#!/bin/sh\n"
                "echo changed > tracked.txt\n"
                "git add -A\n"
                "git commit -q --no-verify --allow-empty -m canary-commit\n"
                "git tag canary-tag\n"
                "git stash clear\n"
                "git config canary.touched yes\n"
                "agentops-pre-commit\n");
  sandbox.run("chmod +x .githooks/pre-commit");
  sandbox.git("config core.hooksPath .githooks");
  auto state = [&] {
    return sandbox.git("status --porcelain=v2 --branch") + sandbox.git("for-each-ref") + sandbox.git("stash list") +
           sandbox.git("config --local --list") + sandbox.git("ls-files --stage") +
           sandbox.run("cat tracked.txt").out;
  };
  const std::string before = state();
  const CommandResult result = doctor();
  EXPECT_NE(result.out.find("it started agentops-pre-commit"), std::string::npos) << result.out;
  EXPECT_EQ(state(), before);
}

TEST_F(Doctor, TheCanaryVariableDoesNotSwitchTheChecksOff) {
  sandbox.install_hooks();
  sandbox.write(".git/agentops-doctor-canary.record", "");
  sandbox.write("config/app.env", "AWS_ACCESS_KEY_ID=" + kAwsKeyId + "\n");
  sandbox.git("add config/app.env");
  const CommandResult commit = sandbox.run("AGENTOPS_DOCTOR_CANARY=" + quote(sandbox.path(".git/agentops-doctor-canary.record")) +
                                           " git commit -m 'feat: add config'");
  EXPECT_EQ(commit.exit_code, 1) << commit.err;
  EXPECT_NE(commit.err.find("secret.aws-access-key-id"), std::string::npos) << commit.err;
  EXPECT_NE(sandbox.run("cat .git/agentops-doctor-canary.record").out.find("agentops-pre-commit"), std::string::npos);
}

// --- post-commit and pre-push warnings ---

TEST_F(Doctor, PostCommitWarnsAfterCommitNoVerify) {
  sandbox.install_hooks();
  sandbox.write("notes.txt", "hello\n");
  sandbox.git("add notes.txt");
  const CommandResult commit = sandbox.run("git commit --no-verify -m 'docs: notes'");
  EXPECT_EQ(commit.exit_code, 0) << commit.err;
  EXPECT_NE(commit.err.find("was not checked by agentops' pre-commit"), std::string::npos) << commit.err;
  EXPECT_NE(commit.err.find("pre-push and CI will re-check it; run `agentops doctor`"), std::string::npos)
      << commit.err;
}

TEST_F(Doctor, PostCommitStaysSilentAfterACheckedCommit) {
  sandbox.install_hooks();
  sandbox.write("notes.txt", "hello\n");
  sandbox.git("add notes.txt");
  const CommandResult commit = sandbox.run("git commit -m 'docs: notes'");
  EXPECT_EQ(commit.exit_code, 0) << commit.err;
  EXPECT_EQ(commit.err.find("agentops: warning"), std::string::npos) << commit.err;
  // An amend that skips pre-commit afterwards is caught: the stamp is used once.
  const CommandResult amend = sandbox.run("git commit --amend --no-verify -m 'docs: notes, amended'");
  EXPECT_NE(amend.err.find("was not checked by agentops' pre-commit"), std::string::npos) << amend.err;
}

TEST_F(Doctor, PostCommitStaysSilentWhileARebaseReplaysCommits) {
  sandbox.install_hooks();
  sandbox.git("checkout -q -b topic");
  sandbox.write("topic.txt", "one\n");
  sandbox.git("add topic.txt");
  ASSERT_EQ(sandbox.run("git commit -q -m 'feat: topic one'").exit_code, 0);
  sandbox.write("topic2.txt", "two\n");
  sandbox.git("add topic2.txt");
  ASSERT_EQ(sandbox.run("git commit -q -m 'feat: topic two'").exit_code, 0);
  sandbox.git("checkout -q main");
  sandbox.write("main.txt", "main\n");
  sandbox.git("add main.txt");
  ASSERT_EQ(sandbox.run("git commit -q -m 'feat: main moves'").exit_code, 0);
  sandbox.git("checkout -q topic");
  const CommandResult rebase = sandbox.run("git rebase main");
  EXPECT_EQ(rebase.exit_code, 0) << rebase.err;
  EXPECT_EQ(rebase.err.find("was not checked by agentops' pre-commit"), std::string::npos) << rebase.err;
}

TEST_F(Doctor, PrePushWarnsWhenLocalCommitHooksAreDisplaced) {
  sandbox.install_hooks();
  GitSandbox remote(false);
  remote.git("init -q --bare -b main");
  sandbox.git("remote add origin " + quote(remote.root()));
  sandbox.run("chmod -x .git/hooks/pre-commit");
  const CommandResult push = sandbox.run(with_path() + "git push -q origin main");
  EXPECT_EQ(push.exit_code, 0) << push.err;
  EXPECT_NE(push.err.find("agentops: warning: local pre-commit hook does not reach agentops"), std::string::npos)
      << push.err;
  EXPECT_EQ(push.err.find("local commit-msg hook"), std::string::npos) << push.err;
}

}  // namespace
}  // namespace agentops
