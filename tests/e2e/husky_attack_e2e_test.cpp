// agentops-install's husky lines against scripts that end early: husky runs
// .husky/<hook> with `sh -e`, so a line after `exit 0` never runs, and a
// mention of agentops in a comment calls nothing. Uninstall gives every
// script back byte for byte.
#include <gtest/gtest.h>

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

class HuskyAttack : public ::testing::Test {
 protected:
  void SetUp() override {
    sandbox.commit_file("README.md", "# demo\n");
    husky = testing::require_peer_tool("husky");
    if (husky.empty()) return;
    ASSERT_EQ(run(quote(husky)).exit_code, 0);
  }
  CommandResult run(const std::string& command) const {
    return sandbox.run("PATH=" + quote(bin_dir()) + ":$PATH " + command);
  }
  CommandResult commit_secret() const {
    sandbox.write("deploy.env", "AWS_ACCESS_KEY_ID=" + kAwsKeyId + "\n");
    sandbox.git("add deploy.env");
    return run("git commit -q -m 'feat: deploy settings'");
  }
  std::string husky;
  GitSandbox sandbox;
};

TEST_F(HuskyAttack, AScriptEndingInExitZeroStillRefusesASecretAndUninstallRestoresIt) {
  if (husky.empty()) return;
  const std::string script = "echo team-check\nexit 0\n";
  sandbox.commit_file(".husky/pre-commit", script, "chore: husky");
  const CommandResult installed = run("agentops-install --write-manager-config");
  EXPECT_EQ(installed.exit_code, 0) << installed.out << installed.err;
  const int before = sandbox.commit_count();
  const CommandResult result = commit_secret();
  EXPECT_NE(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE((result.out + result.err).find("[secret.aws-access-key-id]"), std::string::npos) << result.out << result.err;
  EXPECT_EQ(sandbox.commit_count(), before);
  sandbox.git("rm -q --cached deploy.env");
  sandbox.run("rm -f deploy.env");
  sandbox.write("a.txt", "a\n");
  sandbox.git("add a.txt");
  const CommandResult clean = run("git commit -q -m 'feat: add a'");
  EXPECT_EQ(clean.exit_code, 0) << clean.out << clean.err;
  EXPECT_NE((clean.out + clean.err).find("team-check"), std::string::npos) << "the team's line still runs";
  ASSERT_EQ(run("agentops-install --uninstall").exit_code, 0);
  EXPECT_EQ(read(sandbox.path(".husky/pre-commit")), script);
}

TEST_F(HuskyAttack, AMentionInACommentOrAfterExitIsNotACall) {
  if (husky.empty()) return;
  const std::string script = "# agentops-pre-commit runs in CI only\nexit 0\nagentops-pre-commit\n";
  sandbox.commit_file(".husky/pre-commit", script, "chore: husky");
  const CommandResult installed = run("agentops-install --write-manager-config");
  EXPECT_EQ(installed.out.find("husky already calls agentops-pre-commit"), std::string::npos) << installed.out;
  EXPECT_NE(commit_secret().exit_code, 0);
  sandbox.git("rm -q --cached deploy.env");
  ASSERT_EQ(run("agentops-install --uninstall").exit_code, 0);
  EXPECT_EQ(read(sandbox.path(".husky/pre-commit")), script);
}

TEST_F(HuskyAttack, ALineCallingAgentopsFirstCountsAsACall) {
  if (husky.empty()) return;
  const std::string script = "#!/bin/sh\nagentops-pre-commit\nnpm test\n";
  sandbox.commit_file(".husky/pre-commit", script, "chore: husky");
  const CommandResult installed = run("agentops-install --write-manager-config");
  EXPECT_NE(installed.out.find("husky already calls agentops-pre-commit"), std::string::npos) << installed.out;
  EXPECT_EQ(read(sandbox.path(".husky/pre-commit")), script);
}

TEST_F(HuskyAttack, CrlfAndUnterminatedScriptsComeBackByteForByte) {
  if (husky.empty()) return;
  const std::string crlf = "#!/bin/sh\r\necho team\r\n", unterminated = "echo team";
  sandbox.commit_file(".husky/pre-commit", crlf, "chore: husky");
  sandbox.commit_file(".husky/commit-msg", unterminated, "chore: husky");
  run("agentops-install --write-manager-config");
  run("agentops-install --write-manager-config");  // twice: one line each still
  const std::string installed = read(sandbox.path(".husky/pre-commit"));
  EXPECT_EQ(installed.find("agentops-pre-commit"), installed.rfind("agentops-pre-commit")) << installed;
  ASSERT_EQ(run("agentops-install --uninstall").exit_code, 0);
  EXPECT_EQ(read(sandbox.path(".husky/pre-commit")), crlf);
  EXPECT_EQ(read(sandbox.path(".husky/commit-msg")), unterminated);
}

}  // namespace
}  // namespace agentops
