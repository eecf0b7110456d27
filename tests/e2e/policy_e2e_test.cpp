// The policy layer through the real executables: validation, show, explain,
// presets at commit time, the human gate, the floor, and range checks judged by
// the base side's policy.
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

class PolicyRepo : public ::testing::Test {
 protected:
  void SetUp() override {
    sandbox.commit_file("README.md", "# demo\n");
    sandbox.install_hooks();
  }
  // Commits the policy with a human's approval (it is a protected path).
  void commit_approved_policy(const std::string& text) const {
    sandbox.write(".agentops/policy.toml", text);
    sandbox.git("add .agentops/policy.toml");
    const CommandResult result =
        sandbox.run("git commit -q -m 'chore: set policy' -m 'Human-Approved-by: Lead <lead@example.com>'");
    ASSERT_EQ(result.exit_code, 0) << result.err;
  }
  GitSandbox sandbox;
};

TEST(PolicyValidate, InvalidRegexExitsTwoWithPosition) {
  GitSandbox sandbox;
  sandbox.write("p.toml", "version = 1\n[[content]]\nid = \"x\"\nregex = '(unclosed'\n");
  const CommandResult result = sandbox.run(agentops_cmd("policy validate p.toml"));
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("p.toml:4:9: invalid regex"), std::string::npos) << result.err;
}

TEST(PolicyValidate, ExtendsStrictValidates) {
  GitSandbox sandbox;
  sandbox.write(".agentops/policy.toml", "version = 1\nextends = [\"strict\"]\n");
  const CommandResult result = sandbox.run(agentops_cmd("policy validate"));
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

TEST(PolicyValidate, RelativeExtendsIsReadBesideTheFile) {
  GitSandbox sandbox;
  sandbox.write("conf/team.toml", "[limits]\nmax_files_changed = 3\n");
  sandbox.write("conf/policy.toml", "extends = [\"team.toml\", \"ai-agents\"]\n");
  EXPECT_EQ(sandbox.run(agentops_cmd("policy validate conf/policy.toml")).exit_code, 0);
  sandbox.write("conf/policy.toml", "extends = [\"missing.toml\"]\n");
  EXPECT_EQ(sandbox.run(agentops_cmd("policy validate conf/policy.toml")).exit_code, 2);
}

TEST_F(PolicyRepo, ShowPrintsTheEffectivePolicyWithOrigins) {
  commit_approved_policy("version = 1\nextends = [\"ai-agents\"]\n[limits]\nmax_files_changed = 7\n");
  const CommandResult result = sandbox.run(agentops_cmd("policy show"));
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("max_files_changed = 7"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("# .agentops/policy.toml:4"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("# builtin:ai-agents:"), std::string::npos) << result.out;
}

TEST(Explain, DescribesABuiltinRuleAndASecretRule) {
  GitSandbox sandbox;
  CommandResult result = sandbox.run(agentops_cmd("explain path.protected"));
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("severity: gate"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("fix:"), std::string::npos);
  result = sandbox.run(agentops_cmd("explain secret.github-token"));
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("GitHub token"), std::string::npos) << result.out;
  EXPECT_EQ(sandbox.run(agentops_cmd("explain no.such-rule")).exit_code, 2);
}

TEST_F(PolicyRepo, ProtectedPathIsRefusedWithoutApprovalAndAcceptedWithIt) {
  sandbox.write(".agentops/policy.toml", "version = 1\nextends = [\"baseline\"]\n");
  sandbox.git("add .agentops/policy.toml");
  CommandResult result = sandbox.run("git commit -m 'chore: add policy'");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("path.protected"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("Human-Approved-by: Name <email>"), std::string::npos) << result.err;
  EXPECT_EQ(sandbox.commit_count(), 1);
  result = sandbox.run("git commit -m 'chore: add policy' -m 'Human-Approved-by: Lead <lead@example.com>'");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(sandbox.commit_count(), 2);
}

TEST_F(PolicyRepo, ApprovalBelowTheScissorsLineDoesNotCount) {
  sandbox.write(".agentops/policy.toml", "version = 1\n");
  sandbox.git("add .agentops/policy.toml");
  sandbox.write("msg.txt",
                "chore: add policy\n\n# ------------------------ >8 ------------------------\n"
                "Human-Approved-by: Lead <lead@example.com>\n");
  const CommandResult result = sandbox.run("git commit --cleanup=scissors -F msg.txt");
  EXPECT_NE(result.exit_code, 0) << result.err;
  EXPECT_EQ(sandbox.commit_count(), 1);
}

TEST_F(PolicyRepo, AiAgentsPresetGatesADisabledCheckerAndBlocksDebugLeftovers) {
  commit_approved_policy("version = 1\nextends = [\"ai-agents\"]\n");
  // One named check on one line is routine: a warning, not a gate.
  sandbox.write("src/util.js", "const y = 1; // eslint-disable-line no-unused-vars\n");
  sandbox.git("add src/util.js");
  CommandResult result = sandbox.run("git commit -m 'feat: add util'");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("content.lint-suppression"), std::string::npos) << result.err;
  // The linter switched off for the whole file waits for a person.
  sandbox.write("src/app.js", "/* eslint-disable */\nconst x = 1;\n");
  sandbox.git("add src/app.js");
  result = sandbox.run("git commit -m 'feat: add app'");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("content.checker-disabled"), std::string::npos) << result.err;
  result = sandbox.run("git commit -m 'feat: add app' -m 'Human-Approved-by: Lead <lead@example.com>'");
  EXPECT_EQ(result.exit_code, 0) << result.err;

  sandbox.write("src/app.js", "const x = 1;\nconsole.log(x);\n");
  sandbox.git("add src/app.js");
  result = sandbox.run("git commit -m 'feat: log x' -m 'Human-Approved-by: Lead <lead@example.com>'");
  EXPECT_NE(result.exit_code, 0) << "approval never lifts a block";
  EXPECT_NE(result.err.find("content.debug-leftover"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("src/app.js:2"), std::string::npos) << result.err;
}

TEST_F(PolicyRepo, CleanChangeUnderAiAgentsGoesThrough) {
  commit_approved_policy("version = 1\nextends = [\"ai-agents\"]\n");
  sandbox.write("src/app.js", "export const answer = 42;\n");
  sandbox.git("add src/app.js");
  const CommandResult result = sandbox.run("git commit -m 'feat: add answer'");
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

TEST_F(PolicyRepo, FilesChangedLimitBlocks) {
  commit_approved_policy("version = 1\n[limits]\nmax_files_changed = 2\n");
  for (int i = 0; i < 3; ++i) sandbox.write("f" + std::to_string(i) + ".txt", "x\n");
  sandbox.git("add -A");
  const CommandResult result = sandbox.run("git commit -m 'feat: three files'");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("limit.files-changed"), std::string::npos) << result.err;
  sandbox.git("reset -q f2.txt");
  EXPECT_EQ(sandbox.run("git commit -m 'feat: two files'").exit_code, 0);
}

TEST_F(PolicyRepo, ForbiddenPathBlocks) {
  sandbox.write("services/api/.env", "DEBUG=1\n");
  sandbox.git("add -A");
  const CommandResult result = sandbox.run("git commit -m 'feat: env'");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("services/api/.env [path.forbidden]"), std::string::npos) << result.err;
}

TEST_F(PolicyRepo, FloorCannotBeLoweredByTheRepositoryPolicy) {
  sandbox.write("floor.toml", "version = 1\nextends = [\"baseline\"]\n");
  sandbox.write("global.gitconfig", "[agentops]\n\tfloor = " + sandbox.path("floor.toml") + "\n");
  const std::string env = "GIT_CONFIG_GLOBAL=" + quote(sandbox.path("global.gitconfig")) + " ";
  sandbox.write(".agentops/policy.toml", "version = 1\n[secrets]\nenabled = false\n");
  sandbox.write("deploy.sh", "export GH_TOKEN=" + kGithubToken + "\n");
  sandbox.git("add .agentops/policy.toml deploy.sh");
  const std::string commit = "git commit -m 'chore: x' -m 'Human-Approved-by: Lead <lead@example.com>'";
  CommandResult result = sandbox.run(env + commit);
  EXPECT_NE(result.exit_code, 0) << "the floor keeps secrets on";
  EXPECT_NE(result.err.find("secret.github-token"), std::string::npos) << result.err;
  // Not even for its own commit: the committed policy judges a policy change too.
  result = sandbox.run(commit);
  EXPECT_NE(result.exit_code, 0) << result.err;
  // Without the floor, the repository's own choice applies once committed.
  sandbox.git("reset -q deploy.sh");
  result = sandbox.run(commit);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  sandbox.git("add deploy.sh");
  result = sandbox.run("git commit -m 'feat: add deploy script'");
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

TEST_F(PolicyRepo, APolicyChangeMeetsTheMessageRulesItReplaces) {
  sandbox.write(".agentops/policy.toml",
                "version = 1\n[message]\nformat = \"conventional\"\nrequired_trailers = [\"Signed-off-by\"]\n");
  sandbox.git("add .agentops/policy.toml");
  sandbox.git("commit -q --no-verify -m 'chore: message rules'");
  sandbox.write(".agentops/policy.toml", "version = 1\n");
  sandbox.git("add .agentops/policy.toml");
  CommandResult result = sandbox.run("git commit -m 'whatever no trailer' -m 'Human-Approved-by: Lead <lead@example.com>'");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("message.format"), std::string::npos) << result.err;
  result = sandbox.run("git commit -s -m 'chore: drop message rules' -m 'Human-Approved-by: Lead <lead@example.com>'");
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

TEST_F(PolicyRepo, ABrokenCommittedPolicyCanBeRepaired) {
  sandbox.write(".agentops/policy.toml", "version = 1\n[limits]\nmax_file_byte = 5\n");
  sandbox.git("add .agentops/policy.toml");
  sandbox.git("commit -q --no-verify -m 'chore: broken policy'");
  sandbox.write(".agentops/policy.toml", "version = 1\n[limits]\nmax_file_bytes = 5000\n");
  sandbox.git("add .agentops/policy.toml");
  const CommandResult result = sandbox.run("git commit -m 'fix: repair the policy' -m 'Human-Approved-by: Lead <lead@example.com>'");
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

TEST_F(PolicyRepo, APolicyChangeIsJudgedByThePolicyItReplacesToo) {
  // Staging a policy that switches secrets and the policy gate off does not
  // let a token through in the same commit.
  sandbox.write(".agentops/policy.toml",
                "version = 1\n[secrets]\nenabled = false\n[severity]\n\"path.protected\" = \"off\"\n");
  sandbox.write("deploy.sh", "export GH_TOKEN=" + kGithubToken + "\n");
  sandbox.git("add -A");
  CommandResult result = sandbox.run("git commit -m 'chore: relax the policy'");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("secret.github-token"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("path.protected"), std::string::npos) << result.err;
  EXPECT_EQ(sandbox.commit_count(), 1);
}

TEST_F(PolicyRepo, RepositoryLocalFloorSettingIsIgnored) {
  sandbox.write("floor.toml", "version = 1\n[limits]\nmax_files_changed = 1\n");
  sandbox.git("config agentops.floor " + quote(sandbox.path("floor.toml")));
  sandbox.write("a.txt", "a\n");
  sandbox.write("b.txt", "b\n");
  sandbox.git("add a.txt b.txt");
  EXPECT_EQ(sandbox.run("git commit -m 'feat: two'").exit_code, 0);
}

TEST_F(PolicyRepo, BrokenFloorFailsClosed) {
  sandbox.write("global.gitconfig", "[agentops]\n\tfloor = /nonexistent/floor.toml\n");
  sandbox.write("a.txt", "a\n");
  sandbox.git("add a.txt");
  const CommandResult result =
      sandbox.run("GIT_CONFIG_GLOBAL=" + quote(sandbox.path("global.gitconfig")) + " git commit -m 'feat: a'");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("agentops.floor"), std::string::npos) << result.err;
}

TEST(CheckRange, CommitsThatSwitchSecretsOffAreJudgedByTheBasePolicy) {
  GitSandbox sandbox;
  sandbox.commit_file("README.md", "# demo\n");
  const std::string base = sandbox.git("rev-parse HEAD").substr(0, 40);
  sandbox.commit_file(".agentops/policy.toml", "version = 1\n[secrets]\nenabled = false\n",
                      "chore: switch secrets off\n\nHuman-Approved-by: Mallory <m@example.com>");
  sandbox.commit_file("deploy.sh", "export GH_TOKEN=" + kGithubToken + "\n", "feat: deploy");
  const CommandResult result = sandbox.run(agentops_cmd("check --range " + base + "..HEAD"));
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_NE(result.out.find("secret.github-token"), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find(kGithubToken), std::string::npos);
}

TEST(CheckRange, ProtectedPathNeedsApprovalInTheCommit) {
  GitSandbox sandbox;
  sandbox.commit_file("README.md", "# demo\n");
  const std::string base = sandbox.git("rev-parse HEAD").substr(0, 40);
  sandbox.commit_file(".agentops/policy.toml", "version = 1\n", "chore: add policy");
  CommandResult result = sandbox.run(agentops_cmd("check --range " + base + "..HEAD --format json"));
  EXPECT_EQ(result.exit_code, 1) << result.out;
  EXPECT_NE(result.out.find("\"rule\":\"path.protected\",\"severity\":\"gate\""), std::string::npos) << result.out;
  sandbox.git("commit -q --amend --no-verify -m 'chore: add policy' -m 'Human-Approved-by: Lead <lead@example.com>'");
  result = sandbox.run(agentops_cmd("check --range " + base + "..HEAD"));
  EXPECT_EQ(result.exit_code, 0) << result.out;
}

TEST(CheckRange, CleanRangeWithAMergeExitsZero) {
  GitSandbox sandbox;
  sandbox.commit_file("README.md", "# demo\n");
  const std::string base = sandbox.git("rev-parse HEAD").substr(0, 40);
  sandbox.git("checkout -q -b feature");
  sandbox.commit_file("a.txt", "a\n", "feat: a");
  sandbox.git("checkout -q main");
  sandbox.commit_file("b.txt", "b\n", "feat: b");
  sandbox.git("merge -q --no-ff --no-verify -m 'Merge feature' feature");
  const CommandResult result = sandbox.run(agentops_cmd("check --range " + base + "..HEAD --format json"));
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("\"commits\":3"), std::string::npos) << result.out;
}

TEST(CheckRange, BadRangeExitsTwo) {
  GitSandbox sandbox;
  sandbox.commit_file("README.md", "# demo\n");
  EXPECT_EQ(sandbox.run(agentops_cmd("check --range nope..HEAD")).exit_code, 2);
  EXPECT_EQ(sandbox.run(agentops_cmd("check --range HEAD")).exit_code, 2);
}

}  // namespace
}  // namespace agentops
