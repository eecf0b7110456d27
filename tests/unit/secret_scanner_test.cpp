// The secret scanner's mechanics: keywords, allowlists, entropy, groups, errors.
// The catalogue's own samples are in secret_catalogue_test.cpp.
#include <gtest/gtest.h>

#include <algorithm>

#include "agentops/policy.h"
#include "agentops/secrets.h"

namespace agentops {
namespace {

// An added file and its lines, numbered from 1.
struct FileWithLines {
  ChangedFile file;
  AddedLines lines;
};

FileWithLines file_with_lines(const std::vector<std::string>& lines, std::string path = "app.cfg") {
  FileWithLines out;
  out.file.path = std::move(path);
  out.file.status = FileStatus::added;
  std::uint32_t number = 1;
  for (const auto& line : lines) out.lines.add(number++, line);
  out.file.added_lines = static_cast<std::uint32_t>(out.lines.size());
  return out;
}

std::vector<Finding> scan_with(const SecretsPolicy& secrets, const FileWithLines& input) {
  auto scanner = SecretScanner::compile(secrets);
  EXPECT_TRUE(scanner.ok()) << scanner.error().message;
  std::vector<Finding> findings;
  auto scanned = scanner->scan(input.file, input.lines, findings);
  EXPECT_TRUE(scanned.ok()) << scanned.error().message;
  return findings;
}


TEST(SecretScanner, KeywordPrefilterIsCaseInsensitive) {
  SecretsPolicy secrets;
  secrets.rules.push_back(SecretRule{.id = "acme", .description = "ACME token", .regex = "ACME_[0-9]{8}", .keywords = {"acme_"}});
  const auto findings = scan_with(secrets, file_with_lines({"x = ACME_58204719"}));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule, "secret.acme");
}

TEST(SecretScanner, AllowPathsSkipFiles) {
  SecretsPolicy secrets;
  secrets.allow_paths = {"tests/fixtures/**"};
  secrets.rules.push_back(SecretRule{.id = "acme", .description = "ACME token", .regex = "acme_[0-9]{8}"});
  EXPECT_TRUE(scan_with(secrets, file_with_lines({"acme_58204719"}, "tests/fixtures/a.txt")).empty());
  EXPECT_EQ(scan_with(secrets, file_with_lines({"acme_58204719"}, "src/a.txt")).size(), 1u);
}

TEST(SecretScanner, EntropyThresholdDropsLowEntropyValues) {
  SecretsPolicy secrets;
  secrets.rules.push_back(SecretRule{.id = "generic", .description = "token", .regex = "token=([a-z0-9]{16})", .secret_group = 1, .min_entropy = 3.0});
  EXPECT_TRUE(scan_with(secrets, file_with_lines({"token=aaaaaaaaaaaaaaaa"})).empty());
  EXPECT_EQ(scan_with(secrets, file_with_lines({"token=k3j9x8q2m1z7w4v6"})).size(), 1u);
}

TEST(SecretScanner, FindsEverySecretOnALine) {
  SecretsPolicy secrets;
  secrets.rules.push_back(SecretRule{.id = "acme", .description = "ACME token", .regex = "acme_[0-9]{8}"});
  EXPECT_EQ(scan_with(secrets, file_with_lines({"acme_58204719 acme_91730462"})).size(), 2u);
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
  secrets.rules.push_back(SecretRule{.id = "bad", .description = "bad", .regex = "(unclosed"});
  auto scanner = SecretScanner::compile(secrets);
  ASSERT_FALSE(scanner.ok());
  EXPECT_NE(scanner.error().message.find("bad"), std::string::npos);
}

TEST(SecretScanner, InvalidRegexBehindAKeywordFailsWhenFirstUsed) {
  SecretsPolicy secrets;
  secrets.rules.push_back(SecretRule{.id = "bad", .description = "bad", .regex = "(unclosed", .keywords = {"needle"}});
  auto scanner = SecretScanner::compile(secrets);
  ASSERT_TRUE(scanner.ok());
  std::vector<Finding> findings;
  const auto quiet = file_with_lines({"no keyword here"});
  EXPECT_TRUE(scanner->scan(quiet.file, quiet.lines, findings).ok());
  const auto loud = file_with_lines({"a needle"});
  auto scanned = scanner->scan(loud.file, loud.lines, findings);
  ASSERT_FALSE(scanned.ok());
  EXPECT_NE(scanned.error().message.find("'bad'"), std::string::npos);
}

TEST(ShannonEntropy, MatchesKnownValues) {
  EXPECT_DOUBLE_EQ(shannon_entropy(""), 0.0);
  EXPECT_DOUBLE_EQ(shannon_entropy("aaaa"), 0.0);
  EXPECT_DOUBLE_EQ(shannon_entropy("abab"), 1.0);
  EXPECT_DOUBLE_EQ(shannon_entropy("abcd"), 2.0);
}

}  // namespace
}  // namespace agentops

namespace agentops {
namespace {

TEST(SecretScanner, RequireDigitDropsIdentifiers) {
  SecretsPolicy secrets;
  secrets.rules.push_back(SecretRule{.id = "g", .description = "g", .regex = "key=([A-Za-z0-9_]{8,})", .secret_group = 1, .require_digit = true});
  EXPECT_TRUE(scan_with(secrets, file_with_lines({"key=SOME_ENV_NAME"})).empty());
  EXPECT_EQ(scan_with(secrets, file_with_lines({"key=k3J9x8Q2m1Z7"})).size(), 1u);
}

TEST(SecretScanner, StopwordsAndAllowRegexesDropValues) {
  SecretsPolicy secrets;
  secrets.stopwords = {"example"};
  secrets.allow_regexes = {"^test_"};
  secrets.rules.push_back(SecretRule{.id = "g", .description = "g", .regex = "key=([A-Za-z0-9_]{8,})", .secret_group = 1,
                                     .allow_regexes = {"^fixture"}});
  EXPECT_TRUE(scan_with(secrets, file_with_lines({"key=k3J9EXAMPLEx8Q2"})).empty());
  EXPECT_TRUE(scan_with(secrets, file_with_lines({"key=test_k3J9x8Q2m1"})).empty());
  EXPECT_TRUE(scan_with(secrets, file_with_lines({"key=fixture9x8Q2m1"})).empty());
  EXPECT_EQ(scan_with(secrets, file_with_lines({"key=k3J9x8Q2m1Z7"})).size(), 1u);
}

TEST(SecretScanner, RulePathsLimitWhereItRuns) {
  SecretsPolicy secrets;
  secrets.rules.push_back(SecretRule{.id = "acme", .description = "a", .regex = "acme_[0-9]{8}", .paths = {"config/**"}});
  EXPECT_TRUE(scan_with(secrets, file_with_lines({"acme_58204719"}, "src/a.txt")).empty());
  EXPECT_EQ(scan_with(secrets, file_with_lines({"acme_58204719"}, "config/a.txt")).size(), 1u);
}

TEST(SecretScanner, LineNumbersComeFromTheFile) {
  SecretsPolicy secrets;
  secrets.rules.push_back(SecretRule{.id = "acme", .description = "a", .regex = "acme_[0-9]{8}", .keywords = {"acme"}});
  FileWithLines input;
  input.file.path = "a.txt";
  input.lines.add(10, "nothing");
  input.lines.add(42, "x acme_58204719");
  const auto findings = scan_with(secrets, input);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].line, 42u);
}

TEST(Placeholder, RecognisesTemplatesRunsAndSequences) {
  EXPECT_TRUE(looks_like_placeholder("${API_TOKEN}"));
  EXPECT_TRUE(looks_like_placeholder("<your-token>"));
  EXPECT_TRUE(looks_like_placeholder("aaaaaaaaaaaaaaaaaaaa"));
  EXPECT_TRUE(looks_like_placeholder("0123456789abcdef"));
  EXPECT_FALSE(looks_like_placeholder("k3J9x8Q2m1Z7w4V6"));
  EXPECT_FALSE(looks_like_placeholder("xoxb-392817465012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx"));
}

}  // namespace
}  // namespace agentops
