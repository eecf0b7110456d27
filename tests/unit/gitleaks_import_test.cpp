// Importing gitleaks configurations through [secrets] gitleaks_config.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "agentops/policy.h"
#include "agentops/secrets.h"

namespace agentops {
namespace {

// A policy at .agentops/policy.toml that can read the given files.
PolicySource in_repo(std::map<std::string, std::string> files) {
  const std::string name = ".agentops/policy.toml";
  PolicySource source{name, files.at(name), {}};
  source.read_relative = [files](const std::string& relative) -> Result<PolicySource> {
    auto path = resolve_relative_path(".agentops/policy.toml", relative);
    if (!path || !files.count(*path)) return Error{"no such file"};
    return PolicySource{*path, files.at(*path), {}};
  };
  return source;
}

Result<Policy> load_with_gitleaks(const std::string& gitleaks) {
  return load_policy(in_repo({{".agentops/policy.toml", "[secrets]\ngitleaks_config = \"../.gitleaks.toml\"\n"},
                              {".gitleaks.toml", gitleaks}}));
}

const SecretRule* rule(const Policy& policy, const std::string& id) {
  auto it = std::find_if(policy.secrets.rules.begin(), policy.secrets.rules.end(),
                         [&](const SecretRule& r) { return r.id == id; });
  return it == policy.secrets.rules.end() ? nullptr : &*it;
}

constexpr const char* kConfig = R"(
title = "team rules"
[extend]
useDefault = true

[[rules]]
id = "acme-token"
description = "ACME token"
regex = '''acme_(?P<body>[a-z0-9]{12})'''
secretGroup = 1
entropy = 2.5
keywords = ["ACME_"]
path = '''\.(?:env|cfg)$'''
tags = ["internal"]
[rules.allowlist]
regexes = ['''^test''']
paths = ['''fixtures/''']
stopwords = ["sample"]

[allowlist]
description = "global"
paths = ['''^vendor/''']
regexes = ['''^EXAMPLE''']
stopwords = ["dummy"]
)";

TEST(GitleaksImport, RulesAndAllowlistsCarryOver) {
  auto policy = load_with_gitleaks(kConfig);
  ASSERT_TRUE(policy.ok()) << policy.error().message;
  const SecretRule* acme = rule(*policy, "acme-token");
  ASSERT_NE(acme, nullptr);
  EXPECT_EQ(acme->secret_group, 1);
  EXPECT_DOUBLE_EQ(acme->min_entropy, 2.5);
  EXPECT_EQ(acme->keywords, std::vector<std::string>{"acme_"});
  EXPECT_EQ(acme->path_regex, "\\.(?:env|cfg)$");
  ASSERT_EQ(acme->allowlists.size(), 1u);
  EXPECT_EQ(acme->allowlists[0].regexes, std::vector<std::string>{"^test"});
  EXPECT_EQ(acme->allowlists[0].paths, std::vector<std::string>{"fixtures/"});
  EXPECT_EQ(acme->allowlists[0].stopwords, std::vector<std::string>{"sample"});
  // gitleaks' global allowlist is kept for its own rules, not laid over agentops' catalogue.
  ASSERT_EQ(policy->secrets.allowlists.size(), 1u);
  EXPECT_EQ(policy->secrets.allowlists[0].paths, std::vector<std::string>{"^vendor/"});
  EXPECT_TRUE(policy->secrets.allow_path_regexes.empty());
  EXPECT_NE(rule(*policy, "aws-access-key-id"), nullptr) << "the built-in catalogue stays";
}

TEST(GitleaksImport, ImportedRuleScansWithItsPathAndAllowlists) {
  auto policy = load_with_gitleaks(kConfig);
  ASSERT_TRUE(policy.ok()) << policy.error().message;
  auto scanner = SecretScanner::compile(policy->secrets);
  ASSERT_TRUE(scanner.ok()) << scanner.error().message;
  auto findings_in = [&](const std::string& path, const std::string& line) {
    ChangedFile file;
    file.path = path;
    AddedLines lines;
    lines.add(1, line);
    std::vector<Finding> findings;
    EXPECT_TRUE(scanner->scan(file, lines, findings).ok());
    return std::count_if(findings.begin(), findings.end(), [](const Finding& f) { return f.rule == "secret.acme-token"; });
  };
  EXPECT_EQ(findings_in("app.env", "TOKEN=acme_k3j9x8q2m1z7"), 1);
  EXPECT_EQ(findings_in("app.py", "TOKEN=acme_k3j9x8q2m1z7"), 0) << "path regex";
  EXPECT_EQ(findings_in("fixtures/app.env", "TOKEN=acme_k3j9x8q2m1z7"), 0) << "rule allowlist path";
  EXPECT_EQ(findings_in("vendor/app.env", "TOKEN=acme_k3j9x8q2m1z7"), 0) << "global allowlist path";
  EXPECT_EQ(findings_in("app.env", "TOKEN=acme_testx8q2m1z7"), 0) << "rule allowlist regex";
}

TEST(GitleaksImport, MatchTargetAllowlistsApplyToTheWholeMatch) {
  auto policy = load_with_gitleaks(
      "[[rules]]\nid = \"kv\"\nregex = '(\\w+)=([a-z0-9]{12})'\nsecretGroup = 2\n"
      "[rules.allowlist]\nregexTarget = \"match\"\nregexes = ['^page_token=']\n");
  ASSERT_TRUE(policy.ok()) << policy.error().message;
  ASSERT_EQ(rule(*policy, "kv")->allowlists.size(), 1u);
  EXPECT_EQ(rule(*policy, "kv")->allowlists[0].regex_target, SecretAllowlist::Target::match);
  EXPECT_EQ(rule(*policy, "kv")->allowlists[0].regexes, std::vector<std::string>{"^page_token="});
}

TEST(GitleaksImport, GlobalMatchAllowlistIsKept) {
  auto policy = load_with_gitleaks("[allowlist]\nregexTarget = \"match\"\nregexes = ['y']\n");
  ASSERT_TRUE(policy.ok()) << policy.error().message;
  ASSERT_EQ(policy->secrets.allowlists.size(), 1u);
  EXPECT_EQ(policy->secrets.allowlists[0].regex_target, SecretAllowlist::Target::match);
}

TEST(GitleaksImport, DisabledRulesSwitchOffCatalogueRules) {
  auto policy = load_with_gitleaks("[extend]\nuseDefault = true\ndisabledRules = [\"jwt\"]\n");
  ASSERT_TRUE(policy.ok()) << policy.error().message;
  EXPECT_EQ(rule(*policy, "jwt")->severity, Severity::off);
}

void expect_refused(const std::string& gitleaks, const std::string& fragment) {
  auto policy = load_with_gitleaks(gitleaks);
  ASSERT_FALSE(policy.ok()) << gitleaks;
  EXPECT_NE(policy.error().message.find(fragment), std::string::npos) << policy.error().message;
  EXPECT_NE(policy.error().message.find(".agentops/policy.toml:2:"), std::string::npos) << policy.error().message;
}

TEST(GitleaksImport, WhatCannotBeHonouredIsAnErrorNamingIt) {
  expect_refused("[[rules]]\nid = \"x\"\nregex = 'x'\n[rules.allowlist]\nregexTarget = \"word\"\nregexes = ['y']\n",
                 "regexTarget");
  expect_refused("[[rules]]\nid = \"x\"\nregex = 'x'\n[[rules.required]]\nid = \"y\"\n", "[[rules.required]]");
  expect_refused("[[rules]]\nid = \"x\"\nregex = 'x'\nskipReport = true\n", "skipReport");
  expect_refused("[[rules]]\nid = \"x\"\ndescription = \"nothing\"\n", "both 'regex' and 'path' are empty");
  expect_refused("[extend]\npath = \"other.toml\"\n", "extend.path");
  expect_refused("[[rules]]\nid = \"x\"\nregex = '(?<=a)b'\n", "invalid regex");
  expect_refused("[[rules]]\nid = \"x\"\nregex = 'x'\nseverity = \"high\"\n", "unknown key 'rules.severity'");
  expect_refused("[[allowlists]]\ntargetRules = [\"nope\"]\nregexes = ['y']\n", "targetRules names 'nope'");
}

TEST(GitleaksImport, MissingFileIsAnError) {
  auto policy = load_policy(in_repo({{".agentops/policy.toml", "[secrets]\ngitleaks_config = \"../nope.toml\"\n"}}));
  ASSERT_FALSE(policy.ok());
  EXPECT_NE(policy.error().message.find("cannot read the gitleaks config"), std::string::npos) << policy.error().message;
}

}  // namespace
}  // namespace agentops
