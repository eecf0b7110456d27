// verify_approval with real keys: every state a signed approval can be in.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "approval/ssh_keygen.h"
#include "approval/ssh_signature.h"
#include "approval/verifier.h"
#include "approval_keys.h"

namespace agentops::approval {
namespace {

constexpr const char* kPayload = "agentops-approval 1\nprotected .agentops/policy.toml 0123abcd\n";

class SignedApproval : public ::testing::Test {
 protected:
  void SetUp() override {
    alice_key = keys.make("alice");
    bob_key = keys.make("bob");
    mallory_key = keys.make("mallory");
  }

  // The trailer value `principal` gets by signing `payload` with `key` in `name_space`.
  std::string approval(const std::string& principal, const std::string& key, const std::string& payload = kPayload,
                       const std::string& name_space = kApprovalNamespace) {
    auto signature = ssh_sign(keys.private_key(key), name_space, payload);
    EXPECT_TRUE(signature) << signature.error().message;
    if (!signature) return "";
    return principal + " " + *one_line(*signature);
  }

  ApprovalSubject subject(std::vector<Trailer> trailers) const {
    ApprovalSubject subject;
    subject.payload = kPayload;
    subject.trailers = std::move(trailers);
    subject.author = "Agent Smith <agent@example.com>";
    subject.committer = "Agent Smith <agent@example.com>";
    return subject;
  }

  TrustFiles trust(const std::string& allowed_signers) const {
    TrustFiles trust;
    trust.loaded = true;
    trust.read_from = "tree 0123abcd";
    trust.allowed_signers = allowed_signers;
    return trust;
  }

  ApprovalVerdict verify(const std::vector<Trailer>& trailers, const std::string& allowed_signers) {
    return verify_change(subject(trailers), allowed_signers);
  }
  ApprovalVerdict verify_change(const ApprovalSubject& change, const std::string& allowed_signers) {
    auto verdict = verify_approval(change, trust(allowed_signers), gates);
    EXPECT_TRUE(verdict) << verdict.error().message;
    return verdict ? *verdict : ApprovalVerdict{};
  }

  std::string alice_listed() const { return "alice@example.com " + alice_key + "\n"; }

  testing::SshKeys keys;
  std::string alice_key, bob_key, mallory_key;
  GatesPolicy gates;
};

TEST_F(SignedApproval, VerifiesAnAllowedNonContributorOverThisPayload) {
  const auto verdict = verify({{"Agentops-Approval", approval("alice@example.com", "alice")}}, alice_listed());
  EXPECT_EQ(verdict.state, ApprovalState::verified) << verdict.detail;
  EXPECT_EQ(verdict.principal, "alice@example.com");
  EXPECT_EQ(verdict.fingerprint.rfind("SHA256:", 0), 0u);
  EXPECT_EQ(verdict.approvers, (std::vector<std::string>{"alice@example.com"}));
  EXPECT_STREQ(to_string(verdict.state), "verified");
}

TEST_F(SignedApproval, TrailerKeyComparesWithoutCase) {
  const auto verdict = verify({{"agentops-approval", approval("alice@example.com", "alice")}}, alice_listed());
  EXPECT_EQ(verdict.state, ApprovalState::verified) << verdict.detail;
}

TEST_F(SignedApproval, RefusesTheSameSignatureOnChangedContent) {
  auto change = subject({{"Agentops-Approval", approval("alice@example.com", "alice")}});
  change.payload += "protected .github/workflows/ci.yml 4567cdef\n";
  const auto verdict = verify_change(change, alice_listed());
  EXPECT_EQ(verdict.state, ApprovalState::other_content) << verdict.detail;
  EXPECT_NE(verdict.detail.find("alice@example.com"), std::string::npos);
  EXPECT_STREQ(to_string(verdict.state), "other-content");
}

TEST_F(SignedApproval, RefusesASignatureInAnotherNamespace) {
  const auto verdict = verify({{"Agentops-Approval", approval("alice@example.com", "alice", kPayload, "git")}},
                              alice_listed());
  EXPECT_EQ(verdict.state, ApprovalState::malformed) << verdict.detail;
  EXPECT_NE(verdict.detail.find("\"git\""), std::string::npos) << verdict.detail;
}

TEST_F(SignedApproval, RefusesAKeyTheBaseDoesNotList) {
  const auto verdict = verify({{"Agentops-Approval", approval("alice@example.com", "mallory")}}, alice_listed());
  EXPECT_EQ(verdict.state, ApprovalState::unknown_key) << verdict.detail;
  EXPECT_NE(verdict.detail.find("do not list"), std::string::npos) << verdict.detail;
  EXPECT_FALSE(verdict.fingerprint.empty());
  EXPECT_STREQ(to_string(verdict.state), "unknown-key");
}

TEST_F(SignedApproval, RefusesAListedKeyClaimingAnotherPrincipal) {
  const std::string signers = alice_listed() + "bob@example.com " + bob_key + "\n";
  const auto verdict = verify({{"Agentops-Approval", approval("bob@example.com", "alice")}}, signers);
  EXPECT_EQ(verdict.state, ApprovalState::unknown_key) << verdict.detail;
  EXPECT_NE(verdict.detail.find("list for alice@example.com, not for bob@example.com"), std::string::npos)
      << verdict.detail;
}

TEST_F(SignedApproval, RefusesAKeyListedOnlyForAnotherNamespace) {
  const auto verdict = verify({{"Agentops-Approval", approval("alice@example.com", "alice")}},
                              "alice@example.com namespaces=\"git\" " + alice_key + "\n" + "bob@example.com " +
                                  bob_key + "\n");
  EXPECT_EQ(verdict.state, ApprovalState::unknown_key) << verdict.detail;
  EXPECT_NE(verdict.detail.find("not for namespace agentops-approval@v1"), std::string::npos) << verdict.detail;
  EXPECT_EQ(verdict.approvers, (std::vector<std::string>{"bob@example.com"}));
}

TEST_F(SignedApproval, AWildcardPrincipalApprovesForItsDomain) {
  const auto verdict = verify({{"Agentops-Approval", approval("alice@reviewers.example", "alice")}},
                              "*@reviewers.example " + alice_key + "\n");
  EXPECT_EQ(verdict.state, ApprovalState::verified) << verdict.detail;
  EXPECT_EQ(verdict.approvers, (std::vector<std::string>{"*@reviewers.example"}));
}

TEST_F(SignedApproval, ANegatedPatternRefusesThePrincipalItNames) {
  const auto verdict = verify({{"Agentops-Approval", approval("eve@reviewers.example", "alice")}},
                              "*@reviewers.example,!eve@reviewers.example " + alice_key + "\n");
  EXPECT_EQ(verdict.state, ApprovalState::unknown_key) << verdict.detail;
}

TEST_F(SignedApproval, RefusesAKeyWhoseValidBeforeHasPassed) {
  const auto verdict = verify({{"Agentops-Approval", approval("alice@example.com", "alice")}},
                              "alice@example.com valid-before=\"20200101Z\" " + alice_key + "\n");
  EXPECT_EQ(verdict.state, ApprovalState::expired) << verdict.detail;
  EXPECT_NE(verdict.detail.find("valid-before 2020-01-01 UTC has passed"), std::string::npos) << verdict.detail;
}

TEST_F(SignedApproval, RefusesAKeyNotValidYet) {
  const auto verdict = verify({{"Agentops-Approval", approval("alice@example.com", "alice")}},
                              "alice@example.com valid-after=\"29990101\" " + alice_key + "\n");
  EXPECT_EQ(verdict.state, ApprovalState::expired) << verdict.detail;
  EXPECT_NE(verdict.detail.find("not valid yet"), std::string::npos) << verdict.detail;
}

TEST_F(SignedApproval, PassesAKeyInsideItsValidityWindow) {
  const auto verdict = verify({{"Agentops-Approval", approval("alice@example.com", "alice")}},
                              "alice@example.com valid-after=\"20200101\",valid-before=\"29990101\" " + alice_key + "\n");
  EXPECT_EQ(verdict.state, ApprovalState::verified) << verdict.detail;
}

TEST_F(SignedApproval, RefusesTheAuthorApprovingTheirOwnChangeByEmail) {
  auto change = subject({{"Agentops-Approval", approval("Alice@Example.com", "alice")}});
  change.author = "Alice <alice@example.com>";
  const auto verdict = verify_change(change, "alice@example.com,Alice@Example.com " + alice_key + "\n");
  EXPECT_EQ(verdict.state, ApprovalState::self_approval) << verdict.detail;
  EXPECT_NE(verdict.detail.find("author"), std::string::npos) << verdict.detail;
  EXPECT_STREQ(to_string(verdict.state), "self-approval");
}

TEST_F(SignedApproval, RefusesTheCommitterApprovingByName) {
  auto change = subject({{"Agentops-Approval", approval("Carol Reviewer", "alice")}});
  change.committer = "Carol Reviewer <carol@example.com>";
  const auto verdict = verify_change(change, "\"Carol Reviewer\" " + alice_key + "\n");
  EXPECT_EQ(verdict.state, ApprovalState::self_approval) << verdict.detail;
  EXPECT_NE(verdict.detail.find("committer"), std::string::npos) << verdict.detail;
}

TEST_F(SignedApproval, RefusesTheAuthorsKeyUnderAnotherPrincipal) {
  // The author's key is listed for their email and for a team alias: signing as the alias is still the author.
  auto change = subject({{"Agentops-Approval", approval("reviewers@example.com", "alice")}});
  change.author = "Alice <alice@example.com>";
  const auto verdict = verify_change(change, "alice@example.com,reviewers@example.com " + alice_key + "\n");
  EXPECT_EQ(verdict.state, ApprovalState::self_approval) << verdict.detail;
  EXPECT_NE(verdict.detail.find("alice@example.com"), std::string::npos) << verdict.detail;
}

TEST_F(SignedApproval, MalformedTrailersAreSaidToBe) {
  const std::string signers = alice_listed();
  for (const std::string value : {"alice@example.com", "", "alice@example.com not-base64!",
                                  "alice@example.com aGVsbG8=", " AAAA"}) {
    const auto verdict = verify({{"Agentops-Approval", value}}, signers);
    EXPECT_EQ(verdict.state, ApprovalState::malformed) << "'" << value << "': " << verdict.detail;
    EXPECT_EQ(verdict.approvers, (std::vector<std::string>{"alice@example.com"}));
  }
  // The armored form is not the one-line form a trailer carries.
  auto signature = ssh_sign(keys.private_key("alice"), kApprovalNamespace, kPayload);
  ASSERT_TRUE(signature);
  EXPECT_EQ(verify({{"Agentops-Approval", "alice@example.com " + *signature}}, signers).state, ApprovalState::malformed);
}

TEST_F(SignedApproval, NoTrailerIsNoneAndATypedTrailerIsTyped) {
  EXPECT_EQ(verify({{"Signed-off-by", "Agent <agent@example.com>"}}, alice_listed()).state, ApprovalState::none);
  const auto typed = verify({{"human-approved-by", "Alice <alice@example.com>"}}, alice_listed());
  EXPECT_EQ(typed.state, ApprovalState::typed);
  EXPECT_NE(typed.detail.find("Human-Approved-by"), std::string::npos) << typed.detail;
  EXPECT_EQ(typed.approvers, (std::vector<std::string>{"alice@example.com"}));
}

TEST_F(SignedApproval, NoAllowedSignersOnTheBaseIsNoSigners) {
  TrustFiles none;
  none.loaded = true;
  none.read_from = "tree 0123abcd";
  auto verdict = verify_approval(subject({{"Agentops-Approval", approval("alice@example.com", "alice")}}), none, gates);
  ASSERT_TRUE(verdict) << verdict.error().message;
  EXPECT_EQ(verdict->state, ApprovalState::no_signers);
  EXPECT_NE(verdict->detail.find(".agentops/allowed_signers"), std::string::npos) << verdict->detail;
  EXPECT_NE(verdict->detail.find("base side: tree 0123abcd"), std::string::npos) << verdict->detail;
  EXPECT_STREQ(to_string(verdict->state), "no-signers");
  EXPECT_EQ(verify({{"Agentops-Approval", approval("alice@example.com", "alice")}},
                   "bob@example.com namespaces=\"git\" " + bob_key + "\n")
                .state,
            ApprovalState::no_signers);
  const auto broken = verify({{"Agentops-Approval", approval("alice@example.com", "alice")}},
                             alice_listed() + "bob@example.com frobnicate " + bob_key + "\n");
  EXPECT_EQ(broken.state, ApprovalState::no_signers);
  EXPECT_NE(broken.detail.find("line 2"), std::string::npos) << broken.detail;
}

TEST_F(SignedApproval, AnyVerifiedTrailerCountsElseTheLastRefusal) {
  const std::string signers = alice_listed() + "bob@example.com " + bob_key + "\n";
  const auto good = verify({{"Agentops-Approval", approval("mallory@example.com", "mallory")},
                            {"Agentops-Approval", approval("bob@example.com", "bob")},
                            {"Agentops-Approval", "garbage"}},
                           signers);
  EXPECT_EQ(good.state, ApprovalState::verified) << good.detail;
  EXPECT_EQ(good.principal, "bob@example.com");
  const auto refused = verify({{"Agentops-Approval", "garbage"},
                               {"Agentops-Approval", approval("mallory@example.com", "mallory")}},
                              signers);
  EXPECT_EQ(refused.state, ApprovalState::unknown_key) << refused.detail;
  EXPECT_EQ(refused.principal, "mallory@example.com");
  EXPECT_EQ(refused.approvers, (std::vector<std::string>{"alice@example.com", "bob@example.com"}));
}

TEST_F(SignedApproval, RefusalFindingNamesTheStateWhoMayApproveAndTheCommand) {
  const auto verdict = verify({{"Agentops-Approval", approval("bob@example.com", "mallory")}}, alice_listed());
  const Finding finding = refusal_finding(verdict, gates);
  EXPECT_EQ(finding.rule, "gate.signed-approval");
  EXPECT_EQ(finding.severity, Severity::gate);
  EXPECT_NE(finding.message.find("the approval by bob@example.com is signed with key SHA256:"), std::string::npos)
      << finding.message;
  EXPECT_NE(finding.message.find("the base's allowed signers do not list"), std::string::npos) << finding.message;
  EXPECT_NE(finding.hint.find("alice@example.com"), std::string::npos) << finding.hint;
  EXPECT_NE(finding.hint.find("agentops approve --staged"), std::string::npos) << finding.hint;
  EXPECT_NE(finding.hint.find("git commit --amend --no-edit --trailer"), std::string::npos) << finding.hint;
  ASSERT_TRUE(finding.approval);
  EXPECT_EQ(finding.approval->state, "unknown-key");
  EXPECT_EQ(finding.approval->principal, "bob@example.com");
  EXPECT_EQ(finding.approval->key, verdict.fingerprint);
  EXPECT_FALSE(finding.approval->reason.empty());

  TrustFiles none;
  auto no_signers = verify_approval(subject({}), none, gates);
  ASSERT_TRUE(no_signers);
  EXPECT_EQ(no_signers->state, ApprovalState::none);
  const Finding bootstrap = refusal_finding(
      *verify_approval(subject({{"Agentops-Approval", approval("alice@example.com", "alice")}}), none, gates), gates);
  EXPECT_NE(bootstrap.hint.find("base branch"), std::string::npos) << bootstrap.hint;
}

// PATH pointing at an empty directory for one test.
class EmptyPath {
 public:
  explicit EmptyPath(const std::string& directory) {
    const char* path = std::getenv("PATH");
    saved_ = path ? path : "";
    ::setenv("PATH", directory.c_str(), 1);
  }
  ~EmptyPath() { ::setenv("PATH", saved_.c_str(), 1); }

 private:
  std::string saved_;
};

TEST_F(SignedApproval, SshKeygenAbsentIsAnErrorNeverAnApproval) {
  const std::string value = approval("alice@example.com", "alice");
  EmptyPath empty(keys.directory().root());
  auto verdict = verify_approval(subject({{"Agentops-Approval", value}}), trust(alice_listed()), gates);
  ASSERT_FALSE(verdict);
  EXPECT_NE(verdict.error().message.find("ssh-keygen"), std::string::npos) << verdict.error().message;
}

}  // namespace
}  // namespace agentops::approval
