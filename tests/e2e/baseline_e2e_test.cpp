// Baselines of known findings with the real git: `agentops baseline write`
// records an old, rotated key so that scan --history, check --range and
// pre-push stop failing on it, while any new key (or the old one in another
// file) still blocks; the baseline is read from the base side, never holds the
// secret, and SARIF fingerprints stay equal across runs.
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

const std::string kOldToken = std::string("ghp_") + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8";
const std::string kNewToken = std::string("ghp_") + "B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8s9";

std::string agentops(const std::string& args) { return quote(bin("agentops")) + " " + args; }

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Every "agentops/v1" fingerprint of a SARIF document, in order.
std::vector<std::string> fingerprints_of(const std::string& sarif) {
  std::vector<std::string> found;
  const std::string key = "\"agentops/v1\":\"";
  for (size_t at = sarif.find(key); at != std::string::npos; at = sarif.find(key, at + 1))
    found.push_back(sarif.substr(at + key.size(), 64));
  return found;
}

// History with a key committed and removed again (rotated): the case a
// baseline is for.
void commit_rotated_key(const GitSandbox& repo) {
  repo.commit_file("README.md", "# demo\n", "docs: start");
  repo.commit_file("old.env", "USER=demo\nGH_TOKEN=" + kOldToken + "\n", "feat: add settings");
  repo.git("rm -q old.env");
  repo.git("commit -q --no-verify -m 'chore: remove settings (key rotated)'");
}

void commit_baseline(const GitSandbox& repo) {
  const CommandResult written = repo.run(agentops("baseline write"));
  ASSERT_EQ(written.exit_code, 0) << written.out << written.err;
  repo.git("add .agentops/baseline");
  repo.git("commit -q --no-verify -m 'chore: baseline the rotated key'");
}

TEST(Baseline, OldRotatedKeyNoLongerFailsScanWhileANewKeyDoes) {
  GitSandbox repo;
  commit_rotated_key(repo);
  CommandResult result = repo.run(agentops("scan --history"));
  ASSERT_EQ(result.exit_code, 1) << result.out << result.err;

  result = repo.run(agentops("baseline write"));
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("recorded 1 finding of 3 commits in .agentops/baseline (1 new, 0 dropped)"),
            std::string::npos)
      << result.out;
  const std::string file = read_text(repo.path(".agentops/baseline"));
  // No secret: not the key, not any 8-character slice of it; no line number.
  for (size_t i = 0; i + 8 <= kOldToken.size(); ++i)
    EXPECT_EQ(file.find(kOldToken.substr(i, 8)), std::string::npos) << "slice " << kOldToken.substr(i, 8);
  const auto lines = lines_of(file);
  ASSERT_EQ(lines.size(), 4u) << file;
  EXPECT_EQ(lines[0][0], '#');
  EXPECT_EQ(lines[1], "version\t1");
  EXPECT_TRUE(lines[2].starts_with("key\t")) << lines[2];
  EXPECT_EQ(lines[2].size(), 4u + 64u);
  const std::string entry = lines[3];
  EXPECT_TRUE(entry.starts_with("secret.github-token\told.env\t")) << entry;
  EXPECT_TRUE(entry.ends_with("\taccepted by baseline write")) << entry;
  EXPECT_EQ(entry.find(":2"), std::string::npos) << entry;

  repo.git("add .agentops/baseline");
  repo.git("commit -q --no-verify -m 'chore: baseline the rotated key'");
  result = repo.run(agentops("scan --history"));
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("1 known finding baselined"), std::string::npos) << result.out;
  result = repo.run(agentops("scan --history --format json"));
  EXPECT_EQ(result.exit_code, 0) << result.out;
  EXPECT_NE(result.out.find("\"baselined\":true,\"baseline_reason\":\"accepted by baseline write\""),
            std::string::npos)
      << result.out;
  EXPECT_EQ(result.out.find(kOldToken), std::string::npos);

  // The same key moved to another line of the same file: still baselined.
  repo.commit_file("old.env", "# moved\n\n\nGH_TOKEN=" + kOldToken + "\nUSER=demo\n", "chore: restore settings");
  result = repo.run(agentops("scan --history"));
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("2 known findings baselined"), std::string::npos) << result.out;

  // The same key in another file is another finding.
  repo.commit_file("copy.env", "GH_TOKEN=" + kOldToken + "\n", "chore: copy settings");
  result = repo.run(agentops("scan --history"));
  EXPECT_EQ(result.exit_code, 1) << result.out;
  EXPECT_NE(result.out.find("copy.env:1 [secret.github-token] block"), std::string::npos) << result.out;
  repo.git("reset -q --hard HEAD~1");

  // A new key added later still fails.
  repo.commit_file("new.env", "GH_TOKEN=" + kNewToken + "\n", "feat: new settings");
  result = repo.run(agentops("scan --history"));
  EXPECT_EQ(result.exit_code, 1) << result.out;
  EXPECT_NE(result.out.find("new.env:1 [secret.github-token] block"), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find("old.env"), std::string::npos) << "baselined findings are not listed\n" << result.out;
  EXPECT_EQ(result.out.find(kNewToken), std::string::npos);
}

TEST(Baseline, WriteKeepsTheKeyAndReasonsAndCountsNewAndDropped) {
  GitSandbox repo;
  commit_rotated_key(repo);
  ASSERT_EQ(repo.run(agentops("baseline write --reason 'rotated 2024-01'")).exit_code, 0);
  const auto first = lines_of(read_text(repo.path(".agentops/baseline")));
  ASSERT_EQ(first.size(), 4u);
  EXPECT_TRUE(first[3].ends_with("\trotated 2024-01")) << first[3];
  repo.commit_file("new.env", "GH_TOKEN=" + kNewToken + "\n", "feat: new settings");
  const CommandResult result = repo.run(agentops("baseline write"));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("recorded 2 findings of 4 commits in .agentops/baseline (1 new, 0 dropped)"),
            std::string::npos)
      << result.out;
  const auto second = lines_of(read_text(repo.path(".agentops/baseline")));
  ASSERT_EQ(second.size(), 5u);
  EXPECT_EQ(second[2], first[2]) << "the key is kept";
  EXPECT_NE(std::find(second.begin(), second.end(), first[3]), second.end()) << "the entry and its reason are kept";
  // Writing REV before the new key drops it again.
  const CommandResult older = repo.run(agentops("baseline write HEAD~1"));
  EXPECT_NE(older.out.find("(0 new, 1 dropped)"), std::string::npos) << older.out;
  EXPECT_EQ(repo.run(agentops("baseline write --bogus")).exit_code, 2);
  EXPECT_EQ(repo.run(agentops("baseline")).exit_code, 2);
}

TEST(Baseline, MalformedBaselineIsAnErrorWithItsLine) {
  GitSandbox repo;
  commit_rotated_key(repo);
  repo.commit_file(".agentops/baseline", "# b\nversion\t9\nkey\t" + std::string(64, '0') + "\n", "chore: baseline");
  CommandResult result = repo.run(agentops("scan --history"));
  EXPECT_EQ(result.exit_code, 2) << result.out;
  EXPECT_NE(result.err.find(".agentops/baseline:2: unknown baseline version '9'"), std::string::npos) << result.err;
  const std::string base = repo.git("rev-parse HEAD").substr(0, 40);
  repo.commit_file("a.txt", "a\n", "feat: add a");
  result = repo.run(agentops("check --range " + base + "..HEAD"));
  EXPECT_EQ(result.exit_code, 2) << result.out;
  EXPECT_NE(result.err.find(".agentops/baseline:2:"), std::string::npos) << result.err;
  // baseline write refuses to overwrite a file it cannot read.
  result = repo.run(agentops("baseline write"));
  EXPECT_EQ(result.exit_code, 2);
}

TEST(Baseline, CheckRangeReadsTheBaselineFromTheBaseSide) {
  GitSandbox repo;
  commit_rotated_key(repo);
  commit_baseline(repo);
  const std::string base = repo.git("rev-parse HEAD").substr(0, 40);
  repo.commit_file("old.env", "\nGH_TOKEN=" + kOldToken + "\n", "chore: restore settings");
  CommandResult result = repo.run(agentops("check --range " + base + "..HEAD"));
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  // A change that adds a key and baselines it itself: judged by the base's baseline.
  repo.commit_file("new.env", "GH_TOKEN=" + kNewToken + "\n", "feat: new settings");
  ASSERT_EQ(repo.run(agentops("baseline write")).exit_code, 0);
  repo.git("add .agentops/baseline");
  repo.git("commit -q --no-verify -m 'chore: baseline the new key'");
  result = repo.run(agentops("check --range " + base + "..HEAD --format json"));
  EXPECT_EQ(result.exit_code, 1) << result.out;
  EXPECT_NE(result.out.find("\"rule\":\"secret.github-token\",\"severity\":\"block\",\"path\":\"new.env\""),
            std::string::npos)
      << result.out;
  EXPECT_EQ(result.out.find(kNewToken), std::string::npos);
}

TEST(Baseline, PrePushHonoursTheRemoteSidesBaseline) {
  GitSandbox remote(false);
  remote.run("git init -q --bare -b main .");
  GitSandbox client;
  commit_rotated_key(client);
  commit_baseline(client);
  client.git("remote add origin " + quote(remote.root()));
  client.git("push -q --no-verify origin main");
  client.install_hooks();
  client.commit_file("old.env", "\n\nGH_TOKEN=" + kOldToken + "\n", "chore: restore settings");
  CommandResult result = client.run("git push origin main");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  client.commit_file("new.env", "GH_TOKEN=" + kNewToken + "\n", "feat: new settings");
  result = client.run("git push origin main");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("new.env:1 [secret.github-token]"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find(kNewToken), std::string::npos);
}

TEST(Baseline, PreReceiveHonoursTheServersBaseline) {
  GitSandbox remote(false);
  remote.run("git init -q --bare -b main .");
  GitSandbox client;
  commit_rotated_key(client);
  commit_baseline(client);
  client.git("remote add origin " + quote(remote.root()));
  client.git("push -q --no-verify origin main");
  const CommandResult installed = remote.run(quote(bin("agentops-install")) + " --repo .");
  ASSERT_EQ(installed.exit_code, 0) << installed.err;
  client.commit_file("old.env", "\n\nGH_TOKEN=" + kOldToken + "\n", "chore: restore settings");
  CommandResult result = client.run("git push --no-verify origin main");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  client.commit_file("new.env", "GH_TOKEN=" + kNewToken + "\n", "feat: new settings");
  result = client.run("git push --no-verify origin main");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find(" new.env:1 [secret.github-token]"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("pre-receive hook declined"), std::string::npos) << result.err;
}

TEST(Baseline, PreCommitReadsTheCommittedBaseline) {
  GitSandbox repo;
  commit_rotated_key(repo);
  commit_baseline(repo);
  // The baselined key moved within its file: the staged change passes.
  repo.write("old.env", "# settings\nGH_TOKEN=" + kOldToken + "\n");
  repo.git("add old.env");
  CommandResult result = repo.run(agentops("check --staged"));
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("1 known finding baselined"), std::string::npos) << result.out;
  // The same key in another file, or a staged baseline listing a new key, does not.
  repo.write("copy.env", "GH_TOKEN=" + kOldToken + "\n");
  repo.git("add copy.env");
  result = repo.run(agentops("check --staged"));
  EXPECT_EQ(result.exit_code, 1) << result.out;
  EXPECT_NE(result.out.find("copy.env:1 [secret.github-token] block"), std::string::npos) << result.out;
  repo.git("rm -q --cached copy.env");
  repo.commit_file("new.env", "GH_TOKEN=" + kNewToken + "\n", "feat: new settings");
  ASSERT_EQ(repo.run(agentops("baseline write")).exit_code, 0);
  repo.git("reset -q --soft HEAD~1");
  repo.git("add .agentops/baseline new.env");
  result = repo.run(agentops("check --staged"));
  EXPECT_EQ(result.exit_code, 1) << result.out;
  EXPECT_NE(result.out.find("new.env:1 [secret.github-token] block"), std::string::npos) << result.out;
}

TEST(Baseline, SarifFingerprintsAreEqualAcrossRunsAndBaselinedResultsSuppressed) {
  GitSandbox repo;
  commit_rotated_key(repo);
  repo.commit_file("new.env", "GH_TOKEN=" + kNewToken + "\n", "feat: new settings");
  // Without a baseline: over what the result shows (no secret hashed).
  const auto unkeyed = fingerprints_of(repo.run(agentops("scan --history --format sarif")).out);
  ASSERT_EQ(unkeyed.size(), 2u);
  EXPECT_EQ(fingerprints_of(repo.run(agentops("scan --history --format sarif")).out), unkeyed);
  EXPECT_NE(unkeyed[0], unkeyed[1]);

  repo.git("reset -q --hard HEAD~1");
  commit_baseline(repo);
  repo.commit_file("new.env", "GH_TOKEN=" + kNewToken + "\n", "feat: new settings");
  const CommandResult first = repo.run(agentops("scan --history --format sarif"));
  const CommandResult second = repo.run(agentops("scan --history --format sarif"));
  EXPECT_EQ(first.exit_code, 1);
  const auto keyed = fingerprints_of(first.out);
  ASSERT_EQ(keyed.size(), 2u) << first.out;
  EXPECT_EQ(fingerprints_of(second.out), keyed);
  const std::string file = read_text(repo.path(".agentops/baseline"));
  EXPECT_NE(file.find(keyed[0]), std::string::npos) << "the baselined result's fingerprint is the file's";
  EXPECT_NE(first.out.find("\"suppressions\":[{\"kind\":\"external\",\"status\":\"accepted\",\"justification\":"
                           "\"baselined: accepted by baseline write\"}]"),
            std::string::npos)
      << first.out;
  EXPECT_EQ(first.out.find(kNewToken), std::string::npos);
}

}  // namespace
}  // namespace agentops

namespace agentops {
namespace {

// A rule reports at most a hundred findings per file; known ones must not use
// that up, or a hundred baselined copies of the old key would hide a new key
// written beside them (found by the attack review), at every layer.
TEST(Baseline, AHundredBaselinedCopiesDoNotHideANewKeyBesideThem) {
  GitSandbox repo;
  repo.commit_file("old.env", "GH_TOKEN=" + kOldToken + "\n", "feat: add settings");
  commit_baseline(repo);
  const std::string base = repo.git("rev-parse HEAD").substr(0, 40);
  std::string many = "GH_TOKEN=" + kOldToken + "\n";
  for (int i = 0; i < 150; ++i) many += "COPY_" + std::to_string(i) + "=" + kOldToken + "\n";
  repo.commit_file("old.env", many, "feat: copies of the known key");
  CommandResult result = repo.run(agentops("check --range " + base + "..HEAD"));
  EXPECT_EQ(result.exit_code, 0) << "only known copies: " << result.out << result.err;
  repo.commit_file("old.env", many + "NEW_TOKEN=" + kNewToken + "\n", "feat: and a new key");
  result = repo.run(agentops("check --range " + base + "..HEAD"));
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_NE(result.out.find("old.env:152 [secret.github-token] block"), std::string::npos) << result.out;
  result = repo.run(agentops("scan --history"));
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
}

// A finding made by a path alone (a key file's name) has no matched text to
// fingerprint: baselining it would let any new key in that file pass.
TEST(Baseline, AFindingByPathAloneIsNotBaselined) {
  GitSandbox repo;
  repo.write(".agentops/policy.toml", "version = 1\n[secrets]\nenabled = true\n[paths]\nforbidden = []\n");
  repo.git("add .agentops/policy.toml");
  repo.git("commit -q --no-verify -m 'chore: policy'");
  repo.commit_file("cert.p12", "first key material\n", "feat: a key store");
  const CommandResult written = repo.run(agentops("baseline write"));
  ASSERT_EQ(written.exit_code, 0) << written.out << written.err;
  EXPECT_NE(written.out.find("cannot be baselined"), std::string::npos) << written.out;
  repo.git("add .agentops/baseline");
  repo.git("commit -q --no-verify -m 'chore: baseline'");
  const CommandResult scan = repo.run(agentops("scan --history"));
  EXPECT_EQ(scan.exit_code, 1) << "the key store still blocks\n" << scan.out << scan.err;
}

}  // namespace
}  // namespace agentops
