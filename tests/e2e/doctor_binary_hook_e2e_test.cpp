// doctor on a hook that is the agentops binary itself (linked or copied into
// .git/hooks): the binary holds agentops' hook marker (it writes hook
// scripts), so it must not be read as agentops' script, and it runs as the
// hook git calls it for (multicall/main.cpp).
#include <gtest/gtest.h>

#include <string>

#include "git_sandbox.h"

namespace agentops {
namespace {

using testing::bin;
using testing::bin_dir;
using testing::CommandResult;
using testing::GitSandbox;
using testing::quote;

CommandResult doctor(const GitSandbox& sandbox) {
  return sandbox.run("PATH=" + quote(bin_dir()) + ":\"$PATH\" " + quote(bin("agentops")) + " doctor --no-canary");
}

TEST(DoctorBinaryHook, TheBinaryLinkedOrCopiedUnderTheHooksNameReachesAgentops) {
  for (const std::string& way : {"ln -s " + quote(bin("agentops-pre-commit")), "ln -s " + quote(bin("agentops")),
                                "cp " + quote(bin("agentops"))}) {
    GitSandbox sandbox;
    sandbox.commit_file("README", "readme\n");
    ASSERT_EQ(sandbox.run(way + " .git/hooks/pre-commit").exit_code, 0) << way;
    const CommandResult result = doctor(sandbox);
    EXPECT_NE(result.out.find("pre-commit: reached"), std::string::npos) << way << "\n" << result.out;
    EXPECT_NE(result.out.find("is the agentops binary itself"), std::string::npos) << way << "\n" << result.out;
    EXPECT_EQ(result.out.find("agentops' hook script"), std::string::npos) << way << "\n" << result.out;
  }
}

TEST(DoctorBinaryHook, ALinkToAnotherHooksNameIsNotReached) {
  GitSandbox sandbox;
  sandbox.commit_file("README", "readme\n");
  sandbox.run("ln -s " + quote(bin("agentops-commit-msg")) + " .git/hooks/pre-commit");
  const CommandResult result = doctor(sandbox);
  EXPECT_NE(result.out.find("pre-commit: NOT REACHED"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("which runs agentops-commit-msg, not agentops-pre-commit"), std::string::npos) << result.out;
}

}  // namespace
}  // namespace agentops
