// Attacks on the built-in secret catalogue beyond gitleaks' samples: lines of
// real trees the catalogue raised false alarms on (C++ headers, Debian's
// /usr/share/doc, Python site-packages), credentials written the way people
// commit them in config files that a rule must find, and hostile inputs the
// scan must get through in bounded time.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "agentops/policy.h"
#include "agentops/secrets.h"

namespace agentops {
namespace {

std::vector<Finding> scan(const std::string& text, const std::string& path = "sample.txt") {
  static const auto scanner = [] {
    auto policy = load_preset("baseline");
    EXPECT_TRUE(policy.ok()) << policy.error().message;
    return SecretScanner::compile(policy.ok() ? policy->secrets : SecretsPolicy{});
  }();
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

struct LookAlike {
  const char* where;  // the tree and file it was found in
  const char* text;
};

TEST(SecretCatalogueAttack, RealTreeLookAlikesAreNotReported) {
  const std::vector<LookAlike> look_alikes = {
      // /usr/include: a libstdc++ member assigned an enumerator (mixed-case snake words)
      {"c++/12/bits/regex_scanner.tcc", "\t  _M_token = _S_token_subexpr_lookahead_begin;"},
      // /usr/share/doc: HTML anchors whose href holds a secret-like word; the value is the next attribute's
      {"nodejs/api/crypto.html",
       "<h4><code>x509.checkPrivateKey(privateKey)</code><span><a class=\"mark\" href=\"#x509checkprivatekeyprivatekey\" "
       "id=\"x509checkprivatekeyprivatekey\">#</a></span>"},
      {"nodejs/api/deprecations.html",
       "<h4 id=\"DEP0010\">DEP0010: <code>crypto.createCredentials</code><span><a class=\"mark\" "
       "href=\"#dep0010-cryptocreatecredentials\" id=\"dep0010-cryptocreatecredentials\">#</a></span>"},
      // /usr/share/doc: "etsy" spelled inside a word (sock-etsy-mbol)
      {"nodejs/api/dgram.html",
       "<a class=\"mark\" href=\"#socketsymbolasyncdispose\" id=\"socketsymbolasyncdispose\">#</a>"},
      // site-packages: a CLI option followed by key=value pairs: the value belongs to the pair's key
      {"awscli/examples/rds/create-db-proxy.rst",
       "        --auth Description=\"proxydescription1\",AuthScheme=\"SECRETS\",IAMAuth=\"DISABLED\" \\"},
      // site-packages: an AWS SigV4 credential scope (access key id / date / region / service)
      {"moto/cognitoidp/models.py",
       "    `Authorization: AWS4-HMAC-SHA256 Credential=mock_access_key/20220524/us-east-1/cognito-idp/aws4_request, "
       "SignedHeaders=content-length;content-type;host;x-amz-date, Signature=asdf`"},
      // site-packages: the AWS Secrets Manager service named in a key alias
      {"moto/kms/utils.py", "    \"alias/aws/secretsmanager\": \"fee5173a-3972-428e-ae73-cd4c2a371222\","},
      // site-packages: made-up values counting letters and digits in turn
      {"moto/networkfirewall/models.py", "        self.update_token = \"1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d\""},
      {"awscli/examples/ivs-realtime/create-stage.rst", "                \"token\": \"a1b2c3d4567890ab\","},
      {"awscli/examples/iotwireless/update-partner-account.rst",
       "        --sidewalk AppServerPrivateKey=\"a123b45c6d78e9f012a34cd5e6a7890b12c3d45e6f78a1b234c56d7e890a1234\""},
      // libgit2's history: URL parser tests whose only digits are percent-escapes
      {"tests/util/url/parse.c", "\t\t\t\t\"https://user:pass%2fis%40bad@hostname.com:1234/\"));"},
      {"tests/util/url/redirect.c", "\t\t\"https://user%2fname:pass%40word%zyx%v@example.com/foo/bar/baz\"));"},
  };
  for (const auto& look_alike : look_alikes) {
    const auto findings = scan(look_alike.text);
    EXPECT_TRUE(findings.empty()) << look_alike.where << ": " << look_alike.text << "\n  reported as "
                                  << (findings.empty() ? "" : findings[0].rule);
  }
}

// Random values of a given alphabet from a fixed seed: the shape of a real
// credential, never a live one.
class ValueMaker {
 public:
  std::string make(size_t length, std::string_view alphabet) {
    std::string value;
    std::uniform_int_distribution<size_t> pick(0, alphabet.size() - 1);
    for (size_t i = 0; i < length; ++i) value += alphabet[pick(engine_)];
    return value;
  }

 private:
  std::mt19937 engine_{20261202};
};

constexpr std::string_view kAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

bool reported_by(const std::vector<Finding>& findings, const std::string& rule) {
  return std::any_of(findings.begin(), findings.end(), [&](const Finding& f) { return f.rule == rule; });
}

TEST(SecretCatalogueAttack, CredentialsWrittenAsPeopleCommitThemAreReported) {
  ValueMaker maker;
  const std::string password = maker.make(16, kAlnum);
  const std::string akid = "AKIA" + maker.make(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
  const std::string aws_secret = maker.make(40, std::string(kAlnum) + "/+");
  const std::string github = "ghp_" + maker.make(36, kAlnum);
  struct Case {
    const char* path;
    std::string text;
    const char* rule;
  };
  const std::vector<Case> cases = {
      {".env.example", "AWS_ACCESS_KEY_ID=" + akid + "\nAWS_SECRET_ACCESS_KEY=" + aws_secret, "secret.aws-secret-access-key"},
      {"aws/credentials", "[default]\naws_access_key_id = " + akid + "\naws_secret_access_key = " + aws_secret,
       "secret.aws-access-key-id"},
      {".github/workflows/ci.yml", "env:\n  GITHUB_TOKEN: " + github, "secret.github-token"},
      {"docker-compose.yml", "    environment:\n      - DATABASE_URL=postgres://admin:" + password + "@db:5432/app",
       "secret.database-url-password"},
      // Redis has no user names before version 6: `redis://:password@host`
      {"docker-compose.yml", "      - REDIS_URL=redis://:" + password + "@cache:6379/0", "secret.database-url-password"},
      {"config/settings.py", "CELERY_BROKER_URL = 'rediss://:" + password + "@redis.internal:6380/1'",
       "secret.database-url-password"},
      {"src/main/resources/application.properties", "spring.datasource.password=" + password, "secret.generic-api-key"},
      // An Authorization header outside curl: "Authorization" is no secret name to the generic rule
      {"client.py", "headers = {\"Authorization\": \"Bearer " + maker.make(40, kAlnum) + "\"}",
       "secret.authorization-header-token"},
      {"api.http", "GET https://api.example.com/v1/me\nAuthorization: Bearer " + maker.make(32, kAlnum),
       "secret.authorization-header-token"},
      // An Azure SAS URL: the signature is the credential
      {"upload.sh",
       "az storage blob upload --blob-url 'https://acct.blob.core.windows.net/c/f?sv=2021-06-08&ss=b&srt=sco&sp=rw"
       "&se=2030-01-01T00:00:00Z&spr=https&sig=" + maker.make(40, kAlnum) + "%2B" + maker.make(3, kAlnum) + "%3D'",
       "secret.azure-sas-token"},
      // A password glued to mysql's -p
      {"scripts/backup.sh", "mysqldump -h db -uroot -p" + password + " app > /backup/app.sql", "secret.mysql-cli-password"},
      // Passwords in git and package-index URLs
      {"deploy.sh", "git clone https://deploy:" + password + "@git.example.com/team/repo.git", "secret.url-password"},
      {"pip.conf", "[global]\nindex-url = https://__token__:" + maker.make(30, kAlnum) + "@pypi.example.com/simple",
       "secret.url-password"},
  };
  for (const auto& c : cases) {
    const auto findings = scan(c.text, c.path);
    EXPECT_TRUE(reported_by(findings, c.rule)) << c.path << ": " << c.text << "\n  not reported by " << c.rule;
  }
}

// Each hostile input is judged to the end: a GitHub token planted after it is
// still found. No clock here (timings belong in bench/): a backtracking or
// quadratic blow-up shows as this test running into ctest's timeout.
void expect_bounded(const std::string& what, const std::string& text) {
  const std::string token = "ghp_" + std::string("k3x9Q2m7W4p8Z1r6T5y0U3i8O2a6S9d4F7g1");
  const auto findings = scan(text + "\nGH_TOKEN=" + token + "\n");
  EXPECT_TRUE(reported_by(findings, "secret.github-token")) << what << ": the token after it was not found";
}

TEST(SecretCatalogueAttack, HostileInputsAreScannedToTheEnd) {
  ValueMaker maker;
  const size_t size = 4u << 20;
  expect_bounded("one long line of identifier characters", maker.make(size, std::string(kAlnum) + "._-"));
  expect_bounded("a long identifier run then a keyword", std::string(size, 'a') + "token = \"" + maker.make(24, kAlnum) + "\"");
  std::string keyword_lines;
  for (size_t i = 0; keyword_lines.size() < size; ++i) keyword_lines += i % 3 == 0 ? "token\n" : i % 3 == 1 ? "secret\n" : "key\n";
  expect_bounded("a keyword on every line", keyword_lines);
  expect_bounded("a run of =", "token" + std::string(size, '='));
  expect_bounded("a run of :", "secret" + std::string(size, ':'));
  std::string assignments;
  while (assignments.size() < size) assignments += "token=";
  expect_bounded("a line of empty assignments", assignments);
  std::string xml_tags;
  while (xml_tags.size() < size) xml_tags += "<token>\n";
  expect_bounded("XML start tags whose value may sit on the next line", xml_tags);
  std::string curl_lines;
  while (curl_lines.size() < size) curl_lines += "curl \\\n";
  expect_bounded("curl continuation lines", curl_lines);
}

}  // namespace
}  // namespace agentops
