// Attacks on the tuned presets through the real git binary: files the size
// limits do not count ([limits] exclude_paths) must not become a place to
// hide a secret from any layer.
#include <gtest/gtest.h>

#include <string>

#include "git_sandbox.h"

namespace agentops {
namespace {

using testing::bin;
using testing::CommandResult;
using testing::GitSandbox;
using testing::quote;

std::string agentops_cmd(const std::string& args) { return quote(bin("agentops")) + " " + args; }

// A minified bundle above the 8 MiB scan bound with a token at its end.
std::string huge_bundle_with_token() {
  std::string text;
  text.reserve(9u << 20);
  while (text.size() < (9u << 20)) text += "var a=1;";
  return text + "\nconst token = \"ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8\";\n";
}

TEST(ExcludedFromLimits, AnExcludedFileTooLargeToScanIsStillRefusedBySize) {
  GitSandbox sandbox;
  sandbox.commit_file("README.md", "# demo\n");
  sandbox.write("dist/bundle.min.js", huge_bundle_with_token());
  sandbox.git("add dist/bundle.min.js");
  const CommandResult staged = sandbox.run(agentops_cmd("check --staged"));
  EXPECT_EQ(staged.exit_code, 1) << staged.err;
  EXPECT_NE((staged.out + staged.err).find("limit.file-bytes"), std::string::npos) << staged.err;
  sandbox.git("commit -q --no-verify -m 'add bundle'");
  const CommandResult range = sandbox.run(agentops_cmd("check --range HEAD~1..HEAD"));
  EXPECT_EQ(range.exit_code, 1) << range.err;
  EXPECT_NE((range.out + range.err).find("limit.file-bytes"), std::string::npos) << range.err;
}

TEST(ExcludedFromLimits, AnExcludedFileAboveTheSizeLimitButScannedPasses) {
  GitSandbox sandbox;
  sandbox.commit_file("README.md", "# demo\n");
  sandbox.commit_policy("version = 1\n[limits]\nmax_file_bytes = 1000\n");
  std::string lockfile;
  while (lockfile.size() < 20000) lockfile += "\"left-pad\": \"1.3.0\",\n";
  sandbox.write("package-lock.json", lockfile);
  sandbox.git("add package-lock.json");
  const CommandResult staged = sandbox.run(agentops_cmd("check --staged"));
  EXPECT_EQ(staged.exit_code, 0) << staged.err;
  EXPECT_EQ((staged.out + staged.err).find("limit.file-bytes"), std::string::npos) << staged.err;
}

// policy init's proposal must do what its comments say: a rule it leaves at
// warn must warn when the proposal judges the same kind of change.
TEST(PolicyInitProposal, BinariesItRelaxesUnderStrictOnlyWarnWhileStrictItselfStillBlocks) {
  GitSandbox sandbox;
  sandbox.commit_file("README.md", "# demo\n");
  for (int i = 0; i < 3; ++i) sandbox.commit_file("assets/logo" + std::to_string(i) + ".png", std::string("\x89PNG\0\0\x01", 7));
  const CommandResult proposal = sandbox.run(agentops_cmd("policy init --preset strict --write"));
  ASSERT_EQ(proposal.exit_code, 0) << proposal.out << proposal.err;
  sandbox.git("switch -q -c work");  // strict refuses commits straight on main
  sandbox.write("assets/logo9.png", std::string("\x89PNG\0\0\x09", 7));
  sandbox.git("add assets/logo9.png");
  const CommandResult under_proposal = sandbox.run(agentops_cmd("check --staged --policy .agentops/policy.toml"));
  const std::string said = under_proposal.out + under_proposal.err;
  EXPECT_EQ(under_proposal.exit_code, 0) << said;
  EXPECT_NE(said.find("limit.binary-file] warn"), std::string::npos) << said;
  const CommandResult under_strict = sandbox.run(agentops_cmd("check --staged --preset strict"));
  EXPECT_EQ(under_strict.exit_code, 1) << under_strict.out << under_strict.err;
}

TEST(PolicyInitProposal, AShallowCloneIsReadAsFarAsItGoesAndTheProposalSaysSo) {
  GitSandbox origin;
  for (int i = 0; i < 4; ++i) origin.commit_file("src/f" + std::to_string(i) + ".c", "int f;\n");
  GitSandbox shallow(false);
  shallow.run("git clone -q --depth 2 " + quote("file://" + origin.root()) + " .");
  const CommandResult result = shallow.run(agentops_cmd("policy init"));
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(result.out.find("from the last 0 commits"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("The history ends early"), std::string::npos) << result.out;
  const CommandResult whole = origin.run(agentops_cmd("policy init"));
  ASSERT_EQ(whole.exit_code, 0) << whole.out << whole.err;
  EXPECT_NE(whole.out.find("from the last 4 commits"), std::string::npos) << whole.out;
  EXPECT_EQ(whole.out.find("The history ends early"), std::string::npos) << whole.out;
}

}  // namespace
}  // namespace agentops
