// agentops-install against manager configs that would take a block without
// running it: lefthook reads only the first YAML document of its config.
#include <gtest/gtest.h>

#include <filesystem>
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

namespace agentops {
namespace {

TEST(ManagerConfigAttack, ConfigsWithoutAFinalNewlineComeBackByteForByte) {
  GitSandbox sandbox;
  const std::string lefthook = "pre-commit:\n  commands:\n    lint:\n      run: echo lint";
  sandbox.commit_file("lefthook.yml", lefthook);
  install_with_config(sandbox);
  EXPECT_NE(read(sandbox.path("lefthook.yml")).find("run: agentops-commit-msg {1}"), std::string::npos);
  InstallOptions options{sandbox.root(), testing::bin_dir()};
  ASSERT_TRUE(uninstall_hooks(options).ok());
  EXPECT_EQ(read(sandbox.path("lefthook.yml")), lefthook);

  GitSandbox framework;
  const std::string pre_commit = "repos:\n- repo: https://example.com/x\n  rev: v1\n  hooks:\n  - id: x";
  framework.commit_file(".pre-commit-config.yaml", pre_commit);
  install_with_config(framework);
  EXPECT_NE(read(framework.path(".pre-commit-config.yaml")).find("id: agentops-pre-push"), std::string::npos);
  ASSERT_TRUE(uninstall_hooks(InstallOptions{framework.root(), testing::bin_dir()}).ok());
  EXPECT_EQ(read(framework.path(".pre-commit-config.yaml")), pre_commit);
}

TEST(ManagerConfigAttack, ConfigsWithAFinalNewlineKeepIt) {
  GitSandbox sandbox;
  const std::string lefthook = "pre-commit:\n  commands:\n    lint:\n      run: echo lint\n";
  sandbox.commit_file("lefthook.yml", lefthook);
  install_with_config(sandbox);
  EXPECT_EQ(read(sandbox.path("lefthook.yml")).find("without a newline"), std::string::npos);
  ASSERT_TRUE(uninstall_hooks(InstallOptions{sandbox.root(), testing::bin_dir()}).ok());
  EXPECT_EQ(read(sandbox.path("lefthook.yml")), lefthook);
}

}  // namespace
}  // namespace agentops

namespace agentops {
namespace {

TEST(ManagerConfigAttack, ASymlinkedLefthookYmlStaysASymlinkAndItsTargetGetsTheBlock) {
  GitSandbox sandbox;
  const std::string config = "pre-commit:\n  commands:\n    lint:\n      run: echo lint\n";
  sandbox.write("conf/lefthook.yml", config);
  sandbox.run("ln -s conf/lefthook.yml lefthook.yml && git add . && git commit -q --no-verify -m 'chore: lefthook'");
  install_with_config(sandbox);
  EXPECT_TRUE(std::filesystem::is_symlink(sandbox.path("lefthook.yml")));
  EXPECT_NE(read(sandbox.path("conf/lefthook.yml")).find("run: agentops-pre-commit"), std::string::npos);
  ASSERT_TRUE(uninstall_hooks(InstallOptions{sandbox.root(), testing::bin_dir()}).ok());
  EXPECT_TRUE(std::filesystem::is_symlink(sandbox.path("lefthook.yml")));
  EXPECT_EQ(read(sandbox.path("conf/lefthook.yml")), config);
  EXPECT_EQ(sandbox.git("status --porcelain"), "");
}

}  // namespace
}  // namespace agentops

namespace agentops {
namespace {

TEST(ManagerConfigAttack, ASymlinkedLefthookYmlPointingOutsideIsNotWrittenThrough) {
  GitSandbox outside(false);
  const std::string profile = "export PATH=/usr/bin\n";
  outside.write("profile", profile);
  GitSandbox sandbox;
  sandbox.run("ln -s " + testing::quote(outside.path("profile")) + " lefthook.yml");
  InstallOptions options{sandbox.root(), testing::bin_dir()};
  options.write_manager_config = true;
  EXPECT_FALSE(install_hooks(options).ok());
  EXPECT_EQ(read(outside.path("profile")), profile);
  EXPECT_TRUE(std::filesystem::is_symlink(sandbox.path("lefthook.yml")));
}

}  // namespace
}  // namespace agentops
