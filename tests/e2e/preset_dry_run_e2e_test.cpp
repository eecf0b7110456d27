// `agentops check --staged|--range --preset NAME | --policy FILE`: a dry run that
// judges a change with another policy than the repository's (the floor still
// lies under it), and the tuned presets on changes real repositories make,
// with git the oracle for what a rename is.
#include <gtest/gtest.h>

#include "git_sandbox.h"

namespace agentops {
namespace {

using testing::bin;
using testing::CommandResult;
using testing::GitSandbox;
using testing::quote;

std::string agentops_cmd(const std::string& args) { return quote(bin("agentops")) + " " + args; }

class DryRun : public ::testing::Test {
 protected:
  void SetUp() override { sandbox.commit_file("README.md", "# demo\n"); }
  CommandResult check(const std::string& args) const { return sandbox.run(agentops_cmd("check " + args)); }
  GitSandbox sandbox;
};

TEST_F(DryRun, TheSameStagedChangeBlocksUnderAStricterPresetAndPassesUnderALooserOne) {
  sandbox.write("src/app.test.js", "describe.only('app', () => { it('works', () => {}); });\n");
  sandbox.git("add src/app.test.js");
  const CommandResult strict = check("--staged --preset strict");
  EXPECT_EQ(strict.exit_code, 1) << strict.out << strict.err;
  EXPECT_NE(strict.out.find("content.focused-or-skipped-test"), std::string::npos) << strict.out;
  EXPECT_NE(strict.err.find("judged by the preset strict"), std::string::npos) << strict.err;
  const CommandResult baseline = check("--staged --preset baseline");
  EXPECT_EQ(baseline.exit_code, 0) << baseline.out << baseline.err;
  EXPECT_NE(baseline.err.find("judged by the preset baseline"), std::string::npos) << baseline.err;
}

TEST_F(DryRun, TheRepositorysOwnPolicyDoesNotJudgeADryRun) {
  // The committed policy forbids nothing extra; the dry run's file does.
  sandbox.commit_policy("version = 1\n");
  sandbox.write("dry.toml", "version = 1\n[paths]\nforbidden = [\"*.secret\"]\n");
  sandbox.write("notes.secret", "x\n");
  sandbox.git("add notes.secret");
  EXPECT_EQ(check("--staged").exit_code, 0);
  const CommandResult dry = check("--staged --policy " + quote(sandbox.path("dry.toml")) + " --format json");
  EXPECT_EQ(dry.exit_code, 1) << dry.out << dry.err;
  EXPECT_NE(dry.out.find("path.forbidden"), std::string::npos) << dry.out;
  EXPECT_EQ(dry.out.find("agentops: dry run"), std::string::npos) << "stdout stays one JSON document";
  EXPECT_NE(dry.err.find("the policy file"), std::string::npos) << dry.err;
}

TEST_F(DryRun, ARangeBlocksUnderAStricterPresetAndPassesUnderALooserOne) {
  const std::string base = sandbox.git("rev-parse HEAD");
  sandbox.commit_file("src/app.js", "export const a = 1;\nconsole.log(a);\n", "feat: log a");
  const std::string range = base.substr(0, base.find('\n')) + "..HEAD";
  const CommandResult agents = check("--range " + range + " --preset ai-agents --format json");
  EXPECT_EQ(agents.exit_code, 1) << agents.out << agents.err;
  EXPECT_NE(agents.out.find("content.debug-leftover"), std::string::npos) << agents.out;
  const CommandResult baseline = check("--range " + range + " --preset baseline --format json");
  EXPECT_EQ(baseline.exit_code, 0) << baseline.out << baseline.err;
}

TEST_F(DryRun, AnOrganisationFloorStillLiesUnderADryRun) {
  sandbox.write("floor.toml", "version = 1\n[paths]\nforbidden = [\"*.secret\"]\n");
  sandbox.write("global.gitconfig", "[agentops]\n\tfloor = " + sandbox.path("floor.toml") + "\n");
  sandbox.write("notes.secret", "x\n");
  sandbox.git("add notes.secret");
  const CommandResult result = sandbox.run("GIT_CONFIG_GLOBAL=" + quote(sandbox.path("global.gitconfig")) + " " +
                                           agentops_cmd("check --staged --preset baseline"));
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_NE(result.out.find("path.forbidden"), std::string::npos) << result.out;
}

TEST_F(DryRun, UnknownPresetsUnreadableFilesAndMessagesAreUsageErrors) {
  EXPECT_EQ(check("--staged --preset no-such-preset").exit_code, 2);
  EXPECT_EQ(check("--staged --policy " + quote(sandbox.path("absent.toml"))).exit_code, 2);
  sandbox.write("bad.toml", "version = 1\n[limits]\nmax_file_byte = 1\n");
  EXPECT_EQ(check("--staged --policy " + quote(sandbox.path("bad.toml"))).exit_code, 2);
  EXPECT_EQ(check("--staged --preset strict --policy " + quote(sandbox.path("bad.toml"))).exit_code, 2);
  sandbox.write("msg.txt", "feat: a\n");
  EXPECT_EQ(check("--message " + quote(sandbox.path("msg.txt")) + " --preset strict").exit_code, 2);
}

// ---- the tuned presets on ordinary work ------------------------------------

TEST_F(DryRun, ConsoleLogInExamplesPassesUnderAiAgentsAndBlocksInSource) {
  sandbox.write("examples/server/index.js", "app.listen(3000);\nconsole.log('listening on 3000');\n");
  sandbox.git("add examples");
  const CommandResult example = check("--staged --preset ai-agents");
  EXPECT_EQ(example.exit_code, 0) << example.out << example.err;
  EXPECT_EQ(example.out.find("content.debug-leftover"), std::string::npos) << example.out;
  sandbox.write("lib/server.js", "console.log(engines);\n");
  sandbox.git("add lib");
  const CommandResult source = check("--staged --preset ai-agents");
  EXPECT_EQ(source.exit_code, 1) << source.out << source.err;
  EXPECT_NE(source.out.find("lib/server.js:1"), std::string::npos) << source.out;
}

TEST_F(DryRun, ALockfileRewriteFitsTheLimitsAndASourceRewriteOfTheSameSizeDoesNot) {
  std::string lock = "{\n";
  for (int i = 0; i < 1500; ++i) lock += "  \"dep-" + std::to_string(i) + "\": \"1.0." + std::to_string(i) + "\",\n";
  lock += "}\n";
  sandbox.write("package-lock.json", lock);
  sandbox.write("package.json", "{\"dependencies\": {\"dep-1\": \"^1.0.1\"}}\n");
  sandbox.git("add package-lock.json package.json");
  const CommandResult bump = check("--staged --preset ai-agents");
  EXPECT_EQ(bump.exit_code, 0) << bump.out << bump.err;
  EXPECT_EQ(bump.out.find("change.size-gate"), std::string::npos) << bump.out;
  sandbox.git("rm -q --cached package-lock.json");
  sandbox.write("src/generated_by_hand.js", lock);
  sandbox.git("add src/generated_by_hand.js");
  // A gate at pre-commit waits for the message (exit 0); the finding is there.
  const CommandResult source = check("--staged --preset ai-agents");
  EXPECT_NE(source.out.find("[change.size-gate] gate"), std::string::npos) << source.out;
}

TEST_F(DryRun, APureDirectoryRenameHoldingSymlinksRemovesNoTests) {
  sandbox.write("tests/data/input.txt", "one\ntwo\nthree\n");
  ASSERT_EQ(sandbox.run("ln -s input.txt tests/data/link.txt && ln -s ../data tests/data/self").exit_code, 0);
  sandbox.git("add tests");
  sandbox.git("commit -q -m 'test: data'");
  sandbox.git("mv tests/data tests/fixtures");
  // git, the oracle, calls each of them a rename.
  const std::string status = sandbox.git("diff --cached -M --name-status");
  EXPECT_NE(status.find("R100\ttests/data/link.txt\ttests/fixtures/link.txt"), std::string::npos) << status;
  const CommandResult result = check("--staged --preset strict --format json");
  EXPECT_EQ(result.out.find("change.tests-removed"), std::string::npos) << result.out;
}

TEST_F(DryRun, DeletingATestFileStillNeedsAPersonUnderAiAgents) {
  sandbox.commit_file("tests/test_parser.py", "def test_parse():\n    assert parse('x')\n", "test: parser");
  sandbox.git("rm -q tests/test_parser.py");
  const CommandResult result = check("--staged --preset ai-agents");
  EXPECT_NE(result.out.find("[change.tests-removed] gate"), std::string::npos) << result.out;
}

TEST_F(DryRun, RenamingACommittedKeyFileIsNotRefusedButAddingOneIs) {
  sandbox.commit_file("tests/certs/server.key", "public test fixture\n", "test: fixture key");
  sandbox.git("mv tests/certs/server.key tests/certs/localhost.key");
  const CommandResult renamed = check("--staged --preset strict --format json");
  EXPECT_EQ(renamed.out.find("path.forbidden"), std::string::npos) << renamed.out;
  sandbox.write("deploy/prod.key", "fresh\n");
  sandbox.git("add deploy/prod.key");
  const CommandResult added = check("--staged --preset strict --format json");
  EXPECT_EQ(added.exit_code, 1) << added.out;
  EXPECT_NE(added.out.find("deploy/prod.key"), std::string::npos) << added.out;
}

TEST_F(DryRun, RenamingAFileToAForbiddenNameIsRefusedWithAHintToKeepItsName) {
  sandbox.commit_file("config/settings.txt", "debug = false\n", "chore: settings");
  sandbox.git("mv config/settings.txt config/.env");
  const CommandResult result = check("--staged --preset baseline --format json");
  EXPECT_EQ(result.exit_code, 1) << result.out;
  EXPECT_NE(result.out.find("git mv"), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find("git rm"), std::string::npos) << "a renamed file is not to be deleted: " << result.out;
}

}  // namespace
}  // namespace agentops

namespace agentops {
namespace {

// Through the real hooks: under ai-agents the message form is asked of agents.
TEST(AiAgentsMessages, APersonsFreeFormSubjectCommitsAndAnAgentsIsRefused) {
  GitSandbox sandbox;
  sandbox.commit_file("README.md", "# demo\n");
  sandbox.commit_policy("version = 1\nextends = [\"ai-agents\"]\n");
  sandbox.install_hooks();
  sandbox.write("src/a.py", "A = 1\n");
  sandbox.git("add src/a.py");
  const CommandResult person = sandbox.run("git commit -q -m 'Fix the redirect loop on 301'");
  EXPECT_EQ(person.exit_code, 0) << person.err;
  sandbox.write("src/b.py", "B = 2\n");
  sandbox.git("add src/b.py");
  const CommandResult agent = sandbox.run(
      "git commit -q -m 'Fix the redirect loop on 302' -m 'Co-authored-by: Claude <noreply@anthropic.com>'");
  EXPECT_NE(agent.exit_code, 0);
  EXPECT_NE(agent.err.find("message.format"), std::string::npos) << agent.err;
  const CommandResult bot = sandbox.run("git commit -q -m 'Bump requests from 2.31.0 to 2.32.0'");
  EXPECT_EQ(bot.exit_code, 0) << bot.err;
}

}  // namespace
}  // namespace agentops
