// What a push would update, worked out without git's stdin, against git's own
// answer: `git push --dry-run --porcelain` in the same repository.
#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "agentops/push.h"
#include "git_sandbox.h"

namespace agentops {
namespace {

using testing::GitSandbox;
using testing::quote;

class PushTarget : public ::testing::Test {
 protected:
  void SetUp() override {
    remote.run("git init -q --bare -b main .");
    client.commit_file("README.md", "# demo\n");
    client.git("remote add origin " + quote(remote.root()));
    client.git("push -q -u origin main");
  }

  // "local:remote" for every ref git would update; nullopt when git refuses.
  std::optional<std::set<std::string>> git_answer() const {
    const auto result = client.run("git push --dry-run --porcelain --no-verify");
    if (result.exit_code != 0) return std::nullopt;
    std::set<std::string> pairs;
    std::istringstream lines(result.out);
    std::string line;
    while (std::getline(lines, line)) {
      if (line.size() < 2 || line[1] != '\t' || line[0] == '=') continue;  // "To ...", "Done", up to date
      const size_t end = line.find('\t', 2);
      pairs.insert(line.substr(2, end - 2));
    }
    return pairs;
  }

  std::optional<std::set<std::string>> our_answer() const {
    auto repo = git::open_repository(git::OpenOptions{client.root(), false});
    EXPECT_TRUE(repo.ok());
    auto updates = updates_without_stdin(*repo, "", PreCommitPushEnvironment{});
    if (!updates) return std::nullopt;
    std::set<std::string> pairs;
    for (const auto& update : *updates) pairs.insert(update.local_ref + ":" + update.remote_ref);
    return pairs;
  }

  void expect_same_as_git() const {
    const auto git = git_answer();
    const auto ours = our_answer();
    ASSERT_EQ(git.has_value(), ours.has_value()) << (git ? "git pushes, agentops cannot tell" : "git refuses, agentops answers");
    if (git) {
      EXPECT_EQ(*git, *ours);
    }
  }

  GitSandbox remote{false};
  GitSandbox client;
};

TEST_F(PushTarget, SimplePushOfTheUpstreamBranchMatchesGit) {
  client.commit_file("a.txt", "a\n", "feat: a");
  expect_same_as_git();
  EXPECT_EQ(*our_answer(), std::set<std::string>{"refs/heads/main:refs/heads/main"});
}

TEST_F(PushTarget, BranchWithoutUpstreamIsRefusedUnderSimpleAsGitDoes) {
  client.git("switch -q -c feature");
  client.commit_file("b.txt", "b\n", "feat: b");
  expect_same_as_git();
  EXPECT_FALSE(our_answer().has_value());
}

TEST_F(PushTarget, AutoSetupRemotePushesTheCurrentBranchAsGitDoes) {
  client.git("config push.autoSetupRemote true");
  client.git("switch -q -c feature");
  client.commit_file("b.txt", "b\n", "feat: b");
  expect_same_as_git();
  EXPECT_EQ(*our_answer(), std::set<std::string>{"refs/heads/feature:refs/heads/feature"});
}

TEST_F(PushTarget, PushDefaultCurrentMatchesGit) {
  client.git("config push.default current");
  client.git("switch -q -c feature");
  client.commit_file("b.txt", "b\n", "feat: b");
  expect_same_as_git();
}

TEST_F(PushTarget, PushDefaultUpstreamPushesToTheMergeBranchAsGitDoes) {
  client.git("config push.default upstream");
  client.git("switch -q -c work --track origin/main");
  client.commit_file("b.txt", "b\n", "feat: b");
  expect_same_as_git();
  EXPECT_EQ(*our_answer(), std::set<std::string>{"refs/heads/work:refs/heads/main"});
}

TEST_F(PushTarget, SimpleRefusesAnUpstreamOfAnotherNameAsGitDoes) {
  client.git("switch -q -c work --track origin/main");
  client.commit_file("b.txt", "b\n", "feat: b");
  expect_same_as_git();
  EXPECT_FALSE(our_answer().has_value());
}

TEST_F(PushTarget, PushDefaultNothingAndDetachedHeadAreRefusedAsGitDoes) {
  client.commit_file("a.txt", "a\n", "feat: a");
  client.git("config push.default nothing");
  expect_same_as_git();
  client.git("config --unset push.default");
  client.git("switch -q --detach");
  expect_same_as_git();
  EXPECT_FALSE(our_answer().has_value());
}

TEST_F(PushTarget, TriangularPushRemoteGoesToTheCurrentBranchNameAsGitDoes) {
  GitSandbox fork{false};
  fork.run("git init -q --bare -b main .");
  client.git("remote add fork " + quote(fork.root()));
  client.git("config branch.main.pushRemote fork");
  client.commit_file("a.txt", "a\n", "feat: a");
  expect_same_as_git();
  EXPECT_EQ(*our_answer(), std::set<std::string>{"refs/heads/main:refs/heads/main"});
}

TEST_F(PushTarget, ConfiguredPushRefspecsMatchGit) {
  client.git("config remote.origin.push 'refs/heads/*:refs/heads/review/*'");
  client.git("branch topic");
  client.commit_file("a.txt", "a\n", "feat: a");
  expect_same_as_git();
  EXPECT_EQ(our_answer()->size(), 2u);
}

TEST_F(PushTarget, UpToDateBranchUpdatesNothingAsGitSays) {
  expect_same_as_git();
  EXPECT_TRUE(our_answer()->empty());
}

TEST_F(PushTarget, PreCommitFrameworkVariablesNameTheUpdate) {
  client.commit_file("a.txt", "a\n", "feat: a");
  auto repo = git::open_repository(git::OpenOptions{client.root(), false});
  ASSERT_TRUE(repo.ok());
  PreCommitPushEnvironment environment;
  environment.from_ref = client.git("rev-parse HEAD~1").substr(0, 40);
  environment.to_ref = client.git("rev-parse HEAD").substr(0, 40);
  environment.local_branch = "refs/heads/main";
  environment.remote_branch = "refs/heads/main";
  environment.remote_name = "origin";
  auto updates = updates_without_stdin(*repo, "", environment);
  ASSERT_TRUE(updates.ok()) << updates.error().message;
  ASSERT_EQ(updates->size(), 1u);
  EXPECT_EQ((*updates)[0].new_id, environment.to_ref);
  EXPECT_EQ((*updates)[0].old_id, environment.from_ref) << "the remote's own value, read from the bare remote";
  EXPECT_EQ((*updates)[0].remote_ref, "refs/heads/main");
}

}  // namespace
}  // namespace agentops
