// Attacks on the gitleaks import and its semantics in the secret scanner: a
// secret that must be found but was let through, a config that validates but
// trips the check, a config that would make the hook pass everything.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>
#include <map>

#include "agentops/policy.h"
#include "agentops/secrets.h"

namespace agentops {
namespace {

// The policy `policy` (in .agentops/policy.toml) with `gitleaks` at .gitleaks.toml.
Result<Policy> load(const std::string& policy, const std::string& gitleaks) {
  const std::map<std::string, std::string> files = {{".agentops/policy.toml", policy}, {".gitleaks.toml", gitleaks}};
  PolicySource source{".agentops/policy.toml", files.at(".agentops/policy.toml"), {}};
  source.read_relative = [files](const std::string& relative) -> Result<PolicySource> {
    auto path = resolve_relative_path(".agentops/policy.toml", relative);
    if (!path || !files.count(*path)) return Error{"no such file"};
    return PolicySource{*path, files.at(*path), {}};
  };
  return load_policy(source);
}

const std::string kAlone = "[secrets]\nbuiltin = false\ngitleaks_config = \"../.gitleaks.toml\"\n";
const std::string kBeside = "[secrets]\ngitleaks_config = \"../.gitleaks.toml\"\n";

struct Scan {
  std::vector<Finding> findings;
  Status status = Ok{};
};

Scan scan_lines(const Policy& policy, const std::vector<std::string>& lines, const std::string& path = "app/config.txt") {
  Scan out;
  auto scanner = SecretScanner::compile(policy.secrets);
  EXPECT_TRUE(scanner.ok()) << scanner.error().message;
  if (!scanner.ok()) return out;
  ChangedFile file;
  file.path = path;
  file.status = FileStatus::added;
  AddedLines added;
  std::uint32_t number = 1;
  for (const auto& line : lines) added.add(number++, line);
  out.status = scanner->scan(file, added, out.findings);
  return out;
}

Scan scan_with(const std::string& policy_text, const std::string& gitleaks, const std::vector<std::string>& lines) {
  auto policy = load(policy_text, gitleaks);
  EXPECT_TRUE(policy.ok()) << policy.error().message;
  if (!policy.ok()) return {};
  return scan_lines(*policy, lines);
}

bool blocks(const Scan& scan) {
  return std::any_of(scan.findings.begin(), scan.findings.end(),
                     [](const Finding& f) { return f.severity == Severity::block; });
}

// gitleaks (detect.go) sets the finding's secret to the named group even when
// that group took no part in the match, and reports it (unless an entropy
// floor or an allowlist says otherwise): the rule matched.
TEST(GitleaksImportAttack, MatchWhoseNamedSecretGroupIsEmptyIsStillReported) {
  const std::string rule = R"toml([[rules]]
id = "either-way"
regex = '''(?:key=([a-z0-9]{16})|tok=([a-z0-9]{16}))'''
secretGroup = 1
keywords = ["key=", "tok="]
)toml";
  const auto found = scan_with(kAlone, rule, {"x tok=k3j9x8q2m1z7p4w6 y"});
  ASSERT_TRUE(found.status.ok()) << found.status.error().message;
  ASSERT_EQ(found.findings.size(), 1u);
  EXPECT_EQ(found.findings[0].rule, "secret.either-way");
  EXPECT_EQ(found.findings[0].line, 1u);
}

TEST(GitleaksImportAttack, MatchWhoseNamedSecretGroupIsEmptyFailsAnEntropyFloorAsInGitleaks) {
  const std::string rule = R"toml([[rules]]
id = "either-way"
regex = '''(?:key=([a-z0-9]{16})|tok=([a-z0-9]{16}))'''
secretGroup = 1
entropy = 2.0
keywords = ["key=", "tok="]
)toml";
  const auto found = scan_with(kAlone, rule, {"x tok=k3j9x8q2m1z7p4w6 y"});
  ASSERT_TRUE(found.status.ok()) << found.status.error().message;
  EXPECT_TRUE(found.findings.empty());
}

// An imported rule that clashes with a built-in id runs as a fallback beside
// it; a finding of the same value is reported once. The one kept must be the
// strictest: a built-in rule the policy turned down to "warn" must not hide
// the imported rule's "block".
constexpr const char* kGithubPat = R"toml([[rules]]
id = "github-token"
regex = '''ghp_[0-9a-zA-Z]{36}'''
keywords = ["ghp_"]
)toml";

TEST(GitleaksImportAttack, BuiltinRuleTurnedDownToWarnDoesNotHideTheImportedRulesBlock) {
  const std::string policy = kBeside + "[[secrets.rules]]\nid = \"github-token\"\nseverity = \"warn\"\n";
  const auto found = scan_with(policy, kGithubPat, {"token = ghp_Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7c"});
  ASSERT_TRUE(found.status.ok()) << found.status.error().message;
  ASSERT_FALSE(found.findings.empty());
  EXPECT_TRUE(blocks(found)) << found.findings[0].rule;
}

TEST(GitleaksImportAttack, SameValueFoundByBothRulesIsStillReportedOnce) {
  const auto found = scan_with(kBeside, kGithubPat, {"token = ghp_Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7c"});
  ASSERT_TRUE(found.status.ok()) << found.status.error().message;
  EXPECT_EQ(found.findings.size(), 1u);
  EXPECT_TRUE(blocks(found));
}

// A policy may turn an imported rule's severity up or down like any other
// rule's ([[secrets.rules]] with its id) without restating gitleaks' secret group.
TEST(GitleaksImportAttack, SeverityOfAnImportedRuleCanBeSetInTheSecretsRules) {
  const std::string policy = kAlone + "[[secrets.rules]]\nid = \"github-token\"\nseverity = \"warn\"\n";
  auto loaded = load(policy, kGithubPat);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  const auto found = scan_lines(*loaded, {"token = ghp_Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7c"});
  ASSERT_EQ(found.findings.size(), 1u);
  EXPECT_EQ(found.findings[0].severity, Severity::warn);
}

// gitleaks applies extend.disabledRules to the config it extends only
// (config.go extend): without useDefault they switch nothing off, and
// agentops' catalogue (which stands in for gitleaks' defaults) keeps judging.
TEST(GitleaksImportAttack, DisabledRulesWithoutUseDefaultSwitchNothingOff) {
  const std::string config = std::string("[extend]\ndisabledRules = [\"github-token\", \"generic-api-key\"]\n") +
                             "[[rules]]\nid = \"other\"\nregex = '''other_[0-9a-f]{32}'''\nkeywords = [\"other_\"]\n";
  auto policy = load(kBeside, config);
  ASSERT_TRUE(policy.ok()) << policy.error().message;
  const auto found = scan_lines(*policy, {"ref ghp_Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7c"});
  ASSERT_EQ(found.findings.size(), 1u);
  EXPECT_EQ(found.findings[0].rule, "secret.github-token");
  const auto& notes = policy->secrets.import_notes;
  EXPECT_TRUE(std::any_of(notes.begin(), notes.end(),
                          [](const std::string& note) { return note.find("disabledRules ignored") != std::string::npos; }));
}

TEST(GitleaksImportAttack, DisabledRulesWithUseDefaultSwitchTheCatalogueRuleOff) {
  const std::string config = "[extend]\nuseDefault = true\ndisabledRules = [\"github-token\"]\n";
  auto policy = load(kBeside, config);
  ASSERT_TRUE(policy.ok()) << policy.error().message;
  const auto found = scan_lines(*policy, {"ref ghp_Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7c"});
  EXPECT_TRUE(found.findings.empty());
}

// A value allowed by an AND allowlist of path and regex (a fake key in tests/)
// is judged again when a rename carries it out of that path.
TEST(GitleaksImportAttack, RenameOutOfAnAndAllowlistedPathBringsTheCarriedValueIntoView) {
  const std::string config = std::string(kGithubPat) +
                             "[[rules.allowlists]]\ncondition = \"AND\"\npaths = ['''^tests/''']\n"
                             "regexes = ['''Ab7c$''']\n";
  auto policy = load(kAlone, config);
  ASSERT_TRUE(policy.ok()) << policy.error().message;
  auto scanner = SecretScanner::compile(policy->secrets);
  ASSERT_TRUE(scanner.ok()) << scanner.error().message;
  ChangedFile file;
  file.old_path = "tests/fixture.txt";
  file.path = "src/config.txt";
  file.status = FileStatus::renamed;
  AddedLines carried;
  carried.add_carried(1, "ref ghp_Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7c");
  std::vector<Finding> findings;
  ASSERT_TRUE(scanner->scan(file, carried, findings).ok());
  EXPECT_EQ(findings.size(), 1u);

  file.path = "tests/renamed.txt";  // still under the allowlisted path: still allowed
  findings.clear();
  ASSERT_TRUE(scanner->scan(file, carried, findings).ok());
  EXPECT_TRUE(findings.empty());
}

// An imported rule whose id clashes with agentops' own is renamed
// gitleaks.<id>; it must not silently replace a rule of the file by that name.
TEST(GitleaksImportAttack, RenamedClashingRuleNeverReplacesAnotherImportedRule) {
  const std::string config = std::string("[[rules]]\nid = \"gitleaks.github-token\"\nregex = '''zz_[0-9a-f]{32}'''\n") +
                             kGithubPat;
  auto policy = load(kBeside, config);
  ASSERT_FALSE(policy.ok());
  EXPECT_NE(policy.error().message.find("gitleaks.github-token"), std::string::npos) << policy.error().message;
}

// gitleaks decodes base64 and hex text before matching (its default
// --max-decode-depth is 5): an encoded token is found by its imported rules.
TEST(GitleaksImportAttack, Base64EncodedTokenIsFoundByAnImportedRule) {
  // base64 of ghp_Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7c
  const auto found = scan_with(kAlone, kGithubPat,
                               {"# config", "data: Z2hwX0FiM2RFZjZoSWo5a0xtMm5PcDVxUnM4dFV2MXdYeTR6QWI3Yw=="});
  ASSERT_TRUE(found.status.ok()) << found.status.error().message;
  ASSERT_EQ(found.findings.size(), 1u);
  EXPECT_EQ(found.findings[0].rule, "secret.github-token");
  EXPECT_EQ(found.findings[0].line, 2u);
  EXPECT_NE(found.findings[0].message.find("encoded"), std::string::npos);
}

TEST(GitleaksImportAttack, HexEncodedTokenIsFoundByAnImportedRule) {
  std::string hex;
  for (const char letter : std::string("ghp_Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7c")) {
    const auto c = static_cast<unsigned char>(letter);
    static constexpr char kDigits[] = "0123456789abcdef";
    hex += kDigits[c >> 4];
    hex += kDigits[c & 15];
  }
  const auto found = scan_with(kAlone, kGithubPat, {"blob = " + hex});
  ASSERT_TRUE(found.status.ok()) << found.status.error().message;
  ASSERT_EQ(found.findings.size(), 1u);
  EXPECT_EQ(found.findings[0].line, 1u);
}

TEST(GitleaksImportAttack, EncodedTextWithoutASecretIsNotReported) {
  // base64 of "just a harmless sentence, nothing to see"; hex of a sha256.
  const auto found = scan_with(kAlone, kGithubPat,
                               {"a: anVzdCBhIGhhcm1sZXNzIHNlbnRlbmNlLCBub3RoaW5nIHRvIHNlZQ==",
                                "b: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"});
  ASSERT_TRUE(found.status.ok()) << found.status.error().message;
  EXPECT_TRUE(found.findings.empty());
}

// builtin = false with nothing to stand in for the catalogue would make every
// secret pass without a word: refused at load, with how to say it on purpose.
TEST(GitleaksImportAttack, BuiltinFalseWithoutAnyRuleIsRefusedAtLoad) {
  auto policy = load("[secrets]\nbuiltin = false\n", "");
  ASSERT_FALSE(policy.ok());
  EXPECT_NE(policy.error().message.find("builtin = false"), std::string::npos) << policy.error().message;
  EXPECT_NE(policy.error().message.find("enabled = false"), std::string::npos) << policy.error().message;
}

TEST(GitleaksImportAttack, BuiltinFalseWithAGitleaksConfigWithoutRulesIsRefusedAtLoad) {
  auto policy = load(kAlone, "title = \"only allowlists\"\n[[allowlists]]\npaths = ['''vendor/''']\n");
  ASSERT_FALSE(policy.ok());
  EXPECT_NE(policy.error().message.find("builtin = false"), std::string::npos) << policy.error().message;
}

TEST(GitleaksImportAttack, DisabledRulesNamingEveryBuiltinRuleAreRefusedAtLoad) {
  auto plain = load("version = 1\n", "");
  ASSERT_TRUE(plain.ok()) << plain.error().message;
  std::string ids;
  for (const auto& rule : plain->secrets.rules) ids += (ids.empty() ? "\"" : ", \"") + rule.id + "\"";
  auto policy = load(kBeside, "[extend]\nuseDefault = true\ndisabledRules = [" + ids + "]\n");
  ASSERT_FALSE(policy.ok());
  EXPECT_NE(policy.error().message.find("every secret would pass"), std::string::npos) << policy.error().message;
}

TEST(GitleaksImportAttack, BuiltinFalseWithImportedRulesLoads) {
  auto policy = load(kAlone, kGithubPat);
  EXPECT_TRUE(policy.ok()) << policy.error().message;
}

TEST(GitleaksImportAttack, SecretsSwitchedOffOnPurposeStillLoads) {
  auto policy = load("[secrets]\nenabled = false\nbuiltin = false\n", "");
  EXPECT_TRUE(policy.ok()) << policy.error().message;
}

// A regex that matches the empty string matches at every position: no
// finding of nothing, and the scan ends.
TEST(GitleaksImportAttack, RegexMatchingTheEmptyStringReportsOnlyWhatItMatches) {
  const std::string rule = "[[rules]]\nid = \"stars\"\nregex = '''x*'''\n";
  const auto found = scan_with(kAlone, rule, {"key=abcdef12345678", "and xxxx here"});
  ASSERT_TRUE(found.status.ok()) << found.status.error().message;
  ASSERT_EQ(found.findings.size(), 1u);
  EXPECT_EQ(found.findings[0].line, 2u);
}

// Multi-line matching at the edges of the added text and in CRLF files.
constexpr const char* kPem = R"toml([[rules]]
id = "test-key"
regex = '''-----BEGIN TEST KEY-----[\s\S-]*?-----END TEST KEY-----'''
keywords = ["-----BEGIN"]
)toml";

TEST(GitleaksImportAttack, MultiLineKeyAtTheVeryStartAndEndOfTheFileIsFound) {
  const auto found = scan_with(kAlone, kPem, {"-----BEGIN TEST KEY-----", "MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf",
                                               "-----END TEST KEY-----"});
  ASSERT_TRUE(found.status.ok()) << found.status.error().message;
  ASSERT_EQ(found.findings.size(), 1u);
  EXPECT_EQ(found.findings[0].line, 1u);
}

TEST(GitleaksImportAttack, MultiLineKeyWithCrlfLineEndsIsFound) {
  const auto found = scan_with(kAlone, kPem, {"-----BEGIN TEST KEY-----\r", "MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf\r",
                                               "-----END TEST KEY-----\r"});
  ASSERT_TRUE(found.status.ok()) << found.status.error().message;
  ASSERT_EQ(found.findings.size(), 1u);
  EXPECT_EQ(found.findings[0].line, 1u);
}

// A "line" allowlist judges the line(s) of the match, not a neighbour.
TEST(GitleaksImportAttack, LineAllowlistDoesNotSpreadToTheNextLine) {
  const std::string rule = std::string(kGithubPat) + R"toml([[rules.allowlists]]
regexTarget = "line"
regexes = ['''example''']
)toml";
  const auto found = scan_with(kAlone, rule, {"# an example follows", "token = ghp_Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7c"});
  ASSERT_TRUE(found.status.ok()) << found.status.error().message;
  EXPECT_EQ(found.findings.size(), 1u);
}

// Global gitleaks allowlists judge the imported rules only, never agentops' own.
TEST(GitleaksImportAttack, GlobalAllowlistMatchingEverythingLeavesBuiltinRulesJudging) {
  const std::string config = std::string(kGithubPat) + "[[allowlists]]\nregexes = ['''.''']\nstopwords = [\"a\"]\n";
  const auto found = scan_with(kBeside, config, {"token = ghp_Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7c"});
  ASSERT_TRUE(found.status.ok()) << found.status.error().message;
  ASSERT_EQ(found.findings.size(), 1u);
  EXPECT_EQ(found.findings[0].rule, "secret.github-token");
}

// A file of thousands of values one rule matches is refused by the first
// ones; listing every one took seconds and hundreds of MB (GBs for a regex
// matching every character).
TEST(GitleaksImportAttack, FindingsOfOneRuleInOneFileAreBoundedAndSaySo) {
  std::vector<std::string> lines(5000, "ref ghp_Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7c");
  const auto found = scan_with(kAlone, kGithubPat, lines);
  ASSERT_TRUE(found.status.ok()) << found.status.error().message;
  ASSERT_EQ(found.findings.size(), 100u);
  EXPECT_TRUE(blocks(found));
  EXPECT_NE(found.findings.back().message.find("only the first 100"), std::string::npos) << found.findings.back().message;
}

TEST(GitleaksImportAttack, RegexMatchingEveryCharacterStaysBounded) {
  const std::string rule = "[[rules]]\nid = \"letters\"\nregex = '''[a-z]'''\n";
  const auto start = std::chrono::steady_clock::now();
  const auto found = scan_with(kAlone, rule, {std::string(4u << 20, 'q')});
  const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(found.status.ok()) << found.status.error().message;
  EXPECT_EQ(found.findings.size(), 100u);
  EXPECT_LT(seconds, 5.0);
}

// Hooks stay bounded: a single huge line and a million short lines with
// keywords of the real gitleaks config everywhere.
TEST(GitleaksImportAttack, HugeInputsAreScannedInBoundedTime) {
  auto policy = load(kBeside, [] {
    std::ifstream in(std::string(AGENTOPS_SOURCE_DIR) + "/tests/data/gitleaks/gitleaks.toml");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }());
  ASSERT_TRUE(policy.ok()) << policy.error().message;
  std::string line;
  while (line.size() < (8u << 20)) line += "key=token secret password api_key aws ";
  const auto start = std::chrono::steady_clock::now();
  const auto one = scan_lines(*policy, {line});
  EXPECT_TRUE(one.status.ok());
  std::vector<std::string> many(200000, "password = x token: y key");
  const auto lots = scan_lines(*policy, many);
  EXPECT_TRUE(lots.status.ok());
  const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 60.0);
}

}  // namespace
}  // namespace agentops
