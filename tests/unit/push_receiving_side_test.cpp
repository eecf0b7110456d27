// What pre-push knows of a remote it cannot open (a network URL): its
// remote-tracking refs by fetch refspec, and the ids git read for this push.
#include <gtest/gtest.h>

#include <algorithm>

#include "git/raw_objects.h"
#include "git_sandbox.h"
#include "receiving_side.h"

namespace agentops::detail {
namespace {

using testing::GitSandbox;

std::string head_of(const GitSandbox& repo, const std::string& revision) {
  return repo.git("rev-parse " + revision).substr(0, 40);
}

bool knows(const ReceivingSide& side, const std::string& hex) {
  return std::any_of(side.known.begin(), side.known.end(), [&](const git_oid& id) { return git::hex_of(id) == hex; });
}

class NetworkRemote : public ::testing::Test {
 protected:
  void SetUp() override {
    sandbox.commit_file("a.txt", "a\n");
    main_id = head_of(sandbox, "HEAD");
    sandbox.commit_file("b.txt", "b\n");
    fork_id = head_of(sandbox, "HEAD");
    sandbox.git("remote add up ssh://git.example.invalid/up.git");
    sandbox.git("remote add up/fork ssh://git.example.invalid/fork.git");
    sandbox.git("update-ref refs/remotes/up/main " + main_id);
    sandbox.git("symbolic-ref refs/remotes/up/HEAD refs/remotes/up/main");
    sandbox.git("update-ref refs/remotes/up/fork/topic " + fork_id);
    auto opened = git::open_repository(git::OpenOptions{sandbox.root(), false});
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    repo = std::make_unique<git::Repository>(std::move(*opened));
  }
  GitSandbox sandbox;
  std::string main_id, fork_id;
  std::unique_ptr<git::Repository> repo;
};

TEST_F(NetworkRemote, TrackingRefsBelongToARemoteByItsFetchRefspec) {
  PushOptions options;
  options.remote = "up";
  options.url = "ssh://git.example.invalid/up.git";
  auto side = remote_side(*repo, {}, options);
  ASSERT_TRUE(side.ok()) << side.error().message;
  EXPECT_TRUE(knows(*side, main_id));
  EXPECT_FALSE(knows(*side, fork_id)) << "up/fork's refs are not up's";
  EXPECT_EQ(side->policy_ref, "refs/remotes/up/main");
  ASSERT_TRUE(side->policy_commit.has_value());
  EXPECT_EQ(git::hex_of(*side->policy_commit), main_id);
}

TEST_F(NetworkRemote, TheIdsGitReadFromTheRemoteOutrankItsTrackingRefs) {
  PushOptions options;
  options.remote = "up";
  options.url = "ssh://git.example.invalid/up.git";
  // The remote's main is really at fork_id (the tracking ref is stale).
  const RefUpdate update{"refs/heads/main", fork_id, "refs/heads/main", fork_id};
  auto side = remote_side(*repo, {update}, options);
  ASSERT_TRUE(side.ok()) << side.error().message;
  ASSERT_TRUE(side->policy_commit.has_value());
  EXPECT_EQ(git::hex_of(*side->policy_commit), fork_id);
  EXPECT_TRUE(knows(*side, fork_id));
}

TEST_F(NetworkRemote, AUrlIsMatchedToItsConfiguredRemote) {
  PushOptions options;
  options.remote = "ssh://git.example.invalid/up.git";
  options.url = "ssh://git.example.invalid/up.git";
  auto side = remote_side(*repo, {}, options);
  ASSERT_TRUE(side.ok()) << side.error().message;
  EXPECT_TRUE(knows(*side, main_id));
  EXPECT_EQ(side->policy_ref, "refs/remotes/up/main");
}

TEST_F(NetworkRemote, AnUnknownRemoteFallsBackToThisClonesMainLine) {
  PushOptions options;
  options.remote = "https://elsewhere.invalid/x.git";
  options.url = options.remote;
  auto side = remote_side(*repo, {}, options);
  ASSERT_TRUE(side.ok()) << side.error().message;
  EXPECT_TRUE(side->known.empty());
  EXPECT_EQ(side->policy_ref, "refs/heads/main");
}

}  // namespace
}  // namespace agentops::detail
