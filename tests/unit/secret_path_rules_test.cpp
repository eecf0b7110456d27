// Catalogue rules scoped to a kind of file by its path: a PKCS#12 key store
// is refused by its name alone, a NuGet.Config password and a Terraform
// password only in those files.
#include <gtest/gtest.h>

#include <algorithm>

#include "agentops/policy.h"
#include "agentops/secrets.h"

namespace agentops {
namespace {

std::vector<std::string> rules_found(const std::string& path, const std::string& text) {
  static const auto policy = load_preset("baseline");
  EXPECT_TRUE(policy.ok());
  auto scanner = SecretScanner::compile(policy->secrets);
  EXPECT_TRUE(scanner.ok()) << scanner.error().message;
  ChangedFile file;
  file.path = path;
  file.status = FileStatus::added;
  AddedLines lines;
  if (!text.empty()) lines.add(1, text);
  std::vector<Finding> findings;
  EXPECT_TRUE(scanner->scan(file, lines, findings).ok());
  std::vector<std::string> rules;
  for (const auto& finding : findings) rules.push_back(finding.rule);
  return rules;
}

bool has(const std::vector<std::string>& rules, const std::string& rule) {
  return std::find(rules.begin(), rules.end(), rule) != rules.end();
}

TEST(SecretPathRules, AKeyStoreIsFoundByItsNameWhateverItHolds) {
  EXPECT_TRUE(has(rules_found("security/certs/client.p12", ""), "secret.pkcs12-file"));
  EXPECT_TRUE(has(rules_found("cagw_key.P12", ""), "secret.pkcs12-file"));
  EXPECT_TRUE(has(rules_found("App/App_TemporaryKey.pfx", "binary text"), "secret.pkcs12-file"));
}

TEST(SecretPathRules, NamesThatOnlyStartLikeAKeyStorePass) {
  EXPECT_FALSE(has(rules_found("doc/typenum/type.P126.html", "x"), "secret.pkcs12-file"));
  EXPECT_FALSE(has(rules_found("scripts/syntest.p1200.sh", "x"), "secret.pkcs12-file"));
  EXPECT_FALSE(has(rules_found("notes/p12.md", "x"), "secret.pkcs12-file"));
}

TEST(SecretPathRules, ANugetConfigPasswordIsFoundThereOnly) {
  const std::string line = R"(<add key="ClearTextPassword" value="TestSource%Password" />)";
  EXPECT_TRUE(has(rules_found("src/NuGet.Config", line), "secret.nuget-config-password"));
  EXPECT_TRUE(has(rules_found("nuget.config", R"(<add key="Password" value="CleartextPassword1" />)"),
                  "secret.nuget-config-password"));
  EXPECT_FALSE(has(rules_found("some.xml", line), "secret.nuget-config-password"));
  for (const char* value : {"%TestSourcePassword%", "XXXXXXXXXXX", "abc", "33f!!lloppa"})
    EXPECT_FALSE(has(rules_found("NuGet.Config", std::string(R"(<add key="ClearTextPassword" value=")") + value + "\" />"),
                     "secret.nuget-config-password"))
        << value;
}

TEST(SecretPathRules, ATerraformPasswordIsFoundInTerraformFilesOnly) {
  EXPECT_TRUE(has(rules_found("main.tf", R"(administrator_login_password = "thisIsDog11")"),
                  "secret.hashicorp-tf-password"));
  EXPECT_TRUE(has(rules_found("db.hcl", R"(password       = "rootpasswd")"), "secret.hashicorp-tf-password"));
  EXPECT_FALSE(has(rules_found("unrelated.js", R"(password       = "rootpasswd")"), "secret.hashicorp-tf-password"));
  EXPECT_FALSE(has(rules_found("main.tf", "administrator_login_password = var.db_password"),
                   "secret.hashicorp-tf-password"));
  EXPECT_FALSE(has(rules_found("db.hcl", R"(password = "${aws_db_instance.default.password}")"),
                   "secret.hashicorp-tf-password"));
}

}  // namespace
}  // namespace agentops
