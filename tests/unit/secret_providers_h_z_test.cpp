// Provider rules h to z of the built-in catalogue (issue 11), beyond the
// per-rule samples of tests/data/catalogue-samples.tsv: the private-key rule
// on real keys made at test time (never committed), in every shape a key is
// committed in, and on the documented placeholders that are not keys.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "agentops/policy.h"
#include "agentops/secrets.h"
#include "git_sandbox.h"

namespace agentops {
namespace {

using testing::GitSandbox;

std::vector<Finding> scan_text(const std::string& text, const std::string& path = "config/app.txt") {
  static const Policy policy = [] {
    auto loaded = load_preset("baseline");
    EXPECT_TRUE(loaded.ok());
    return loaded.ok() ? *loaded : Policy{};
  }();
  ChangedFile file;
  file.path = path;
  file.status = FileStatus::added;
  AddedLines added;
  std::uint32_t number = 1;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) added.add(number++, line);
  auto scanner = SecretScanner::compile(policy.secrets);
  EXPECT_TRUE(scanner.ok()) << scanner.error().message;
  std::vector<Finding> findings;
  auto scanned = scanner->scan(file, added, findings);
  EXPECT_TRUE(scanned.ok()) << scanned.error().message;
  return findings;
}

std::vector<Finding> of_rule(const std::vector<Finding>& findings, const std::string& rule) {
  std::vector<Finding> out;
  std::copy_if(findings.begin(), findings.end(), std::back_inserter(out),
               [&](const Finding& f) { return f.rule == "secret." + rule; });
  return out;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// A fresh private key made by `command` (run in a temp dir, writing `file`).
std::string generated_key(const GitSandbox& dir, const std::string& command, const std::string& file) {
  const auto made = dir.run(command);
  EXPECT_EQ(made.exit_code, 0) << command << ": " << made.err;
  return read_file(dir.path(file));
}

// The key's lines joined with a literal backslash-n, as in a JSON file.
std::string escaped_newlines(const std::string& key) {
  std::string out;
  for (char c : key) out += c == '\n' ? std::string("\\n") : std::string(1, c);
  return out;
}

class RealPrivateKey : public ::testing::Test {
 protected:
  GitSandbox dir{false};
  std::string openssh() { return generated_key(dir, "ssh-keygen -q -t ed25519 -N '' -C t -f id_ed25519", "id_ed25519"); }
  std::string rsa_pem() { return generated_key(dir, "ssh-keygen -q -t rsa -b 2048 -m PEM -N '' -C t -f id_rsa", "id_rsa"); }
  std::string pkcs8() {
    return generated_key(dir, "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out key.pem 2>/dev/null",
                         "key.pem");
  }
  std::string ec() { return generated_key(dir, "openssl ecparam -name prime256v1 -genkey -noout -out ec.pem", "ec.pem"); }
};

TEST_F(RealPrivateKey, AnOpenSshKeyFileIsFoundAtItsFirstLine) {
  const auto found = of_rule(scan_text(openssh(), "deploy/id_ed25519"), "private-key");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].line, 1u);
}

TEST_F(RealPrivateKey, AnRsaPemKeyIsFoundAtItsHeaderLine) {
  const auto found = of_rule(scan_text("# deploy key\n" + rsa_pem()), "private-key");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].line, 2u);
}

TEST_F(RealPrivateKey, Pkcs8AndEcKeysAreFound) {
  EXPECT_EQ(of_rule(scan_text(pkcs8()), "private-key").size(), 1u);
  EXPECT_EQ(of_rule(scan_text(ec()), "private-key").size(), 1u);
}

TEST_F(RealPrivateKey, AKeyInAJsonServiceAccountFileOnOneLineWithEscapedNewlinesIsFound) {
  const std::string json = "{\n  \"type\": \"service_account\",\n  \"private_key\": \"" + escaped_newlines(pkcs8()) +
                           "\",\n  \"client_email\": \"svc@proj.iam.gserviceaccount.com\"\n}\n";
  const auto found = of_rule(scan_text(json, "svc.json"), "private-key");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].line, 3u);
}

TEST_F(RealPrivateKey, AKeyInsideAPythonTripleQuotedStringIsFound) {
  const auto found = of_rule(scan_text("KEY = \"\"\"" + rsa_pem() + "\"\"\"\n", "app/keys.py"), "private-key");
  EXPECT_EQ(found.size(), 1u);
}

TEST_F(RealPrivateKey, AKeyInConcatenatedJavaStringLiteralsIsFound) {
  std::string java = "String key =\n";
  std::istringstream lines(rsa_pem());
  for (std::string line; std::getline(lines, line);) java += "    \"" + line + "\\n\" +\n";
  java += "    \"\";\n";
  const auto found = of_rule(scan_text(java, "src/Keys.java"), "private-key");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].line, 2u);
}

TEST_F(RealPrivateKey, TheFindingNeverHoldsTheKeyBody) {
  const std::string key = pkcs8();
  const std::string body_line = key.substr(key.find('\n') + 1, 64);
  for (const auto& finding : scan_text(key)) {
    EXPECT_EQ(finding.excerpt.find(body_line), std::string::npos);
    EXPECT_EQ(finding.message.find(body_line), std::string::npos);
  }
}

TEST(PrivateKeyLookAlikes, AHeaderWithNoBodyIsNotAKey) {
  EXPECT_TRUE(scan_text("-----BEGIN OPENSSH PRIVATE KEY-----\n").empty());
  EXPECT_TRUE(scan_text("if line.startswith('-----BEGIN RSA PRIVATE KEY-----'):\n    kind = 'rsa'\n").empty());
  EXPECT_TRUE(scan_text("-----BEGIN OPENSSH PRIVATE KEY----------END OPENSSH PRIVATE KEY-----\n").empty());
}

TEST(PrivateKeyLookAlikes, ADocumentedPlaceholderBodyIsNotAKey) {
  // In a source string with escaped newlines, and on real lines.
  EXPECT_TRUE(scan_text("key = \"-----BEGIN PRIVATE KEY-----\\nXXXX\\nXXXX\\n-----END PRIVATE KEY-----\"\n").empty());
  EXPECT_TRUE(scan_text("-----BEGIN PRIVATE KEY-----\nXXXX\nXXXX\n-----END PRIVATE KEY-----\n").empty());
  EXPECT_TRUE(scan_text("-----BEGIN PRIVATE KEY-----\nanything\n-----END PRIVATE KEY-----\n").empty());
  EXPECT_TRUE(scan_text("-----BEGIN RSA PRIVATE KEY-----\n" + std::string(64, 'X') + "\n" + std::string(64, 'X') +
                        "\n-----END RSA PRIVATE KEY-----\n")
                  .empty());
  EXPECT_TRUE(scan_text("-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----\n").empty());
}

TEST(PrivateKeyLookAlikes, PublicKeysAndCertificatesAreNotPrivateKeys) {
  GitSandbox dir(false);
  const auto made = dir.run("ssh-keygen -q -t rsa -b 2048 -m PEM -N '' -C t -f k && ssh-keygen -e -m PEM -f k.pub > pub.pem");
  ASSERT_EQ(made.exit_code, 0) << made.err;
  EXPECT_TRUE(of_rule(scan_text(read_file(dir.path("pub.pem"))), "private-key").empty());
}

// Rules that read a file's structure (HCL attributes, YAML manifests, XML).
TEST(StructuredProviderRules, AnAdministratorPasswordLiteralInTerraformIsFoundButNotAVariable) {
  EXPECT_EQ(of_rule(scan_text("administrator_login_password = \"thisIsDog11\"\n", "infra/db.tf"), "hashicorp-tf-password").size(),
            1u);
  EXPECT_TRUE(scan_text("administrator_login_password = var.db_password\n", "infra/db.tf").empty());
  EXPECT_TRUE(scan_text("password = \"${aws_db_instance.default.password}\"\n", "infra/db.hcl").empty());
}

TEST(StructuredProviderRules, AKubernetesSecretManifestWithDataIsFoundInEitherOrder) {
  const auto kind_first = of_rule(
      scan_text("apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ntype: Opaque\ndata:\n  password: UyFCXCpkJHpEc2I9\n",
                "k8s/db-secret.yaml"),
      "kubernetes-secret-yaml");
  ASSERT_EQ(kind_first.size(), 1u);
  EXPECT_EQ(kind_first[0].line, 7u);
  EXPECT_EQ(of_rule(scan_text("apiVersion: v1\ndata:\n  password: UyFCXCpkJHpEc2I9\nkind: Secret\nmetadata:\n  name: db\n",
                              "k8s/db-secret.yml"),
                    "kubernetes-secret-yaml-data-first")
                .size(),
            1u);
}

TEST(StructuredProviderRules, KubernetesLookAlikesAreNotSecretManifests) {
  const auto manifest_findings = [](const std::string& text) {
    const auto findings = scan_text(text, "k8s/manifest.yaml");
    return of_rule(findings, "kubernetes-secret-yaml").size() + of_rule(findings, "kubernetes-secret-yaml-data-first").size();
  };
  // A template, a short value, another kind, a ConfigMap, a word that is not base64.
  EXPECT_EQ(manifest_findings("kind: Secret\ndata:\n  password: {{ .Values.password }}\n"), 0u);
  EXPECT_EQ(manifest_findings("kind: Secret\ndata:\n  extra: YmFyCg==\n"), 0u);
  EXPECT_EQ(manifest_findings("kind: ExternalSecret\nspec:\n  data:\n    - secretKey: UyFCXCpkJHpEc2I9\n"), 0u);
  EXPECT_EQ(manifest_findings("kind: ConfigMap\ndata:\n  setting: UyFCXCpkJHpEc2I9\n"), 0u);
  EXPECT_EQ(manifest_findings("kind: Secret\ndata:\n  htpasswd: {{ htpasswd }}\n---\n   kind: ReplicationController\n"), 0u);
}

TEST(StructuredProviderRules, NuGetConfigPasswordsAreFoundAndDocumentedSamplesAreNot) {
  EXPECT_EQ(of_rule(scan_text("<add key=\"ClearTextPassword\" value=\"h7Gk29xQ-pLm4\" />\n", "NuGet.Config"),
                    "nuget-config-password")
                .size(),
            1u);
  EXPECT_TRUE(scan_text("<add key=\"ClearTextPassword\" value=\"%NUGET_PASSWORD%\" />\n", "nuget.config").empty());
  EXPECT_TRUE(scan_text("<add key=\"ClearTextPassword\" value=\"33f!!lloppa\" />\n", "NuGet.Config").empty());
}

}  // namespace
}  // namespace agentops
