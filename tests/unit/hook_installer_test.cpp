// The installer keeps every hook that was there before.
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

InstallOptions options_for(const GitSandbox& sandbox) {
  return InstallOptions{sandbox.root(), testing::bin_dir()};
}

TEST(HookInstaller, InstallsAnExecutableHookThatCallsTheBinary) {
  GitSandbox sandbox;
  auto actions = install_hooks(options_for(sandbox));
  ASSERT_TRUE(actions.ok()) << actions.error().message;
  const std::string hook = sandbox.path(".git/hooks/pre-commit");
  EXPECT_NE(read(hook).find(testing::bin("agentops-pre-commit")), std::string::npos);
  EXPECT_TRUE((std::filesystem::status(hook).permissions() & std::filesystem::perms::owner_exec) !=
              std::filesystem::perms::none);
}

TEST(HookInstaller, KeepsAnExistingHookAndUninstallRestoresIt) {
  GitSandbox sandbox;
  const std::string original = "#!/bin/sh\necho mine\n";
  sandbox.write(".git/hooks/pre-commit", original);
  ASSERT_TRUE(install_hooks(options_for(sandbox)).ok());
  EXPECT_EQ(read(sandbox.path(".git/hooks/pre-commit.agentops-previous")), original);
  ASSERT_TRUE(install_hooks(options_for(sandbox)).ok()) << "reinstalling is idempotent";
  EXPECT_EQ(read(sandbox.path(".git/hooks/pre-commit.agentops-previous")), original);
  ASSERT_TRUE(uninstall_hooks(options_for(sandbox)).ok());
  EXPECT_EQ(read(sandbox.path(".git/hooks/pre-commit")), original);
  EXPECT_FALSE(std::filesystem::exists(sandbox.path(".git/hooks/pre-commit.agentops-previous")));
}

TEST(HookInstaller, RefusesWhenBothAForeignHookAndAKeptHookExist) {
  GitSandbox sandbox;
  sandbox.write(".git/hooks/pre-commit", "#!/bin/sh\necho one\n");
  sandbox.write(".git/hooks/pre-commit.agentops-previous", "#!/bin/sh\necho two\n");
  auto actions = install_hooks(options_for(sandbox));
  ASSERT_FALSE(actions.ok());
  EXPECT_NE(actions.error().message.find("refusing"), std::string::npos);
  EXPECT_EQ(read(sandbox.path(".git/hooks/pre-commit")), "#!/bin/sh\necho one\n");
}

TEST(HookInstaller, HonoursCoreHooksPath) {
  GitSandbox sandbox;
  GitSandbox elsewhere(false);
  sandbox.git("config core.hooksPath " + testing::quote(elsewhere.path("hooks")));
  ASSERT_TRUE(install_hooks(options_for(sandbox)).ok());
  EXPECT_TRUE(std::filesystem::exists(elsewhere.path("hooks/pre-commit")));
}

TEST(HookInstaller, LeavesAHooksPathInsideTheWorkingTreeAloneUnlessAsked) {
  GitSandbox sandbox;
  sandbox.git("config core.hooksPath .husky");
  sandbox.write(".husky/pre-commit", "#!/bin/sh\nnpm test\n");
  auto refused = install_hooks(options_for(sandbox));
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("inside a working tree"), std::string::npos) << refused.error().message;
  EXPECT_EQ(read(sandbox.path(".husky/pre-commit")), "#!/bin/sh\nnpm test\n");
  EXPECT_FALSE(std::filesystem::exists(sandbox.path(".husky/pre-commit.agentops-previous")));
  InstallOptions options = options_for(sandbox);
  options.into_working_tree = true;
  ASSERT_TRUE(install_hooks(options).ok());
  EXPECT_EQ(read(sandbox.path(".husky/pre-commit.agentops-previous")), "#!/bin/sh\nnpm test\n");
}

TEST(HookInstaller, ALinkedWorktreeDoesNotWriteIntoTheMainWorkingTree) {
  GitSandbox sandbox;
  sandbox.commit_file(".husky/pre-commit", "#!/bin/sh\nnpm test\n");
  sandbox.git("config core.hooksPath " + testing::quote(sandbox.path(".husky")));
  const std::string worktree = sandbox.root() + "-wt";
  sandbox.git("worktree add -q " + testing::quote(worktree));
  auto refused = install_hooks(InstallOptions{worktree, testing::bin_dir()});
  EXPECT_FALSE(refused.ok());
  EXPECT_EQ(read(sandbox.path(".husky/pre-commit")), "#!/bin/sh\nnpm test\n");
  testing::run_command("rm -rf " + testing::quote(worktree), "/");
}

TEST(HookInstaller, MissingExecutablesAreAnError) {
  GitSandbox sandbox;
  auto actions = install_hooks(InstallOptions{sandbox.root(), "/nonexistent"});
  ASSERT_FALSE(actions.ok());
  EXPECT_NE(actions.error().message.find("does not exist"), std::string::npos);
}

TEST(HookInstaller, OutsideARepositoryIsAnError) {
  GitSandbox directory(false);
  EXPECT_FALSE(install_hooks(options_for(directory)).ok());
}

TEST(HookScript, QuotesThePathAndFailsClosed) {
  const std::string script = hook_script(HookSpec{"pre-commit", "agentops-pre-commit", false},
                                         "/opt/it's here/agentops-pre-commit");
  EXPECT_NE(script.find("agentops='/opt/it'\\''s here/agentops-pre-commit'"), std::string::npos);
  EXPECT_NE(script.find("exit 2"), std::string::npos);
}

}  // namespace
}  // namespace agentops
