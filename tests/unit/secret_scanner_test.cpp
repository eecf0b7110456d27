// The built-in secret catalogue: every rule finds a true sample, and common
// look-alikes pass. Samples are assembled at run time so this file holds no secret.
#include <gtest/gtest.h>
#include <re2/re2.h>

#include <algorithm>

#include "agentops/policy.h"
#include "agentops/secrets.h"

namespace agentops {
namespace {

ChangedFile file_with_lines(const std::vector<std::string>& lines, std::string path = "app.cfg") {
  ChangedFile file;
  file.path = std::move(path);
  file.status = FileStatus::added;
  std::uint32_t number = 1;
  for (const auto& line : lines) file.added_lines.push_back(AddedLine{number++, line});
  return file;
}

std::vector<Finding> scan_with(const SecretsPolicy& secrets, const ChangedFile& file) {
  auto scanner = SecretScanner::compile(secrets);
  EXPECT_TRUE(scanner.ok()) << scanner.error().message;
  std::vector<Finding> findings;
  auto scanned = scanner->scan(file, findings);
  EXPECT_TRUE(scanned.ok()) << scanned.error().message;
  return findings;
}

std::vector<Finding> scan_baseline(const std::vector<std::string>& lines) {
  auto policy = load_preset("baseline");
  EXPECT_TRUE(policy.ok()) << policy.error().message;
  return scan_with(policy->secrets, file_with_lines(lines));
}

struct Sample {
  std::string rule;
  std::string line;
  std::string secret;
};

std::string repeat(const std::string& unit, size_t times) {
  std::string out;
  for (size_t i = 0; i < times; ++i) out += unit;
  return out;
}

std::vector<Sample> true_samples() {
  const std::string aws_id = std::string("AKIA") + "QYLPMN5HHHFPZAM2";
  const std::string aws_secret = std::string("wJalrXUtnFEMI/K7MDENG/") + "bPxRfiCYzq8Kq3vLpT";
  const std::string ghp = std::string("ghp_") + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8";
  const std::string fine = std::string("github_pat_") + "11ABCDEFG0" + repeat("aB3_", 18);
  const std::string glpat = std::string("glpat-") + "Zq8xKp3LmN7vR2tW9yB4";
  const std::string slack = std::string("xoxb-") + "123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx";
  const std::string webhook_path = std::string("T0123ABCD/B0456EFGH/") + "aBcDeFgHiJkLmNoPqRsTuVwX";
  const std::string stripe = std::string("sk_live_") + "4eC39HqLyjWDarjtT1zdp7dc";
  const std::string google = std::string("AIza") + "SyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY";
  const std::string openai = std::string("sk-proj-") + "Ab12Cd34Ef56Gh78Ij90" + "T3BlbkFJ" + "Kl12Mn34Op56Qr78St90";
  const std::string anthropic = std::string("sk-ant-api03-") + repeat("Xy9_Zw8-", 11) + "AA";
  const std::string npm = std::string("npm_") + "aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5";
  const std::string pem = std::string("-----BEGIN RSA ") + "PRIVATE KEY-----";
  return {
      {"secret.aws-access-key-id", "aws_access_key_id = " + aws_id, aws_id},
      {"secret.aws-secret-access-key", "aws_secret_access_key = \"" + aws_secret + "\"", aws_secret},
      {"secret.github-token", "export GH_TOKEN=" + ghp, ghp},
      {"secret.github-fine-grained-token", "token: " + fine, fine},
      {"secret.gitlab-token", "GITLAB=" + glpat, glpat},
      {"secret.slack-token", "slack: '" + slack + "'", slack},
      {"secret.slack-webhook", "url = https://hooks.slack.com/services/" + webhook_path, webhook_path},
      {"secret.stripe-secret-key", "Stripe.api_key = '" + stripe + "'", stripe},
      {"secret.google-api-key", "key=" + google, google},
      {"secret.openai-api-key", "OPENAI_API_KEY=" + openai, openai},
      {"secret.anthropic-api-key", "ANTHROPIC_API_KEY=" + anthropic, anthropic},
      {"secret.npm-token", "//registry.npmjs.org/:_authToken=" + npm, npm},
      {"secret.private-key", pem, pem},
  };
}

TEST(SecretCatalogue, EveryRuleFindsItsTrueSample) {
  for (const auto& sample : true_samples()) {
    const auto findings = scan_baseline({"first line", sample.line});
    const bool found = std::any_of(findings.begin(), findings.end(), [&](const Finding& f) {
      return f.rule == sample.rule && f.line == 2 && f.severity == Severity::block;
    });
    EXPECT_TRUE(found) << sample.rule << " missed: " << sample.line;
  }
}

TEST(SecretCatalogue, EveryCatalogueRuleHasASample) {
  auto policy = load_preset("baseline");
  ASSERT_TRUE(policy.ok());
  const auto samples = true_samples();
  for (const auto& rule : policy->secrets.rules) {
    const bool sampled = std::any_of(samples.begin(), samples.end(),
                                     [&](const Sample& s) { return s.rule == "secret." + rule.id; });
    EXPECT_TRUE(sampled) << "no true sample for " << rule.id;
  }
}

TEST(SecretCatalogue, FindingsNeverHoldTheWholeSecret) {
  for (const auto& sample : true_samples()) {
    for (const auto& finding : scan_baseline({sample.line})) {
      EXPECT_EQ(finding.excerpt.find(sample.secret), std::string::npos) << finding.rule;
      EXPECT_EQ(finding.message.find(sample.secret), std::string::npos) << finding.rule;
      EXPECT_EQ(finding.hint.find(sample.secret), std::string::npos) << finding.rule;
    }
  }
}

TEST(SecretCatalogue, PassesLookAlikes) {
  const std::vector<std::string> look_alikes = {
      "integrity sha512-Zq8xKp3LmN7vR2tW9yB4aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5==",  // lock file hash
      "id = \"3f2504e0-4f89-41d3-9a0c-0305e82c3301\"",                               // UUID
      "commit 9fceb02d0ae598e95dc970b74767f19372d61af8",                              // commit id
      "src=\"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==\"",
      "aws_key = os.environ[\"AWS_ACCESS_KEY_ID\"]",                                   // read from env
      "token = os.getenv('GITHUB_TOKEN')",
      "const ask = 'ASKAQYLPMN5HHHFPZAM2';",                                           // not an AWS prefix
      "ghp_short",                                                                      // too short
      "see https://hooks.slack.com/services/ for setup",
      "-----BEGIN PUBLIC KEY-----",
      "-----BEGIN CERTIFICATE-----",
  };
  for (const auto& line : look_alikes) {
    const auto findings = scan_baseline({line});
    EXPECT_TRUE(findings.empty()) << line << " -> " << (findings.empty() ? "" : findings[0].rule);
  }
}

TEST(SecretScanner, KeywordPrefilterIsCaseInsensitive) {
  SecretsPolicy secrets;
  secrets.rules.push_back(SecretRule{"acme", "ACME token", "ACME_[0-9]{8}", {"acme_"}, 0, 0,
                                     Severity::block, ""});
  const auto findings = scan_with(secrets, file_with_lines({"x = ACME_12345678"}));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule, "secret.acme");
}

TEST(SecretScanner, AllowPathsSkipFiles) {
  SecretsPolicy secrets;
  secrets.allow_paths = {"tests/fixtures/**"};
  secrets.rules.push_back(SecretRule{"acme", "ACME token", "acme_[0-9]{8}", {}, 0, 0,
                                     Severity::block, ""});
  EXPECT_TRUE(scan_with(secrets, file_with_lines({"acme_12345678"}, "tests/fixtures/a.txt")).empty());
  EXPECT_EQ(scan_with(secrets, file_with_lines({"acme_12345678"}, "src/a.txt")).size(), 1u);
}

TEST(SecretScanner, EntropyThresholdDropsLowEntropyValues) {
  SecretsPolicy secrets;
  secrets.rules.push_back(SecretRule{"generic", "token", "token=([a-z0-9]{16})", {}, 1, 3.0,
                                     Severity::block, ""});
  EXPECT_TRUE(scan_with(secrets, file_with_lines({"token=aaaaaaaaaaaaaaaa"})).empty());
  EXPECT_EQ(scan_with(secrets, file_with_lines({"token=k3j9x8q2m1z7w4v6"})).size(), 1u);
}

TEST(SecretScanner, FindsEverySecretOnALine) {
  SecretsPolicy secrets;
  secrets.rules.push_back(SecretRule{"acme", "ACME token", "acme_[0-9]{8}", {}, 0, 0,
                                     Severity::block, ""});
  EXPECT_EQ(scan_with(secrets, file_with_lines({"acme_12345678 acme_87654321"})).size(), 2u);
}

TEST(SecretScanner, DisabledFamilyFindsNothing) {
  auto policy = load_preset("baseline");
  ASSERT_TRUE(policy.ok());
  policy->secrets.enabled = false;
  EXPECT_TRUE(scan_with(policy->secrets, file_with_lines({std::string("AKIA") + "QYLPMN5HHHFPZAM2"}))
                  .empty());
}

TEST(SecretScanner, InvalidRegexIsAnError) {
  SecretsPolicy secrets;
  secrets.rules.push_back(SecretRule{"bad", "bad", "(unclosed", {}, 0, 0, Severity::block, ""});
  auto scanner = SecretScanner::compile(secrets);
  ASSERT_FALSE(scanner.ok());
  EXPECT_NE(scanner.error().message.find("bad"), std::string::npos);
}

TEST(SecretScanner, InvalidRegexBehindAKeywordFailsWhenFirstUsed) {
  SecretsPolicy secrets;
  secrets.rules.push_back(SecretRule{"bad", "bad", "(unclosed", {"needle"}, 0, 0, Severity::block, ""});
  auto scanner = SecretScanner::compile(secrets);
  ASSERT_TRUE(scanner.ok());
  std::vector<Finding> findings;
  EXPECT_TRUE(scanner->scan(file_with_lines({"no keyword here"}), findings).ok());
  auto scanned = scanner->scan(file_with_lines({"a needle"}), findings);
  ASSERT_FALSE(scanned.ok());
  EXPECT_NE(scanned.error().message.find("'bad'"), std::string::npos);
}

TEST(SecretCatalogue, EveryBuiltinRegexCompiles) {
  // Built-in presets and the catalogue skip regex validation at load time for
  // speed; this test is what guarantees they are valid.
  for (const auto& name : preset_names()) {
    auto policy = load_preset(name);
    ASSERT_TRUE(policy.ok()) << name << ": " << policy.error().message;
    for (const auto& rule : policy->secrets.rules) {
      RE2 regex(rule.regex, RE2::Quiet);
      EXPECT_TRUE(regex.ok()) << name << " " << rule.id << ": " << regex.error();
      EXPECT_LE(rule.secret_group, regex.NumberOfCapturingGroups()) << rule.id;
    }
  }
}

TEST(ShannonEntropy, MatchesKnownValues) {
  EXPECT_DOUBLE_EQ(shannon_entropy(""), 0.0);
  EXPECT_DOUBLE_EQ(shannon_entropy("aaaa"), 0.0);
  EXPECT_DOUBLE_EQ(shannon_entropy("abab"), 1.0);
  EXPECT_DOUBLE_EQ(shannon_entropy("abcd"), 2.0);
}

}  // namespace
}  // namespace agentops
