// The built-in secret catalogue: every rule finds a true sample, and common
// look-alikes pass. Samples are generated at run time from a fixed seed, so this
// file holds no secret and every run tests the same values.
#include <gtest/gtest.h>
#include <re2/re2.h>

#include <algorithm>
#include <fstream>
#include <map>

#include "agentops/policy.h"
#include "agentops/secrets.h"

namespace agentops {
namespace {

// Deterministic characters from `alphabet`.
class Sampler {
 public:
  std::string from(std::string_view alphabet, size_t n) {
    std::string out;
    for (size_t i = 0; i < n; ++i) {
      state_ = state_ * 6364136223846793005ull + 1442695040888963407ull;
      out += alphabet[(state_ >> 33) % alphabet.size()];
    }
    return out;
  }
  std::string hex(size_t n) { return from("0123456789abcdef", n); }
  std::string digits(size_t n) { return from("0123456789", n); }
  std::string alnum(size_t n) { return from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", n); }
  std::string lower_alnum(size_t n) { return from("abcdefghijklmnopqrstuvwxyz0123456789", n); }
  std::string upper_alnum(size_t n) { return from("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", n); }
  std::string b64url(size_t n) { return from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-", n); }
  std::string b64(size_t n) { return from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", n); }

 private:
  std::uint64_t state_ = 20261126;
};

struct Sample {
  std::string rule;
  std::string line;
  std::string secret;
};

std::vector<Sample> true_samples() {
  Sampler s;
  std::vector<Sample> samples;
  // Adds a sample whose line is prefix + secret + suffix.
  auto add = [&](const std::string& rule, const std::string& prefix, const std::string& secret,
                 const std::string& suffix = "") {
    samples.push_back(Sample{"secret." + rule, prefix + secret + suffix, secret});
  };
  add("aws-access-key-id", "aws_access_key_id = ", std::string("AKIA") + s.from("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16));
  add("aws-secret-access-key", "aws_secret_access_key = \"", s.b64(40), "\"");
  add("gcp-service-account-key", "  \"private_key_id\": \"", s.hex(40), "\",");
  add("google-api-key", "key=", "AIza" + s.b64url(35));
  add("google-oauth-client-secret", "client_secret: ", "GOCSPX-" + s.b64url(28));
  add("azure-storage-account-key", "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=", s.b64(86) + "==", ";");
  add("azure-ad-client-secret", "AZURE_CLIENT_SECRET=", s.alnum(3) + "8Q~" + s.b64url(34));
  add("alibaba-access-key-id", "access_key_id: ", "LTAI" + s.alnum(20));
  add("digitalocean-token", "DO_TOKEN=", "dop_v1_" + s.hex(64));
  add("heroku-api-key", "HEROKU_API_KEY=", s.hex(8) + "-" + s.hex(4) + "-" + s.hex(4) + "-" + s.hex(4) + "-" + s.hex(12));
  add("fly-io-token", "FLY_API_TOKEN=", "fo1_" + s.b64url(43));
  add("supabase-token", "SUPABASE_ACCESS_TOKEN=", "sbp_" + s.hex(40));
  add("planetscale-token", "PSCALE_TOKEN=", "pscale_tkn_" + s.b64url(43));
  add("databricks-token", "DATABRICKS_TOKEN=", "dapi" + s.hex(32));
  add("github-token", "export GH_TOKEN=", "ghp_" + s.alnum(36));
  add("github-fine-grained-token", "token: ", "github_pat_" + s.from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_", 82));
  add("gitlab-token", "GITLAB=", "glpat-" + s.b64url(20));
  add("atlassian-api-token", "JIRA_TOKEN=", "ATATT3" + s.b64url(190));
  add("buildkite-token", "BUILDKITE=", "bkua_" + s.hex(40));
  add("npm-token", "//registry.npmjs.org/:_authToken=", "npm_" + s.alnum(36));
  add("pypi-token", "password = ", "pypi-AgEIcHlwaS5vcmc" + s.b64url(60));
  add("rubygems-api-key", ":rubygems_api_key: ", "rubygems_" + s.hex(48));
  add("nuget-api-key", "nuget push -k ", "oy2" + s.lower_alnum(43));
  add("docker-hub-token", "echo ", "dckr_pat_" + s.b64url(27), " | docker login --password-stdin");
  add("clojars-token", "CLOJARS=", "CLOJARS_" + s.lower_alnum(60));
  add("hashicorp-vault-token", "VAULT_TOKEN=", "hvs." + s.b64url(90));
  add("terraform-cloud-token", "token = \"", s.alnum(14) + ".atlasv1." + s.b64url(65), "\"");
  add("pulumi-token", "PULUMI_ACCESS_TOKEN=", "pul-" + s.hex(40));
  add("doppler-token", "DOPPLER_TOKEN=", "dp.pt." + s.alnum(43));
  add("age-secret-key", "", "AGE-SECRET-KEY-1" + s.from("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 58));
  // private-key needs a body: tests/unit/secret_providers_h_z_test.cpp generates a real key.
  add("slack-token", "slack: '", "xoxb-" + s.digits(12) + "-" + s.digits(13) + "-" + s.alnum(24), "'");
  add("slack-webhook", "url = https://hooks.slack.com/services/", "T" + s.upper_alnum(8) + "/B" + s.upper_alnum(8) + "/" + s.alnum(24));
  add("discord-webhook", "https://discord.com/api/webhooks/" + s.digits(18) + "/", s.b64url(68));
  add("telegram-bot-token", "TELEGRAM_TOKEN=", s.digits(10) + ":AA" + s.b64url(33));
  add("sendgrid-api-key", "SENDGRID_API_KEY=", "SG." + s.b64url(22) + "." + s.b64url(43));
  add("mailgun-api-key", "MAILGUN=", "key-" + s.hex(32));
  add("mailchimp-api-key", "MAILCHIMP=", s.hex(32) + "-us14");
  add("twilio-api-key", "TWILIO_API_KEY=\"", "SK" + s.hex(32), "\"");
  add("linear-api-key", "LINEAR=", "lin_api_" + s.alnum(40));
  add("notion-token", "NOTION=", "ntn_" + s.digits(11) + s.alnum(35));
  add("postman-api-key", "POSTMAN=", "PMAK-" + s.hex(24) + "-" + s.hex(34));
  add("stripe-secret-key", "Stripe.api_key = '", "sk_live_" + s.alnum(24), "'");
  add("square-access-token", "SQUARE=", "EAAA" + s.b64url(60));
  add("braintree-access-token", "BT=", "access_token$production$" + s.lower_alnum(16) + "$" + s.hex(32));
  add("shopify-token", "SHOPIFY=", "shpat_" + s.hex(32));
  add("openai-api-key", "OPENAI_API_KEY=", "sk-proj-" + s.b64url(20) + "T3BlbkFJ" + s.b64url(20));
  add("anthropic-api-key", "ANTHROPIC_API_KEY=", "sk-ant-api03-" + s.b64url(93) + "AA");
  add("huggingface-token", "HF_TOKEN=", "hf_" + s.from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", 34));
  add("groq-api-key", "GROQ=", "gsk_" + s.alnum(52));
  add("replicate-api-token", "REPLICATE=", "r8_" + s.alnum(37));
  add("perplexity-api-key", "PPLX=", "pplx-" + s.alnum(48));
  add("xai-api-key", "XAI=", "xai-" + s.alnum(80));
  add("langsmith-api-key", "LANGSMITH=", "lsv2_pt_" + s.hex(32) + "_" + s.hex(10));
  add("sentry-token", "SENTRY_AUTH_TOKEN=", "sntryu_" + s.hex(64));
  add("grafana-token", "GRAFANA=", "glsa_" + s.alnum(32) + "_" + s.hex(8));
  add("new-relic-api-key", "NEW_RELIC=", "NRAK-" + s.upper_alnum(27));
  add("dynatrace-token", "DT=", "dt0c01." + s.upper_alnum(24) + "." + s.upper_alnum(64));
  add("jwt", "Authorization: Bearer ", "eyJ" + s.b64url(20) + ".eyJ" + s.b64url(30) + "." + s.b64url(43));
  add("database-url-password", "DATABASE_URL=postgres://app:", s.alnum(20), "@db.internal:5432/app");
  add("generic-api-key", "api_key = \"", s.alnum(32), "\"");
  // Tokens whose names merely contain a pagination word are still secrets.
  samples.push_back(Sample{"secret.generic-api-key", "PAGERDUTY_TOKEN=\"u7Kq9ZxR2mPw4TnB8vLc\"", "u7Kq9ZxR2mPw4TnB8vLc"});
  samples.push_back(Sample{"secret.generic-api-key", "GITHUB_PAGES_TOKEN: u7Kq9ZxR2mPw4TnB8vLc", "u7Kq9ZxR2mPw4TnB8vLc"});
  samples.push_back(Sample{"secret.generic-api-key", "CURSOR_API_TOKEN=u7Kq9ZxR2mPw4TnB8vLc", "u7Kq9ZxR2mPw4TnB8vLc"});
  return samples;
}

Policy baseline() {
  auto policy = load_preset("baseline");
  EXPECT_TRUE(policy.ok()) << policy.error().message;
  return policy.ok() ? *policy : Policy{};
}

std::vector<Finding> scan(const std::vector<std::string>& lines, const std::string& path = "app.cfg") {
  static const Policy policy = baseline();
  ChangedFile file;
  file.path = path;
  AddedLines added;
  std::uint32_t number = 1;
  for (const auto& line : lines) added.add(number++, line);
  auto scanner = SecretScanner::compile(policy.secrets);
  EXPECT_TRUE(scanner.ok()) << scanner.error().message;
  std::vector<Finding> findings;
  auto scanned = scanner->scan(file, added, findings);
  EXPECT_TRUE(scanned.ok()) << scanned.error().message;
  return findings;
}

TEST(SecretCatalogue, HasAtLeastFortyProviders) { EXPECT_GE(baseline().secrets.rules.size(), 40u); }

TEST(SecretCatalogue, EveryRuleFindsItsTrueSample) {
  for (const auto& sample : true_samples()) {
    const auto findings = scan({"first line", sample.line});
    const bool found = std::any_of(findings.begin(), findings.end(), [&](const Finding& f) {
      return f.rule == sample.rule && f.line == 2 && f.severity == Severity::block;
    });
    EXPECT_TRUE(found) << sample.rule << " missed: " << sample.line;
  }
}

// tests/data/catalogue-samples.tsv: kind (tp, fp), rule id, text.
struct DataSample {
  bool true_positive = false;
  std::string rule;
  std::string text;
};

std::vector<DataSample> data_samples() {
  std::ifstream in(std::string(AGENTOPS_SOURCE_DIR) + "/tests/data/catalogue-samples.tsv");
  EXPECT_TRUE(in.good());
  std::vector<DataSample> samples;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const size_t first = line.find('\t'), second = line.find('\t', first + 1);
    EXPECT_NE(second, std::string::npos) << line;
    if (second == std::string::npos) continue;
    std::string text;
    for (size_t i = second + 1; i < line.size(); ++i) {
      if (line[i] == '\\' && i + 1 < line.size()) {
        const char next = line[++i];
        text += next == 'n' ? '\n' : next == 't' ? '\t' : next;
      } else {
        text += line[i];
      }
    }
    EXPECT_TRUE(line.compare(0, first, "tp") == 0 || line.compare(0, first, "fp") == 0) << line;
    samples.push_back(DataSample{line.compare(0, first, "tp") == 0, line.substr(first + 1, second - first - 1), text});
  }
  return samples;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1)
    lines.push_back(text.substr(start, end - start));
  lines.push_back(text.substr(start));
  return lines;
}

TEST(SecretCatalogue, EveryRuleHasASample) {
  const auto samples = true_samples();
  const auto data = data_samples();
  for (const auto& rule : baseline().secrets.rules) {
    if (!rule.path_regex.empty()) continue;  // path-scoped rules: secret_path_rules_test.cpp
    const bool sampled = std::any_of(samples.begin(), samples.end(),
                                     [&](const Sample& s) { return s.rule == "secret." + rule.id; }) ||
                         std::any_of(data.begin(), data.end(),
                                     [&](const DataSample& s) { return s.true_positive && s.rule == rule.id; });
    EXPECT_TRUE(sampled) << "no true sample for " << rule.id;
  }
}

TEST(SecretCatalogue, DataSamplesAreFoundByTheirRuleAndLookAlikesByNone) {
  const auto policy = baseline();
  for (const auto& sample : data_samples()) {
    const auto findings = scan(lines_of(sample.text));
    if (sample.true_positive) {
      EXPECT_TRUE(std::any_of(policy.secrets.rules.begin(), policy.secrets.rules.end(),
                              [&](const SecretRule& r) { return r.id == sample.rule; }))
          << "no rule " << sample.rule;
      EXPECT_TRUE(std::any_of(findings.begin(), findings.end(),
                              [&](const Finding& f) { return f.rule == "secret." + sample.rule; }))
          << sample.rule << " missed: " << sample.text;
    } else {
      for (const auto& finding : findings)
        ADD_FAILURE() << finding.rule << " flagged a look-alike of " << sample.rule << ": " << sample.text;
    }
  }
}

TEST(SecretCatalogue, FindingsNeverHoldTheWholeSecret) {
  for (const auto& sample : true_samples()) {
    for (const auto& finding : scan({sample.line})) {
      EXPECT_EQ(finding.excerpt.find(sample.secret), std::string::npos) << finding.rule;
      EXPECT_EQ(finding.message.find(sample.secret), std::string::npos) << finding.rule;
      EXPECT_EQ(finding.hint.find(sample.secret), std::string::npos) << finding.rule;
    }
  }
}

TEST(SecretCatalogue, PassesLookAlikes) {
  const std::vector<std::string> look_alikes = {
      // lock files and integrity hashes
      "\"integrity\": \"sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUR9xsbG9ACVkULdRA==\",",
      "\"resolved\": \"https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz\",",
      "checksum: 5c6e0b2f1bd4b0f7f1e1ef7e2d7c4f0e6d2c1b0a9f8e7d6c5b4a39281706f5e4",
      // UUIDs and commit ids, also under secret-like names
      "id = \"3f2504e0-4f89-41d3-9a0c-0305e82c3301\"",
      "session_token_id = \"3f2504e0-4f89-41d3-9a0c-0305e82c3301\"",
      "commit 9fceb02d0ae598e95dc970b74767f19372d61af8",
      "token_sha = \"9fceb02d0ae598e95dc970b74767f19372d61af8\"",
      // base64 images
      "src=\"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==\"",
      // reads from the environment and secret stores
      "aws_key = os.environ[\"AWS_ACCESS_KEY_ID\"]",
      "token = os.getenv('GITHUB_TOKEN')",
      "api_key = process.env.OPENAI_API_KEY",
      "password: ${{ secrets.DB_PASSWORD }}",
      "secret_key_base = Rails.application.credentials.secret_key_base",
      "private_key_path = \"/home/deploy/.ssh/id_ed25519\"",
      "DATABASE_URL=postgres://app:${DB_PASSWORD}@db:5432/app",
      "DATABASE_URL=postgres://user:password@localhost:5432/app",
      // documented examples and placeholders
      std::string("aws_access_key_id = AKIA") + "IOSFODNN7EXAMPLE",
      std::string("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/") + "bPxRfiCYEXAMPLEKEY",
      "api_key = \"YOUR_API_KEY_HERE\"",
      "api_key = \"<your-api-key>\"",
      "token = \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"",
      "secret = \"0123456789abcdef0123\"",
      "Authorization: Bearer <token>",
      // prefixes without their bodies, and words that hold keywords
      "const ask = 'ASKAQYLPMN5HHHFPZAM2';",
      "ghp_short",
      "see https://hooks.slack.com/services/ for setup",
      "-----BEGIN PUBLIC KEY-----",
      "-----BEGIN CERTIFICATE-----",
      "const tokenizer = new Tokenizer(vocab_size = 32000);",
      "monkey.keyboard = keyframes(24);",
      "Accept-Language: en-us",
      "task_id = 'sk-learn-2024'",
      // pagination tokens and type names under secret-like names
      "\"NextToken\": \"AQICAHjOiFofVZCZ0aEN1VnF1m9jq/xxpTY7MyPexz72BHuAkgETVS8c\",",
      "page_token = \"k3J9x8Q2m1Z7w4V6p0L5\"",
      "    DeviceToken: NonEmptySensitiveString1600;",
      "    KdcAdminPassword: XmlStringMaxLen256;",
      "})(iamcredentials_v1 || (exports.iamcredentials_v1 = iamcredentials_v1 = {}));",
  };
  for (const auto& line : look_alikes) {
    const auto findings = scan({line});
    EXPECT_TRUE(findings.empty()) << line << " -> " << (findings.empty() ? "" : findings[0].rule + " " + findings[0].excerpt);
  }
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
      for (const auto& allow : rule.allow_regexes) EXPECT_TRUE(RE2(allow, RE2::Quiet).ok()) << rule.id;
    }
    for (const auto& rule : policy->content) EXPECT_TRUE(RE2(rule.regex, RE2::Quiet).ok()) << name << " " << rule.id;
  }
}

}  // namespace
}  // namespace agentops

#include "policy/builtin_catalogue.h"

namespace agentops {
namespace {

TEST(SecretCatalogue, GeneratedDataMatchesTheToml) {
  // tools/catalogue_codegen.cpp turns the TOML into C++ at build time; the
  // policy loader's own reading of the same file must agree with it.
  auto parsed = detail::parse_secret_catalogue();
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  const SecretsPolicy& generated = detail::builtin_secret_catalogue();
  EXPECT_EQ(parsed->stopwords, generated.stopwords);
  ASSERT_EQ(parsed->rules.size(), generated.rules.size());
  for (size_t i = 0; i < generated.rules.size(); ++i) {
    const SecretRule& a = parsed->rules[i];
    const SecretRule& b = generated.rules[i];
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.description, b.description) << a.id;
    EXPECT_EQ(a.regex, b.regex) << a.id;
    EXPECT_EQ(a.keywords, b.keywords) << a.id;
    EXPECT_EQ(a.secret_group, b.secret_group) << a.id;
    EXPECT_DOUBLE_EQ(a.min_entropy, b.min_entropy) << a.id;
    EXPECT_EQ(a.require_digit, b.require_digit) << a.id;
    EXPECT_EQ(a.paths, b.paths) << a.id;
    EXPECT_EQ(a.allow_regexes, b.allow_regexes) << a.id;
    EXPECT_EQ(a.allow_match_regexes, b.allow_match_regexes) << a.id;
    EXPECT_EQ(a.stopwords, b.stopwords) << a.id;
    EXPECT_EQ(a.fallback, b.fallback) << a.id;
    EXPECT_EQ(a.severity, b.severity) << a.id;
    EXPECT_EQ(a.hint, b.hint) << a.id;
  }
}

}  // namespace
}  // namespace agentops
