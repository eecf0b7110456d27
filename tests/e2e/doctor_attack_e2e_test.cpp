// Attacks on agentops doctor and the post-commit warning: hooks that name
// agentops without letting its verdict count, and commits that post-commit
// judged wrongly (git's own replays, a --no-verify after a refused message).
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

class DoctorAttack : public ::testing::Test {
 protected:
  void SetUp() override { sandbox.commit_file("README.md", "# demo\n", "docs: start"); }

  std::string with_path(const std::string& tool = "") const {
    std::string path = bin_dir();
    if (!tool.empty()) path += ":" + std::filesystem::path(tool).parent_path().string();
    return "PATH=" + quote(path) + ":\"$PATH\" ";
  }
  CommandResult doctor(const std::string& args = "", const std::string& tool = "") const {
    return sandbox.run(with_path(tool) + quote(bin("agentops")) + " doctor " + args);
  }
  // A conventional-commits policy, committed with its approval, so that
  // commit-msg refuses a message pre-commit never sees.
  void require_conventional_messages() {
    sandbox.write(".agentops/policy.toml", "version = 1\nextends = [\"baseline\"]\n[message]\nformat = \"conventional\"\n");
    sandbox.git("add .agentops/policy.toml");
    sandbox.git("commit -q --no-verify -m 'chore: policy'");
  }
  GitSandbox sandbox;
};

// --- agentops' own hook script ---

TEST_F(DoctorAttack, AnEditedAgentopsHookThatExitsFirstIsNotReachedDespiteItsMarker) {
  sandbox.install_hooks();
  sandbox.run("sed -i '2i exit 0' .git/hooks/pre-commit");
  sandbox.run("sed -i 's/^exec \"$agentops\" \"$@\"$/\"$agentops\" \"$@\" || true/' .git/hooks/commit-msg");
  const CommandResult result = doctor();
  EXPECT_EQ(result.exit_code, 1) << result.out;
  EXPECT_NE(result.out.find("pre-commit: NOT REACHED"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("commit-msg: NOT REACHED"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("differs from the script agentops-install writes"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("pre-push: reached"), std::string::npos) << result.out;
  // git agrees: the edited pre-commit lets a forbidden file through.
  sandbox.write(".env", "X=1\n");
  sandbox.git("add .env");
  EXPECT_EQ(sandbox.run(with_path() + "git commit -q -m 'chore: env'").exit_code, 0);
}

TEST_F(DoctorAttack, AnAgentopsHookWithAHarmlessEditIsProvenByTheCanary) {
  sandbox.install_hooks();
  sandbox.run("sed -i '2i echo starting checks' .git/hooks/pre-commit");
  const CommandResult result = doctor();
  EXPECT_EQ(result.exit_code, 0) << result.out;
  EXPECT_NE(result.out.find("it started agentops-pre-commit, and its refusal failed the hook"), std::string::npos)
      << result.out;
}

// --- where git takes hooks from ---

TEST_F(DoctorAttack, AHooksPathSetByTheEnvironmentIsNotReached) {
  sandbox.install_hooks();
  const std::string environment = "GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=core.hooksPath GIT_CONFIG_VALUE_0=/dev/null ";
  const CommandResult result = sandbox.run(environment + with_path() + quote(bin("agentops")) + " doctor");
  EXPECT_EQ(result.exit_code, 1) << result.out;
  EXPECT_NE(result.out.find("but this environment sets core.hooksPath=/dev/null"), std::string::npos) << result.out;
  // git agrees: from that environment a forbidden file is committed.
  sandbox.write(".env", "X=1\n");
  sandbox.git("add .env");
  EXPECT_EQ(sandbox.run(environment + with_path() + "git commit -q -m 'chore: env'").exit_code, 0);
}

TEST_F(DoctorAttack, OtherConfigFromTheEnvironmentLeavesHooksReached) {
  sandbox.install_hooks();
  const std::string environment = "GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=core.autocrlf GIT_CONFIG_VALUE_0=false ";
  const CommandResult result = sandbox.run(environment + with_path() + quote(bin("agentops")) + " doctor");
  EXPECT_EQ(result.exit_code, 0) << result.out;
}

// --- the canary: agentops started, but does its refusal stop git? ---

TEST_F(DoctorAttack, ACanaryFindsWrappersThatSwallowAgentopsRefusal) {
  sandbox.write(".githooks/pre-commit", "#!/bin/sh\nagentops-pre-commit || true\n");
  sandbox.write(".githooks/commit-msg", "#!/bin/sh\nagentops-commit-msg \"$1\" &\nwait\n");
  sandbox.write(".githooks/pre-push", "#!/bin/sh\nagentops-pre-push \"$@\"\necho pushed\n");
  sandbox.run("chmod +x .githooks/pre-commit .githooks/commit-msg .githooks/pre-push");
  sandbox.git("config core.hooksPath .githooks");
  const CommandResult result = doctor();
  EXPECT_EQ(result.exit_code, 1) << result.out;
  for (const char* hook : {"pre-commit", "commit-msg", "pre-push"})
    EXPECT_NE(result.out.find(std::string(hook) + ": NOT REACHED"), std::string::npos) << hook << "\n" << result.out;
  EXPECT_NE(result.out.find("but the hook exited 0: agentops' verdict is ignored"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("`agentops-pre-commit || exit $?`"), std::string::npos) << result.out;
  // git agrees: through that pre-commit a forbidden file is committed.
  sandbox.write(".env", "X=1\n");
  sandbox.git("add .env");
  EXPECT_EQ(sandbox.run(with_path() + "git commit -q -m 'chore: env'").exit_code, 0);
}

TEST_F(DoctorAttack, ACanaryProvesWrappersWhoseExitStatusCarriesAgentopsRefusal) {
  sandbox.write(".githooks/pre-commit", "#!/bin/sh\nset -e\necho linting\nagentops-pre-commit\necho done\n");
  sandbox.write(".githooks/commit-msg", "#!/bin/sh\nagentops-commit-msg \"$1\" || exit $?\necho checked\n");
  sandbox.write(".githooks/pre-push", "#!/bin/sh\nexec agentops-pre-push \"$@\"\n");
  sandbox.run("chmod +x .githooks/pre-commit .githooks/commit-msg .githooks/pre-push");
  sandbox.git("config core.hooksPath .githooks");
  const CommandResult result = doctor();
  EXPECT_EQ(result.exit_code, 0) << result.out;
  EXPECT_NE(result.out.find("it started agentops-pre-commit, and its refusal failed the hook"), std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("it started agentops-pre-push, and its refusal failed the hook"), std::string::npos)
      << result.out;
}

TEST_F(DoctorAttack, HuskyScriptsThatNameAgentopsButNeverLetItRefuseAreNotReached) {
  const std::string husky = require_peer_tool("husky");
  if (husky.empty()) return;
  ASSERT_EQ(sandbox.run(with_path(husky) + quote(husky)).exit_code, 0);
  sandbox.write(".husky/pre-commit", "if false; then\n  agentops-pre-commit\nfi\n");
  sandbox.write(".husky/commit-msg", "exit 0\nagentops-commit-msg \"$1\"\n");
  sandbox.write(".husky/pre-push", "agentops-pre-push \"$@\" || true\n");
  const CommandResult result = doctor("", husky);
  EXPECT_EQ(result.exit_code, 1) << result.out;
  for (const char* hook : {"pre-commit", "commit-msg", "pre-push"})
    EXPECT_NE(result.out.find(std::string(hook) + ": NOT REACHED"), std::string::npos) << hook << "\n" << result.out;
  EXPECT_NE(result.out.find("make " + sandbox.path(".husky/commit-msg") + " run `agentops-commit-msg \"$1\"`"),
            std::string::npos)
      << result.out;
  // git agrees: the pre-commit above lets a forbidden file through.
  sandbox.write(".env", "X=1\n");
  sandbox.git("add .env");
  EXPECT_EQ(sandbox.run(with_path(husky) + "git commit -q -m 'chore: env'").exit_code, 0);
}

TEST_F(DoctorAttack, HuskyScriptsThatRunAgentopsAmongOtherCommandsAreReached) {
  const std::string husky = require_peer_tool("husky");
  if (husky.empty()) return;
  ASSERT_EQ(sandbox.run(with_path(husky) + quote(husky)).exit_code, 0);
  sandbox.write(".husky/pre-commit", "echo lint\nagentops-pre-commit\necho done\n");
  sandbox.write(".husky/commit-msg", "check() {\n  agentops-commit-msg \"$1\"\n}\ncheck \"$1\"\n");
  sandbox.write(".husky/pre-push", "agentops-pre-push \"$@\"\n");
  const CommandResult result = doctor("", husky);
  EXPECT_EQ(result.exit_code, 0) << result.out;
  EXPECT_NE(result.out.find("it started agentops-commit-msg, and its refusal failed the hook"), std::string::npos)
      << result.out;
}

TEST_F(DoctorAttack, LefthookCommandsThatNameAgentopsButNeverLetItRefuseAreNotReached) {
  const std::string lefthook = require_peer_tool("lefthook");
  if (lefthook.empty()) return;
  sandbox.write("lefthook.yml",
                "pre-commit:\n  commands:\n    agentops:\n      run: agentops-pre-commit || true\n"
                "    lint:\n      glob: \"*.js\"\n      run: echo agentops-pre-commit\n"
                "commit-msg:\n  commands:\n    agentops:\n      run: echo agentops-commit-msg {1}\n"
                "pre-push:\n  commands:\n    agentops:\n      glob: \"*.js\"\n      run: agentops-pre-push {1} {2}\n"
                "      use_stdin: true\n");
  ASSERT_EQ(sandbox.run(with_path(lefthook) + quote(lefthook) + " install").exit_code, 0);
  const CommandResult result = doctor("", lefthook);
  EXPECT_EQ(result.exit_code, 1) << result.out;
  for (const char* hook : {"pre-commit", "commit-msg"})
    EXPECT_NE(result.out.find(std::string(hook) + ": NOT REACHED"), std::string::npos) << hook << "\n" << result.out;
  EXPECT_NE(result.out.find("`run: agentops-pre-commit` with nothing that swallows its failure"), std::string::npos)
      << result.out;
  // git agrees: lefthook lets a forbidden file through.
  sandbox.write(".env", "X=1\n");
  sandbox.git("add .env");
  EXPECT_EQ(sandbox.run(with_path(lefthook) + "git commit -q -m 'chore: env'").exit_code, 0);
}

TEST_F(DoctorAttack, LefthookCommandsThatRunAgentopsInAChainAreReached) {
  const std::string lefthook = require_peer_tool("lefthook");
  if (lefthook.empty()) return;
  sandbox.write("lefthook.yml",
                "pre-commit:\n  commands:\n    agentops:\n      run: agentops-pre-commit && echo checked\n"
                "commit-msg:\n  commands:\n    agentops:\n      run: |\n        echo checking\n"
                "        agentops-commit-msg {1}\n");
  ASSERT_EQ(sandbox.run(with_path(lefthook) + quote(lefthook) + " install").exit_code, 0);
  const CommandResult result = doctor("", lefthook);
  EXPECT_NE(result.out.find("pre-commit: reached"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("commit-msg: reached"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("it started agentops-pre-commit, and its refusal failed the hook"), std::string::npos)
      << result.out;
}

TEST_F(DoctorAttack, APreCommitFrameworkEntryThatSwallowsAgentopsIsNotReached) {
  const std::string framework = require_peer_tool("pre-commit");
  if (framework.empty()) return;
  const std::string config = "repos:\n  - repo: local\n    hooks:\n      - id: agentops-pre-commit\n"
                             "        name: agentops pre-commit\n        entry: bash -c 'agentops-pre-commit || true'\n"
                             "        language: system\n        pass_filenames: false\n        always_run: true\n"
                             "        stages: [commit]\n";
  sandbox.commit_file(".pre-commit-config.yaml", config, "chore: pre-commit");
  const std::string home = "PRE_COMMIT_HOME=" + quote(sandbox.path(".git/pre-commit-home")) + " ";
  ASSERT_EQ(sandbox.run(home + with_path() + quote(framework) + " install --hook-type pre-commit").exit_code, 0);
  const CommandResult result = sandbox.run(home + with_path() + quote(bin("agentops")) + " doctor");
  EXPECT_EQ(result.exit_code, 1) << result.out;
  EXPECT_NE(result.out.find("pre-commit: NOT REACHED"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("but the hook exited 0: agentops' verdict is ignored"), std::string::npos) << result.out;
  // git agrees: the framework lets a forbidden file through.
  sandbox.write(".env", "X=1\n");
  sandbox.git("add .env");
  EXPECT_EQ(sandbox.run(home + with_path() + "git commit -q -m 'chore: env'").exit_code, 0);
}

// --- post-commit ---

TEST_F(DoctorAttack, PostCommitWarnsOnNoVerifyAfterCommitMsgRefusedTheSameTree) {
  require_conventional_messages();
  sandbox.install_hooks();
  sandbox.write("notes.txt", "hello\n");
  sandbox.git("add notes.txt");
  const CommandResult refused = sandbox.run("git commit -m 'not conventional'");
  ASSERT_EQ(refused.exit_code, 1) << refused.err;
  const CommandResult skipped = sandbox.run("git commit --no-verify -m 'not conventional'");
  EXPECT_EQ(skipped.exit_code, 0) << skipped.err;
  EXPECT_NE(skipped.err.find("was not checked by agentops' pre-commit"), std::string::npos) << skipped.err;
}

TEST_F(DoctorAttack, PostCommitStaysSilentWhenTheRetriedMessageIsAllowed) {
  require_conventional_messages();
  sandbox.install_hooks();
  sandbox.write("notes.txt", "hello\n");
  sandbox.git("add notes.txt");
  ASSERT_EQ(sandbox.run("git commit -m 'not conventional'").exit_code, 1);
  const CommandResult retried = sandbox.run("git commit -m 'docs: notes on the setup'");
  EXPECT_EQ(retried.exit_code, 0) << retried.err;
  EXPECT_EQ(retried.err.find("agentops: warning"), std::string::npos) << retried.err;
}

TEST_F(DoctorAttack, PostCommitStaysSilentWhenGitRevertCommits) {
  sandbox.install_hooks();
  sandbox.write("notes.txt", "hello\n");
  sandbox.git("add notes.txt");
  ASSERT_EQ(sandbox.run("git commit -q -m 'docs: notes on the setup'").exit_code, 0);
  const CommandResult revert = sandbox.run("git revert --no-edit HEAD");
  EXPECT_EQ(revert.exit_code, 0) << revert.err;
  EXPECT_EQ(revert.err.find("was not checked by agentops' pre-commit"), std::string::npos) << revert.err;
  const CommandResult edited = sandbox.run("GIT_EDITOR=true git revert --edit HEAD");
  EXPECT_EQ(edited.exit_code, 0) << edited.err;
  EXPECT_EQ(edited.err.find("was not checked by agentops' pre-commit"), std::string::npos) << edited.err;
}

TEST_F(DoctorAttack, PostCommitStillWarnsWhenAToolNamesItselfInTheReflog) {
  sandbox.install_hooks();
  sandbox.write("notes.txt", "hello\n");
  sandbox.git("add notes.txt");
  const CommandResult commit = sandbox.run("GIT_REFLOG_ACTION=my-tool git commit --no-verify -m 'docs: notes'");
  EXPECT_EQ(commit.exit_code, 0) << commit.err;
  EXPECT_NE(commit.err.find("was not checked by agentops' pre-commit"), std::string::npos) << commit.err;
}

TEST_F(DoctorAttack, PostCommitStillWarnsOnAnAmendNoVerifyOfAMergeCommit) {
  sandbox.install_hooks();
  sandbox.git("checkout -q -b topic");
  sandbox.write("topic.txt", "one\n");
  sandbox.git("add topic.txt");
  ASSERT_EQ(sandbox.run("git commit -q -m 'feat: topic one'").exit_code, 0);
  sandbox.git("checkout -q main");
  ASSERT_EQ(sandbox.run("git merge -q --no-ff -m 'chore: merge topic' topic").exit_code, 0);
  const CommandResult amend = sandbox.run("git commit --amend --no-verify -m 'chore: merge the topic'");
  EXPECT_EQ(amend.exit_code, 0) << amend.err;
  EXPECT_NE(amend.err.find("was not checked by agentops' pre-commit"), std::string::npos) << amend.err;
}

}  // namespace
}  // namespace agentops
