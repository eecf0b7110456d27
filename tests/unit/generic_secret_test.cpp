// The generic secret rule (secret.generic-api-key) of the built-in
// catalogue: a random value assigned to a secret-like name is found in every
// assignment style people commit, judged by the name it is assigned to, and
// templates, masks, redactions and documentation examples are not reported.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "agentops/policy.h"
#include "agentops/secrets.h"

namespace agentops {
namespace {

const SecretsPolicy& baseline_secrets() {
  static const SecretsPolicy secrets = [] {
    auto policy = load_preset("baseline");
    EXPECT_TRUE(policy.ok()) << policy.error().message;
    return policy.ok() ? policy->secrets : SecretsPolicy{};
  }();
  return secrets;
}

// The findings of the built-in catalogue on `text` (lines split at '\n')
// added to `path`.
std::vector<Finding> scan(const std::string& text, const std::string& path = "settings.cfg") {
  static const auto scanner = SecretScanner::compile(baseline_secrets());
  EXPECT_TRUE(scanner.ok()) << scanner.error().message;
  AddedLines lines;
  std::uint32_t number = 1;
  for (size_t start = 0; start <= text.size(); ++number) {
    const size_t end = std::min(text.find('\n', start), text.size());
    lines.add(number, std::string_view(text).substr(start, end - start));
    start = end + 1;
  }
  ChangedFile file;
  file.path = path;
  std::vector<Finding> findings;
  EXPECT_TRUE(scanner->scan(file, lines, findings).ok());
  return findings;
}

bool found_by(const std::vector<Finding>& findings, const std::string& rule) {
  return std::any_of(findings.begin(), findings.end(), [&](const Finding& f) { return f.rule == rule; });
}

constexpr const char* kValue = "Q7mZp2Xk9LwV4tRb8NcY1sHd";

TEST(GenericSecret, FindsAValueAssignedToASecretNameInEveryAssignmentStyle) {
  const std::string v = kValue;
  for (const std::string& text : std::vector<std::string>{
           "API_TOKEN=" + v,                                     // shell, ini, properties, .env
           "export API_TOKEN='" + v + "'",                       // shell
           "API_TOKEN := " + v, "API_TOKEN ::= \"" + v + "\"",   // make
           "API_TOKEN :::= \"" + v + "\"", "API_TOKEN ?= \"" + v + "\"", "API_TOKEN += " + v,
           "var apiToken string = \"" + v + "\"",                // go
           "apiToken := `" + v + "`",                            // go, raw string
           "$apiToken .= \"" + v + "\"", "$apiToken ?\?= '" + v + "'",  // php
           "  \"api_token\" => \"" + v + "\"",                  // php array, ruby hash, logstash
           "api_token: " + v, "api_token: '" + v + "'",          // yaml
           "{\"api_token\": \"" + v + "\"}",                     // json
           "{\"config.ini\": \"API_TOKEN=" + v + "\\nDEBUG=1\"}",  // json holding a file
           "api_token = \"" + v + "\"",                          // toml, python
           "<apiToken>" + v + "</apiToken>",                     // xml
           "<apiToken>\n    " + v + "\n</apiToken>",             // xml, value on the next line
           "System.setProperty(\"API_TOKEN\", \"" + v + "\")",   // a function call's arguments
           "private static final String CLIENT_SECRET = \"" + v + "\";",  // java, C#
           "val clientSecret: String = \"" + v + "\"",           // kotlin
           "db.password=" + v, "creds = " + v, "private-key: " + v, "user_auth = " + v, "PASSPHRASE=" + v}) {
    EXPECT_TRUE(found_by(scan(text), "secret.generic-api-key")) << text;
  }
}

TEST(GenericSecret, JudgesUuidsAndHexValuesByTheNameTheyAreAssignedTo) {
  const std::string uuid = "dafa7817-e246-48f3-91a7-e87653d587b8";
  const std::string hex64 = "6da89121079f83b2eb6acccf8219ea982c3d79bccc3e9c6a85856480661f8fde";
  const std::string hex40 = "3f2a9c81d07b6e5a4c3b2a1908f7e6d5c4b3a291";
  for (const std::string& text : std::vector<std::string>{"api_token = \"" + uuid + "\"", "DEPLOY_SECRET=" + uuid, "password: " + uuid,
                                  "\"client_secret\" : \"" + hex64 + "\",", "AUTH_KEY=" + hex40,
                                  " utils.GetEnvOrDefault(\"api_token\", \"" + uuid + "\")"})
    EXPECT_TRUE(found_by(scan(text), "secret.generic-api-key")) << text;
  for (const std::string& text : std::vector<std::string>{"token_id = \"" + uuid + "\"", "\"credentialId\": \"" + uuid + "\"",
                                  "secretName: " + uuid, "TOKEN_SHA256 = \"" + hex64 + "\"",
                                  "password_hash: " + hex64, "auth_commit = \"" + hex40 + "\"",
                                  "request_id = \"" + uuid + "\"", "commit = \"" + hex40 + "\"",
                                  "\"integrity\": \"sha512-" + hex64 + "\""})
    EXPECT_TRUE(scan(text).empty()) << text;
  // "do not commit" is no commit id.
  EXPECT_TRUE(found_by(scan("todo_secret_do_not_commit = uZNkDCbPVzKdxz1ZH2r0VaCUA2TC9H"), "secret.generic-api-key"));
}

TEST(GenericSecret, PassesNamesThatHoldASecretWordButNameNoSecret) {
  const std::string v = kValue;
  for (const std::string& text : std::vector<std::string>{
           "publicToken = \"" + v + "\"", "csrf-token=" + v, "<meta name=\"csrf-token\" content=\"" + v + "\">",
           "<input type=\"hidden\" name=\"authenticity_token\" value=\"" + v + "\" />", "author = \"" + v + "\"",
           "nonMatchingToken := \"" + v + "\"", "fake_secret = \"" + v + "\"", "invalid_token: " + v,
           "TOKEN_URL=https://auth.example.org/oauth/" + v, "dev.credentials.url=dev-lb1.api.f4ke.com:5215",
           "secret_key_file = \"" + v + "\"", "next_page_token = \"" + v + "\"", "keyVaultToStoreSecrets: " + v,
           "notes = \"Maven - io.jsonwebtoken:jjwt-jackson-0.11.2\"", "auth_type = \"" + v + "\""}) {
    EXPECT_TRUE(scan(text).empty()) << text;
  }
}

TEST(GenericSecret, PassesValuesThatAreNotLiterals) {
  for (const std::string& text : std::vector<std::string>{"token = tokenize.generate_tokens(readline)", "password = getpass.getpass(\"Password: \")",
                                  "API_TOKEN = os.environ[\"API_TOKEN\"]", "API_TOKEN=$GITHUB_TOKEN_2024",
                                  "\"secret_key\" => \"sk_ubb4yN3mzqGR2x8#P7r5&@*xC$utE\",",
                                  "api_version = 2.5.10-20231217", "SECRET_KEY_NAME=DJANGO_SECRET_KEY_2"}) {
    EXPECT_TRUE(scan(text).empty()) << text;
  }
}

TEST(GenericSecret, PassesTemplatesMasksAndRedactions) {
  for (const std::string& text : std::vector<std::string>{
           "api_token = \"${API_TOKEN}\"", "api_token: \"{{ .Values.apiToken }}\"", "API_TOKEN=<your-api-token-123>",
           "secret = \"%(secret_value)s12345678\"", "api_token = $(vault read -field=token secret/ci)",
           "AUTH_TOKEN=REDACTED_9f8e7d6c5b4a", "api_token = \"xxxxxxxxxxxxxxxx1234\"",
           "api_token = \"****************1234\"", "api_token: \"####-####-####-1234\"",
           "\"token3\": \"xoxp-1234-1234-1234-4ddbc191d40ee098cbaae6f3523ada2d\"",
           "export OP_SERVICE_ACCOUNT_TOKEN=ops_eyJzaWduSW5BZGRyZXNzIjoiaHR0cHM6...",
           "fn::secret: ops_eyJzaWduSW5B..[Redacted]", "DATABRICKS_TOKEN=dapi123456789012345678a9bc01234defg5"}) {
    EXPECT_TRUE(scan(text).empty()) << text;
  }
  // The Slack rule's own judgement aside, the generic rule does not take a masked token.
  EXPECT_FALSE(found_by(scan("\"token4\": \"xoxp-572370529330-573807301142-572331691188-####################\""),
                        "secret.generic-api-key"));
}

TEST(GenericSecret, PassesDocumentationExamples) {
  for (const std::string& text : std::vector<std::string>{
           // RFC 6749 (OAuth 2.0)
           "    Location: http://example.com/cb#access_token=2YotnFZFEjr1zCsicMWpAA",
           "        \"access_token\":\"2YotnFZFEjr1zCsicMWpAA\",", "        \"refresh_token\":\"tGzv3JOkF0XG5Qx2TlKWIA\",",
           "code=SplxlOBeZQQYbYS6WxSbIA&state=xyz", "client_secret=7Fjfp0ZBr1KtDRbnfVdmIw",
           "Authorization: Basic czZCaGRSa3F0MzpnWDFmQmF0M2JW",
           // npm's docs: base64 of "not my real password"
           "  password: 'bm90IG15IHJlYWwgcGFzc3dvcmQ=',",
           // Firebase's published example API key
           "firebase_api_key = \"AIzaSyAnLA7NfeLquW1tJFpx_eQCxoX-oo6YyIs\""}) {
    EXPECT_TRUE(scan(text).empty()) << text;
  }
}

TEST(GenericSecret, DoesNotFireOnAPrivateKeyHeaderWithoutABody) {
  EXPECT_FALSE(found_by(scan("private_key = \"-----BEGIN PRIVATE KEY-----\\nXXXX\\nXXXX\\n-----END PRIVATE KEY-----\""),
                        "secret.generic-api-key"));
  EXPECT_FALSE(found_by(scan("PRIVATE_KEY=-----BEGIN OPENSSH PRIVATE KEY----------END OPENSSH PRIVATE KEY-----"),
                        "secret.generic-api-key"));
}

TEST(GenericSecret, AValueASpecificRuleFoundIsReportedOnce) {
  const auto findings = scan("GITHUB_TOKEN=ghp_" + std::string("k3x9q2m7w4p8z1r6t5y0u3i8o2e4w6q8a1s3"));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_NE(findings[0].rule, "secret.generic-api-key");
}

TEST(SecretValues, PlaceholdersMasksAndProseAreNotCredentials) {
  for (const char* value : {"${API_TOKEN}", "{{token}}", "<token>", "%(token)s", "$(cat token)", "abc****def123",
                            "xoxp-1234-####", "ops_eyJzaWdu...", "dapi123456789012345678a9bc01234defg5", "xoxp-1234-1234-1234-9f8e",
                            "bm90IG15IHJlYWwgcGFzc3dvcmQ=", "aaaaaaaaaaaaaaab", "abcdefghijk1"})
    EXPECT_TRUE(looks_like_placeholder(value)) << value;
  for (const char* value : {kValue, "dafa7817-e246-48f3-91a7-e87653d587b8", "am9obmRvZTpkMDY5NGIxYi1jMTcxLTQ4ODYt",
                            "ghp_k3x9q2m7w4p8z1r6t5y0u3i8o2e4w6q8a1s3", "Zf3D0LXCM3EIMbgJpUNnkRtOfOueHznB",
                            "xoxb-392817465012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx"})
    EXPECT_FALSE(looks_like_placeholder(value)) << value;
}

}  // namespace
}  // namespace agentops

namespace agentops {
namespace {

TEST(SecretValuesMask, FourXsInALongRandomValueAreChanceNotAMask) {
  // gitleaks' generator wrote this SendGrid-format key: "xxxx" by chance.
  EXPECT_FALSE(looks_like_template_or_mask("SG.b3ufslz=c7anp57dppyn0_62yxxxxk0wq8ds35wu_sdvfnjp2mheo4b1ypms4bnt7z"));
  EXPECT_TRUE(looks_like_template_or_mask("sk_live_xxxxxxxxxxxxxxxxxxxxxxxx"));
  EXPECT_TRUE(looks_like_template_or_mask("AKIAXXXXXXXXXXXXXXXX"));
  EXPECT_TRUE(looks_like_template_or_mask("ab12XXXX"));
  EXPECT_TRUE(looks_like_template_or_mask("ghp_xxxxxxxx1234"));
}

}  // namespace
}  // namespace agentops
