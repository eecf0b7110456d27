// `agentops report --range BASE..HEAD` end to end: real git builds the
// history, build/bin/agentops judges and folds it. The report is a
// measurement: it exits 0 whatever the compliance, 2 on a usage error.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "git_sandbox.h"

namespace agentops {
namespace {

using testing::bin;
using testing::CommandResult;
using testing::GitSandbox;
using testing::quote;

const char* kCompliant =
    "\n\nContext: the parser read input twice.\n\nSolution: read it once.\n\n"
    "Learning: tokens first, then the tree.\n\nImpact: reads are faster.\n";

class ReportRange : public ::testing::Test {
 protected:
  void SetUp() override {
    sandbox.commit_file("README.md", "# demo\n", "initial");
    base = rev("HEAD");
  }
  std::string rev(const std::string& name) const {
    const std::string id = sandbox.git("rev-parse " + name);
    return id.substr(0, id.find('\n'));
  }
  void commit(const std::string& path, const std::string& content, const std::string& message) const {
    sandbox.write(path, content);
    sandbox.git("add -- " + quote(path));
    sandbox.write(".git/report-test-message", message);
    sandbox.git("commit -q --no-verify -F .git/report-test-message");
  }
  CommandResult report(const std::string& args) const {
    return sandbox.run(quote(bin("agentops")) + " report " + args);
  }
  GitSandbox sandbox;
  std::string base;
};

TEST_F(ReportRange, TenCommitsSixCompliantUnderTwelveFactorInJsonAndText) {
  // Six commits that meet twelve-factor (conventional subject, the four
  // sections) and four that do not.
  for (int i = 0; i < 6; ++i)
    commit("src/f" + std::to_string(i) + ".txt", "line\n", "feat: add part " + std::to_string(i) + kCompliant);
  commit("src/g0.txt", "x\n", "wip");
  commit("src/g1.txt", "x\n", "Update things in the parser");
  commit("src/g2.txt", "x\n", "feat: add a part without sections");
  commit("src/g3.txt", "x\n", "fix: a fix with only context\n\nContext: it broke.\n");
  ASSERT_EQ(sandbox.commit_count(), 11);
  EXPECT_FALSE(sandbox.run("test -e .agentops/policy.toml").exit_code == 0) << "no policy commit";
  const CommandResult json = report("--range " + base + "..HEAD --preset twelve-factor --format json");
  EXPECT_EQ(json.exit_code, 0) << json.out << json.err;
  EXPECT_NE(json.out.find("\"commits\":10,\"compliant\":6,\"compliance\":0.6"), std::string::npos) << json.out;
  EXPECT_NE(json.out.find("\"dry_run\":true"), std::string::npos) << json.out;
  EXPECT_NE(json.out.find("\"judged_by\":\"the preset twelve-factor\""), std::string::npos) << json.out;
  EXPECT_NE(json.err.find("dry run: judged by the preset twelve-factor"), std::string::npos) << json.err;
  EXPECT_EQ(json.out.find('\n'), json.out.size() - 1) << "one JSON document and a newline";

  const CommandResult text = report("--range " + base + "..HEAD --preset twelve-factor");
  EXPECT_EQ(text.exit_code, 0) << text.out << text.err;
  EXPECT_EQ(text.out.rfind("commits: 10, compliant: 6 (60.0%)\n", 0), 0u) << text.out;
  EXPECT_NE(text.out.find("bypasses: 4 commits"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find(rev("HEAD").substr(0, 12)), std::string::npos) << "the last commit is a bypass\n" << text.out;

  // The same numbers on the HTML page, written by --output, which refers to
  // nothing outside itself (a page that fetched a font or a script would not
  // open offline, and could tell a server who looked at it).
  const std::string page = sandbox.root() + "/.git/report.html";
  const CommandResult html = report("--range " + base + "..HEAD --preset twelve-factor --format html --output " + quote(page));
  EXPECT_EQ(html.exit_code, 0) << html.out << html.err;
  EXPECT_EQ(html.out, "") << "--output leaves stdout empty";
  std::ifstream in(page, std::ios::binary);
  std::ostringstream read;
  read << in.rdbuf();
  const std::string written = read.str();
  EXPECT_NE(written.find("<dt>Commits judged</dt><dd>10</dd>"), std::string::npos) << written;
  EXPECT_NE(written.find("<dt>Compliant</dt><dd>6</dd>"), std::string::npos) << written;
  EXPECT_NE(written.find("60.0%"), std::string::npos) << "the compliance tile";
  EXPECT_NE(written.find("id=\"compliance-line\""), std::string::npos) << "the weekly chart is drawn";
  for (const char* outside : {"http:", "https:", "//", "url(", "@import", "src=", "href=", "<script", "<link", "<img"})
    EXPECT_EQ(written.find(outside), std::string::npos) << "the page refers to something outside it: " << outside;
  const CommandResult again = report("--range " + base + "..HEAD --preset twelve-factor --format html");
  EXPECT_EQ(again.out, written) << "the same history gives the same page";
}

TEST_F(ReportRange, BadRangesFormatsAndArgumentsAreUsageErrors) {
  commit("a.txt", "a\n", "feat: a");
  EXPECT_EQ(report("--range HEAD").exit_code, 2);
  EXPECT_EQ(report("--range ..HEAD").exit_code, 2);
  EXPECT_EQ(report("--range " + base + "..").exit_code, 2);
  EXPECT_EQ(report("--range " + base + "...HEAD").exit_code, 2);
  EXPECT_EQ(report("--range no-such-rev..HEAD").exit_code, 2);
  const CommandResult format = report("--range " + base + "..HEAD --format xml");
  EXPECT_EQ(format.exit_code, 2);
  EXPECT_NE(format.err.find("unknown format 'xml'"), std::string::npos) << format.err;
  EXPECT_EQ(report("--range " + base + "..HEAD --bogus").exit_code, 2);
  EXPECT_EQ(report("--range " + base + "..HEAD --preset no-such-preset").exit_code, 2);
  EXPECT_EQ(report("--range " + base + "..HEAD --preset strict --policy x.toml").exit_code, 2);
  EXPECT_EQ(report("--range " + base + "..HEAD").exit_code, 0);
}

TEST_F(ReportRange, TheBasesPolicyJudgesTheRangeWhenNoneIsGiven) {
  sandbox.commit_policy("version = 1\n[paths]\nforbidden = [\"*.secret\"]\n");
  const std::string policy_base = rev("HEAD");
  commit("notes.secret", "x\n", "docs: add notes");
  commit("notes.txt", "x\n", "docs: add text");
  const CommandResult json = report("--range " + policy_base + "..HEAD --format json");
  EXPECT_EQ(json.exit_code, 0) << json.out << json.err;
  EXPECT_NE(json.out.find("\"judged_by\":\"the policy of " + policy_base + "\",\"dry_run\":false"), std::string::npos)
      << json.out;
  EXPECT_NE(json.out.find("\"commits\":2,\"compliant\":1,"), std::string::npos) << json.out;
  EXPECT_NE(json.out.find("{\"rule\":\"path.forbidden\",\"blocked\":1,\"gated\":0}"), std::string::npos) << json.out;
  EXPECT_EQ(json.err.find("dry run"), std::string::npos) << json.err;
  // The range's own commits cannot lift the rule: the base side judges.
  commit(".agentops/policy.toml", "version = 1\n", "chore: drop the rule");
  commit("more.secret", "x\n", "docs: more notes");
  const CommandResult again = report("--range " + policy_base + "..HEAD --format json");
  EXPECT_NE(again.out.find("{\"rule\":\"path.forbidden\",\"blocked\":2,"), std::string::npos) << again.out;
}

TEST_F(ReportRange, AgentMarkedCommitsAreCountedApart) {
  commit("a.txt", "a\n", "feat: a by a person");
  commit("b.txt", "b\n", "feat: b by an agent\n\nCo-authored-by: Claude <noreply@anthropic.com>\n");
  commit("c.txt", "c\n", "feat: c by an agent\n\nGenerated-by: some-tool\n");
  const CommandResult json = report("--range " + base + "..HEAD --format json");
  EXPECT_EQ(json.exit_code, 0) << json.err;
  EXPECT_NE(json.out.find("\"agents\":{\"commits\":2,"), std::string::npos) << json.out;
  EXPECT_NE(json.out.find("\"others\":{\"commits\":1,"), std::string::npos) << json.out;
  EXPECT_NE(json.out.find("\"Co-authored-by\":1"), std::string::npos) << json.out;
}

TEST_F(ReportRange, AProtectedPathChangeShowsItsApprovalState) {
  sandbox.commit_policy("version = 1\n[paths]\nprotected = [\"deploy/**\"]\n");
  const std::string policy_base = rev("HEAD");
  commit("deploy/prod.yml", "replicas: 2\n", "chore: two replicas\n\nHuman-Approved-by: Ann <ann@example.com>\n");
  const std::string typed = rev("HEAD");
  commit("deploy/prod.yml", "replicas: 3\n", "chore: three replicas");
  const std::string none = rev("HEAD");
  const CommandResult json = report("--range " + policy_base + "..HEAD --format json");
  EXPECT_EQ(json.exit_code, 0) << json.err;
  EXPECT_NE(json.out.find("{\"commit\":\"" + typed +
                          "\",\"path\":\"deploy/prod.yml\",\"approval\":\"typed\",\"approver\":\"Ann <ann@example.com>\"}"),
            std::string::npos)
      << json.out;
  EXPECT_NE(json.out.find("{\"commit\":\"" + none + "\",\"path\":\"deploy/prod.yml\",\"approval\":\"none\",\"approver\":\"\"}"),
            std::string::npos)
      << json.out;
  EXPECT_NE(json.out.find("\"commits\":2,\"compliant\":1,"), std::string::npos) << json.out;
  EXPECT_NE(json.out.find("{\"rule\":\"path.protected\",\"blocked\":0,\"gated\":1}"), std::string::npos) << json.out;
  const CommandResult text = report("--range " + policy_base + "..HEAD");
  EXPECT_NE(text.out.find("deploy/prod.yml  typed by Ann <ann@example.com>"), std::string::npos) << text.out;
}

TEST_F(ReportRange, OutputWritesTheFileAndNothingToStdout) {
  commit("a.txt", "a\n", "feat: a");
  const std::string file = sandbox.path("out/report.json");
  sandbox.run("mkdir -p out");
  const CommandResult written = report("--range " + base + "..HEAD --format json --output " + quote(file));
  EXPECT_EQ(written.exit_code, 0) << written.err;
  EXPECT_TRUE(written.out.empty()) << written.out;
  std::ifstream in(file);
  std::stringstream content;
  content << in.rdbuf();
  EXPECT_EQ(content.str().rfind("{\"version\":1,\"range\":", 0), 0u) << content.str();
  EXPECT_EQ(content.str().back(), '\n');
  EXPECT_EQ(sandbox.run("ls out | grep -c tmp").out, "0\n") << "no temporary file is left behind";
  EXPECT_EQ(report("--range " + base + "..HEAD --output " + quote(sandbox.path("no/such/dir/r.txt"))).exit_code, 2);
}

TEST_F(ReportRange, ASecretInASubjectIsRedacted) {
  const std::string key = "AKIA" "Z7Q2MEXAMPLE4KX9";
  commit("a.txt", "a\n", "fix: rotate " + key);
  const CommandResult json = report("--range " + base + "..HEAD --format json");
  EXPECT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(json.out.find(key), std::string::npos) << json.out;
  EXPECT_NE(json.out.find("\"compliant\":0,"), std::string::npos) << json.out;
}

// A control byte inside a key hid it from redaction, and then the report
// dropped the byte and showed the key whole; approvers and trailer keys were
// not redacted at all (found by the attack review). No format shows a key.
TEST_F(ReportRange, NoFormatShowsAKeyHiddenByAControlByteOrInATrailer) {
  sandbox.commit_policy("version = 1\n[paths]\nprotected = [\"deploy/**\"]\n");
  const std::string policy_base = rev("HEAD");
  const std::string split_key = std::string("AKIA") + "IOSFOD\x01NN7EXAMPLQ";
  const std::string whole_key = std::string("AKIA") + "IOSFODNN7EXAMPLQ";
  const std::string trailer_key = std::string("AKIA") + "J7Q2WERTYUIOPASD";
  commit("a.txt", "a\n", "wip " + split_key);
  commit("deploy/x.yml", "x: 1\n",
         "fix: rotate\n\nBody.\n\n" + trailer_key + ": value\nHuman-Approved-by: Eve " + whole_key + "\n");
  for (const char* format : {"text", "json", "html"}) {
    const CommandResult out = report("--range " + policy_base + "..HEAD --format " + format);
    EXPECT_EQ(out.exit_code, 0) << out.err;
    EXPECT_EQ(out.out.find(whole_key), std::string::npos) << format << "\n" << out.out;
    EXPECT_EQ(out.out.find(trailer_key), std::string::npos) << format << "\n" << out.out;
    EXPECT_EQ(out.out.find("IOSFODNN7EXAMPLQ"), std::string::npos) << format << "\n" << out.out;
  }
}

}  // namespace
}  // namespace agentops

namespace agentops {
namespace {

// A path is the repository's text, not ours: an escape sequence or a newline
// in a file name must not reach the terminal or forge a line of the report.
TEST(ReportRangeText, PathsWithControlBytesAreQuotedAsGitQuotesThem) {
  GitSandbox sandbox;
  sandbox.commit_policy("version = 1\n[paths]\nprotected = [\"deploy/**\"]\n");
  const std::string base = sandbox.git("rev-parse HEAD").substr(0, 40);
  sandbox.write("deploy/x\x1b[31m\nFAKE", "q\n");
  sandbox.git("add -A");
  sandbox.git("commit -q --no-verify -m 'chore: p'");
  const CommandResult text = sandbox.run(quote(bin("agentops")) + " report --range " + base + "..HEAD");
  EXPECT_EQ(text.exit_code, 0) << text.err;
  EXPECT_EQ(text.out.find('\x1b'), std::string::npos) << text.out;
  EXPECT_EQ(text.out.find("\nFAKE"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("\"deploy/x\\033[31m\\012FAKE\"  none"), std::string::npos) << text.out;
}

}  // namespace
}  // namespace agentops
