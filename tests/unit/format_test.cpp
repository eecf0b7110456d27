#include <gtest/gtest.h>

#include "agentops/report.h"

namespace agentops {
namespace {

Report blocked_report() {
  Report report;
  report.stage = "pre-commit";
  report.findings.push_back(Finding{"secret.aws-access-key-id", Severity::block, "config/app.env", 3,
                                    "AWS access key id in an added line", "rotate it",
                                    "AKIA************MPLE", ""});
  report.decision = decide(report.findings, GateState::missing);
  report.stats = Stats{12, 34567, 0, 3.1};
  return report;
}

TEST(FormatJson, MatchesVersionOneShape) {
  EXPECT_EQ(format_json(blocked_report()),
            "{\"version\":1,\"stage\":\"pre-commit\",\"decision\":\"block\",\"findings\":["
            "{\"rule\":\"secret.aws-access-key-id\",\"severity\":\"block\",\"path\":\"config/app.env\","
            "\"line\":3,\"message\":\"AWS access key id in an added line\",\"hint\":\"rotate it\","
            "\"excerpt\":\"AKIA************MPLE\"}],"
            "\"stats\":{\"files\":12,\"bytes\":34567,\"duration_ms\":3.100}}\n");
}

TEST(FormatJson, EscapesControlCharactersAndInvalidUtf8) {
  Report report = blocked_report();
  report.findings[0].path = std::string("a\nb\"c\\d\x01\xff\xc3\xa9.env");
  const std::string json = format_json(report);
  EXPECT_NE(json.find("\"path\":\"a\\nb\\\"c\\\\d\\u0001\\ufffd\xc3\xa9.env\""), std::string::npos) << json;
}

TEST(FormatText, NamesRulePathLineAndFix) {
  const std::string text = format_text(blocked_report());
  EXPECT_NE(text.find("config/app.env:3 [secret.aws-access-key-id] block"), std::string::npos) << text;
  EXPECT_NE(text.find("fix: rotate it"), std::string::npos);
  EXPECT_NE(text.find("pre-commit blocked (1 blocking, 0 gated, 0 warnings)"), std::string::npos) << text;
}

TEST(FormatJson, ReplacesSurrogatesOverlongAndOutOfRangeSequences) {
  Report report = blocked_report();
  report.findings[0].path = std::string("a\xed\xa0\x80" "b\xe0\x80\x80" "c\xf4\x90\x80\x80" "d\xf0\x9f\x98\x80");
  const std::string json = format_json(report);
  EXPECT_NE(json.find("\"path\":\"a\\ufffd\\ufffd\\ufffdb\\ufffd\\ufffd\\ufffdc"), std::string::npos) << json;
  EXPECT_NE(json.find("d\xf0\x9f\x98\x80\""), std::string::npos) << "a valid 4-byte sequence stays";
}

TEST(FormatText, EscapesControlBytesInMessages) {
  Report report = blocked_report();
  report.findings[0].message = "subject \x1b[31mred\x1b[0m";
  const std::string text = format_text(report);
  EXPECT_EQ(text.find('\x1b'), std::string::npos) << text;
  EXPECT_NE(text.find("\\033[31mred"), std::string::npos) << text;
}

TEST(FormatText, QuotesPathsWithNewlines) {
  Report report = blocked_report();
  report.findings[0].path = "a\nb.env";
  const std::string text = format_text(report);
  EXPECT_NE(text.find("\"a\\012b.env\":3"), std::string::npos) << text;
}

TEST(FormatText, NothingToSayWhenClean) { EXPECT_EQ(format_text(Report{}), ""); }

TEST(Decision, WarningsAllowBlocksBlockAndGatesWaitForApproval) {
  std::vector<Finding> findings{Finding{"x", Severity::warn, "", 0, "", "", "", ""}};
  EXPECT_EQ(decide(findings, GateState::missing), Decision::allow);
  findings.push_back(Finding{"y", Severity::gate, "", 0, "", "", "", ""});
  EXPECT_EQ(decide(findings, GateState::missing), Decision::gate);
  EXPECT_EQ(decide(findings, GateState::approved), Decision::allow);
  EXPECT_EQ(decide(findings, GateState::pending), Decision::gate) << "not approved yet is not fine";
  findings.push_back(Finding{"z", Severity::block, "", 0, "", "", "", ""});
  EXPECT_EQ(decide(findings, GateState::approved), Decision::block) << "approval never lifts a block";
}

}  // namespace
}  // namespace agentops
