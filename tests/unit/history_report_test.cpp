// report --range's pieces: the ISO week (date +%G-W%V is the oracle), the
// fold of per-commit Reports into a HistoryReport, the progress throttle,
// the JSON and text shapes, and report_range over real repositories built
// with git.
#include <gtest/gtest.h>

#include <chrono>

#include "agentops/git.h"
#include "agentops/history_report.h"
#include "agentops/message.h"
#include "agentops/policy.h"
#include "agentops/progress_throttle.h"
#include "git_sandbox.h"
#include "report/history_fold.h"

namespace agentops {
namespace {

using testing::GitSandbox;
using testing::quote;

// Values `date -u -d @T +%G-W%V` printed (GNU coreutils 9).
TEST(HistoryIsoWeek, MatchesDateOnYearBoundaries) {
  EXPECT_EQ(detail::iso_week(0), "1970-W01");
  EXPECT_EQ(detail::iso_week(-86400), "1970-W01");
  EXPECT_EQ(detail::iso_week(1104537600), "2004-W53");  // 2005-01-01
  EXPECT_EQ(detail::iso_week(1230681600), "2009-W01");  // 2008-12-31
  EXPECT_EQ(detail::iso_week(1262217600), "2009-W53");  // 2009-12-31
  EXPECT_EQ(detail::iso_week(1293753600), "2010-W52");  // 2010-12-31
  EXPECT_EQ(detail::iso_week(1609459200), "2020-W53");  // 2021-01-01
  EXPECT_EQ(detail::iso_week(1735603200), "2025-W01");  // 2024-12-31
  EXPECT_EQ(detail::iso_week(1798675200), "2026-W53");  // 2026-12-31
  EXPECT_EQ(detail::iso_week(1798761600), "2026-W53");  // 2027-01-01
  EXPECT_EQ(detail::iso_week(4102444800), "2099-W53");  // 2100-01-01
}

TEST(HistoryIdentTime, ReadsTheTimestampAfterTheEmail) {
  EXPECT_EQ(detail::ident_time("A U Thor <a@example.com> 1700000000 +0100"), 1700000000);
  EXPECT_EQ(detail::ident_time("A U Thor <a@example.com>"), 0);
  EXPECT_EQ(detail::ident_time("<> -5 +0000"), -5);
  EXPECT_EQ(detail::ident_time("A <a> 99999999999999999999999 +0000"), 0);
  EXPECT_EQ(detail::ident_time(""), 0);
}

TEST(HistoryCommitTime, ReadsTheCommitterLineOfTheHeaders) {
  EXPECT_EQ(detail::commit_time("author A <a@b> 100 +0000\ncommitter C <c@d> 200 +0100\n"), 200);
  EXPECT_EQ(detail::commit_time("author A <a@b> 100 +0000\n"), 100);
  EXPECT_EQ(detail::commit_time("author A <a@b> 100 +0000\ngpgsig -----BEGIN\n committer X <x> 5 +0000\n"), 100);
  EXPECT_EQ(detail::commit_time(""), 0);
}

TEST(HistoryPrintableLine, DropsControlCharactersAndCutsOnACharacterBoundary) {
  EXPECT_EQ(detail::printable_line("a\tb\x1b[31mc\x7f\xc2\x85" "d", 100), "ab[31mcd");
  EXPECT_EQ(detail::printable_line("ab\xc3\xa9", 3), "ab");  // é is two bytes: not cut in half
  EXPECT_EQ(detail::printable_line("caf\xc3\xa9", 5), "caf\xc3\xa9");
}

TEST(HistoryHasBody, ABodyIsAParagraphBesidesTheTrailers) {
  EXPECT_FALSE(detail::has_body("feat: a\n", false));
  EXPECT_TRUE(detail::has_body("feat: a\n\nwhy it matters\n", false));
  EXPECT_FALSE(detail::has_body("feat: a\n\nSigned-off-by: A <a@b>\n", true));
  EXPECT_TRUE(detail::has_body("feat: a\n\nwhy\n\nSigned-off-by: A <a@b>\n", true));
}

// is_agent_commit and has_section now keep their compiled patterns between
// calls: the answers must not depend on what was asked before.
TEST(HistoryCompiledOnce, IsAgentCommitAnswersTheSameForChangingMarkerLists) {
  AgentsPolicy agents;
  const auto claude = parse_trailers("feat: a\n\nCo-authored-by: Claude <noreply@anthropic.com>\n");
  const auto agent_id = parse_trailers("feat: a\n\nAgent-Id: s-1\n");
  EXPECT_TRUE(is_agent_commit(claude, agents));
  EXPECT_TRUE(is_agent_commit(agent_id, agents));
  EXPECT_FALSE(is_agent_commit(parse_trailers("feat: a\n\nSigned-off-by: A <a@b>\n"), agents));
  EXPECT_FALSE(is_agent_commit({}, agents));
  AgentsPolicy only_agent_id;
  only_agent_id.markers = {"(?i)^agent-id:"};
  EXPECT_FALSE(is_agent_commit(claude, only_agent_id)) << "the other list's patterns are not reused";
  EXPECT_TRUE(is_agent_commit(agent_id, only_agent_id));
  EXPECT_TRUE(is_agent_commit(claude, agents));
  AgentsPolicy none;
  none.markers.clear();
  EXPECT_FALSE(is_agent_commit(claude, none));
}

TEST(HistoryCompiledOnce, HasSectionAnswersTheSameAfterManySections) {
  EXPECT_TRUE(has_section("feat: a\n\nContext: x\n", "Context"));
  EXPECT_TRUE(has_section("feat: a\n\n## learning\nx\n", "Learning"));
  EXPECT_FALSE(has_section("feat: a\n\nthe context of it\n", "Context"));
  EXPECT_TRUE(has_section("feat: a\n\n# Why (short)\n", "Why (short)"));
  EXPECT_FALSE(has_section("feat: a\n\n# Why short\n", "Why (short)")) << "quoted, not a pattern";
  for (int i = 0; i < 200; ++i) EXPECT_FALSE(has_section("feat: a\n", "Section" + std::to_string(i)));
  EXPECT_TRUE(has_section("feat: a\n\nIMPACT : big\n", "Impact"));
  EXPECT_TRUE(has_section("feat: a\n\nContext: x\n", "Context"));
}

Finding finding(const std::string& rule, Severity severity, const std::string& path = "") {
  Finding f;
  f.rule = rule;
  f.severity = severity;
  f.path = path;
  f.message = rule + " fired";
  return f;
}

Report report_of(std::vector<Finding> findings, GateState gate = GateState::missing) {
  Report report;
  report.findings = std::move(findings);
  report.decision = decide(report.findings, gate);
  return report;
}

TEST(HistoryFold, CountsCommitsRulesWeeksAgentsAndTheProtectedLedger) {
  Policy policy;
  detail::HistoryFold fold(policy);
  const std::int64_t week49 = 1764547200;  // 2025-12-01, a Monday
  const std::int64_t week50 = week49 + 7 * 86400;

  Report clean = report_of({finding("message.subject-length", Severity::warn)});
  fold.add({"c1", "feat: clean\n\nContext: why\n\nCo-authored-by: Claude <noreply@anthropic.com>\n", "feat: clean", "",
            week49, &clean});
  // Two blocking findings of one rule count the commit once for that rule.
  Report blocked = report_of({finding("content.debug-leftover", Severity::block, "a.js"),
                              finding("content.debug-leftover", Severity::block, "b.js"),
                              finding("path.protected", Severity::gate, ".github/workflows/ci.yml")});
  fold.add({"c2", "wip\n", "wip", "content.debug-leftover: fired", week49, &blocked});
  Finding typed = finding("path.protected", Severity::gate, ".agentops/policy.toml");
  typed.approved_by = "Ann <ann@example.com>";
  Report approved = report_of({typed}, GateState::approved);
  fold.add({"c3", "chore: policy\n\nHuman-Approved-by: Ann <ann@example.com>\n", "chore: policy", "", week50, &approved});
  Finding signed_finding = finding("path.protected", Severity::gate, "CODEOWNERS");
  signed_finding.approved_by = "bob";
  signed_finding.approval = ApprovalRecord{"verified", "bob@example.com", "SHA256:x", ""};
  Report signed_report = report_of({signed_finding}, GateState::approved);
  fold.add({"c4", "chore: owners\n", "chore: owners", "", week50, &signed_report});
  Report gated = report_of({finding("change.tests-removed", Severity::gate)});
  fold.add({"c5", "test: drop\n", "test: drop", "change.tests-removed: fired", week50, &gated});

  const HistoryReport report = fold.finish();
  EXPECT_EQ(report.commits, 5u);
  EXPECT_EQ(report.compliant, 3u);
  ASSERT_EQ(report.rules.size(), 3u);
  for (const auto& rule : report.rules) {
    if (rule.rule == "content.debug-leftover") {
      EXPECT_EQ(rule.blocked, 1u);
    } else if (rule.rule == "path.protected") {
      EXPECT_EQ(rule.gated, 1u) << "the approved ones are not gated";
    } else {
      EXPECT_EQ(rule.rule, "change.tests-removed");
      EXPECT_EQ(rule.gated, 1u);
    }
  }
  ASSERT_EQ(report.weeks.size(), 2u);
  EXPECT_EQ(report.weeks[0].week, "2025-W49");
  EXPECT_EQ(report.weeks[0].commits, 2u);
  EXPECT_EQ(report.weeks[0].compliant, 1u);
  EXPECT_EQ(report.weeks[0].rules.at("content.debug-leftover"), 1u);
  EXPECT_EQ(report.weeks[1].week, "2025-W50");
  EXPECT_EQ(report.weeks[1].compliant, 2u);
  EXPECT_EQ(report.agents.commits, 1u);
  EXPECT_EQ(report.agents.compliant, 1u);
  EXPECT_EQ(report.others.commits, 4u);
  EXPECT_EQ(report.others.compliant, 2u);
  ASSERT_EQ(report.protected_changes.size(), 3u);
  EXPECT_EQ(report.protected_changes[0].approval, "none");
  EXPECT_EQ(report.protected_changes[1].approval, "typed");
  EXPECT_EQ(report.protected_changes[1].approver, "Ann <ann@example.com>");
  EXPECT_EQ(report.protected_changes[2].approval, "signed");
  EXPECT_EQ(report.protected_changes[2].approver, "bob@example.com");
  ASSERT_EQ(report.bypasses.size(), 2u);
  EXPECT_EQ(report.bypasses[0].commit, "c2");
  EXPECT_EQ(report.bypasses[0].decision, Decision::block);
  EXPECT_EQ(report.bypasses[0].blocking_rules, std::vector<std::string>{"content.debug-leftover"});
  EXPECT_EQ(report.bypasses[1].decision, Decision::gate);
  EXPECT_EQ(report.hygiene.sections.at("Context"), 1u);
  EXPECT_EQ(report.hygiene.sections.at("Learning"), 0u);
  EXPECT_EQ(report.hygiene.trailers.at("Human-Approved-by"), 1u);
  EXPECT_EQ(report.hygiene.with_body, 1u);
  EXPECT_EQ(report.verdicts.size(), 5u);
}

TEST(HistoryRawReason, NamesTheFirstBlockingFindingThenTheFirstPendingGate) {
  Report both = report_of({finding("change.tests-removed", Severity::gate), finding("secret.x", Severity::block, "k")});
  EXPECT_EQ(detail::raw_reason(both), "secret.x: secret.x fired (k)");
  Report gate = report_of({finding("change.tests-removed", Severity::gate)});
  EXPECT_EQ(detail::raw_reason(gate), "change.tests-removed: change.tests-removed fired");
  Report fine = report_of({finding("message.subject-length", Severity::warn)});
  EXPECT_EQ(detail::raw_reason(fine), "");
}

TEST(HistoryProgressThrottle, DrawsAFewTimesASecondAndAlwaysTheLastLine) {
  using Clock = ProgressThrottle::Clock;
  Clock::time_point now{};
  ProgressThrottle throttle([&] { return now; });
  size_t drawn = 0;
  // 10,000 commits judged in one simulated second.
  for (size_t done = 1; done <= 10000; ++done) {
    now += std::chrono::microseconds(100);
    if (throttle.should_draw(done, 10000)) ++drawn;
  }
  EXPECT_GE(drawn, 4u);
  EXPECT_LE(drawn, 6u);  // the first, one per 250 ms, the last
  ProgressThrottle final_only([&] { return now; });
  EXPECT_TRUE(final_only.should_draw(1, 3));
  EXPECT_FALSE(final_only.should_draw(2, 3));
  EXPECT_TRUE(final_only.should_draw(3, 3)) << "the final line is always drawn";
  now += std::chrono::milliseconds(300);
  ProgressThrottle later([&] { return now; });
  EXPECT_TRUE(later.should_draw(1, 100));
  now += std::chrono::milliseconds(251);
  EXPECT_TRUE(later.should_draw(2, 100));
}

HistoryReport sample_report() {
  HistoryReport report;
  report.range = "v1..main";
  report.judged_by = "the preset twelve-factor";
  report.dry_run = true;
  report.commits = 10;
  report.compliant = 6;
  report.rules = {{"message.required-section", 4, 0}};
  report.weeks = {{"2026-W49", 10, 6, {{"message.required-section", 4}}}};
  report.others = {10, 6};
  report.protected_changes = {{"0123456789abcdef", ".agentops/policy.toml", "typed", "Ann \"A\" <ann@example.com>"}};
  CommitVerdict bypass;
  bypass.commit = "fedcba9876543210";
  bypass.subject = "wip \"quoted\"";
  bypass.decision = Decision::block;
  bypass.blocking_rules = {"message.required-section"};
  bypass.reason = "message.required-section: the message has no \"Context:\" section";
  report.bypasses = {bypass};
  report.hygiene.with_body = 6;
  report.hygiene.sections = {{"Context", 6}};
  report.hygiene.trailers = {{"Signed-off-by", 2}};
  return report;
}

TEST(HistoryFormats, TextStartsWithTheHeadlineAndListsBypasses) {
  const std::string text = format_history_text(sample_report());
  EXPECT_EQ(text.substr(0, text.find('\n')), "commits: 10, compliant: 6 (60.0%)");
  EXPECT_NE(text.find("message.required-section"), std::string::npos);
  EXPECT_NE(text.find("2026-W49"), std::string::npos);
  EXPECT_NE(text.find("fedcba987654 block"), std::string::npos) << text;
  EXPECT_NE(text.find("typed by Ann"), std::string::npos) << text;
  HistoryReport empty;
  const std::string none = format_history_text(empty);
  EXPECT_EQ(none.substr(0, none.find('\n')), "commits: 0, compliant: 0 (0.0%)");
}

TEST(HistoryFormats, JsonIsOneDocumentWithTheDocumentedKeys) {
  const std::string json = format_history_json(sample_report());
  ASSERT_FALSE(json.empty());
  EXPECT_EQ(json.back(), '\n');
  EXPECT_EQ(json.find('\n'), json.size() - 1) << "one line";
  EXPECT_EQ(json.rfind("{\"version\":1,\"range\":\"v1..main\",\"judged_by\":\"the preset twelve-factor\",\"dry_run\":true,"
                       "\"commits\":10,\"compliant\":6,\"compliance\":0.6,",
                       0),
            0u)
      << json;
  for (const char* key : {"\"rules\":[{\"rule\":\"message.required-section\",\"blocked\":4,\"gated\":0}]",
                          "\"weeks\":[{\"week\":\"2026-W49\",\"commits\":10,\"compliant\":6,\"compliance\":0.6",
                          "\"agents\":{\"commits\":0,\"compliant\":0,\"compliance\":0}",
                          "\"others\":{\"commits\":10,\"compliant\":6,\"compliance\":0.6}",
                          "\"approval\":\"typed\",\"approver\":\"Ann \\\"A\\\" <ann@example.com>\"",
                          "\"subject\":\"wip \\\"quoted\\\"\"", "\"decision\":\"block\"",
                          "\"hygiene\":{\"with_body\":6,\"sections\":{\"Context\":6},\"trailers\":{\"Signed-off-by\":2}}",
                          "\"duration_ms\":"})
    EXPECT_NE(json.find(key), std::string::npos) << key << "\n" << json;
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < json.size(); ++i) {
    if (in_string) {
      if (json[i] == '\\') ++i;
      else if (json[i] == '"') in_string = false;
    } else if (json[i] == '"') {
      in_string = true;
    } else if (json[i] == '{' || json[i] == '[') {
      ++depth;
    } else if (json[i] == '}' || json[i] == ']') {
      --depth;
      EXPECT_GE(depth, 0);
    }
  }
  EXPECT_EQ(depth, 0);
  EXPECT_FALSE(in_string);
}

// report_range over repositories git builds.
class HistoryReportRange : public ::testing::Test {
 protected:
  void commit(const std::string& path, const std::string& content, const std::string& message,
              const std::string& date = "2026-11-30T12:00:00Z") {
    sandbox.write(path, content);
    sandbox.git("add -- " + quote(path));
    sandbox.write(".git/agentops-test-message", message);
    const auto result = sandbox.run("GIT_COMMITTER_DATE=" + date + " git commit -q --no-verify -F .git/agentops-test-message");
    ASSERT_EQ(result.exit_code, 0) << result.err;
  }
  std::string head() const {
    const std::string id = sandbox.git("rev-parse HEAD");
    return id.substr(0, id.find('\n'));
  }
  Result<HistoryReport> report(const std::string& range, const Policy* judged_by = nullptr) const {
    auto repo = git::open_repository({sandbox.root(), false});
    if (!repo) return repo.error();
    return report_range(*repo, range, {}, judged_by, judged_by ? "the preset twelve-factor" : "");
  }
  GitSandbox sandbox;
};

const char* kGoodMessage =
    "feat: add the parser\n\nContext: input arrives as text.\n\nSolution: parse it once.\n\n"
    "Learning: tokens first.\n\nImpact: faster reads.\n";

TEST_F(HistoryReportRange, ADryRunOfAPresetCountsEachCommitByItsOwnFindings) {
  commit("README.md", "# demo\n", "initial");
  const std::string base = head();
  commit("src/a.txt", "a\n", kGoodMessage, "2026-11-23T12:00:00Z");
  commit("src/b.txt", "b\n", "wip", "2026-11-30T12:00:00Z");
  commit("src/c.txt", "c\n", std::string(kGoodMessage) + "\nCo-authored-by: Claude <noreply@anthropic.com>\n",
         "2026-12-01T12:00:00Z");
  auto preset = load_preset("twelve-factor");
  ASSERT_TRUE(preset) << preset.error().message;
  auto history = report(base + "..HEAD", &*preset);
  ASSERT_TRUE(history) << history.error().message;
  EXPECT_EQ(history->commits, 3u);
  EXPECT_EQ(history->compliant, 2u) << format_history_text(*history);
  EXPECT_TRUE(history->dry_run);
  EXPECT_EQ(history->judged_by, "the preset twelve-factor");
  EXPECT_EQ(history->agents.commits, 1u);
  ASSERT_EQ(history->bypasses.size(), 1u);
  EXPECT_EQ(history->bypasses[0].subject, "wip");
  EXPECT_FALSE(history->bypasses[0].reason.empty());
  ASSERT_EQ(history->weeks.size(), 2u);
  EXPECT_EQ(history->weeks[0].week, "2026-W48");
  EXPECT_EQ(history->weeks[1].week, "2026-W49");
  EXPECT_EQ(history->hygiene.sections.at("Learning"), 2u);
}

TEST_F(HistoryReportRange, TheBasesPolicyJudgesWithoutADryRun) {
  commit("README.md", "# demo\n", "initial");
  commit(".agentops/policy.toml", "version = 1\n[paths]\nforbidden = [\"*.secret\"]\n", "chore: set the policy");
  const std::string base = head();
  commit("notes.secret", "x\n", "docs: add notes");
  commit("notes.txt", "x\n", "docs: add text");
  auto history = report(base + "..HEAD");
  ASSERT_TRUE(history) << history.error().message;
  EXPECT_EQ(history->commits, 2u);
  EXPECT_EQ(history->compliant, 1u);
  EXPECT_FALSE(history->dry_run);
  EXPECT_EQ(history->judged_by, "the policy of " + base);
  ASSERT_EQ(history->rules.size(), 1u);
  EXPECT_EQ(history->rules[0].rule, "path.forbidden");
}

TEST_F(HistoryReportRange, ABadRangeIsAnError) {
  commit("README.md", "# demo\n", "initial");
  EXPECT_FALSE(report("no-such-rev..HEAD"));
  EXPECT_FALSE(report("HEAD"));
}

}  // namespace
}  // namespace agentops
