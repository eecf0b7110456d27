// agentops-install beside a hook manager whose config asks agentops-<hook> for
// --help (usage, exit 0, nothing checked): that is not "already calls", so
// agentops goes in for real and the staged AWS key is refused.
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

std::string with_path(const std::string& tool) {
  return "PATH=" + quote(bin_dir() + ":" + std::filesystem::path(tool).parent_path().string()) + ":\"$PATH\" ";
}

TEST(InstallHelp, ALefthookCommandAskingForHelpIsNotTakenForAgentops) {
  const std::string lefthook = require_peer_tool("lefthook");
  if (lefthook.empty()) return;
  GitSandbox sandbox;
  sandbox.commit_file("lefthook.yml", "pre-commit:\n  commands:\n    agentops:\n      run: agentops-pre-commit --help\n",
                      "chore: lefthook");
  ASSERT_EQ(sandbox.run(with_path(lefthook) + quote(lefthook) + " install").exit_code, 0);
  const CommandResult installed = sandbox.run(with_path(lefthook) + quote(bin("agentops-install")));
  EXPECT_EQ(installed.out.find("lefthook already calls agentops-pre-commit"), std::string::npos) << installed.out;
  sandbox.write("config.env", "AWS_ACCESS_KEY_ID=" + kAwsKeyId + "\n");
  sandbox.git("add config.env");
  const int commits = sandbox.commit_count();
  const CommandResult commit = sandbox.run(with_path(lefthook) + "git commit -q -m 'feat: add config'");
  EXPECT_NE(commit.exit_code, 0) << commit.out << commit.err;
  EXPECT_EQ(sandbox.commit_count(), commits);
}

TEST(InstallHelp, AHuskyLineAskingForHelpOrCommentedOutIsNotReached) {
  const std::string husky = require_peer_tool("husky");
  if (husky.empty()) return;
  for (const std::string line : {"agentops-pre-commit --help\n", "# agentops-pre-commit\n"}) {
    GitSandbox sandbox;
    sandbox.commit_file("README", "readme\n");
    ASSERT_EQ(sandbox.run(with_path(husky) + quote(husky)).exit_code, 0);
    sandbox.write(".husky/pre-commit", line);
    const CommandResult installed = sandbox.run(with_path(husky) + quote(bin("agentops-install")));
    EXPECT_EQ(installed.exit_code, 1) << line << installed.out;
    EXPECT_EQ(installed.out.find("husky already calls agentops-pre-commit"), std::string::npos) << line << installed.out;
  }
}

}  // namespace
}  // namespace agentops
