// One decision per finding: decide() and the three formatters agree on
// allow / gate / block, approved findings carry no fix, and hints name the
// next step that works.
#include <gtest/gtest.h>

#include "agentops/report.h"
#include "message/git_invocation.h"

namespace agentops {
namespace {

Finding gated(const std::string& path = "src/a.c") {
  Finding finding;
  finding.rule = "path.protected";
  finding.severity = Severity::gate;
  finding.path = path;
  finding.message = "a protected path is added";
  finding.hint = "a person must approve this change";
  return finding;
}

Finding blocking() {
  Finding finding;
  finding.rule = "secret.aws-access-key-id";
  finding.severity = Severity::block;
  finding.path = "config/app.env";
  finding.line = 1;
  finding.message = "AWS access key id in an added line";
  finding.hint = "rotate it";
  finding.excerpt = "AKIA************MPLE";
  return finding;
}

Report report_of(std::vector<Finding> findings, GateState gate, const std::string& stage = "commit-msg") {
  Report report;
  report.stage = stage;
  report.gate = gate;
  report.approvers = {"Lead <lead@example.com>"};
  report.findings = std::move(findings);
  report.decision = decide(report.findings, gate);
  hint_next_steps(report.findings, report.decision);
  return report;
}

TEST(OutputDecision, GatedFindingsWithoutApprovalAreAGateNotAnAllow) {
  EXPECT_EQ(decide({gated()}, GateState::missing), Decision::gate);
  EXPECT_EQ(decide({gated()}, GateState::pending), Decision::gate);
  EXPECT_EQ(decide({gated()}, GateState::approved), Decision::allow);
  EXPECT_STREQ(to_string(Decision::gate), "gate");
}

TEST(OutputDecision, AFindingApprovedByItsOwnCommitNoLongerCounts) {
  Finding approved = gated();
  approved.approved_by = "Lead <lead@example.com>";
  EXPECT_EQ(decide({approved}, GateState::missing), Decision::allow);
  EXPECT_EQ(decide({approved, gated("src/b.c")}, GateState::missing), Decision::gate);
}

TEST(OutputDecision, ABlockOutranksAGateAndApprovalNeverLiftsIt) {
  EXPECT_EQ(decide({gated(), blocking()}, GateState::missing), Decision::block);
  EXPECT_EQ(decide({gated(), blocking()}, GateState::approved), Decision::block);
  EXPECT_EQ(stricter(Decision::gate, Decision::allow), Decision::gate);
  EXPECT_EQ(stricter(Decision::gate, Decision::block), Decision::block);
  EXPECT_EQ(stricter(Decision::allow, Decision::allow), Decision::allow);
}

TEST(OutputDecision, GateAndBlockExitOneAllowExitsZero) {
  EXPECT_EQ(exit_code(report_of({gated()}, GateState::missing)), 1);
  EXPECT_EQ(exit_code(report_of({gated(), blocking()}, GateState::missing)), 1);
  EXPECT_EQ(exit_code(report_of({gated()}, GateState::approved)), 0);
}

TEST(OutputHints, UnderABlockAGatedFindingSaysApprovalWillNotHelp) {
  const Report report = report_of({gated(), blocking()}, GateState::missing);
  EXPECT_EQ(report.findings[0].hint.find("approve this"), std::string::npos);
  EXPECT_NE(report.findings[0].hint.find("approval will not help"), std::string::npos);
  const std::string text = format_text(report);
  EXPECT_EQ(text.find("Human-Approved-by"), std::string::npos) << text;
  EXPECT_EQ(text.find("must approve"), std::string::npos) << text;
  EXPECT_NE(text.find("commit-msg blocked (1 blocking, 1 gated, 0 warnings)"), std::string::npos) << text;
  EXPECT_EQ(text.find("approval will not help"), text.rfind("approval will not help")) << "said once: " << text;
  EXPECT_NE(text.find("  fix: approval will not help"), std::string::npos) << text;
  EXPECT_EQ(format_json(report).find("\"approval\""), std::string::npos);
}

TEST(OutputHints, AGateSaysHowToApproveAndWhoMay) {
  const std::string text = format_text(report_of({gated()}, GateState::missing));
  EXPECT_NE(text.find("ending the commit message with the trailer 'Human-Approved-by: Name <email>' (approvers: Lead "
                      "<lead@example.com>)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("commit-msg needs a person's approval: blocked until approved"), std::string::npos) << text;
}

TEST(OutputHints, AnUnlistedApproverIsNamedWithTheApprovers) {
  Report report = report_of({gated()}, GateState::missing);
  report.unlisted_approver = "Someone <someone@example.com>";
  EXPECT_NE(format_text(report).find("Someone <someone@example.com> may not approve here; [gates] approvers: Lead "
                                     "<lead@example.com>"),
            std::string::npos);
  EXPECT_NE(format_json(report).find("\"unlisted_approver\":\"Someone <someone@example.com>\""), std::string::npos);
}

TEST(OutputHints, TerminalModeSaysNothingBlockedBeforeItAsks) {
  Report report = report_of({gated()}, GateState::missing);
  report.gate_on_terminal = true;
  const std::string text = format_text(report);
  EXPECT_EQ(text.find("blocked"), std::string::npos) << text;
  EXPECT_NE(text.find("waits for a person's approval"), std::string::npos) << text;
}

TEST(OutputHints, PreCommitLeavesGatesToCommitMsgWithOneNote) {
  Report report = report_of({}, GateState::pending, "pre-commit");
  report.gates_for_commit_msg = 2;
  const std::string text = format_text(report);
  EXPECT_NE(text.find("2 gated findings need a person's approval: end the commit message with the trailer"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("allowed"), std::string::npos) << "no decision here: " << text;
}

TEST(OutputApproved, TextSaysApprovedByWhomWithNoFixLine) {
  Finding approved = gated();
  approved.approved_by = "Lead <lead@example.com>";
  const Report report = report_of({approved}, GateState::approved);
  const std::string text = format_text(report);
  EXPECT_NE(text.find("src/a.c [path.protected] approved by Lead <lead@example.com> (Human-Approved-by trailer): a "
                      "protected path is added"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("fix:"), std::string::npos) << text;
  EXPECT_NE(text.find("commit-msg allowed (1 approved, 0 warnings)"), std::string::npos) << text;
}

TEST(OutputApproved, JsonCarriesApprovedByAndNoHint) {
  Finding approved = gated();
  approved.approved_by = "Lead <lead@example.com>";
  const std::string json = format_json(report_of({approved}, GateState::approved));
  EXPECT_NE(json.find("\"decision\":\"allow\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"hint\":\"\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"approved_by\":\"Lead <lead@example.com>\""), std::string::npos) << json;
}

TEST(OutputApproved, SarifMakesAnApprovedFindingANoteWithAnAcceptedSuppression) {
  Finding approved = gated();
  approved.approved_by = "Lead <lead@example.com>";
  const std::string sarif = format_sarif(report_of({approved, gated("src/b.c")}, GateState::missing));
  const size_t first = sarif.find("\"results\":[");
  ASSERT_NE(first, std::string::npos);
  const std::string results = sarif.substr(first);
  EXPECT_NE(results.find("\"level\":\"note\""), std::string::npos) << results;
  EXPECT_NE(results.find("\"suppressions\":[{\"kind\":\"external\",\"status\":\"accepted\",\"justification\":"
                         "\"approved by Lead <lead@example.com> (Human-Approved-by trailer)\"}]"),
            std::string::npos)
      << results;
  const size_t suppression = results.find("\"suppressions\"");
  EXPECT_EQ(results.find("\"suppressions\"", suppression + 1), std::string::npos) << "the unapproved one has none";
  EXPECT_NE(results.find("\"level\":\"error\""), std::string::npos) << "the unapproved one stays an error";
}

// pre-commit reads the message git starts from on its command line.
TEST(OutputGivenMessage, TheCommandLineNamesTheMessageGitStartsFrom) {
  using detail::parse_commit_argv;
  auto given = parse_commit_argv({"git", "commit", "-m", "feat: a", "--message=body", "-mthird"});
  ASSERT_TRUE(given);
  EXPECT_EQ(given->messages, (std::vector<std::string>{"feat: a", "body", "third"}));
  given = parse_commit_argv({"git", "commit", "-aF", "msg.txt"});
  ASSERT_TRUE(given);
  EXPECT_EQ(given->message_file, "msg.txt");
  given = parse_commit_argv({"git", "commit", "--amend", "-C", "HEAD~1"});
  ASSERT_TRUE(given);
  EXPECT_EQ(given->reuse_commit, "HEAD~1");
  EXPECT_FALSE(given->use_editor);
  given = parse_commit_argv({"git", "commit", "-c", "HEAD"});
  ASSERT_TRUE(given);
  EXPECT_EQ(given->reuse_commit, "HEAD");
  EXPECT_TRUE(given->use_editor);
  given = parse_commit_argv({"git", "commit"});
  ASSERT_TRUE(given);
  EXPECT_TRUE(given->messages.empty());
  EXPECT_FALSE(given->message_file || given->reuse_commit);
}

}  // namespace
}  // namespace agentops
