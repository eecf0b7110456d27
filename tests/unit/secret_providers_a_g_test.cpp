// Provider rules a to g of the built-in catalogue (issue 11): the cases the
// one-line samples of tests/data/catalogue-samples.tsv cannot show: a rule
// bound to a file type, a value on a continued command line, a public-by-design
// key, a provider name spelled across a word boundary. Secrets are generated
// at run time from a fixed seed, so this file holds none.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "agentops/policy.h"
#include "agentops/secrets.h"

namespace agentops {
namespace {

std::string characters(std::string_view alphabet, size_t n, std::uint64_t seed) {
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    out += alphabet[(seed >> 33) % alphabet.size()];
  }
  return out;
}
constexpr std::string_view kAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
constexpr std::string_view kLowerAlnum = "abcdefghijklmnopqrstuvwxyz0123456789";
constexpr std::string_view kHex = "0123456789abcdef";

// Rule ids (without "secret.") that fire on `text` as the added content of `path`.
std::vector<std::string> rules_firing(const std::string& text, const std::string& path = "app.cfg") {
  static const Policy policy = [] {
    auto loaded = load_preset("baseline");
    EXPECT_TRUE(loaded.ok());
    return loaded.ok() ? *loaded : Policy{};
  }();
  ChangedFile file;
  file.path = path;
  AddedLines added;
  std::uint32_t number = 1;
  size_t start = 0;
  for (size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1)
    added.add(number++, text.substr(start, end - start));
  added.add(number, text.substr(start));
  auto scanner = SecretScanner::compile(policy.secrets);
  EXPECT_TRUE(scanner.ok());
  std::vector<Finding> findings;
  if (scanner.ok()) {
    EXPECT_TRUE(scanner->scan(file, added, findings).ok());
  }
  std::vector<std::string> rules;
  for (const auto& finding : findings) rules.push_back(finding.rule.substr(std::string("secret.").size()));
  return rules;
}

bool fires(const std::string& rule, const std::string& text, const std::string& path = "app.cfg") {
  const auto rules = rules_firing(text, path);
  return std::find(rules.begin(), rules.end(), rule) != rules.end();
}

TEST(ProvidersAToG, FreemiusSecretKeyIsFoundInAPhpArrayButNotUnderAnotherName) {
  const std::string key = "sk_" + characters(kAlnum, 29, 1);
  EXPECT_TRUE(fires("freemius-secret-key", "$config = array(\n\t\t\"secret_key\" => \"" + key + "\",\n\t);",
                    "includes/freemius.php"));
  EXPECT_FALSE(fires("freemius-secret-key", "$config = array(\n\t\t\"other_key\" => \"" + key + "\",\n\t);",
                     "includes/freemius.php"));
  EXPECT_FALSE(fires("freemius-secret-key", "$config = array(\n\t\tsecret_key => \"" + key + "\",\n\t);",
                     "includes/freemius.php"));
}

TEST(ProvidersAToG, CurlHeaderOnAContinuedLineIsFound) {
  const std::string command = "curl -X POST https://api.internal.test/v1/jobs \\\n"
                              "  -H 'Content-Type: application/json' \\\n"
                              "  -H \"Authorization: Bearer " + characters(kAlnum, 40, 2) + "\" \\\n"
                              "  -d '{}'";
  EXPECT_TRUE(fires("curl-auth-header", command));
}

TEST(ProvidersAToG, CurlHeaderFromTheEnvironmentOrAJwtInBasicIsNotACurlCredential) {
  EXPECT_FALSE(fires("curl-auth-header", "curl -H \"Authorization: Bearer $API_KEY\" https://api.internal.test"));
  EXPECT_FALSE(fires("curl-auth-header", "curl -H \"Authorization: Bearer $(gcloud auth print-access-token)\" x"));
  EXPECT_FALSE(fires("curl-auth-header",
                     "curl -H \"Authorization: Basic eyJ" + characters(kAlnum, 20, 3) + ".eyJ" +
                         characters(kAlnum, 20, 4) + "." + characters(kAlnum, 30, 5) + "\""));
}

TEST(ProvidersAToG, CurlUserPasswordIsFoundButPlaceholdersPass) {
  EXPECT_TRUE(fires("curl-auth-user", "curl -s --user 'deploy:" + characters(kAlnum, 16, 6) + "' https://x.test"));
  EXPECT_TRUE(fires("curl-auth-user", "$ curl https://api.internal.test/token \\\n  --user " +
                                          characters(kLowerAlnum, 15, 7) + ":" + characters(kLowerAlnum, 15, 8) +
                                          " --data grant_type=authorization_code"));
  for (const std::string placeholder : {"curl -u username:token", "curl -i -u 'test:test'", "curl --user user:pass",
                                        "curl -u \"$1:$2\"", "curl --user neo4j:[PASSWORD] http://x",
                                        "curl -u \"${username}\":\"${password}\"", "curl --user \"xxx:yyy\""})
    EXPECT_FALSE(fires("curl-auth-user", placeholder)) << placeholder;
}

TEST(ProvidersAToG, AlgoliaSearchOnlyKeyInADocsConfigIsPublicByDesign) {
  const std::string key = characters(kLowerAlnum, 32, 9);
  EXPECT_FALSE(fires("algolia-api-key", "algolia_search_api_key: '" + key + "'"));
  EXPECT_FALSE(fires("algolia-api-key", "docsearch_algolia_public_key = \"" + key + "\""));
  EXPECT_TRUE(fires("algolia-api-key", "ALGOLIA_ADMIN_API_KEY=" + key));
}

TEST(ProvidersAToG, ProviderNamesSpelledAcrossWordsAreNotTheProvider) {
  EXPECT_FALSE(fires("etsy-access-token", "SetSysctl = \"" + characters(kLowerAlnum, 24, 10) + "\""));
  EXPECT_FALSE(fires("cisco-meraki-api-key", "ReactNativeCameraKit: " + characters(kHex, 40, 11)));
  EXPECT_TRUE(fires("etsy-access-token", "ETSY_API_KEY=" + characters(kLowerAlnum, 24, 10)));
  EXPECT_TRUE(fires("cisco-meraki-api-key", "meraki_api_key: " + characters(kHex, 40, 11)));
}

TEST(ProvidersAToG, FirebaseExampleKeysPassAndOtherGoogleKeysAreFound) {
  EXPECT_FALSE(fires("google-api-key", "apiKey: \"AIzaSyDMAScliyLx7F0NPDEJi1QmyCgHIAODrlU\""));
  EXPECT_FALSE(fires("google-api-key", "apiKey: \"AIzaSyabcdefghijklmnopqrstuvwxyz1234567\""));
  EXPECT_TRUE(fires("google-api-key", "apiKey: \"AIza" + characters(kAlnum, 35, 12) + "\""));
}

TEST(ProvidersAToG, AnthropicKeysHaveTheirFixedLengthAndSuffix) {
  const std::string body = characters(kAlnum, 93, 13);
  EXPECT_TRUE(fires("anthropic-api-key", "ANTHROPIC_API_KEY=sk-ant-api03-" + body + "AA"));
  EXPECT_TRUE(fires("anthropic-api-key", "key = \"sk-ant-admin01-" + body + "AA\""));
  EXPECT_FALSE(fires("anthropic-api-key", "ANTHROPIC_API_KEY=sk-ant-api03-" + body + "BB"));
  EXPECT_FALSE(fires("anthropic-api-key", "ANTHROPIC_API_KEY=sk-ant-api03-" + body.substr(0, 60) + "AA"));
}

TEST(ProvidersAToG, FlutterwaveEncryptionKeyIsNotASecretKeyPrefix) {
  const std::string hex = characters(kHex, 32, 14);
  const auto secret_key = rules_firing("FLW_SECRET_KEY=FLWSECK_TEST-" + hex + "-X");
  EXPECT_NE(std::find(secret_key.begin(), secret_key.end(), "flutterwave-secret-key"), secret_key.end());
  EXPECT_EQ(std::find(secret_key.begin(), secret_key.end(), "flutterwave-encryption-key"), secret_key.end());
  EXPECT_TRUE(fires("flutterwave-encryption-key", "FLW_ENCRYPTION_KEY=FLWSECK_TEST-" + hex.substr(0, 12)));
}

TEST(ProvidersAToG, GitlabTokensOfEveryPrefixAreFound) {
  const std::string body = characters(kAlnum, 20, 15);
  for (const std::string prefix : {"glpat-", "gldt-", "glrt-", "glft-", "glffct-", "glsoat-"})
    EXPECT_TRUE(fires("gitlab-token", "token = \"" + prefix + body + "\"")) << prefix;
  EXPECT_TRUE(fires("gitlab-token", "token = \"glcbt-64_" + body + "\""));
  EXPECT_TRUE(fires("gitlab-token", "token = \"glptt-" + characters(kHex, 40, 16) + "\""));
  EXPECT_TRUE(fires("gitlab-token", "token = \"glrt-t1_" + characters(kAlnum, 27, 17) + ".01" +
                                        characters(kLowerAlnum, 7, 18) + "\""));
  EXPECT_FALSE(fires("gitlab-token", "token = \"glpat-xxxxxxxxxxxxxxxxxxxx\""));
}

TEST(ProvidersAToG, AwsKeyIdInAPresignedUrlIsNotReportedButAKeyIdElsewhereIs) {
  const std::string key_id = "AKIA" + characters("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16, 19);
  EXPECT_FALSE(fires("aws-access-key-id", "https://bucket.s3.amazonaws.com/layer?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                                          "&X-Amz-Credential=" + key_id + "%2F20190215%2Fus-east-1%2Fs3%2Faws4_request"));
  EXPECT_TRUE(fires("aws-access-key-id", "aws_access_key_id = " + key_id));
  EXPECT_TRUE(fires("aws-access-key-id", "AWS_ACCESS_KEY_ID=A3TX" + key_id.substr(4)));
}

}  // namespace
}  // namespace agentops
