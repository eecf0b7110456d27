// gitleaks' real default config (tests/data/gitleaks/gitleaks.toml, unmodified)
// imported through [secrets] gitleaks_config: alone it reaches gitleaks' recall
// on gitleaks' own rule samples; on top of the built-in catalogue it never
// weakens it (a real RSA key is found, a placeholder key is not).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "agentops/policy.h"
#include "agentops/secrets.h"
#include "sample_corpus.h"

namespace agentops {
namespace {

const std::string kGitleaksToml = std::string(AGENTOPS_SOURCE_DIR) + "/tests/data/gitleaks/gitleaks.toml";

// A temporary directory removed at the end of the test.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "agentops-gitleaks-XXXXXX").string();
    path = ::mkdtemp(pattern.data()) ? pattern : "";
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path.empty()) std::filesystem::remove_all(path, ignored);
  }
  void write(const std::string& name, const std::string& text) const { std::ofstream(path / name) << text; }
};

// A policy file beside a copy of gitleaks' config, importing it; with
// `alone`, without the built-in catalogue.
Result<Policy> load_importing_gitleaks(const TempDir& dir, bool alone) {
  std::ifstream in(kGitleaksToml);
  std::stringstream text;
  text << in.rdbuf();
  dir.write("gitleaks.toml", text.str());
  dir.write("policy.toml", std::string("[secrets]\n") + (alone ? "builtin = false\n" : "") +
                               "gitleaks_config = \"gitleaks.toml\"\n");
  return load_policy_file((dir.path / "policy.toml").string());
}

const SecretRule* find_rule(const Policy& policy, const std::string& id) {
  auto it = std::find_if(policy.secrets.rules.begin(), policy.secrets.rules.end(),
                         [&](const SecretRule& rule) { return rule.id == id; });
  return it == policy.secrets.rules.end() ? nullptr : &*it;
}

std::vector<Finding> scan_file(const SecretScanner& scanner, const std::string& path, const std::string& text) {
  ChangedFile file;
  file.path = path;
  file.status = FileStatus::added;
  AddedLines lines;
  std::uint32_t number = 1;
  for (size_t start = 0; start < text.size(); ++number) {
    const size_t end = std::min(text.find('\n', start), text.size());
    lines.add(number, std::string_view(text).substr(start, end - start));
    start = end + 1;
  }
  std::vector<Finding> findings;
  EXPECT_TRUE(scanner.scan(file, lines, findings).ok());
  return findings;
}

std::string generated_rsa_key(const TempDir& dir) {
  const std::string key = (dir.path / "id_rsa").string();
  const std::string command = "ssh-keygen -q -t rsa -b 2048 -m PEM -N '' -f '" + key + "' >/dev/null 2>&1 || "
                              "openssl genrsa -traditional -out '" + key + "' 2048 >/dev/null 2>&1";
  if (std::system(command.c_str()) != 0) return "";
  std::ifstream in(key);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(GitleaksConfigImport, RealConfigImportsUnmodifiedWithEveryRule) {
  TempDir dir;
  auto policy = load_importing_gitleaks(dir, /*alone=*/true);
  ASSERT_TRUE(policy.ok()) << policy.error().message;
  EXPECT_EQ(policy->secrets.rules.size(), 222u);
  const SecretRule* pkcs12 = find_rule(*policy, "pkcs12-file");
  ASSERT_NE(pkcs12, nullptr) << "the path-only rule is imported";
  EXPECT_TRUE(pkcs12->regex.empty());
  const SecretRule* jwt = find_rule(*policy, "jwt-base64");
  ASSERT_NE(jwt, nullptr);
  // Every imported rule compiles as the scanner runs it: nothing is left for check time.
  auto scanner = SecretScanner::compile(policy->secrets);
  ASSERT_TRUE(scanner.ok()) << scanner.error().message;
  const auto findings = scan_file(*scanner, "app/token.txt",
                                  "token: ZXlKaGJHY2lPaUpJVXpJMU5pSXNJblI1Y0NJNklrcFhWQ0o5LmV5SnpkV0lpT2lJeE1qTTBOVFkz\n");
  (void)findings;  // judged without an error (checked inside scan_file)
}

TEST(GitleaksConfigImport, UsedAloneReachesGitleaksRecallOnItsOwnSamples) {
  TempDir dir;
  auto policy = load_importing_gitleaks(dir, /*alone=*/true);
  ASSERT_TRUE(policy.ok()) << policy.error().message;
  auto samples = corpus::load_samples(std::string(AGENTOPS_SOURCE_DIR) + "/tests/data/gitleaks/rule-samples.tsv");
  ASSERT_TRUE(samples.ok()) << samples.error().message;
  auto score = corpus::score(policy->secrets, *samples);
  ASSERT_TRUE(score.ok()) << score.error().message;
  const auto& total = score->total;
  std::cout << "gitleaks.toml alone: " << total.found << " of " << total.true_samples << " found, " << total.flagged
            << " of " << total.false_samples << " false samples flagged\n";
  RecordProperty("found", static_cast<int>(total.found));
  RecordProperty("flagged", static_cast<int>(total.flagged));
  EXPECT_GE(static_cast<double>(total.found), 0.999 * static_cast<double>(total.true_samples));
  for (const auto* missed : score->missed) ADD_FAILURE() << "missed " << missed->rule << ": " << missed->text;
  // The measured figure (gitleaks' other rules flag these: the samples are
  // false for one rule only); a change that adds false alarms fails here.
  EXPECT_LE(total.flagged, 40u);
}

TEST(GitleaksConfigImport, UsedAloneARealRsaKeyIsFoundByGitleaksMultiLineRule) {
  TempDir dir;
  auto policy = load_importing_gitleaks(dir, /*alone=*/true);
  ASSERT_TRUE(policy.ok()) << policy.error().message;
  auto scanner = SecretScanner::compile(policy->secrets);
  ASSERT_TRUE(scanner.ok()) << scanner.error().message;
  const std::string key = generated_rsa_key(dir);
  ASSERT_FALSE(key.empty());
  const auto found = scan_file(*scanner, "deploy/id_rsa", "# deploy key\n" + key);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].rule, "secret.private-key");
  EXPECT_EQ(found[0].line, 2u);
  const auto placeholder = scan_file(*scanner, "docs/keys.md", "-----BEGIN PRIVATE KEY-----\nXXXX\nXXXX\n-----END PRIVATE KEY-----\n");
  EXPECT_TRUE(placeholder.empty());
}

TEST(GitleaksConfigImport, ImportedRuleBesideABuiltinOneKeepsBothAndSaysSo) {
  TempDir dir;
  auto policy = load_importing_gitleaks(dir, /*alone=*/false);
  ASSERT_TRUE(policy.ok()) << policy.error().message;
  const SecretRule* builtin = find_rule(*policy, "private-key");
  ASSERT_NE(builtin, nullptr);
  EXPECT_FALSE(builtin->gitleaks) << "the built-in private-key rule is not replaced";
  const SecretRule* imported = find_rule(*policy, "gitleaks.private-key");
  ASSERT_NE(imported, nullptr);
  EXPECT_TRUE(imported->gitleaks);
  const auto& notes = policy->secrets.import_notes;
  EXPECT_TRUE(std::any_of(notes.begin(), notes.end(), [](const std::string& note) {
    return note.find("private-key") != std::string::npos && note.find("secret.gitleaks.<id>") != std::string::npos;
  })) << (notes.empty() ? "" : notes.front());
}

TEST(GitleaksConfigImport, OnTopOfTheCatalogueARealRsaKeyIsFoundAndAPlaceholderIsNot) {
  TempDir dir;
  auto policy = load_importing_gitleaks(dir, /*alone=*/false);
  ASSERT_TRUE(policy.ok()) << policy.error().message;
  auto scanner = SecretScanner::compile(policy->secrets);
  ASSERT_TRUE(scanner.ok()) << scanner.error().message;
  const std::string key = generated_rsa_key(dir);
  ASSERT_NE(key.find("-----BEGIN RSA PRIVATE KEY-----"), std::string::npos) << "ssh-keygen or openssl made no key";
  const auto found = scan_file(*scanner, "deploy/id_rsa", key);
  EXPECT_FALSE(found.empty()) << "a real RSA key passes";
  // The built-in rule finds the key with its body; gitleaks' rule, imported
  // beside it as a fallback, reports only what no other rule did.
  EXPECT_TRUE(std::any_of(found.begin(), found.end(), [](const Finding& f) {
    return f.rule == "secret.private-key" || f.rule == "secret.gitleaks.private-key";
  }));
  for (const auto& finding : found) EXPECT_EQ(finding.excerpt.find(key.substr(40, 40)), std::string::npos);

  const std::string placeholder = "-----BEGIN PRIVATE KEY-----\nXXXX\nXXXX\n-----END PRIVATE KEY-----\n";
  const auto flagged = scan_file(*scanner, "docs/keys.md", placeholder);
  // Neither the built-in rule (it needs a key body) nor an imported one flags it.
  for (const auto& finding : flagged) ADD_FAILURE() << finding.rule << " flags a placeholder key";
  auto catalogue = load_preset("baseline");
  ASSERT_TRUE(catalogue.ok());
  auto catalogue_scanner = SecretScanner::compile(catalogue->secrets);
  ASSERT_TRUE(catalogue_scanner.ok());
  EXPECT_EQ(flagged.size(), scan_file(*catalogue_scanner, "docs/keys.md", placeholder).size());
}

}  // namespace
}  // namespace agentops
