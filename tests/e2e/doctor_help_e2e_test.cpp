// `agentops-<hook> --help` in a hook manager's config prints a usage and exits
// 0 without checking anything: doctor must not count it as reaching agentops.
// The real managers show what happens: the staged AWS key is committed.
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

const std::string kAwsKeyId = std::string("AKIA") + "QYLPMN5HHHFPZAM2";

class DoctorHelp : public ::testing::Test {
 protected:
  void SetUp() override { sandbox.commit_file("README.md", "# demo\n", "docs: start"); }
  std::string with_path(const std::string& tool = "") const {
    std::string path = bin_dir();
    if (!tool.empty()) path += ":" + std::filesystem::path(tool).parent_path().string();
    return "PATH=" + quote(path) + ":\"$PATH\" PRE_COMMIT_HOME=" + quote(sandbox.path(".git/pre-commit-home")) + " ";
  }
  CommandResult doctor(const std::string& tool = "") const {
    return sandbox.run(with_path(tool) + quote(bin("agentops")) + " doctor --no-canary");
  }
  CommandResult commit_aws_key(const std::string& tool = "") const {
    sandbox.write("config/app.env", "AWS_ACCESS_KEY_ID=" + kAwsKeyId + "\n");
    sandbox.git("add config/app.env");
    return sandbox.run(with_path(tool) + "git commit -m 'feat: add config'");
  }
  GitSandbox sandbox;
};

TEST_F(DoctorHelp, ALefthookCommandAskingForHelpIsNotReached) {
  const std::string lefthook = require_peer_tool("lefthook");
  if (lefthook.empty()) return;
  sandbox.commit_file("lefthook.yml", "pre-commit:\n  commands:\n    agentops:\n      run: agentops-pre-commit --help\n",
                      "chore: lefthook");
  ASSERT_EQ(sandbox.run(with_path(lefthook) + quote(lefthook) + " install").exit_code, 0);
  const CommandResult result = doctor(lefthook);
  EXPECT_EQ(result.exit_code, 1) << result.out;
  EXPECT_NE(result.out.find("pre-commit: NOT REACHED"), std::string::npos) << result.out;
  EXPECT_EQ(commit_aws_key(lefthook).exit_code, 0) << "what doctor reports is what happens";
}

TEST_F(DoctorHelp, APreCommitFrameworkHookAskingForHelpIsNotReached) {
  const std::string framework = require_peer_tool("pre-commit");
  if (framework.empty()) return;
  const std::string hook_head =
      "repos:\n  - repo: local\n    hooks:\n      - id: agentops-pre-commit\n        name: agentops\n"
      "        language: system\n        pass_filenames: false\n        always_run: true\n";
  for (const std::string how : {"        entry: agentops-pre-commit -h\n",
                                "        entry: agentops-pre-commit\n        args: [--help]\n",
                                "        entry: agentops-pre-commit\n        args: [\"--help\"]\n"}) {
    sandbox.write(".pre-commit-config.yaml", hook_head + how);
    ASSERT_EQ(sandbox.run(with_path() + quote(framework) + " install").exit_code, 0);
    const CommandResult result = doctor();
    EXPECT_EQ(result.exit_code, 1) << how << result.out;
    EXPECT_NE(result.out.find("pre-commit: NOT REACHED"), std::string::npos) << how << result.out;
  }
  EXPECT_EQ(commit_aws_key().exit_code, 0) << "what doctor reports is what happens";
}

TEST_F(DoctorHelp, AHuskyLineAskingForHelpIsNotReachedAndTheContractLineIs) {
  const std::string husky = require_peer_tool("husky");
  if (husky.empty()) return;
  ASSERT_EQ(sandbox.run(with_path(husky) + quote(husky)).exit_code, 0);
  sandbox.write(".husky/pre-commit", "agentops-pre-commit --help\n");
  CommandResult result = doctor(husky);
  EXPECT_NE(result.out.find("pre-commit: NOT REACHED"), std::string::npos) << result.out;
  sandbox.write(".husky/pre-commit", "agentops-pre-commit\n");
  result = doctor(husky);
  EXPECT_EQ(result.out.find("pre-commit: NOT REACHED"), std::string::npos) << result.out;
}

}  // namespace
}  // namespace agentops
