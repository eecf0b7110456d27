// Content that used to slip past every layer: renames out of an allowlist,
// attributes that make binary look like text, a stray NUL, secret
// suppressions without a person, and secrets in link targets and path names.
// Each is tried with a real `git commit` (pre-commit and commit-msg hooks)
// and, where a commit skipped the hooks, with `agentops check --range` (CI).
#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <sstream>

#include "git_sandbox.h"
#include "test_bytes.h"

namespace agentops {
namespace {

using testing::bin;
using testing::CommandResult;
using testing::GitSandbox;
using testing::quote;

// Assembled at run time so this source holds no secret.
const std::string kAwsKeyId = std::string("AKIA") + "QYLPMN5HHHFPZAM2";
const std::string kGithubToken = std::string("ghp_") + "R8x2Kq9Lm3Np7Qr5St1Uv4Wx6Yz0Ab2Ga8Qe";
const std::string kGenericValue = std::string("k3J9x8Q2m1Z7w4V6") + "p0L5n8B2";
const std::string kSuppressedLine =
    "api_key = \"" + kGenericValue + "\"  # agentops:allow secret.generic-api-key a test vector\n";
constexpr const char* kApproval = "-m 'Human-Approved-by: Lead <lead@example.com>'";

using testing::noise;
using testing::wide;

// A real-looking PNG: signature, IHDR, and incompressible image data.
std::string png(size_t size) {
  return std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x40\0\0\0\x40\x08\x06\0\0\0", 29) + noise(size, 7);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class ContentHardening : public ::testing::Test {
 protected:
  void SetUp() override {
    sandbox.commit_file("README.md", "# demo\n");
    sandbox.install_hooks();
  }
  // git mv into a directory that may not exist yet.
  void move(const std::string& from, const std::string& to) const {
    sandbox.run("mkdir -p \"$(dirname " + quote(to) + ")\"");
    sandbox.git("mv " + quote(from) + " " + quote(to));
  }
  CommandResult commit(const std::string& extra = "") const {
    sandbox.git("add -A");
    return sandbox.run("git commit -m 'feat: change the files' " + extra);
  }
  // The staged change is refused by a real `git commit`, naming every rule.
  void expect_refused(const std::vector<std::string>& rules, const std::string& extra = "") const {
    const int before = sandbox.commit_count();
    const CommandResult result = commit(extra);
    EXPECT_NE(result.exit_code, 0) << "expected a refusal\n" << result.err;
    for (const auto& rule : rules) EXPECT_NE(result.err.find(rule), std::string::npos) << rule << "\n" << result.err;
    EXPECT_EQ(sandbox.commit_count(), before);
  }
  CommandResult expect_accepted(const std::string& extra = "") const {
    const int before = sandbox.commit_count();
    const CommandResult result = commit(extra);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(sandbox.commit_count(), before + 1);
    return result;
  }
  // Commits the staged change without hooks and runs the CI check over it.
  CommandResult commit_unchecked_and_check_range(const std::string& extra = "") const {
    sandbox.git("add -A");
    sandbox.git("commit -q --no-verify -m 'feat: change the files' " + extra);
    return sandbox.run(quote(bin("agentops")) + " check --range HEAD~1..HEAD");
  }
  void expect_range_refused(const std::vector<std::string>& rules, const std::string& extra = "") const {
    const CommandResult result = commit_unchecked_and_check_range(extra);
    EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
    for (const auto& rule : rules)
      EXPECT_NE((result.out + result.err).find(rule), std::string::npos) << rule << "\n" << result.err;
  }
  GitSandbox sandbox;
};

// --- Renames and copies out of an allowlist ---------------------------------

class RenamesOutOfAnAllowlist : public ContentHardening {
 protected:
  void SetUp() override {
    ContentHardening::SetUp();
    sandbox.commit_policy(
        "version = 1\n[secrets]\nallow_paths = [\"fixtures/**\"]\n"
        "[limits]\nmax_lines_changed = 10\n"
        "[[content]]\nid = \"no-todo\"\nregex = 'TODO'\nexclude_paths = [\"docs/**\"]\n");
    std::string body;
    for (int i = 0; i < 30; ++i) body += "line " + std::to_string(i) + "\n";
    sandbox.commit_file("fixtures/creds.txt", "aws_access_key_id = " + kAwsKeyId + "\n" + body);
    sandbox.commit_file("docs/notes.txt", "TODO: write the notes\n" + body);
  }
};

TEST_F(RenamesOutOfAnAllowlist, RenamingASecretOutOfSecretsAllowPathsIsRefused) {
  move("fixtures/creds.txt", "src/creds.txt");
  expect_refused({"secret.aws-access-key-id", "src/creds.txt"});
  expect_range_refused({"secret.aws-access-key-id"});
}

TEST_F(RenamesOutOfAnAllowlist, RenamingWithEditsOutOfTheAllowlistIsRefused) {
  move("fixtures/creds.txt", "config/creds.txt");
  sandbox.write("config/creds.txt", read_file(sandbox.path("config/creds.txt")) + "one more line\n");
  expect_refused({"secret.aws-access-key-id"});
  expect_range_refused({"secret.aws-access-key-id"});
}

TEST_F(RenamesOutOfAnAllowlist, CopyingASecretOutOfTheAllowlistIsRefused) {
  sandbox.run("mkdir -p src && cp fixtures/creds.txt src/creds.txt");
  expect_refused({"secret.aws-access-key-id"});
}

TEST_F(RenamesOutOfAnAllowlist, RenamingOutOfAContentRulesExcludePathsIsRefused) {
  move("docs/notes.txt", "src/notes.txt");
  expect_refused({"content.no-todo"});
  expect_range_refused({"content.no-todo"});
}

TEST_F(RenamesOutOfAnAllowlist, ASuppressionCarriedOutOfTheAllowlistNeedsAPerson) {
  sandbox.commit_file("fixtures/token.txt",
                      "aws_access_key_id = " + kAwsKeyId + "  # agentops:allow secret.aws-access-key-id fixture\n");
  move("fixtures/token.txt", "src/token.txt");
  expect_refused({"change.suppression-added"});
  expect_accepted(kApproval);
}

TEST_F(RenamesOutOfAnAllowlist, RenamesInsideTheAllowlistAndCleanRenamesGoThrough) {
  move("fixtures/creds.txt", "fixtures/aws/creds.txt");
  move("docs/notes.txt", "docs/old/notes.txt");
  // Line limits count the diff: moving 31 lines adds none.
  expect_accepted();
  sandbox.commit_file("src/app.py", "print('hello')\n");
  move("src/app.py", "src/main.py");
  expect_accepted();
}

// --- Attributes never decide what is text -----------------------------------

// A binary file with a UTF-16LE credential embedded in its middle, no BOM.
std::string binary_with_utf16_secret() {
  return noise(3000, 1) + wide("aws_access_key_id = " + kAwsKeyId, 2, false) + noise(3000, 2);
}

enum class AttributesIn { tree, index_only, info };

void set_attributes(const GitSandbox& sandbox, AttributesIn where, const std::string& line) {
  switch (where) {
    case AttributesIn::tree:
      sandbox.commit_file(".gitattributes", line + "\n");
      break;
    case AttributesIn::index_only:
      sandbox.write(".gitattributes", line + "\n");
      sandbox.git("add .gitattributes");
      sandbox.git("commit -q --no-verify -m 'chore: attributes'");
      sandbox.run("rm .gitattributes");
      break;
    case AttributesIn::info:
      sandbox.write(".git/info/attributes", line + "\n");
      break;
  }
}

// Under every attribute, a modified binary file is binary (strict-style block)
// and its UTF-16 secret is found, by pre-commit and by the range check.
void expect_attributes_do_not_decide(AttributesIn where) {
  for (const std::string attribute : {"diff", "-diff", "binary", "text", "-text", "diff=hexdump", "diff=plain"}) {
    SCOPED_TRACE(attribute);
    GitSandbox sandbox;
    sandbox.commit_file("README.md", "# demo\n");
    sandbox.git("config diff.hexdump.binary false");
    sandbox.git("config diff.plain.xfuncname '^x'");
    sandbox.install_hooks();
    sandbox.commit_policy("version = 1\n[limits]\nbinary_files = \"block\"\n");
    sandbox.commit_file("assets/data.bin", noise(6000, 3));
    set_attributes(sandbox, where, "*.bin " + attribute);
    sandbox.write("assets/data.bin", binary_with_utf16_secret());
    sandbox.git("add assets/data.bin");
    const int before = sandbox.commit_count();
    CommandResult result = sandbox.run("git commit -m 'feat: update the data'");
    EXPECT_NE(result.exit_code, 0) << result.err;
    EXPECT_EQ(sandbox.commit_count(), before);
    EXPECT_NE(result.err.find("limit.binary-file"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("secret.aws-access-key-id"), std::string::npos) << result.err;
    EXPECT_EQ(result.err.find(kAwsKeyId), std::string::npos);

    sandbox.git("commit -q --no-verify -m 'feat: update the data'");
    result = sandbox.run(quote(bin("agentops")) + " check --range HEAD~1..HEAD");
    EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
    EXPECT_NE((result.out + result.err).find("limit.binary-file"), std::string::npos) << result.err;
    EXPECT_NE((result.out + result.err).find("secret.aws-access-key-id"), std::string::npos) << result.err;
  }
}

TEST(AttributesDoNotDecideText, InTheCommittedGitattributes) { expect_attributes_do_not_decide(AttributesIn::tree); }
TEST(AttributesDoNotDecideText, InAGitattributesOnlyInTheIndex) {
  expect_attributes_do_not_decide(AttributesIn::index_only);
}
TEST(AttributesDoNotDecideText, InGitInfoAttributes) { expect_attributes_do_not_decide(AttributesIn::info); }

TEST(AttributesDoNotDecideText, TextMarkedBinaryIsStillText) {
  GitSandbox sandbox;
  sandbox.commit_file("README.md", "# demo\n");
  sandbox.install_hooks();
  sandbox.commit_policy("version = 1\n[limits]\nbinary_files = \"block\"\n");
  sandbox.commit_file("notes.dat", "first\n");
  sandbox.commit_file(".gitattributes", "*.dat binary\n");
  sandbox.write("notes.dat", "first\nsecond\n");
  sandbox.git("add notes.dat");
  const CommandResult result = sandbox.run("git commit -m 'feat: more notes'");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err.find("limit.binary-file"), std::string::npos) << result.err;
}

TEST_F(ContentHardening, WideTextIsDecodedWhereverItStartsInEitherByteOrder) {
  const std::string line = "aws_access_key_id = " + kAwsKeyId;
  const std::pair<size_t, bool> forms[] = {{2, false}, {2, true}, {4, false}, {4, true}};
  int n = 0;
  for (const auto& [width, big_endian] : forms) {
    // An odd offset, and (for one) a BOM before it.
    const std::string bom = width == 2 && big_endian ? std::string("\xFE\xFF") : "";
    sandbox.write("blob" + std::to_string(n++) + ".bin",
                  noise(1001, 5) + bom + wide(line, width, big_endian) + noise(999, 6));
  }
  const int before = sandbox.commit_count();
  const CommandResult result = commit();
  EXPECT_NE(result.exit_code, 0);
  EXPECT_EQ(sandbox.commit_count(), before);
  for (int i = 0; i < n; ++i)
    EXPECT_NE(result.err.find("blob" + std::to_string(i) + ".bin"), std::string::npos) << i << "\n" << result.err;
}

// --- One NUL byte -----------------------------------------------------------

TEST_F(ContentHardening, OneNulByteDoesNotSwitchOffContentRules) {
  sandbox.commit_policy(
      "version = 1\nextends = [\"baseline\"]\n[limits]\nbinary_files = \"warn\"\n"
      "[[content]]\nid = \"debug-leftover\"\nseverity = \"block\"\n");
  sandbox.write("app.js", std::string("const a = 1;\0\nconsole.log(a);\n", 30));
  expect_refused({"content.debug-leftover", "app.js:2"});
  expect_range_refused({"content.debug-leftover"});
}

TEST_F(ContentHardening, OneNulByteDoesNotSwitchOffSecretRules) {
  sandbox.write("settings.cfg", std::string("a\0b\ntoken = ", 10) + kGithubToken + "\n");
  expect_refused({"secret.github-token"});
}

TEST_F(ContentHardening, TextLinesOfAFileWithANulCountForLineLimits) {
  sandbox.commit_policy("version = 1\n[limits]\nmax_lines_changed = 10\nbinary_files = \"allow\"\n");
  std::string text = std::string("header\0\n", 8);
  for (int i = 0; i < 30; ++i) text += "int value_" + std::to_string(i) + " = " + std::to_string(i) + ";\n";
  sandbox.write("table.c", text);
  expect_refused({"limit.lines-changed"});
  expect_range_refused({"limit.lines-changed"});
}

TEST_F(ContentHardening, Utf16TextLinesCountForLineLimits) {
  sandbox.commit_policy("version = 1\n[limits]\nmax_lines_changed = 10\nbinary_files = \"allow\"\n");
  std::string text;
  for (int i = 0; i < 30; ++i) text += "Set-Item value" + std::to_string(i) + "\r\n";
  sandbox.write("setup.ps1", "\xFF\xFE" + wide(text, 2, false));
  expect_refused({"limit.lines-changed"});
}

TEST_F(ContentHardening, ARealImageCountsNoAbsurdLineTotals) {
  sandbox.commit_policy("version = 1\n[limits]\nmax_lines_changed = 20\nbinary_files = \"warn\"\n");
  sandbox.write("logo.png", png(200000));
  const CommandResult result = expect_accepted();
  EXPECT_NE(result.err.find("limit.binary-file"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find("limit.lines-changed"), std::string::npos) << result.err;
  sandbox.write("logo.png", png(150000) + noise(1000, 9));
  expect_accepted();
}

// --- Suppressions of secrets ------------------------------------------------

TEST_F(ContentHardening, WithoutAPolicyFileASecretSuppressionNeedsAPerson) {
  sandbox.write("client.py", kSuppressedLine);
  expect_refused({"change.suppression-added"});
  expect_accepted(kApproval);
  sandbox.write("other.py", "api_key = \"" + kGenericValue + "\"  # agentops:allow secret.generic-api-key vector\n");
  expect_range_refused({"change.suppression-added"});
}

TEST_F(ContentHardening, ALintSuppressionStillOnlyWarnsInBaseline) {
  sandbox.write("lint.py", "import os  # noqa  # agentops:allow content.lint-suppression os is re-exported\n");
  const CommandResult result = expect_accepted();
  EXPECT_NE(result.err.find("change.suppression-added"), std::string::npos) << result.err;
}

TEST_F(ContentHardening, EveryPresetGatesASecretSuppression) {
  for (const std::string preset : {"baseline", "strict", "ai-agents", "twelve-factor"}) {
    SCOPED_TRACE(preset);
    GitSandbox repo;
    repo.commit_file("README.md", "# demo\n");
    repo.commit_policy("version = 1\nextends = [\"" + preset + "\"]\n");
    repo.write("client.py", kSuppressedLine);
    repo.git("add client.py");
    const CommandResult result = repo.run(quote(bin("agentops")) + " check --staged --format json");
    EXPECT_NE(result.out.find("\"rule\":\"change.suppression-added\",\"severity\":\"gate\""), std::string::npos)
        << result.out;
  }
}

TEST_F(ContentHardening, TheGenericRuleHintDoesNotOfferASuppression) {
  sandbox.write("client.py", "api_key = \"" + kGenericValue + "\"\n");
  sandbox.git("add client.py");
  const CommandResult result = sandbox.run(quote(bin("agentops")) + " check --staged --format json");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.out.find("secret.generic-api-key"), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find("agentops:allow"), std::string::npos) << result.out;
}

// --- Secrets in link targets and path names ----------------------------------

// Every output of a check of the staged change, and the decision log.
std::string every_output(const GitSandbox& sandbox) {
  std::string all;
  for (const char* format : {"text", "json", "sarif"}) {
    const CommandResult result =
        sandbox.run(quote(bin("agentops")) + " check --staged --format " + format);
    all += result.out + result.err;
  }
  return all + read_file(sandbox.path(".git/agentops/decisions.jsonl"));
}

TEST_F(ContentHardening, SymlinkTargetIsNeverPrintedWhole) {
  sandbox.run("ln -s ../../home/ci/" + kGithubToken + " token-link");
  sandbox.git("add token-link");
  expect_refused({"path.symlink-outside"});
  const std::string all = every_output(sandbox);
  EXPECT_NE(all.find("path.symlink-outside"), std::string::npos) << all;
  EXPECT_EQ(all.find(kGithubToken), std::string::npos) << all;
}

TEST_F(ContentHardening, ATokenInADirectoryNameIsFoundAndNeverPrintedWhole) {
  sandbox.write("cache/" + kGithubToken + "/readme.txt", "cached\n");
  expect_refused({"secret.github-token", "cache/ghp_"});
  const std::string all = every_output(sandbox);
  EXPECT_NE(all.find("secret.github-token"), std::string::npos) << all;
  EXPECT_EQ(all.find(kGithubToken), std::string::npos) << all;

  const CommandResult range = commit_unchecked_and_check_range();
  EXPECT_EQ(range.exit_code, 1) << range.out << range.err;
  EXPECT_EQ((range.out + range.err).find(kGithubToken), std::string::npos) << range.err;
  const CommandResult history = sandbox.run(quote(bin("agentops")) + " scan --history --format sarif");
  EXPECT_EQ(history.exit_code, 1) << history.out << history.err;
  EXPECT_NE(history.out.find("secret.github-token"), std::string::npos) << history.out;
  EXPECT_EQ((history.out + history.err).find(kGithubToken), std::string::npos) << history.out;
}

TEST_F(ContentHardening, ATokenInAFileNameIsFound) {
  sandbox.write("keys/" + kAwsKeyId + ".txt", "nothing here\n");
  expect_refused({"secret.aws-access-key-id"});
  EXPECT_EQ(every_output(sandbox).find(kAwsKeyId), std::string::npos);
}

TEST_F(ContentHardening, TheOldPathOfARenameIsScannedToo) {
  sandbox.commit_file("keys/" + kAwsKeyId + ".txt", "nothing here\n");
  move("keys/" + kAwsKeyId + ".txt", "keys/aws.txt");
  expect_refused({"secret.aws-access-key-id"});
  EXPECT_EQ(every_output(sandbox).find(kAwsKeyId), std::string::npos);
}

TEST_F(ContentHardening, OrdinaryPathsAndLinksGoThrough) {
  sandbox.write("src/generated/protocol_buffers_v3_descriptor.py", "x = 1\n");
  sandbox.write("api_keys/README.md", "Keys live in the vault.\n");
  sandbox.run("ln -s ../README.md src/readme-link");
  expect_accepted();
}

// --- The pre-push layer -----------------------------------------------------

// Commits made with --no-verify meet the same checks at `git push`.
class PrePushLayer : public ::testing::Test {
 protected:
  void SetUp() override {
    remote.run("git init -q --bare -b main .");
    client.commit_file("README.md", "# demo\n");
    client.git("config diff.hexdump.binary false");
    client.commit_policy(
        "version = 1\n[secrets]\nallow_paths = [\"fixtures/**\"]\n[limits]\nbinary_files = \"block\"\n");
    client.commit_file("assets/data.bin", noise(6000, 3));
    client.commit_file("fixtures/creds.txt", "aws_access_key_id = " + kAwsKeyId + "\n");
    client.commit_file(".gitattributes", "*.bin diff=hexdump\n");
    client.git("remote add origin " + quote(remote.root()));
    client.git("push -q origin main");
    client.install_hooks();
  }
  void commit_unchecked() const {
    client.git("add -A");
    client.git("commit -q --no-verify -m 'feat: change the files'");
  }
  // The push is refused, naming every rule, and the remote is unchanged.
  void expect_push_refused(const std::vector<std::string>& rules, const std::string& never_shown) const {
    const std::string before = remote.run("git rev-parse main").out;
    const CommandResult result = client.run("git push origin main");
    EXPECT_NE(result.exit_code, 0) << result.err;
    for (const auto& rule : rules) EXPECT_NE(result.err.find(rule), std::string::npos) << rule << "\n" << result.err;
    EXPECT_EQ(result.err.find(never_shown), std::string::npos) << result.err;
    EXPECT_EQ(remote.run("git rev-parse main").out, before);
  }
  GitSandbox remote{false};
  GitSandbox client;
};

TEST_F(PrePushLayer, AttributesDoNotHideABinaryOrItsUtf16Secret) {
  client.write("assets/data.bin", binary_with_utf16_secret());
  commit_unchecked();
  expect_push_refused({"limit.binary-file", "secret.aws-access-key-id"}, kAwsKeyId);
}

TEST_F(PrePushLayer, ARenameOutOfTheAllowlistIsRefused) {
  client.run("mkdir -p src && git mv fixtures/creds.txt src/creds.txt");
  commit_unchecked();
  expect_push_refused({"secret.aws-access-key-id"}, kAwsKeyId);
}

TEST_F(PrePushLayer, ASecretSuppressionWithoutApprovalIsRefused) {
  client.write("client.py", "api_key = \"" + kGenericValue + "\"  # agentops:allow secret.generic-api-key vector\n");
  commit_unchecked();
  expect_push_refused({"change.suppression-added"}, kGenericValue);
}

TEST_F(PrePushLayer, ATokenInADirectoryNameIsRefusedAndNeverShown) {
  client.write("cache/" + kGithubToken + "/readme.txt", "cached\n");
  commit_unchecked();
  expect_push_refused({"secret.github-token"}, kGithubToken);
}

TEST_F(PrePushLayer, ACleanChangeGoesThrough) {
  client.write("src/app.py", "print('hello')\n");
  client.run("mkdir -p fixtures/aws && git mv fixtures/creds.txt fixtures/aws/creds.txt");
  commit_unchecked();
  const CommandResult result = client.run("git push origin main");
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

}  // namespace
}  // namespace agentops
