// The shared assignment grammar (`assigned_to` rules): a value is found in
// every way code and config files bind it to a name, and not where the name
// and a value merely share a line.
#include <gtest/gtest.h>

#include "agentops/secrets.h"

namespace agentops {
namespace {

std::vector<Finding> scan(const std::string& text) {
  SecretsPolicy policy;
  policy.rules.push_back(SecretRule{.id = "acme-key", .description = "Acme key", .regex = "[a-z0-9]{24}",
                                    .assigned_to = {"acme"}});
  auto scanner = SecretScanner::compile(policy);
  EXPECT_TRUE(scanner.ok()) << scanner.error().message;
  AddedLines lines;
  std::uint32_t number = 1;
  for (size_t start = 0; start <= text.size(); ++number) {
    const size_t end = std::min(text.find('\n', start), text.size());
    lines.add(number, std::string_view(text).substr(start, end - start));
    start = end + 1;
  }
  ChangedFile file;
  file.path = "settings.cfg";
  std::vector<Finding> findings;
  EXPECT_TRUE(scanner->scan(file, lines, findings).ok());
  return findings;
}

constexpr const char* kValue = "k3x9q2m7w4p8z1r6t5y0u3i8";

TEST(AssignmentGrammar, FindsTheValueInEveryAssignmentStyle) {
  const std::string v = kValue;
  for (const std::string& text : {
           "ACME_TOKEN=" + v, "acmeToken = \"" + v + "\"", "acme_token: '" + v + "'", "\"acme_token\": \"" + v + "\"",
           "acmeToken := `" + v + "`", "ACME_TOKEN ::= \"" + v + "\"", "ACME_TOKEN :::= \"" + v + "\"",
           "ACME_TOKEN ?= \"" + v + "\"", "$acmeToken .= \"" + v + "\"", "var acmeToken string = \"" + v + "\"",
           "string acmeToken = \"" + v + "\";", "System.setProperty(\"ACME_TOKEN\", \"" + v + "\")",
           "  \"acmeToken\" => \"" + v + "\"", "<acmeToken>\n    " + v + "\n</acmeToken>", "<acmeToken>" + v + "</acmeToken>",
           "{\"config.ini\": \"ACME_TOKEN=" + v + "\\nBACKUP_ENABLED=true\"}", "export ACME_API_KEY='" + v + "'"}) {
    const auto findings = scan(text);
    ASSERT_EQ(findings.size(), 1u) << text;
    EXPECT_EQ(findings[0].rule, "secret.acme-key");
  }
}

TEST(AssignmentGrammar, TheFindingIsOnTheValuesLine) {
  const auto findings = scan(std::string("<config>\n<acmeToken>\n  ") + kValue + "\n</acmeToken>");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].line, 3u);
}

TEST(AssignmentGrammar, PassesNamesAndValuesThatAreNotAssigned) {
  const std::string v = kValue;
  for (const std::string& text : {
           "acme\n" + v,                           // the value on the next line of plain text
           std::string("acme_token = read_token()"),  // a call, not a literal value
           "acme: the key is listed below\n" + v,  // a value after a line that merely mentions the name
           "ACME_TOKEN=" + v + "extra_long_tail_beyond",  // longer than the format
           "other_token = \"" + v + "\""}) {       // another name
    EXPECT_TRUE(scan(text).empty()) << text;
  }
}

}  // namespace
}  // namespace agentops
