// agentops-install against manager configs that would take a block without
// running it: lefthook reads only the first YAML document of its config.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "agentops/install.h"
#include "git_sandbox.h"

namespace agentops {
namespace {

using testing::GitSandbox;

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

std::vector<HookAction> install_with_config(const GitSandbox& sandbox) {
  InstallOptions options{sandbox.root(), testing::bin_dir()};
  options.write_manager_config = true;
  auto actions = install_hooks(options);
  EXPECT_TRUE(actions.ok()) << actions.error().message;
  return actions.ok() ? *actions : std::vector<HookAction>{};
}

TEST(ManagerConfigAttack, LefthookConfigWithASecondDocumentIsNotReachedAndLeftAlone) {
  GitSandbox sandbox;
  const std::string config = "pre-commit:\n  commands:\n    lint:\n      run: echo lint\n---\nother: 1\n";
  sandbox.commit_file("lefthook.yml", config);
  for (const auto& action : install_with_config(sandbox)) {
    if (action.hook == "commit-msg" || action.hook == "pre-push" || action.hook == "pre-commit") {
      EXPECT_FALSE(action.reached) << action.hook << ": " << action.action;
    }
  }
  EXPECT_EQ(read(sandbox.path("lefthook.yml")), config);
}

TEST(ManagerConfigAttack, LefthookConfigStartingWithADocumentMarkerStillGetsTheBlocks) {
  GitSandbox sandbox;
  sandbox.commit_file("lefthook.yml", "---\npre-commit:\n  commands:\n    lint:\n      run: echo lint\n");
  install_with_config(sandbox);
  const std::string written = read(sandbox.path("lefthook.yml"));
  EXPECT_NE(written.find("run: agentops-pre-commit"), std::string::npos) << written;
  EXPECT_NE(written.find("run: agentops-pre-push {1} {2}"), std::string::npos) << written;
}

}  // namespace
}  // namespace agentops
