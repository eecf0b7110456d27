// The decision log: every hook decision is one JSON line under .git/agentops/,
// `agentops report` tallies it, and it never holds a secret.
#include <gtest/gtest.h>

#include "git_sandbox.h"

namespace agentops {
namespace {

using testing::bin;
using testing::CommandResult;
using testing::GitSandbox;
using testing::quote;

const std::string kAwsKeyId = std::string("AKIA") + "QYLPMN5HHHFPZAM2";

TEST(DecisionLog, RecordsEveryHookDecisionWithoutSecrets) {
  GitSandbox sandbox;
  sandbox.commit_file("README.md", "# demo\n");
  sandbox.install_hooks();
  sandbox.write("app.env", "KEY=" + kAwsKeyId + "\n");
  sandbox.git("add app.env");
  EXPECT_NE(sandbox.run("git commit -m 'feat: add settings'").exit_code, 0);
  sandbox.write("app.env", "KEY=from-the-environment\n");
  sandbox.git("add app.env");
  EXPECT_EQ(sandbox.run("git commit -m 'feat: add settings'").exit_code, 0);

  const std::string log = sandbox.run("cat .git/agentops/decisions.jsonl").out;
  EXPECT_NE(log.find("\"stage\":\"pre-commit\",\"decision\":\"block\""), std::string::npos) << log;
  EXPECT_NE(log.find("\"rule\":\"secret.aws-access-key-id\",\"severity\":\"block\",\"path\":\"app.env\",\"line\":1"),
            std::string::npos) << log;
  EXPECT_NE(log.find("\"stage\":\"commit-msg\",\"decision\":\"allow\""), std::string::npos) << log;
  EXPECT_EQ(log.find(kAwsKeyId), std::string::npos);
  EXPECT_EQ(log.find("AKIA"), std::string::npos) << "not even a redacted excerpt";

  const CommandResult report = sandbox.run(quote(bin("agentops")) + " report");
  EXPECT_EQ(report.exit_code, 0) << report.err;
  EXPECT_NE(report.out.find("pre-commit        1 allowed      1 blocked"), std::string::npos) << report.out;
  EXPECT_NE(report.out.find("secret.aws-access-key-id"), std::string::npos) << report.out;
}

TEST(DecisionLog, OffWhenThePolicySaysSo) {
  GitSandbox sandbox;
  sandbox.commit_file(".agentops/policy.toml", "version = 1\n[telemetry]\nenabled = false\n");
  sandbox.install_hooks();
  sandbox.write("a.txt", "a\n");
  sandbox.git("add a.txt");
  EXPECT_EQ(sandbox.run("git commit -m 'feat: add a'").exit_code, 0);
  EXPECT_NE(sandbox.run("test -e .git/agentops/decisions.jsonl").exit_code, 0);
  EXPECT_NE(sandbox.run(quote(bin("agentops")) + " report").out.find("none recorded yet"), std::string::npos);
}

TEST(DecisionLog, AnUnwritableLogNeverChangesTheDecision) {
  GitSandbox sandbox;
  sandbox.commit_file("README.md", "# demo\n");
  sandbox.install_hooks();
  // A file where the log's directory should be: no one, not even root, can write the log.
  sandbox.run("touch .git/agentops");
  sandbox.write("a.txt", "a\n");
  sandbox.git("add a.txt");
  const CommandResult result = sandbox.run("git commit -m 'feat: add a'");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(sandbox.commit_count(), 2);
  EXPECT_NE(result.err.find("decision not recorded"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace agentops
