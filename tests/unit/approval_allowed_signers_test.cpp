// Allowed-signers files read as OpenSSH reads them; ssh-keygen is the oracle
// for which lines it accepts.
#include <gtest/gtest.h>

#include <ctime>
#include <string>
#include <vector>

#include "approval/allowed_signers.h"
#include "approval/ssh_keygen.h"
#include "approval/ssh_signature.h"
#include "approval_keys.h"

namespace agentops::approval {
namespace {

// A fixed, valid ed25519 public key line (the key is never used to sign).
constexpr const char* kKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKTt7lgczXkFzQneeP91PdMXr7N+gE8A0H2KbCBnSGeS";

AllowedSigner only(const std::string& text) {
  auto signers = parse_allowed_signers(text);
  EXPECT_TRUE(signers) << signers.error().message;
  if (!signers || signers->size() != 1) {
    ADD_FAILURE() << "expected one entry in: " << text;
    return {};
  }
  return signers->front();
}

TEST(AllowedSigners, ReadsPrincipalsKeyAndCommentSkippingCommentsAndBlankLines) {
  auto signers = parse_allowed_signers(std::string("# who may approve\n\n   \n  alice@example.com,bob@example.com ") +
                                       kKey + " alice's laptop\n# end\n");
  ASSERT_TRUE(signers) << signers.error().message;
  ASSERT_EQ(signers->size(), 1u);
  const auto& alice = signers->front();
  EXPECT_EQ(alice.line, 4u);
  EXPECT_EQ(alice.principals, (std::vector<std::string>{"alice@example.com", "bob@example.com"}));
  EXPECT_EQ(alice.key_type, "ssh-ed25519");
  EXPECT_EQ(alice.key_blob.size(), 4u + 11u + 4u + 32u);
  EXPECT_TRUE(alice.namespaces.empty());
  EXPECT_FALSE(alice.cert_authority);
}

TEST(AllowedSigners, ReadsOptionsInAnyCaseWithQuotedValues) {
  const auto signer = only(std::string("alice@example.com NAMESPACES=\"git,agentops-*\",Cert-Authority,"
                                       "valid-after=\"20200101\",valid-before=\"20300101123000Z\" ") + kKey);
  EXPECT_TRUE(signer.cert_authority);
  EXPECT_EQ(signer.namespaces, (std::vector<std::string>{"git", "agentops-*"}));
  EXPECT_EQ(signer.valid_after, "20200101");
  EXPECT_EQ(signer.valid_before, "20300101123000Z");
}

TEST(AllowedSigners, AQuotedPrincipalMayHoldSpaces) {
  const auto signer = only(std::string("\"Alice Example\" ") + kKey);
  EXPECT_EQ(signer.principals, (std::vector<std::string>{"Alice Example"}));
}

TEST(AllowedSigners, LinesSshKeygenRefusesAreErrorsNamingTheLine) {
  const std::string key = kKey;
  const std::vector<std::string> refused = {
      "alice@example.com",                                                   // no key
      "alice@example.com " + key.substr(0, key.find(' ')),                  // type without base64
      "alice@example.com ssh-ed25519 AAAAnotbase64",                         // bad base64
      "alice@example.com ssh-rsa " + key.substr(key.find(' ') + 1),         // type differs from the blob's
      "alice@example.com valid-before=20300101 " + key,                      // unquoted value
      "alice@example.com valid-before=\"2030010\" " + key,                   // bad time
      "alice@example.com valid-before=\"20301301\" " + key,                  // month 13
      "alice@example.com frobnicate " + key,                                 // unknown option
      "alice@example.com namespaces=\"git\",namespaces=\"x\" " + key,       // twice
      "alice@example.com namespaces=\"git\", " + key,                        // end-of-options after comma
      "alice@example.com namespaces=\"git " + key,                           // unclosed quote
      "alice@example.com valid-after=\"20300101\",valid-before=\"20200101\" " + key,  // before <= after
      "\"alice@example.com " + key,                                          // unclosed quoted principal
  };
  for (const auto& line : refused) {
    auto signers = parse_allowed_signers("# header\n" + line + "\n");
    ASSERT_FALSE(signers) << line;
    EXPECT_EQ(signers.error().message.rfind("line 2: ", 0), 0u) << signers.error().message;
  }
}

// ssh-keygen decides: a line it refuses makes its verification say so
// ("bad options", "invalid line", "missing key", "invalid key"); a line it
// accepts verifies (or refuses for another reason: time, namespace).
TEST(AllowedSigners, AcceptsExactlyTheLinesSshKeygenAccepts) {
  testing::SshKeys keys;
  const std::string key = keys.make("alice");
  const std::string base64 = key.substr(key.find(' ') + 1, key.rfind(' ') - key.find(' ') - 1);
  auto signature = ssh_sign(keys.private_key("alice"), "agentops-approval@v1", "p");
  ASSERT_TRUE(signature);
  const std::vector<std::string> lines = {
      "a@x " + key,
      "a@x   " + key + "   trailing comment words",
      "\"a@x\" " + key,
      "a@x namespaces=\"agentops-*\" " + key,
      "a@x NAMESPACES=\"git\" " + key,
      "a@x cert-authority " + key,
      "a@x cert-authority,namespaces=\"*\" " + key,
      "a@x valid-before=\"20300101\" " + key,
      "a@x valid-before=\"20300101UTC\" " + key,
      "a@x valid-after=\"202001011230\" " + key,
      "a@x valid-after=\"20200101123059Z\" " + key,
      "a@x valid-before=20300101 " + key,
      "a@x valid-before=\"2030010\" " + key,
      "a@x valid-before=\"2030-01-01\" " + key,
      "a@x frobnicate " + key,
      "a@x namespaces=\"git\", " + key,
      "a@x namespaces=\"a\",namespaces=\"b\" " + key,
      "a@x ssh-ed25519",
      "a@x",
      "a@x ssh-ed25519 " + base64.substr(0, base64.size() - 1),
      "a@x ssh-rsa " + base64,
      "a@x valid-after=\"20300101\",valid-before=\"20200101\" " + key,
  };
  for (const auto& line : lines) {
    auto verdict = ssh_verify(line + "\n", "a@x", "agentops-approval@v1", *signature, "p");
    ASSERT_TRUE(verdict) << verdict.error().message;
    const auto& said = verdict->message;
    const bool keygen_refused_line = said.find("bad options") != std::string::npos ||
                                     said.find("invalid line") != std::string::npos ||
                                     said.find("missing key") != std::string::npos ||
                                     said.find("invalid key") != std::string::npos;
    auto parsed = parse_allowed_signers(line + "\n");
    EXPECT_EQ(static_cast<bool>(parsed), !keygen_refused_line)
        << line << "\nssh-keygen: " << (verdict->good ? "good" : said)
        << "\nours: " << (parsed ? "accepted" : parsed.error().message);
  }
}

TEST(AllowedSigners, PrincipalPatternsMatchAsOpenSshDoes) {
  const auto team = only(std::string("*@example.com,!mallory@example.com,ops-?@corp ") + kKey);
  EXPECT_TRUE(principal_matches(team, "alice@example.com"));
  EXPECT_TRUE(principal_matches(team, "ops-1@corp"));
  EXPECT_FALSE(principal_matches(team, "ops-12@corp"));
  EXPECT_FALSE(principal_matches(team, "mallory@example.com"));  // a negation refuses whatever else matched
  EXPECT_FALSE(principal_matches(team, "alice@example.org"));
  EXPECT_FALSE(principal_matches(only(std::string("alice@example.com ") + kKey), "ALICE@example.com"));  // case-sensitive
  const auto everyone_but = only(std::string("*,!bob ") + kKey);
  EXPECT_TRUE(principal_matches(everyone_but, "carol"));
  EXPECT_FALSE(principal_matches(everyone_but, "bob"));
  const auto only_negation = only(std::string("!bob ") + kKey);
  EXPECT_FALSE(principal_matches(only_negation, "carol"));  // a negation alone allows nobody
}

TEST(AllowedSigners, PrincipalPatternsAgreeWithSshKeygen) {
  testing::SshKeys keys;
  const std::string key = keys.make("alice");
  auto signature = ssh_sign(keys.private_key("alice"), "agentops-approval@v1", "p");
  ASSERT_TRUE(signature);
  const std::vector<std::string> patterns = {"*@example.com,!mallory@example.com", "alice@example.com", "a*b?c", "!x,*", "*", "x,,y"};
  const std::vector<std::string> principals = {"alice@example.com", "ALICE@example.com", "mallory@example.com", "aXXbYc", "abc", "x", "y", ""};
  for (const auto& pattern : patterns) {
    const auto signer = only(pattern + " " + key);
    for (const auto& principal : principals) {
      if (principal.empty()) continue;  // ssh-keygen -I "" is a usage error
      auto verdict = ssh_verify(pattern + " " + key + "\n", principal, "agentops-approval@v1", *signature, "p");
      ASSERT_TRUE(verdict) << verdict.error().message;
      EXPECT_EQ(principal_matches(signer, principal), verdict->good) << pattern << " vs " << principal;
    }
  }
}

TEST(AllowedSigners, NamespacesAreAPatternListAndAbsentMeansAny) {
  EXPECT_TRUE(allows_namespace(only(std::string("a ") + kKey), "agentops-approval@v1"));
  const auto git_only = only(std::string("a namespaces=\"git\" ") + kKey);
  EXPECT_TRUE(allows_namespace(git_only, "git"));
  EXPECT_FALSE(allows_namespace(git_only, "agentops-approval@v1"));
  const auto wildcard = only(std::string("a namespaces=\"*,!git\" ") + kKey);
  EXPECT_TRUE(allows_namespace(wildcard, "agentops-approval@v1"));
  EXPECT_FALSE(allows_namespace(wildcard, "git"));
}

TEST(AllowedSigners, ValidityWindowInUtcAndLocalTime) {
  const auto utc = only(std::string("a valid-after=\"20200101Z\",valid-before=\"20300101000000Z\" ") + kKey);
  const std::int64_t start_2020 = 1577836800, start_2030 = 1893456000;
  EXPECT_TRUE(not_yet_valid(utc, start_2020 - 1));
  EXPECT_FALSE(not_yet_valid(utc, start_2020));
  EXPECT_FALSE(expired(utc, start_2030));  // valid until the second itself, as ssh-keygen (time > valid-before)
  EXPECT_TRUE(expired(utc, start_2030 + 1));
  // Without Z, local time (mktime), as ssh-keygen.
  std::tm local{};
  local.tm_year = 130;
  local.tm_mday = 1;
  const std::int64_t local_2030 = std::mktime(&local);
  const auto in_local = only(std::string("a valid-before=\"20300101\" ") + kKey);
  EXPECT_FALSE(expired(in_local, local_2030));
  EXPECT_TRUE(expired(in_local, local_2030 + 1));
  const auto open = only(std::string("a ") + kKey);
  EXPECT_FALSE(expired(open, 0));
  EXPECT_FALSE(not_yet_valid(open, 4102444800));
}

TEST(AllowedSigners, PrincipalsForNamesWhoMayApproveInANamespace) {
  const std::string text = std::string("alice@example.com,!mallory@example.com ") + kKey + "\n" +
                           "bob@example.com namespaces=\"git\" " + kKey + "\n" +
                           "carol@example.com namespaces=\"agentops-approval@v1\" " + kKey + "\n" +
                           "alice@example.com " + kKey + "\n";
  auto signers = parse_allowed_signers(text);
  ASSERT_TRUE(signers) << signers.error().message;
  EXPECT_EQ(principals_for(*signers, "agentops-approval@v1"),
            (std::vector<std::string>{"alice@example.com", "carol@example.com"}));
  EXPECT_EQ(principals_for(*signers, "git"), (std::vector<std::string>{"alice@example.com", "bob@example.com"}));
  EXPECT_TRUE(principals_for({}, "git").empty());
}

}  // namespace
}  // namespace agentops::approval
