// Attacks on the content hardening of issue 9, each tried with real git:
// `git commit` through the installed hooks, and `agentops check --range` over
// a commit made with --no-verify (what CI and the server see).
#include <gtest/gtest.h>

#include <cctype>
#include <string>
#include <vector>

#include "git_sandbox.h"

namespace agentops {
namespace {

using testing::bin;
using testing::CommandResult;
using testing::GitSandbox;
using testing::quote;

// Assembled at run time so this source holds no secret.
const std::string kGithubToken = std::string("ghp_") + "R8x2Kq9Lm3Np7Qr5St1Uv4Wx6Yz0Ab2Ga8Qe";

// `text` (ASCII) in UTF-16LE.
std::string utf16le(const std::string& text) {
  std::string out;
  for (char c : text) {
    out += c;
    out += '\0';
  }
  return out;
}

// `count` Cyrillic letters in UTF-16LE: U+0430.. are the bytes 0x30..0x4f, 0x04,
// so the text holds no NUL at all.
std::string cyrillic_utf16le(size_t count) {
  std::string out;
  for (size_t i = 0; i < count; ++i) {
    out += static_cast<char>(0x30 + i % 32);
    out += '\x04';
  }
  return out;
}

class ContentAttack : public ::testing::Test {
 protected:
  void SetUp() override {
    sandbox.commit_file("README.md", "# demo\n");
    sandbox.install_hooks();
  }
  CommandResult commit(const std::string& extra = "") const {
    sandbox.git("add -A");
    return sandbox.run("git commit -m 'feat: change the files' " + extra);
  }
  void expect_refused(const std::vector<std::string>& words) const {
    const int before = sandbox.commit_count();
    const CommandResult result = commit();
    EXPECT_NE(result.exit_code, 0) << "expected a refusal\n" << result.err;
    for (const auto& word : words) EXPECT_NE(result.err.find(word), std::string::npos) << word << "\n" << result.err;
    EXPECT_EQ(sandbox.commit_count(), before);
  }
  void expect_accepted() const {
    const int before = sandbox.commit_count();
    const CommandResult result = commit();
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(sandbox.commit_count(), before + 1);
  }
  // Commits the staged change without hooks and runs the CI check over it.
  CommandResult commit_unchecked_and_check_range() const {
    sandbox.git("add -A");
    sandbox.git("commit -q --no-verify -m 'feat: change the files'");
    return sandbox.run(quote(bin("agentops")) + " check --range HEAD~1..HEAD");
  }
  void expect_range_refused(const std::vector<std::string>& words) const {
    const CommandResult result = commit_unchecked_and_check_range();
    EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
    for (const auto& word : words)
      EXPECT_NE((result.out + result.err).find(word), std::string::npos) << word << "\n" << result.out;
  }
  GitSandbox sandbox;
};

// --- UTF-16 text that git calls text ----------------------------------------

// Git looks for a NUL in the first 8000 bytes only. UTF-16 text in a script
// with no zero byte (Cyrillic, CJK) passes that test as "text", and its ASCII
// part further on is still two bytes a character.
TEST_F(ContentAttack, AUtf16SecretAfterEightThousandBytesWithoutANulIsFound) {
  sandbox.write("notes.txt", "\xff\xfe" + cyrillic_utf16le(5000) + utf16le("\r\ntoken = " + kGithubToken + "\r\n"));
  expect_refused({"secret.github-token", "notes.txt"});
  expect_range_refused({"secret.github-token", "notes.txt"});
}

TEST_F(ContentAttack, AModifiedUtf16FileWithoutANulUpFrontIsScannedForItsNewSecret) {
  const std::string head = "\xff\xfe" + cyrillic_utf16le(5000) + utf16le("\r\nname = demo\r\n");
  sandbox.commit_file("notes.txt", head);
  sandbox.write("notes.txt", head + utf16le("token = " + kGithubToken + "\r\n"));
  expect_refused({"secret.github-token"});
}

TEST_F(ContentAttack, ATextFileWithANulLateAndNoSecretGoesThrough) {
  sandbox.write("data.txt", std::string(9000, 'a') + "\n" + std::string("tail\0end\n", 9) + "more text\n");
  expect_accepted();
}

// --- Link targets --------------------------------------------------------

TEST_F(ContentAttack, ALongLinkTargetIsNeverCutInsideAToken) {
  // A token of letters only: no digit marks it for the target's own redaction,
  // and the excerpt's length limit falls in its middle.
  const std::string token = std::string("ghp_") + "RxKqLmNpQrStUvWxYzAbGaQeHjKmNpRsTvWy";
  std::string up;
  for (int i = 0; i < 15; ++i) up += "../";
  sandbox.run("ln -s " + quote(up + token) + " link");
  expect_refused({"path.symlink-outside"});
  sandbox.git("add -A");
  for (const char* format : {"text", "json", "sarif"}) {
    const CommandResult result = sandbox.run(quote(bin("agentops")) + " check --staged --format " + format);
    EXPECT_NE(result.out.find("path.symlink-outside"), std::string::npos) << result.out;
    EXPECT_EQ(result.out.find(token.substr(0, 12)), std::string::npos) << result.out;
  }
}

TEST_F(ContentAttack, ALongLinkTargetShowsItsLeadingNames) {
  std::string up;
  for (int i = 0; i < 30; ++i) up += "../";
  sandbox.run("ln -s " + quote(up + "etc/passwd") + " link");
  sandbox.git("add -A");
  const CommandResult result = sandbox.run(quote(bin("agentops")) + " check --staged");
  EXPECT_NE(result.out.find("(../../../"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("/...)"), std::string::npos) << result.out;
}

// --- Secret suppressions ------------------------------------------------------

TEST_F(ContentAttack, AReasonlessSecretSuppressionIsNotCompletedByTheHint) {
  sandbox.write("client.py", "token = '" + kGithubToken + "'  # agentops:allow secret.github-token\n");
  sandbox.git("add -A");
  const CommandResult result = sandbox.run(quote(bin("agentops")) + " check --staged --format json");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.out.find("has no reason"), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find("write why"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("allow_regexes"), std::string::npos) << result.out;
}

TEST_F(ContentAttack, AReasonlessSuppressionOfAnotherRuleIsToldToGiveItsReason) {
  sandbox.commit_policy("version = 1\n[[content]]\nid = \"no-todo\"\nregex = 'TODO'\nseverity = \"warn\"\n");
  sandbox.write("app.py", "x = 1  # TODO later agentops:allow content.no-todo\n");
  sandbox.git("add -A");
  const CommandResult result = sandbox.run(quote(bin("agentops")) + " check --staged --format json");
  EXPECT_NE(result.out.find("write why: agentops:allow content.no-todo <reason>"), std::string::npos) << result.out;
}

// At commit-msg only gated rules run: a secret rule that only warns does not
// look at names there, yet a gated finding prints its file's path.
TEST_F(ContentAttack, AGatedFindingAtCommitMsgNeverPrintsATokenInItsPath) {
  sandbox.commit_policy(
      "version = 1\n[telemetry]\nenabled = true\n[[secrets.rules]]\nid = \"github-token\"\nseverity = \"warn\"\n");
  sandbox.write(kGithubToken + ".py",
                "api_key = \"k3J9x8Q2m1Z7w4V6p0L5n8B2\"  # agentops:allow secret.generic-api-key a test vector\n");
  const int before = sandbox.commit_count();
  const CommandResult result = commit();
  EXPECT_NE(result.exit_code, 0);
  EXPECT_EQ(sandbox.commit_count(), before);
  EXPECT_NE(result.err.find("commit-msg needs a person's approval"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find(kGithubToken), std::string::npos) << result.err;
  const CommandResult log = sandbox.run("cat .git/agentops/decisions.jsonl");
  EXPECT_NE(log.out.find("commit-msg"), std::string::npos) << log.out;
  EXPECT_EQ(log.out.find(kGithubToken), std::string::npos) << log.out;
}

// --- A case collision prints the other spelling of a name --------------------

const std::string kAwsKeyId = std::string("AKIA") + "QYLPMN5HHHFPZAM2";

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

TEST_F(ContentAttack, ACaseCollisionWithATokenNameNeverPrintsItInAnyCase) {
  sandbox.write("keys/" + kAwsKeyId + ".txt", "a\n");
  sandbox.git("add -A");
  sandbox.git("commit -q --no-verify -m 'chore: a key file'");
  sandbox.write("keys/" + lower(kAwsKeyId) + ".txt", "b\n");
  expect_refused({"path.case-collision"});
  const CommandResult result = commit();
  EXPECT_EQ(lower(result.out + result.err).find(lower(kAwsKeyId)), std::string::npos) << result.err;
  const CommandResult json = sandbox.run(quote(bin("agentops")) + " check --staged --format json");
  EXPECT_EQ(lower(json.out).find(lower(kAwsKeyId)), std::string::npos) << json.out;
}

// --- Secrets that span several names of a path ------------------------------

// A Slack webhook holds slashes: recorded HTTP fixtures (cassettes, mirrors)
// store a response under the path of its URL.
const std::string kWebhookPath =
    std::string("cassettes/hooks.slack.com/services/") + "T0ABC1234/B0DEF5678/" + "Xq8Lm2Nv4Rt6Yz1Wb3Kd5Fh7" + ".json";
const std::string kWebhookSecret = std::string("Xq8Lm2Nv4R") + "t6Yz1Wb3Kd5Fh7";

TEST_F(ContentAttack, ASecretSpanningDirectoryNamesIsFoundAndNeverPrintedWhole) {
  sandbox.write(kWebhookPath, "{}\n");
  expect_refused({"secret.slack-webhook"});
  sandbox.git("add -A");
  for (const char* format : {"text", "json", "sarif"}) {
    const CommandResult result = sandbox.run(quote(bin("agentops")) + " check --staged --format " + format);
    EXPECT_EQ(result.exit_code, 1) << format;
    EXPECT_EQ((result.out + result.err).find(kWebhookSecret), std::string::npos) << result.out << result.err;
  }
  const CommandResult range = commit_unchecked_and_check_range();
  EXPECT_EQ(range.exit_code, 1) << range.out;
  EXPECT_NE(range.out.find("secret.slack-webhook"), std::string::npos) << range.out;
  EXPECT_EQ((range.out + range.err).find(kWebhookSecret), std::string::npos) << range.out;
}

TEST_F(ContentAttack, PathsThatLookLikeUrlsWithoutSecretsGoThrough) {
  sandbox.write("cassettes/api.github.com/repos/octo/demo/issues.json", "{}\n");
  sandbox.write("cassettes/hooks.slack.com/readme.md", "no hooks here\n");
  expect_accepted();
}

// --- Validator output ----------------------------------------------------

// A validator prints the names and lines it complains about (a linter, a
// compiler); the finding quotes its output.
class ValidatorOutput : public ContentAttack {
 protected:
  void SetUp() override {
    ContentAttack::SetUp();
    sandbox.commit_policy(
        "version = 1\n[[validators]]\nname = \"lint\"\n"
        "run = [\"sh\", \"-c\", 'for f; do echo \"$f: bad line:\"; cat \"$f\"; done; exit 1', \"lint\"]\n"
        "files = [\"**\"]\n");
  }
  // The hook's output names the validator and never holds the token.
  void expect_validator_quoted_without_token() const {
    const CommandResult result = commit();
    EXPECT_NE(result.exit_code, 0);
    EXPECT_NE(result.err.find("validator.lint"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("its output"), std::string::npos) << result.err;
    EXPECT_EQ(result.err.find(kGithubToken), std::string::npos) << result.err;
    EXPECT_EQ(result.err.find(kGithubToken.substr(0, 12)), std::string::npos) << result.err;
  }
};

TEST_F(ValidatorOutput, ATokenInAFileNameIsRedactedFromTheQuotedOutput) {
  sandbox.write("src/" + kGithubToken + ".py", "x = 1\n");
  expect_validator_quoted_without_token();
}

TEST_F(ValidatorOutput, ATokenInALineTheValidatorPrintsIsRedactedFromTheQuotedOutput) {
  sandbox.write("src/app.py", "token = '" + kGithubToken + "'\n");
  expect_validator_quoted_without_token();
}

TEST_F(ValidatorOutput, ATokenCutByTheQuotedLinesLengthIsRedactedBeforeTheCut) {
  // The quoted line is cut at 160 bytes, here in the middle of the token.
  sandbox.write("src/app.py", std::string(140, 'x') + " " + kGithubToken + "\n");
  expect_validator_quoted_without_token();
}

TEST_F(ValidatorOutput, OrdinaryOutputIsQuotedAsItIs) {
  sandbox.write("src/app.py", "print('hello')\n");
  const CommandResult result = commit();
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("src/app.py: bad line: | print('hello')"), std::string::npos) << result.err;
}

// --- Tags to a tree or a blob --------------------------------------------

// A tag may name a tree or a blob: pushed, it brings files without a commit.
class TagsToTreesAndBlobs : public ::testing::Test {
 protected:
  void SetUp() override {
    remote.run("git init -q --bare -b main .");
    client.commit_file("README.md", "# demo\n");
    client.git("remote add origin " + quote(remote.root()));
    client.git("push -q origin main");
    client.install_hooks();
    ASSERT_EQ(remote.run(quote(bin("agentops-install")) + " --repo .").exit_code, 0);
  }
  std::string blob(const std::string& content) const {
    std::string id = client.run("printf '%s' " + quote(content) + " | git hash-object -w --stdin").out;
    return id.substr(0, id.find('\n'));
  }
  std::string tree(const std::string& blob_id, const std::string& name) const {
    std::string id = client.run("printf '100644 blob %s\\t%s\\n' " + blob_id + " " + quote(name) + " | git mktree").out;
    return id.substr(0, id.find('\n'));
  }
  // `git push` (pre-push) and `git push --no-verify` (pre-receive) both refuse the tag.
  void expect_tag_refused(const std::string& tag, const std::string& rule) const {
    for (const char* flags : {"", "--no-verify "}) {
      SCOPED_TRACE(flags);
      const CommandResult result = client.run(std::string("git push ") + flags + "origin refs/tags/" + tag);
      EXPECT_NE(result.exit_code, 0) << result.err;
      EXPECT_NE(result.err.find(rule), std::string::npos) << result.err;
      EXPECT_EQ(result.err.find(kGithubToken), std::string::npos) << result.err;
      EXPECT_NE(remote.run("git rev-parse -q --verify refs/tags/" + tag).exit_code, 0) << "the tag reached the remote";
    }
  }
  GitSandbox remote{false};
  GitSandbox client;
};

TEST_F(TagsToTreesAndBlobs, ATagToABlobHoldingASecretIsRefusedAtEveryPushLayer) {
  client.git("tag leak " + blob("token = " + kGithubToken + "\n"));
  expect_tag_refused("leak", "secret.github-token");
}

TEST_F(TagsToTreesAndBlobs, AnAnnotatedTagToABlobHoldingASecretIsRefused) {
  client.git("tag -a -m 'a key' leak " + blob("token = " + kGithubToken + "\n"));
  expect_tag_refused("leak", "secret.github-token");
}

TEST_F(TagsToTreesAndBlobs, ATagToATreeWithASecretInAFileOrItsNameIsRefused) {
  client.git("tag content " + tree(blob("token = " + kGithubToken + "\n"), "notes.txt"));
  expect_tag_refused("content", "secret.github-token");
  client.git("tag name " + tree(blob("nothing\n"), kGithubToken + ".txt"));
  expect_tag_refused("name", "secret.github-token");
}

TEST_F(TagsToTreesAndBlobs, ATagToACleanBlobOrTreeGoesThrough) {
  client.git("tag key " + blob("-----BEGIN PGP PUBLIC KEY BLOCK-----\nmQINBF\n"));
  client.git("tag files " + tree(blob("hello\n"), "hello.txt"));
  for (const char* tag : {"key", "files"}) {
    const CommandResult result = client.run(std::string("git push origin refs/tags/") + tag);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(remote.run(std::string("git rev-parse -q --verify refs/tags/") + tag).exit_code, 0);
  }
}

}  // namespace
}  // namespace agentops
