// Reading the decision log: a commit attempt counted once over its hooks, a
// finding once per attempt, old lines without "attempt" still counted, the
// bypasses post-commit wrote listed, --since strict. Also the installer puts
// post-commit beside each hook manager.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "agentops/decision_log.h"
#include "agentops/install.h"
#include "git_sandbox.h"

namespace agentops {
namespace {

// One decision line as record_decision writes it.
std::string line(const std::string& time, const std::string& stage, const std::string& decision,
                 const std::string& attempt, const std::vector<std::string>& findings) {
  std::string text = "{\"time\":\"" + time + "\",\"stage\":\"" + stage + "\",\"decision\":\"" + decision + "\"";
  if (!attempt.empty()) text += ",\"attempt\":\"" + attempt + "\"";
  text += ",\"findings\":[";
  for (size_t i = 0; i < findings.size(); ++i) text += (i ? "," : "") + findings[i];
  return text + "],\"files\":1,\"commits\":0,\"duration_ms\":1.000}\n";
}

std::string finding(const std::string& rule, const std::string& path, int at, bool blocking) {
  return "{\"rule\":\"" + rule + "\",\"severity\":\"" + (blocking ? "block" : "warn") + "\",\"path\":\"" + path +
         "\",\"line\":" + std::to_string(at) + ",\"blocking\":" + (blocking ? "true" : "false") + "}";
}

std::vector<std::string> six_findings() {
  std::vector<std::string> findings;
  for (int i = 1; i <= 4; ++i) findings.push_back(finding("content.todo", "a.txt", i, false));
  findings.push_back(finding("limit.file-bytes", "big.bin", 0, false));
  findings.push_back(finding("path.protected", ".github/workflows/ci.yml", 0, false));
  return findings;
}

const std::string kAttempt = "1111111111111111111111111111111111111111:unborn";

TEST(DecisionLog, SixFindingsReportedByTwoStagesOfOneAttemptCountSix) {
  const std::string log = line("2026-12-01T10:00:00Z", "pre-commit", "allow", kAttempt, six_findings()) +
                          line("2026-12-01T10:00:01Z", "commit-msg", "allow", kAttempt, six_findings());
  const DecisionLogSummary summary = summarize_decision_log({log}, "");
  EXPECT_EQ(summary.attempts, 1u);
  EXPECT_EQ(summary.attempts_allowed, 1u);
  std::uint64_t findings = 0;
  for (const auto& [rule, tally] : summary.rules) findings += tally.findings;
  EXPECT_EQ(findings, 6u);
  EXPECT_EQ(summary.rules.at("content.todo").findings, 4u);
  EXPECT_EQ(summary.stages.at("pre-commit").allowed, 1u) << "per stage counts are kept";
  EXPECT_EQ(summary.stages.at("commit-msg").allowed, 1u);
}

TEST(DecisionLog, AnAttemptBlockedAtCommitMsgIsOneBlockedAttempt) {
  const std::string gate = finding("path.protected", ".agentops/policy.toml", 0, true);
  const std::string log = line("2026-12-01T10:00:00Z", "pre-commit", "gate", kAttempt, {}) +
                          line("2026-12-01T10:00:01Z", "commit-msg", "gate", kAttempt, {gate});
  const DecisionLogSummary summary = summarize_decision_log({log}, "");
  EXPECT_EQ(summary.attempts, 1u);
  EXPECT_EQ(summary.attempts_blocked, 1u);
  EXPECT_EQ(summary.rules.at("path.protected").blocking, 1u);
}

TEST(DecisionLog, TryingAgainWithTheSameTreeAndHeadIsANewAttempt) {
  const std::string subject = finding("message.format", "", 0, true);
  const std::string log = line("2026-12-01T10:00:00Z", "pre-commit", "allow", kAttempt, {}) +
                          line("2026-12-01T10:00:01Z", "commit-msg", "block", kAttempt, {subject}) +
                          line("2026-12-01T10:01:00Z", "pre-commit", "allow", kAttempt, {}) +
                          line("2026-12-01T10:01:01Z", "commit-msg", "allow", kAttempt, {});
  const DecisionLogSummary summary = summarize_decision_log({log}, "");
  EXPECT_EQ(summary.attempts, 2u);
  EXPECT_EQ(summary.attempts_blocked, 1u);
  EXPECT_EQ(summary.attempts_allowed, 1u);
}

TEST(DecisionLog, OldLinesWithoutAnAttemptAreEachTheirOwnAttempt) {
  const std::string log = line("2026-11-01T10:00:00Z", "pre-commit", "block", "", {finding("secret.x", "a", 1, true)}) +
                          line("2026-11-01T10:00:05Z", "pre-commit", "allow", "", {}) +
                          line("2026-11-01T10:00:06Z", "commit-msg", "allow", "", {});
  const DecisionLogSummary summary = summarize_decision_log({log}, "");
  EXPECT_EQ(summary.attempts, 3u);
  EXPECT_EQ(summary.attempts_blocked, 1u);
  EXPECT_EQ(summary.rules.at("secret.x").findings, 1u);
}

TEST(DecisionLog, OtherStagesAreNotCommitAttemptsButTheirFindingsCount) {
  const std::string log = line("2026-12-01T10:00:00Z", "pre-push", "block", "", {finding("secret.x", "a", 1, true)});
  const DecisionLogSummary summary = summarize_decision_log({log}, "");
  EXPECT_EQ(summary.attempts, 0u);
  EXPECT_EQ(summary.stages.at("pre-push").blocked, 1u);
  EXPECT_EQ(summary.rules.at("secret.x").blocking, 1u);
}

TEST(DecisionLog, BypassLinesAreListedWithTheirBlockingRules) {
  const std::string log =
      "{\"time\":\"2026-12-02T09:00:00Z\",\"stage\":\"post-commit\",\"decision\":\"bypass\",\"commit\":\"" +
      std::string(40, 'a') + "\",\"why\":\"pre-commit did not run\",\"rejudged\":\"block\",\"findings\":[" +
      finding("secret.aws-access-key-id", "app.env", 1, true) + "," + finding("content.todo", "a", 2, false) +
      "],\"files\":1,\"commits\":1,\"duration_ms\":1.000}\n";
  const DecisionLogSummary summary = summarize_decision_log({log}, "");
  ASSERT_EQ(summary.bypasses.size(), 1u);
  EXPECT_EQ(summary.bypasses[0].commit, std::string(40, 'a'));
  EXPECT_EQ(summary.bypasses[0].rejudged, "block");
  EXPECT_EQ(summary.bypasses[0].rules, std::vector<std::string>{"secret.aws-access-key-id"});
  EXPECT_TRUE(summary.stages.empty()) << "a bypass is no hook's decision";
  EXPECT_TRUE(summary.rules.empty());
  const std::string text = format_decision_log_text(summary, "log");
  EXPECT_NE(text.find("aaaaaaa  2026-12-02T09:00:00Z  would be refused: secret.aws-access-key-id"), std::string::npos)
      << text;
}

TEST(DecisionLog, BadLinesAreCountedAsUnreadableAndTheRestStillCounts) {
  const std::string log = "not json\n{\"time\":1}\n{\"stage\":\"pre-commit\"}\n\n" +
                          line("2026-12-01T10:00:00Z", "pre-commit", "allow", kAttempt, {}) +
                          "{\"time\":\"2026-12-01T10:00:00Z\",\"stage\":\"pre-commit\",\"decision\":\"allow\",\"findings\":{}}\n";
  const DecisionLogSummary summary = summarize_decision_log({log}, "");
  EXPECT_EQ(summary.unreadable, 4u);
  EXPECT_EQ(summary.lines, 5u) << "blank lines are no lines";
  EXPECT_EQ(summary.attempts, 1u);
}

TEST(DecisionLog, SinceLeavesOutEarlierLinesAndTheRotatedFileComesFirst) {
  const std::string rotated = line("2026-11-30T23:59:59Z", "pre-commit", "block", "", {});
  const std::string current = line("2026-12-01T00:00:00Z", "pre-commit", "allow", "", {});
  const DecisionLogSummary summary = summarize_decision_log({rotated, current}, "2026-12-01T00:00:00Z");
  EXPECT_EQ(summary.attempts, 1u);
  EXPECT_EQ(summary.attempts_allowed, 1u);
  EXPECT_EQ(summarize_decision_log({rotated, current}, "").attempts, 2u);
}

TEST(DecisionLogSince, TakesADateOrAUtcTimestamp) {
  EXPECT_EQ(parse_since("2026-11-01").value(), "2026-11-01T00:00:00Z");
  EXPECT_EQ(parse_since("2026-11-01T08:30:00Z").value(), "2026-11-01T08:30:00Z");
  EXPECT_TRUE(parse_since("2024-02-29").ok()) << "a leap day";
}

TEST(DecisionLogSince, RefusesAnythingElse) {
  for (const char* bad : {"yesterday", "2026-13-01", "2026-00-10", "2026-02-30", "2025-02-29", "2026-1-01", "",
                          "2026-11-01T24:00:00Z", "2026-11-01T08:30:00", "2026-11-01T08:30:00+01:00",
                          "2026-11-01 08:30:00Z", "2026-11-01x"}) {
    auto parsed = parse_since(bad);
    EXPECT_FALSE(parsed.ok()) << bad;
    if (!parsed.ok()) {
      EXPECT_NE(parsed.error().message.find("YYYY-MM-DD"), std::string::npos);
    }
  }
}

TEST(DecisionLog, JsonHoldsEveryPart) {
  const std::string log = line("2026-12-01T10:00:00Z", "pre-commit", "block", kAttempt,
                               {finding("secret.x", "a\\\"b", 1, true)});
  const std::string json = format_decision_log_json(summarize_decision_log({log}, ""), "/r/.git/agentops/decisions.jsonl");
  EXPECT_EQ(json,
            "{\"version\":1,\"log\":\"/r/.git/agentops/decisions.jsonl\",\"since\":null,"
            "\"attempts\":{\"total\":1,\"allowed\":0,\"blocked\":1},\"stages\":{\"pre-commit\":{\"allowed\":0,\"blocked\":1}},"
            "\"rules\":[{\"rule\":\"secret.x\",\"findings\":1,\"blocking\":1}],\"bypasses\":[],\"lines\":1,\"unreadable\":0}\n");
}

// --- the installer puts post-commit beside every hook manager ---

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

InstallOptions install_options(const testing::GitSandbox& sandbox, bool write_manager_config) {
  InstallOptions options{sandbox.root(), testing::bin_dir()};
  options.write_manager_config = write_manager_config;
  return options;
}

TEST(PostCommitInstall, PlainRepositoryGetsAgentopsPostCommit) {
  testing::GitSandbox sandbox;
  ASSERT_TRUE(install_hooks(install_options(sandbox, false)).ok());
  EXPECT_NE(read(sandbox.path(".git/hooks/post-commit")).find("agentops-post-commit"), std::string::npos);
}

TEST(PostCommitInstall, LefthookLocalGetsAPostCommitCommand) {
  testing::GitSandbox sandbox;
  sandbox.write("lefthook.yml", "pre-commit:\n  commands:\n    lint:\n      run: echo lint\n");
  auto actions = install_hooks(install_options(sandbox, false));
  ASSERT_TRUE(actions.ok()) << actions.error().message;
  const std::string local = read(sandbox.path("lefthook-local.yml"));
  EXPECT_NE(local.find("post-commit:\n  commands:\n    agentops:\n      run: agentops-post-commit\n"), std::string::npos)
      << local;
  bool named = false;
  for (const auto& action : *actions) named = named || action.hook == "post-commit";
  EXPECT_TRUE(named);
  ASSERT_TRUE(uninstall_hooks(install_options(sandbox, false)).ok());
  EXPECT_FALSE(std::filesystem::exists(sandbox.path("lefthook-local.yml")));
}

TEST(PostCommitInstall, PreCommitFrameworkBlockHasPostCommitAndAnOlderBlockIsReplaced) {
  testing::GitSandbox sandbox;
  const std::string original = "repos:\n- repo: local\n  hooks:\n  - id: team\n    name: team\n    entry: 'true'\n"
                               "    language: system\n";
  // What agentops-install wrote before post-commit was part of the block.
  const std::string older = "repos:\n# >>> agentops-install (agentops-install --uninstall removes this block)\n"
                            "- repo: local\n  hooks:\n  - id: agentops-pre-commit\n  - id: agentops-commit-msg\n"
                            "  - id: agentops-pre-push\n# <<< agentops-install\n" + original.substr(7);
  sandbox.write(".pre-commit-config.yaml", older);
  auto printed = install_hooks(install_options(sandbox, false));
  ASSERT_TRUE(printed.ok()) << printed.error().message;
  bool snippet_has_post_commit = false;
  for (const auto& action : *printed) snippet_has_post_commit = snippet_has_post_commit || action.snippet.find("agentops-post-commit") != std::string::npos;
  EXPECT_TRUE(snippet_has_post_commit);
  EXPECT_EQ(read(sandbox.path(".pre-commit-config.yaml")), older) << "the team's file only when asked";
  ASSERT_TRUE(install_hooks(install_options(sandbox, true)).ok());
  const std::string written = read(sandbox.path(".pre-commit-config.yaml"));
  EXPECT_NE(written.find("  - id: agentops-post-commit\n"), std::string::npos) << written;
  EXPECT_NE(written.find("    stages: [post-commit]\n"), std::string::npos) << written;
  size_t blocks = 0;
  for (size_t at = written.find("# >>> agentops-install"); at != std::string::npos; at = written.find("# >>> agentops-install", at + 1))
    ++blocks;
  EXPECT_EQ(blocks, 1u) << written;
  ASSERT_TRUE(uninstall_hooks(install_options(sandbox, false)).ok());
  EXPECT_EQ(read(sandbox.path(".pre-commit-config.yaml")), original);
}

TEST(PostCommitInstall, HuskyGetsAPostCommitLineWhenAsked) {
  testing::GitSandbox sandbox;
  sandbox.write(".husky/_/h", "#!/usr/bin/env sh\n");
  sandbox.git("config core.hooksPath .husky/_");
  auto printed = install_hooks(install_options(sandbox, false));
  ASSERT_TRUE(printed.ok()) << printed.error().message;
  bool said = false;
  for (const auto& action : *printed) said = said || action.snippet == "agentops-post-commit # agentops-install\n";
  EXPECT_TRUE(said) << "husky users are told the line for .husky/post-commit";
  ASSERT_TRUE(install_hooks(install_options(sandbox, true)).ok());
  EXPECT_EQ(read(sandbox.path(".husky/post-commit")), "agentops-post-commit # agentops-install\n");
  ASSERT_TRUE(uninstall_hooks(install_options(sandbox, false)).ok());
  EXPECT_FALSE(std::filesystem::exists(sandbox.path(".husky/post-commit")));
}

}  // namespace
}  // namespace agentops
