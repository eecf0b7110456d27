// gitleaks' matching semantics for imported rules (detect/detect.go): the
// secret is the first non-empty group when none is named, entropy must exceed
// the rule's, regexes see the whole file (within runs of consecutive added
// lines), allowlists target the secret, the match or the line, with OR or AND,
// and a rule without a regex reports a file by its path.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "agentops/policy.h"
#include "agentops/secrets.h"

namespace agentops {
namespace {

// The gitleaks config `gitleaks`, imported alone (without the built-in catalogue).
Result<Policy> load_alone(const std::string& gitleaks, const std::string& extra_policy = "") {
  const std::map<std::string, std::string> files = {
      {".agentops/policy.toml",
       "[secrets]\nbuiltin = false\ngitleaks_config = \"../.gitleaks.toml\"\n" + extra_policy},
      {".gitleaks.toml", gitleaks}};
  PolicySource source{".agentops/policy.toml", files.at(".agentops/policy.toml"), {}};
  source.read_relative = [files](const std::string& relative) -> Result<PolicySource> {
    auto path = resolve_relative_path(".agentops/policy.toml", relative);
    if (!path || !files.count(*path)) return Error{"no such file"};
    return PolicySource{*path, files.at(*path), {}};
  };
  return load_policy(source);
}

struct Scan {
  std::vector<Finding> findings;
  Status status = Ok{};
};

// Scans `lines` ({line number, text}) as the added lines of `path`.
Scan scan(const std::string& gitleaks, const std::vector<std::pair<std::uint32_t, std::string>>& lines,
          const std::string& path = "app/config.txt") {
  Scan out;
  auto policy = load_alone(gitleaks);
  EXPECT_TRUE(policy.ok()) << policy.error().message;
  if (!policy.ok()) return out;
  auto scanner = SecretScanner::compile(policy->secrets);
  EXPECT_TRUE(scanner.ok()) << scanner.error().message;
  if (!scanner.ok()) return out;
  ChangedFile file;
  file.path = path;
  file.status = FileStatus::added;
  AddedLines added;
  for (const auto& [number, text] : lines) added.add(number, text);
  out.status = scanner->scan(file, added, out.findings);
  return out;
}

Scan scan_text(const std::string& gitleaks, const std::string& text, const std::string& path = "app/config.txt") {
  std::vector<std::pair<std::uint32_t, std::string>> lines;
  std::uint32_t number = 1;
  for (size_t start = 0; start <= text.size(); ++number) {
    const size_t end = std::min(text.find('\n', start), text.size());
    lines.emplace_back(number, text.substr(start, end - start));
    start = end + 1;
  }
  return scan(gitleaks, lines, path);
}

constexpr const char* kTwoWays = R"toml([[rules]]
id = "two-ways"
regex = '''(?:alpha=([a-z0-9]{16})|beta=([a-z0-9]{16}))'''
keywords = ["alpha=", "beta="]
)toml";

TEST(GitleaksSemantics, SecretIsTheFirstNonEmptyGroupWhenNoneIsNamed) {
  const auto found = scan_text(kTwoWays, "x beta=k3j9x8q2m1z7p4w6 y");
  ASSERT_TRUE(found.status.ok()) << found.status.error().message;
  ASSERT_EQ(found.findings.size(), 1u);
  EXPECT_EQ(found.findings[0].rule, "secret.two-ways");
  // The excerpt is the redacted secret: the group, not "beta=...".
  EXPECT_EQ(found.findings[0].excerpt.substr(0, 2), "k3") << found.findings[0].excerpt;
}

TEST(GitleaksSemantics, EntropyIsMeasuredOnTheSecretAndMustExceedTheFloor) {
  const std::string rule = R"toml([[rules]]
id = "pw"
regex = '''(?i)password\s*=>\s*"([^"]+)"'''
keywords = ["password"]
entropy = 2
)toml";
  // The whole match is varied; the secret "abababab" holds 1 bit per character.
  EXPECT_TRUE(scan_text(rule, "password => \"abababab\"").findings.empty());
  // "abcd" holds exactly 2 bits: gitleaks skips a secret whose entropy is <= the floor.
  EXPECT_TRUE(scan_text(rule, "password => \"abcdabcd\"").findings.empty());
  EXPECT_EQ(scan_text(rule, "password => \"k3j9x8q2\"").findings.size(), 1u);
}

TEST(GitleaksSemantics, RegexesMayHoldMoreThanNineGroups) {
  const std::string rule = R"toml([[rules]]
id = "many"
regex = '''(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)=([0-9a-z]{12})'''
secretGroup = 12
keywords = ["abcdefghijk="]
)toml";
  const auto found = scan_text(rule, "abcdefghijk=k3j9x8q2m1z7");
  ASSERT_TRUE(found.status.ok()) << found.status.error().message;
  ASSERT_EQ(found.findings.size(), 1u);
  EXPECT_EQ(found.findings[0].excerpt.substr(0, 2), "k3");
}

TEST(GitleaksSemantics, ASecretGroupBeyondTheRegexIsRefusedAtLoadNamingTheRule) {
  auto policy = load_alone("[[rules]]\nid = \"short\"\nregex = '''a(b)'''\nsecretGroup = 2\n");
  ASSERT_FALSE(policy.ok());
  EXPECT_NE(policy.error().message.find("gitleaks rule 'short'"), std::string::npos) << policy.error().message;
}

TEST(GitleaksSemantics, OwnRuleWithASecretGroupBeyondItsRegexIsRefusedAtLoad) {
  auto policy = load_policy(PolicySource{
      "p.toml", "[[secrets.rules]]\nid = \"mine\"\nregex = 'a(b)'\nsecret_group = 3\nkeywords = [\"a\"]\n", {}});
  ASSERT_FALSE(policy.ok());
  EXPECT_NE(policy.error().message.find("secret rule 'mine'"), std::string::npos) << policy.error().message;
}

constexpr const char* kPem = R"toml([[rules]]
id = "pem"
regex = '''-----BEGIN TEST KEY-----\s*([a-zA-Z0-9+/=\s]{40,}?)-----END TEST KEY-----'''
keywords = ["-----begin test"]
)toml";

TEST(GitleaksSemantics, MultiLineMatchReportsTheLineWhereTheSecretStarts) {
  const auto found = scan(kPem, {{7, "-----BEGIN TEST KEY-----"},
                                 {8, "MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu"},
                                 {9, "KUpRKfFLfRYC9AIKjbJTWit+CqvjWYzvQwECAwEAAQ=="},
                                 {10, "-----END TEST KEY-----"}});
  ASSERT_TRUE(found.status.ok()) << found.status.error().message;
  ASSERT_EQ(found.findings.size(), 1u);
  EXPECT_EQ(found.findings[0].line, 8u) << "the secret (group 1) starts on line 8, the match on line 7";
}

TEST(GitleaksSemantics, RuleWithoutKeywordsStillMatchesAcrossLines) {
  const std::string rule = "[[rules]]\nid = \"pair\"\nregex = '''user:\\s+(k[0-9a-z]{15})'''\n";
  const auto found = scan(rule, {{1, "user:"}, {2, "  k3j9x8q2m1z7p4w6"}});
  ASSERT_TRUE(found.status.ok()) << found.status.error().message;
  ASSERT_EQ(found.findings.size(), 1u);
  EXPECT_EQ(found.findings[0].line, 2u);
}

TEST(GitleaksSemantics, AMatchNeverJoinsAddedLinesTheFileKeepsApart) {
  // Lines 2 and 3 were added, lines 4..20 were not: the key's end is far away.
  const auto found = scan(kPem, {{2, "-----BEGIN TEST KEY-----"},
                                 {3, "MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu"},
                                 {21, "KUpRKfFLfRYC9AIKjbJTWit+CqvjWYzvQwECAwEAAQ=="},
                                 {22, "-----END TEST KEY-----"}});
  ASSERT_TRUE(found.status.ok());
  EXPECT_TRUE(found.findings.empty());
}

TEST(GitleaksSemantics, AMultiLineMatchInCarriedLinesAloneIsNotNew) {
  auto policy = load_alone(kPem);
  ASSERT_TRUE(policy.ok()) << policy.error().message;
  auto scanner = SecretScanner::compile(policy->secrets);
  ASSERT_TRUE(scanner.ok());
  ChangedFile file;
  file.path = "keys/b.txt";
  file.old_path = "keys/a.txt";
  file.status = FileStatus::renamed;
  const std::vector<std::string> key = {"-----BEGIN TEST KEY-----",
                                        "MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu",
                                        "KUpRKfFLfRYC9AIKjbJTWit+CqvjWYzvQwECAwEAAQ==", "-----END TEST KEY-----"};
  AddedLines carried;
  for (size_t i = 0; i < key.size(); ++i) carried.add_carried(static_cast<std::uint32_t>(i + 1), key[i]);
  std::vector<Finding> findings;
  ASSERT_TRUE(scanner->scan(file, carried, findings).ok());
  EXPECT_TRUE(findings.empty()) << "a rename carries the key; it is not added by this change";

  AddedLines edited;  // the rename changes a line of the key: it is new content
  for (size_t i = 0; i < key.size(); ++i) {
    if (i == 2)
      edited.add(static_cast<std::uint32_t>(i + 1), "KUpRKfFLfRYC9AIKjbJTWit+CqvjWYzvQwECAwEAAQ+=");
    else
      edited.add_carried(static_cast<std::uint32_t>(i + 1), key[i]);
  }
  ASSERT_TRUE(scanner->scan(file, edited, findings).ok());
  EXPECT_EQ(findings.size(), 1u);
}

constexpr const char* kToken = R"toml([[rules]]
id = "tok"
regex = '''tok_[a-z0-9]{16}'''
keywords = ["tok_"]
)toml";

TEST(GitleaksSemantics, LineTargetAllowlistJudgesTheWholeLine) {
  const std::string rule = std::string(kToken) + "[[rules.allowlists]]\nregexTarget = \"line\"\nregexes = ['''--mount=type=secret''']\n";
  EXPECT_TRUE(scan_text(rule, "RUN --mount=type=secret,id=tok_k3j9x8q2m1z7p4w6 make").findings.empty());
  EXPECT_EQ(scan_text(rule, "RUN export T=tok_k3j9x8q2m1z7p4w6 make").findings.size(), 1u);
}

TEST(GitleaksSemantics, AndAllowlistNeedsEveryCriterion) {
  const std::string rule = std::string(kToken) +
                           "[[rules.allowlists]]\ncondition = \"AND\"\npaths = ['''\\.bb$''']\nregexTarget = "
                           "\"line\"\nregexes = ['''^SRC''']\n";
  EXPECT_TRUE(scan_text(rule, "SRC = \"tok_k3j9x8q2m1z7p4w6\"", "recipe.bb").findings.empty());
  EXPECT_EQ(scan_text(rule, "SRC = \"tok_k3j9x8q2m1z7p4w6\"", "recipe.txt").findings.size(), 1u) << "path fails";
  EXPECT_EQ(scan_text(rule, "KEY = \"tok_k3j9x8q2m1z7p4w6\"", "recipe.bb").findings.size(), 1u) << "regex fails";
}

TEST(GitleaksSemantics, OrAllowlistNeedsOneCriterion) {
  const std::string rule = std::string(kToken) + "[[rules.allowlists]]\npaths = ['''\\.bb$''']\nstopwords = [\"k3j9\"]\n";
  EXPECT_TRUE(scan_text(rule, "T=tok_k3j9x8q2m1z7p4w6", "recipe.bb").findings.empty());
  EXPECT_TRUE(scan_text(rule, "T=tok_k3j9x8q2m1z7p4w6", "recipe.txt").findings.empty()) << "stopword";
  EXPECT_EQ(scan_text(rule, "T=tok_q3j9x8q2m1z7p4w6", "recipe.txt").findings.size(), 1u);
}

TEST(GitleaksSemantics, CommitAllowlistHoldsOnlyInThatCommit) {
  const std::string rule = std::string(kToken) + "[[rules.allowlists]]\ncommits = [\"ABC123\"]\n";
  auto policy = load_alone(rule);
  ASSERT_TRUE(policy.ok()) << policy.error().message;
  auto scanner = SecretScanner::compile(policy->secrets);
  ASSERT_TRUE(scanner.ok());
  ChangedFile file;
  file.path = "app.cfg";
  file.status = FileStatus::added;
  AddedLines lines;
  lines.add(1, "T=tok_k3j9x8q2m1z7p4w6");
  auto count = [&] {
    std::vector<Finding> findings;
    EXPECT_TRUE(scanner->scan(file, lines, findings).ok());
    return findings.size();
  };
  EXPECT_EQ(count(), 1u) << "a change not yet committed is in no commit";
  scanner->set_commit("abc123");
  EXPECT_EQ(count(), 0u);
  scanner->set_commit("def456");
  EXPECT_EQ(count(), 1u);
}

TEST(GitleaksSemantics, AndAllowlistWithACommitNeedsTheCommitToo) {
  const std::string rule =
      std::string(kToken) + "[[rules.allowlists]]\ncondition = \"AND\"\ncommits = [\"abc123\"]\nstopwords = [\"k3j9\"]\n";
  auto policy = load_alone(rule);
  ASSERT_TRUE(policy.ok()) << policy.error().message;
  auto scanner = SecretScanner::compile(policy->secrets);
  ASSERT_TRUE(scanner.ok());
  ChangedFile file;
  file.path = "app.cfg";
  file.status = FileStatus::added;
  AddedLines lines;
  lines.add(1, "T=tok_k3j9x8q2m1z7p4w6");
  std::vector<Finding> findings;
  ASSERT_TRUE(scanner->scan(file, lines, findings).ok());
  EXPECT_EQ(findings.size(), 1u) << "the stopword holds, the commit does not";
  findings.clear();
  scanner->set_commit("abc123");
  ASSERT_TRUE(scanner->scan(file, lines, findings).ok());
  EXPECT_TRUE(findings.empty());
}

TEST(GitleaksSemantics, GlobalAllowlistWithTargetRulesAppliesToThoseRulesOnly) {
  const std::string config = std::string(kToken) +
                             "[[rules]]\nid = \"other\"\nregex = '''oth_[a-z0-9]{16}'''\nkeywords = [\"oth_\"]\n"
                             "[[allowlists]]\ntargetRules = [\"tok\"]\nstopwords = [\"k3j9\"]\n";
  EXPECT_TRUE(scan_text(config, "T=tok_k3j9x8q2m1z7p4w6").findings.empty());
  EXPECT_EQ(scan_text(config, "T=oth_k3j9x8q2m1z7p4w6").findings.size(), 1u);
}

constexpr const char* kPkcs12 = R"toml([[rules]]
id = "pkcs12-file"
description = "PKCS #12 file"
path = '''(?i)(?:^|\/)[^\/]+\.p(?:12|fx)$'''
)toml";

TEST(GitleaksSemantics, PathOnlyRuleReportsAnAddedFileByItsPath) {
  auto policy = load_alone(kPkcs12);
  ASSERT_TRUE(policy.ok()) << policy.error().message;
  auto scanner = SecretScanner::compile(policy->secrets);
  ASSERT_TRUE(scanner.ok()) << scanner.error().message;
  ChangedFile file;
  file.path = "certs/client.P12";
  file.status = FileStatus::added;
  std::vector<Finding> findings;
  ASSERT_TRUE(scanner->scan_path(file, findings).ok());
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule, "secret.pkcs12-file");
  EXPECT_EQ(findings[0].path, "certs/client.P12");

  findings.clear();
  file.status = FileStatus::deleted;
  ASSERT_TRUE(scanner->scan_path(file, findings).ok());
  EXPECT_TRUE(findings.empty()) << "deleting the file is the fix";

  findings.clear();
  file.status = FileStatus::added;
  file.path = "docs/type.P126.html";
  ASSERT_TRUE(scanner->scan_path(file, findings).ok());
  EXPECT_TRUE(findings.empty());
}

TEST(GitleaksSemantics, BuiltinFalseLeavesTheCatalogueOut) {
  auto policy = load_alone(kToken);
  ASSERT_TRUE(policy.ok()) << policy.error().message;
  ASSERT_EQ(policy->secrets.rules.size(), 1u);
  EXPECT_EQ(policy->secrets.rules[0].id, "tok");
  EXPECT_TRUE(policy->secrets.stopwords.empty());
}

}  // namespace
}  // namespace agentops
