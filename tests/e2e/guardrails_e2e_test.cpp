// Every rule family through a real `git commit` with the hooks installed: the
// bad change is refused (commit count unchanged) and the good one goes through.
#include <gtest/gtest.h>

#include "git_sandbox.h"

namespace agentops {
namespace {

using testing::bin;
using testing::CommandResult;
using testing::GitSandbox;
using testing::quote;

constexpr const char* kApproval = "-m 'Human-Approved-by: Lead <lead@example.com>'";

class Guardrails : public ::testing::Test {
 protected:
  void SetUp() override {
    sandbox.commit_file("README.md", "# demo\n");
    sandbox.install_hooks();
  }
  // Stages everything and commits; returns the result.
  CommandResult commit(const std::string& extra = "") const {
    sandbox.git("add -A");
    return sandbox.run("git commit -m 'feat: add the example files' " + extra);
  }
  void expect_refused(const std::string& rule, const std::string& extra = "") const {
    const int before = sandbox.commit_count();
    const CommandResult result = commit(extra);
    EXPECT_NE(result.exit_code, 0) << "expected " << rule << " to refuse the commit\n" << result.err;
    EXPECT_NE(result.err.find(rule), std::string::npos) << result.err;
    EXPECT_EQ(sandbox.commit_count(), before);
  }
  void expect_accepted(const std::string& extra = "") const {
    const int before = sandbox.commit_count();
    const CommandResult result = commit(extra);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(sandbox.commit_count(), before + 1);
  }
  GitSandbox sandbox;
};

TEST_F(Guardrails, SymlinkOutsideTheRepositoryIsRefused) {
  sandbox.run("ln -s ../../etc/passwd passwords");
  expect_refused("path.symlink-outside");
  sandbox.git("rm -q --cached passwords");
  sandbox.run("rm passwords && ln -s README.md readme-link");
  expect_accepted();
}

TEST_F(Guardrails, CaseCollisionIsRefused) {
  sandbox.write("readme.md", "other\n");
  expect_refused("path.case-collision");
  sandbox.git("rm -q --cached readme.md");
  sandbox.run("rm readme.md");
  sandbox.write("docs/Guide.md", "guide\n");
  expect_accepted();
}

TEST_F(Guardrails, ASizeLimitThatOnlyWarnsStillScansTheFile) {
  sandbox.commit_policy("version = 1\n[limits]\nmax_file_bytes = 1000\n[severity]\n\"limit.file-bytes\" = \"warn\"\n");
  sandbox.write("big.cfg", std::string(1200, '#') + "\nKEY=" + std::string("AKIA") + "QYLPMN5HHHFPZAM2\n");
  expect_refused("secret.aws-access-key-id");
}

TEST_F(Guardrails, NewSubmoduleWarnsInBaselineAndIsGatedForAgents) {
  const std::string commit_id = sandbox.git("rev-parse HEAD").substr(0, 40);
  sandbox.git("update-index --add --cacheinfo 160000," + commit_id + ",vendor/lib");
  CommandResult result = sandbox.run("git commit -m 'feat: vendor lib'");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("path.submodule"), std::string::npos) << result.err;

  sandbox.commit_policy("version = 1\nextends = [\"ai-agents\"]\n");
  sandbox.git("update-index --add --cacheinfo 160000," + commit_id + ",vendor/other");
  result = sandbox.run("git commit -m 'feat: vendor other'");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("path.submodule"), std::string::npos) << result.err;
}

TEST_F(Guardrails, LinesChangedLimitRefusesLargeChanges) {
  sandbox.commit_policy("version = 1\n[limits]\nmax_lines_changed = 10\n");
  std::string big;
  for (int i = 0; i < 20; ++i) big += "line " + std::to_string(i) + "\n";
  sandbox.write("big.txt", big);
  expect_refused("limit.lines-changed");
  sandbox.write("big.txt", "a\nb\nc\n");
  expect_accepted();
}

TEST_F(Guardrails, BinaryFilesAreRefusedUnderStrict) {
  sandbox.commit_policy("version = 1\nextends = [\"strict\"]\n");
  sandbox.git("switch -q -c feature/binaries");  // strict: no commits straight on main
  sandbox.run("printf 'PK\\003\\004\\000\\000binary' > bundle.zip");
  expect_refused("limit.binary-file");
  sandbox.git("rm -q --cached bundle.zip");
  sandbox.run("rm bundle.zip");
  sandbox.write("notes.txt", "plain text\n");
  expect_accepted();
}

TEST_F(Guardrails, ConflictMarkersWarnInBaselineAndBlockUnderStrict) {
  sandbox.write("a.txt", "<<<<<<< HEAD\nmine\n=======\ntheirs\n>>>>>>> branch\n");
  CommandResult result = commit();
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("content.conflict-marker"), std::string::npos) << result.err;
  sandbox.commit_policy("version = 1\nextends = [\"strict\"]\n");
  sandbox.git("switch -q -c feature/markers");  // strict: no commits straight on main
  sandbox.write("b.txt", "<<<<<<< HEAD\nmine\n>>>>>>> branch\n");
  expect_refused("content.conflict-marker");
  sandbox.write("b.txt", "resolved\n");
  expect_accepted();
}

TEST_F(Guardrails, FocusedTestNeedsAPersonUnderAiAgents) {
  sandbox.commit_policy("version = 1\nextends = [\"ai-agents\"]\n");
  sandbox.write("src/app.test.js", "describe.only('app', () => { it('works', () => {}); });\n");
  expect_refused("content.focused-or-skipped-test");
  expect_accepted(kApproval);
}

TEST_F(Guardrails, DeletedTestsWarnInBaselineAndNeedAPersonForAgents) {
  sandbox.commit_file("tests/test_parser.py", "def test_parse():\n    assert parse('x')\n");
  sandbox.git("rm -q tests/test_parser.py");
  CommandResult result = sandbox.run("git commit -m 'chore: drop test'");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("change.tests-removed"), std::string::npos) << result.err;

  sandbox.commit_policy("version = 1\nextends = [\"ai-agents\"]\n");
  sandbox.commit_file("tests/test_lexer.py", "def test_lex():\n    assert lex('x')\n");
  sandbox.git("rm -q tests/test_lexer.py");
  expect_refused("change.tests-removed");
  expect_accepted(kApproval);
}

TEST_F(Guardrails, InlineSuppressionWithAReasonSilencesOneFinding) {
  const std::string value = std::string("k3J9x8Q2m1Z7w4V6") + "p0L5n8B2";
  sandbox.write("parser_test.py", "api_key = \"" + value + "\"  # agentops:allow secret.generic-api-key test vector for the parser\n");
  // A secret's suppression needs a person even in baseline.
  expect_refused("change.suppression-added");
  CommandResult result = commit(kApproval);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("change.suppression-added"), std::string::npos) << result.err;

  sandbox.write("other.py", "api_key = \"" + value + "\"  # agentops:allow secret.generic-api-key\n");
  expect_refused("secret.generic-api-key");
}

TEST_F(Guardrails, SuppressionNeverEchoesTheLineItSits) {
  // The reason is the rest of the line, which here holds the token itself.
  const std::string token = std::string("ghp_") + "R8x2Kq9Lm3Np7Qr5St1Uv4Wx6Yz0Ab2Ga8Qe";
  sandbox.write("fixture.js", "/* agentops:allow secret.github-token test fixture */ const t = \"" + token + "\";\n");
  const CommandResult result = commit();
  EXPECT_EQ(result.err.find(token), std::string::npos) << result.err;
  EXPECT_EQ(sandbox.run(quote(bin("agentops")) + " check --staged --format json").out.find(token), std::string::npos);
}

TEST_F(Guardrails, InlineSuppressionNeedsAPersonUnderAiAgents) {
  sandbox.commit_policy("version = 1\nextends = [\"ai-agents\"]\n");
  const std::string value = std::string("k3J9x8Q2m1Z7w4V6") + "p0L5n8B2";
  sandbox.write("parser_test.py", "api_key = \"" + value + "\"  # agentops:allow secret.generic-api-key test vector\n");
  expect_refused("change.suppression-added");
  expect_accepted(kApproval);
}

TEST_F(Guardrails, DirectCommitsOnAProtectedBranchAreRefusedWhenThePolicySaysSo) {
  sandbox.commit_policy("version = 1\n[branches]\nprotected = [\"main\", \"release/*\"]\nno_direct_commit = true\n");
  sandbox.write("a.txt", "a\n");
  expect_refused("branch.direct-commit");
  sandbox.git("switch -q -c feature/a");
  expect_accepted();
  sandbox.git("switch -q -c release/1.0");
  sandbox.write("b.txt", "b\n");
  expect_refused("branch.direct-commit");
}

TEST_F(Guardrails, GitleaksConfigIsImported) {
  sandbox.write(".agentops/gitleaks.toml", "[[rules]]\nid = \"acme-token\"\nregex = '''acme_[a-z0-9]{12}'''\nkeywords = [\"acme_\"]\n");
  sandbox.git("add .agentops/gitleaks.toml");
  sandbox.git("commit -q --no-verify -m 'chore: gitleaks config'");
  sandbox.commit_policy("version = 1\n[secrets]\ngitleaks_config = \"gitleaks.toml\"\n");
  sandbox.write("app.cfg", "token = acme_k3j9x8q2m1z7\n");
  expect_refused("secret.acme-token");
  sandbox.write("app.cfg", "token = from-the-environment\n");
  expect_accepted();
}

TEST_F(Guardrails, PolicyFilesOutsideAgentopsAreRefused) {
  // A file elsewhere could weaken the policy without touching .agentops/.
  sandbox.write("ci/extra.toml", "[secrets]\nenabled = false\n");
  sandbox.write(".agentops/policy.toml", "version = 1\nextends = [\"baseline\", \"../ci/extra.toml\"]\n");
  expect_refused("outside .agentops/", kApproval);
}

TEST_F(Guardrails, UnhonourableGitleaksConfigBlocksWithItsName) {
  sandbox.write(".agentops/gitleaks.toml", "[[rules]]\nid = \"x\"\nregex = 'x'\n[[rules.required]]\nid = \"y\"\n");
  sandbox.write(".agentops/policy.toml", "version = 1\n[secrets]\ngitleaks_config = \"gitleaks.toml\"\n");
  expect_refused("[[rules.required]]", kApproval);
}

}  // namespace
}  // namespace agentops
