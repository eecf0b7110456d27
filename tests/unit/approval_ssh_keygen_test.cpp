// ssh-keygen -Y driven for real, with fresh keys in a temporary directory.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "approval/ssh_keygen.h"
#include "approval_keys.h"

namespace agentops::approval {
namespace {

using testing::SshKeys;

constexpr const char* kNamespace = "agentops-approval@v1";

TEST(SshKeygen, SignsAndVerifiesWithAFreshKey) {
  SshKeys keys;
  const std::string alice = keys.make("alice");
  auto signature = ssh_sign(keys.private_key("alice"), kNamespace, "payload\n");
  ASSERT_TRUE(signature) << signature.error().message;
  EXPECT_EQ(signature->rfind("-----BEGIN SSH SIGNATURE-----\n", 0), 0u);
  auto verdict = ssh_verify("alice@example.com " + alice + "\n", "alice@example.com", kNamespace, *signature, "payload\n");
  ASSERT_TRUE(verdict) << verdict.error().message;
  EXPECT_TRUE(verdict->good) << verdict->message;
  EXPECT_EQ(verdict->principal, "alice@example.com");
  EXPECT_EQ(verdict->fingerprint.rfind("SHA256:", 0), 0u);
}

TEST(SshKeygen, RefusesATamperedPayloadWithItsMessage) {
  SshKeys keys;
  const std::string alice = keys.make("alice");
  auto signature = ssh_sign(keys.private_key("alice"), kNamespace, "payload\n");
  ASSERT_TRUE(signature);
  auto verdict = ssh_verify("alice@example.com " + alice + "\n", "alice@example.com", kNamespace, *signature, "payloaD\n");
  ASSERT_TRUE(verdict) << verdict.error().message;
  EXPECT_FALSE(verdict->good);
  EXPECT_TRUE(verdict->principal.empty());
  EXPECT_NE(verdict->message.find("incorrect signature"), std::string::npos) << verdict->message;
}

TEST(SshKeygen, RefusesAnotherPrincipalAndAnotherNamespace) {
  SshKeys keys;
  const std::string alice = keys.make("alice");
  auto signature = ssh_sign(keys.private_key("alice"), kNamespace, "p");
  ASSERT_TRUE(signature);
  const std::string signers = "alice@example.com " + alice + "\n";
  auto other_principal = ssh_verify(signers, "bob@example.com", kNamespace, *signature, "p");
  ASSERT_TRUE(other_principal);
  EXPECT_FALSE(other_principal->good);
  auto other_namespace = ssh_verify(signers, "alice@example.com", "git", *signature, "p");
  ASSERT_TRUE(other_namespace);
  EXPECT_FALSE(other_namespace->good);
  EXPECT_NE(other_namespace->message.find("namespace"), std::string::npos) << other_namespace->message;
}

TEST(SshKeygen, VerifyTimeDecidesValidBefore) {
  SshKeys keys;
  const std::string alice = keys.make("alice");
  auto signature = ssh_sign(keys.private_key("alice"), kNamespace, "p");
  ASSERT_TRUE(signature);
  const std::string signers = "alice@example.com valid-before=\"20200101Z\" " + alice + "\n";
  // 2019-06-01T00:00:00Z and 2021-01-01T00:00:00Z.
  auto before = ssh_verify(signers, "alice@example.com", kNamespace, *signature, "p", 1559347200LL);
  ASSERT_TRUE(before) << before.error().message;
  EXPECT_TRUE(before->good) << before->message;
  auto after = ssh_verify(signers, "alice@example.com", kNamespace, *signature, "p", 1609459200LL);
  ASSERT_TRUE(after);
  EXPECT_FALSE(after->good);
  EXPECT_NE(after->message.find("expired"), std::string::npos) << after->message;
  EXPECT_EQ(after->message.find("agentops-sshsig-"), std::string::npos) << "names no temporary path: " << after->message;
}

TEST(SshKeygen, CheckNovalidateSaysWhetherTheSignatureCoversThePayload) {
  SshKeys keys;
  keys.make("alice");
  auto signature = ssh_sign(keys.private_key("alice"), kNamespace, "p");
  ASSERT_TRUE(signature);
  auto covers = ssh_check_novalidate(kNamespace, *signature, "p");
  ASSERT_TRUE(covers) << covers.error().message;
  EXPECT_TRUE(covers->good) << covers->message;
  EXPECT_EQ(covers->fingerprint.rfind("SHA256:", 0), 0u);
  auto other = ssh_check_novalidate(kNamespace, *signature, "q");
  ASSERT_TRUE(other);
  EXPECT_FALSE(other->good);
}

TEST(SshKeygen, FindPrincipalsListsThoseTheKeyIsListedUnder) {
  SshKeys keys;
  const std::string alice = keys.make("alice");
  const std::string bob = keys.make("bob");
  auto signature = ssh_sign(keys.private_key("alice"), kNamespace, "p");
  ASSERT_TRUE(signature);
  auto listed = ssh_find_principals("alice@example.com,ops@example.com " + alice + "\n", *signature);
  ASSERT_TRUE(listed) << listed.error().message;
  EXPECT_EQ(*listed, (std::vector<std::string>{"alice@example.com", "ops@example.com"}));
  auto nobody = ssh_find_principals("bob@example.com " + bob + "\n", *signature);
  ASSERT_TRUE(nobody) << nobody.error().message;
  EXPECT_TRUE(nobody->empty());
}

TEST(SshKeygen, SigningWithAMissingKeyIsAnError) {
  auto signature = ssh_sign("/nonexistent/key", kNamespace, "p");
  EXPECT_FALSE(signature);
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

TEST(SshKeygen, AbsentFromPathIsAnErrorNotARefusal) {
  SshKeys keys;
  const std::string alice = keys.make("alice");
  auto signature = ssh_sign(keys.private_key("alice"), kNamespace, "p");
  ASSERT_TRUE(signature);
  EmptyPath empty(keys.directory().root());
  auto verdict = ssh_verify("alice@example.com " + alice + "\n", "alice@example.com", kNamespace, *signature, "p");
  ASSERT_FALSE(verdict);
  EXPECT_NE(verdict.error().message.find("ssh-keygen is not on PATH"), std::string::npos);
  EXPECT_FALSE(ssh_check_novalidate(kNamespace, *signature, "p"));
  EXPECT_FALSE(ssh_find_principals("", *signature));
  EXPECT_FALSE(ssh_sign(keys.private_key("alice"), kNamespace, "p"));
}

}  // namespace
}  // namespace agentops::approval
