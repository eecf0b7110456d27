// Attacks on the secret detection of issue 11 (multi-line catalogue rules,
// path-only rules, the scanner behind messages and names), each tried end to
// end with the real git binary: `git commit` and `git push` through the
// installed hooks, `agentops check --range` and `agentops scan --history`.
// Keys are generated at test time (ssh-keygen, openssl) into the sandbox's
// .git directory, never into the worktree or this source.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
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

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string numbered_lines(int first, int last, const std::string& prefix = "line ") {
  std::string text;
  for (int i = first; i <= last; ++i) text += prefix + std::to_string(i) + "\n";
  return text;
}

class SecretDetectionAttack : public ::testing::Test {
 protected:
  void SetUp() override {
    sandbox.commit_file("README.md", "# demo\n");
    sandbox.install_hooks();
    const CommandResult made = sandbox.run("ssh-keygen -q -t rsa -b 2048 -m PEM -N '' -f .git/test_rsa_key");
    ASSERT_EQ(made.exit_code, 0) << made.err;
    key = read_text(sandbox.path(".git/test_rsa_key"));
    ASSERT_NE(key.find("-----BEGIN RSA PRIVATE KEY-----"), std::string::npos) << key;
    key_lines = lines_of(key);
    ASSERT_GT(key_lines.size(), 10u);
  }
  CommandResult commit(const std::string& message = "feat: change the files") const {
    sandbox.git("add -A");
    return sandbox.run("git commit -m " + quote(message));
  }
  void commit_unchecked(const std::string& message = "feat: change the files") const {
    sandbox.git("add -A");
    sandbox.git("commit -q --no-verify -m " + quote(message));
  }
  CommandResult agentops(const std::string& args) const { return sandbox.run(quote(bin("agentops")) + " " + args); }
  // The key's body never appears whole, nor any line of it.
  void expect_no_key_body(const std::string& text, const std::string& where) const {
    for (size_t i = 1; i + 1 < key_lines.size(); ++i)
      ASSERT_EQ(text.find(key_lines[i].substr(0, 24)), std::string::npos) << where << " holds key line " << i;
  }
  void expect_refused(const std::string& rule, const std::string& path) const {
    const int before = sandbox.commit_count();
    const CommandResult result = commit();
    EXPECT_NE(result.exit_code, 0) << "expected a refusal\n" << result.err;
    EXPECT_NE(result.err.find(rule), std::string::npos) << result.err;
    EXPECT_NE(result.err.find(path), std::string::npos) << result.err;
    EXPECT_EQ(sandbox.commit_count(), before);
    expect_no_key_body(result.out + result.err, "commit output");
  }
  void expect_accepted() const {
    const int before = sandbox.commit_count();
    const CommandResult result = commit();
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(sandbox.commit_count(), before + 1);
  }
  // The key's lines from `first` to `last` (0-based, inclusive), each with '\n'.
  std::string key_part(size_t first, size_t last) const {
    std::string text;
    for (size_t i = first; i <= last && i < key_lines.size(); ++i) text += key_lines[i] + "\n";
    return text;
  }
  GitSandbox sandbox;
  std::string key;
  std::vector<std::string> key_lines;
};

// --- Where the key sits in the file -------------------------------------------

TEST_F(SecretDetectionAttack, AKeyAddedInTheMiddleOfAnExistingFileIsRefusedAtItsHeaderLine) {
  sandbox.commit_file("notes.txt", numbered_lines(1, 20));
  sandbox.write("notes.txt", numbered_lines(1, 10) + key + numbered_lines(11, 20));
  expect_refused("secret.private-key", "notes.txt");
  sandbox.git("add -A");
  const CommandResult json = agentops("check --staged --format json");
  EXPECT_EQ(json.exit_code, 1) << json.out << json.err;
  EXPECT_NE(json.out.find("\"line\":11"), std::string::npos) << json.out;
  expect_no_key_body(json.out + json.err, "json");
  const CommandResult sarif = agentops("check --staged --format sarif");
  EXPECT_EQ(sarif.exit_code, 1) << sarif.out << sarif.err;
  EXPECT_NE(sarif.out.find("\"startLine\":11"), std::string::npos) << sarif.out;
  expect_no_key_body(sarif.out + sarif.err, "sarif");
}

TEST_F(SecretDetectionAttack, TheDecisionLogNeverHoldsTheKeyBody) {
  sandbox.write("deploy/id_rsa.txt", key);
  expect_refused("secret.private-key", "deploy/id_rsa.txt");
  const CommandResult logs = sandbox.run("cat $(find .git/agentops -type f 2>/dev/null) 2>/dev/null");
  EXPECT_NE(logs.out.find("secret.private-key"), std::string::npos) << "no decision logged:\n" << logs.out;
  expect_no_key_body(logs.out, "the decision log");
}

TEST_F(SecretDetectionAttack, AKeyWithCrlfLineEndsIsRefused) {
  std::string crlf;
  for (const auto& line : key_lines) crlf += line + "\r\n";
  sandbox.write("win.pem.txt", crlf);
  expect_refused("secret.private-key", "win.pem.txt");
}

TEST_F(SecretDetectionAttack, AKeyInUtf16IsRefused) {
  std::string utf16 = "\xff\xfe";
  for (char c : key) {
    utf16 += c;
    utf16 += '\0';
  }
  sandbox.write("key16.txt", utf16);
  expect_refused("secret.private-key", "key16.txt");
}

TEST_F(SecretDetectionAttack, AKeyInsideABinaryFileIsRefused) {
  sandbox.write("blob.bin", std::string("BIN\0\0\0\n", 7) + key + std::string("\0\0\x01\x02", 4));
  expect_refused("secret.private-key", "blob.bin");
}

TEST_F(SecretDetectionAttack, AKeyAddedWhileRenamingAFileIsRefusedAtTheNewPath) {
  sandbox.commit_file("notes.txt", numbered_lines(1, 400, "an unchanged line of ordinary prose, number "));
  sandbox.git("mv notes.txt moved.txt");
  sandbox.write("moved.txt", numbered_lines(1, 30, "an unchanged line of ordinary prose, number ") + key +
                                 numbered_lines(31, 400, "an unchanged line of ordinary prose, number "));
  sandbox.git("add -A");
  ASSERT_NE(sandbox.git("diff --cached -M --name-status").find("R"), std::string::npos);
  expect_refused("secret.private-key", "moved.txt:31");
}

// --- What the added lines complete -----------------------------------------------

// A user reads the file, not the diff: a key header and footer that were
// already there (a placeholder) and a real body added between them is a key.
TEST_F(SecretDetectionAttack, AKeyBodyAddedUnderAnExistingHeaderIsRefused) {
  sandbox.commit_file("deploy/key.txt", "# paste the key below\n" + key_lines.front() + "\n" + key_lines.back() + "\n");
  sandbox.write("deploy/key.txt", "# paste the key below\n" + key);
  expect_refused("secret.private-key", "deploy/key.txt:2");
  const CommandResult range = [&] {
    commit_unchecked();
    return agentops("check --range HEAD~1..HEAD");
  }();
  EXPECT_EQ(range.exit_code, 1) << range.out << range.err;
}

// The same key committed in two halves: the second commit completes it.
TEST_F(SecretDetectionAttack, AKeySplitAcrossTwoCommitsIsRefusedWhenItIsCompleted) {
  sandbox.write("deploy/key.txt", key_part(0, key_lines.size() / 2));
  expect_accepted();  // a header and half a body: no key yet
  sandbox.write("deploy/key.txt", key);
  expect_refused("secret.private-key", "deploy/key.txt:1");
}

// An XML element whose start tag was already there, with only the value added
// on the next line.
TEST_F(SecretDetectionAttack, AnXmlValueAddedUnderAnExistingStartTagIsRefused) {
  sandbox.commit_file("app.xml", "<config>\n<password>\n</password>\n</config>\n");
  sandbox.write("app.xml", "<config>\n<password>\nhQ7vK2mX9pL4rT8wZ3nB\n</password>\n</config>\n");
  expect_refused("secret.generic-api-key", "app.xml:3");
}

// Unchanged lines near an edit are read for what the edit completes, never
// reported for themselves: an edit beside a key already in the file passes.
TEST_F(SecretDetectionAttack, AnEditBesideAKeyAlreadyInTheFileIsNotRefusedForIt) {
  sandbox.commit_file("deploy/key.txt", "# top\n" + key + "# bottom\n");
  sandbox.write("deploy/key.txt", "# top, edited\n" + key + "# bottom, edited\n");
  expect_accepted();
}

// A key body is random base64: a stopword ("fake", "lorem", "dummy") turns up
// in one generated key of a hundred or so and must not wave it through.
TEST_F(SecretDetectionAttack, AKeyWhoseBodyHoldsAStopwordByChanceIsRefused) {
  std::string body = key;
  const size_t third_line = body.find('\n', body.find('\n', body.find('\n') + 1) + 1) + 1;
  body.replace(third_line + 10, 4, "FAke");
  sandbox.write("deploy/key.txt", body);
  expect_refused("secret.private-key", "deploy/key.txt:1");
}

// A key commented out is still a key in the repository: behind shell or
// YAML '#', C-family '//', a Markdown quote '>' or an SQL '--'.
TEST_F(SecretDetectionAttack, AKeyBehindCommentMarkersIsRefused) {
  for (const std::string marker : {"# ", "// ", "> ", "-- ", "#"}) {
    std::string commented;
    for (const auto& line : key_lines) commented += marker + line + "\n";
    sandbox.write("deploy/old_key.txt", "settings\n" + commented + "more settings\n");
    expect_refused("secret.private-key", "deploy/old_key.txt:2");
  }
}

// --- What must not join --------------------------------------------------------

// Two hunks with an unchanged line between them that no key body holds: the
// added text alone would read as a key, the file never does.
TEST_F(SecretDetectionAttack, AMatchNeverSpansTheGapBetweenTwoHunks) {
  sandbox.commit_file("notes.txt", "alpha\n# keep: this line is unchanged!\nomega\n");
  sandbox.write("notes.txt", key_part(0, key_lines.size() / 2) + "# keep: this line is unchanged!\n" +
                                 key_part(key_lines.size() / 2 + 1, key_lines.size() - 1));
  expect_accepted();
}

// --- The gitleaks import ------------------------------------------------------------

// A user who imports gitleaks' config commits it unmodified beside the policy:
// its own regex literals are no secrets. And the import alone (builtin = false)
// still finds a real key added in the middle of a file.
TEST_F(SecretDetectionAttack, GitleaksOwnConfigCommittedForTheImportIsNoSecretAndTheImportFindsAKey) {
  sandbox.run("mkdir -p .agentops && cp " + quote(std::string(AGENTOPS_SOURCE_DIR) + "/tests/data/gitleaks/gitleaks.toml") +
              " .agentops/gitleaks.toml");
  sandbox.write(".agentops/policy.toml", "[secrets]\ngitleaks_config = \"gitleaks.toml\"\nbuiltin = false\n");
  sandbox.git("add -A");
  const CommandResult staged = agentops("check --staged");
  EXPECT_EQ(staged.out.find("[secret."), std::string::npos) << staged.out;
  commit_unchecked("chore: import gitleaks' rules");
  sandbox.commit_file("notes.txt", numbered_lines(1, 8));
  sandbox.write("notes.txt", numbered_lines(1, 4) + key + numbered_lines(5, 8));
  expect_refused("secret.private-key", "notes.txt:5");
}

// --- Path-only rules ------------------------------------------------------------

class Pkcs12Attack : public SecretDetectionAttack {
 protected:
  void SetUp() override {
    SecretDetectionAttack::SetUp();
    const CommandResult made = sandbox.run(
        "openssl req -x509 -newkey rsa:2048 -nodes -keyout .git/c.key -out .git/c.crt -subj /CN=test -days 1 "
        ">/dev/null 2>&1 && openssl pkcs12 -export -inkey .git/c.key -in .git/c.crt -out .git/c.p12 -passout pass:x");
    ASSERT_EQ(made.exit_code, 0) << made.err;
  }
};

TEST_F(Pkcs12Attack, AKeyStoreRenamedFromAnInnocentNameIsRefused) {
  sandbox.run("cp .git/c.p12 data.bin");
  commit_unchecked();
  sandbox.git("mv data.bin store.p12");
  sandbox.git("add -A");
  const CommandResult result = sandbox.run("git commit -m 'feat: rename'");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("secret.pkcs12-file"), std::string::npos) << result.err;
}

TEST_F(Pkcs12Attack, DeletingAKeyStoreIsNeverRefused) {
  sandbox.run("cp .git/c.p12 store.pfx");
  commit_unchecked();
  sandbox.git("rm -q store.pfx");
  expect_accepted();
}

// --- Messages and names ------------------------------------------------------------

TEST_F(SecretDetectionAttack, ATokenInTheCommitMessageIsRefusedAndNotEchoed) {
  sandbox.write("a.txt", "a\n");
  const int before = sandbox.commit_count();
  const CommandResult result = commit("feat: deploy\n\nuse token " + kGithubToken + " for the bot");
  EXPECT_NE(result.exit_code, 0) << result.err;
  EXPECT_EQ(sandbox.commit_count(), before);
  EXPECT_EQ((result.out + result.err).find(kGithubToken.substr(4, 20)), std::string::npos) << result.err;
}

TEST_F(SecretDetectionAttack, ATokenInAFileNameIsRefusedAndNotEchoed) {
  sandbox.write("creds/" + kGithubToken + ".txt", "nothing here\n");
  const int before = sandbox.commit_count();
  const CommandResult result = commit();
  EXPECT_NE(result.exit_code, 0) << result.err;
  EXPECT_EQ(sandbox.commit_count(), before);
  EXPECT_EQ((result.out + result.err).find(kGithubToken.substr(4, 20)), std::string::npos) << result.err;
}

// --- Push, range and history -------------------------------------------------------

TEST_F(SecretDetectionAttack, APushOfACommitThatSkippedTheHookWithAKeyIsRefused) {
  GitSandbox remote{false};
  remote.run("git init -q --bare -b main .");
  sandbox.git("remote add origin " + quote(remote.root()));
  sandbox.git("push -q --no-verify origin main");
  sandbox.commit_file("notes.txt", numbered_lines(1, 4));
  sandbox.write("notes.txt", numbered_lines(1, 2) + key + numbered_lines(3, 4));
  commit_unchecked();
  const CommandResult pushed = sandbox.run("git push origin main");
  EXPECT_NE(pushed.exit_code, 0) << pushed.err;
  EXPECT_NE(pushed.err.find("secret.private-key"), std::string::npos) << pushed.err;
  expect_no_key_body(pushed.out + pushed.err, "push");
  const CommandResult range = agentops("check --range HEAD~1..HEAD --format json");
  EXPECT_EQ(range.exit_code, 1) << range.out << range.err;
  EXPECT_NE(range.out.find("\"line\":3"), std::string::npos) << range.out;
}

TEST_F(SecretDetectionAttack, HistoryScanFindsAKeyBuriedInAnOldCommitAtItsHeaderLine) {
  sandbox.commit_file("notes.txt", numbered_lines(1, 3) + key);
  sandbox.commit_file("notes.txt", numbered_lines(1, 3), "fix: remove the key");
  for (const char* format : {"text", "json", "sarif"}) {
    const CommandResult scan = agentops(std::string("scan --history --format ") + format);
    EXPECT_EQ(scan.exit_code, 1) << format << "\n" << scan.out << scan.err;
    EXPECT_NE(scan.out.find("secret.private-key"), std::string::npos) << scan.out;
    expect_no_key_body(scan.out + scan.err, format);
  }
  EXPECT_NE(agentops("scan --history --format json").out.find("\"line\":4"), std::string::npos);
}

TEST_F(SecretDetectionAttack, HistoryScanOfACleanRepositoryPasses) {
  sandbox.commit_file("notes.txt", numbered_lines(1, 30));
  const CommandResult scan = agentops("scan --history");
  EXPECT_EQ(scan.exit_code, 0) << scan.out << scan.err;
}

}  // namespace
}  // namespace agentops
