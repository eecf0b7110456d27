// The server and push layer against what git stores without complaint: commits
// and tags libgit2 cannot parse, content no commit holds, a hook run without
// git's quarantine, the policy that judges each ref, and stale or partial
// knowledge of the remote. Real git, bare remotes on disk, real `git push`.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "git_sandbox.h"

namespace agentops {
namespace {

using testing::bin;
using testing::CommandResult;
using testing::GitSandbox;
using testing::quote;

const std::string kGithubToken = std::string("ghp_") + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8";
const std::string kNoTodoPolicy =
    "version = 1\nextends = [\"baseline\"]\n[[content]]\nid = \"no-todo\"\nregex = 'TO[D]O'\nseverity = \"block\"\n";

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

// Writes `content` as a raw object of `type`, however malformed.
std::string hash_literally(const GitSandbox& repo, const std::string& type, const std::string& content) {
  repo.write(".raw-object", content);
  const std::string id = trimmed(repo.git("hash-object -t " + type + " --literally -w .raw-object"));
  repo.run("rm -f .raw-object");
  return id;
}

std::string rev(const GitSandbox& repo, const std::string& revision) {
  return trimmed(repo.git("rev-parse " + revision));
}

class PushHardening : public ::testing::Test {
 protected:
  void SetUp() override {
    remote.run("git init -q --bare -b main .");
    client.commit_file("README.md", "# demo\n");
    client.git("remote add origin " + quote(remote.root()));
    client.git("push -q origin main");
  }
  void install_server() const {
    const CommandResult installed = remote.run(quote(bin("agentops-install")) + " --repo .");
    ASSERT_EQ(installed.exit_code, 0) << installed.err;
  }
  // A commit on top of main, hand-written: `headers` replace author and committer.
  std::string literal_commit(const std::string& headers, const std::string& file_content,
                             const std::string& message = "feat: add file\n") const {
    client.write("payload.txt", file_content);
    client.git("add payload.txt");
    const std::string tree = trimmed(client.git("write-tree"));
    return hash_literally(client, "commit",
                          "tree " + tree + "\nparent " + rev(client, "HEAD") + "\n" + headers + "\n" + message);
  }
  std::string remote_ref(const std::string& ref) const { return trimmed(remote.run("git rev-parse --verify -q " + ref).out); }
  GitSandbox remote{false};
  GitSandbox client;
};

// --- Unreadable objects are judged, not skipped --------------------------------

const char* const kMalformedIdents[] = {
    "author A U Thor <a@example.com> 1700000000 +0000\n",                         // no committer line
    "committer C O Mitter <c@example.com> 1700000000 +0000\n",                     // no author line
    "author A U Thor 1700000000 +0000\ncommitter C O Mitter 1700000000 +0000\n",  // idents without an email
    "author A <a@example.com> 99999999999999999999999 +0000\n"
    "committer C <c@example.com> 99999999999999999999999 +0000\n",  // overflowing timestamps
};

TEST_F(PushHardening, ServerJudgesCommitsLibgit2CannotParse) {
  install_server();
  for (const char* headers : kMalformedIdents) {
    const std::string bad = literal_commit(headers, "export GH_TOKEN=" + kGithubToken + "\n");
    CommandResult result = client.run("git push --no-verify origin " + bad + ":refs/heads/main");
    EXPECT_NE(result.exit_code, 0) << headers;
    EXPECT_NE(result.err.find("payload.txt:1 [secret.github-token]"), std::string::npos) << headers << result.err;
    EXPECT_NE(remote_ref("main"), bad);
    // What git accepts is parsed, not refused: the same commit, clean, goes through.
    client.git("reset -q --hard " + rev(client, "origin/main"));
    const std::string clean = literal_commit(headers, "fine\n");
    result = client.run("git push --no-verify origin " + clean + ":refs/heads/main");
    EXPECT_EQ(result.exit_code, 0) << headers << result.err;
    client.git("fetch -q origin");
    client.git("reset -q --hard origin/main");
  }
}

TEST_F(PushHardening, PrePushJudgesCommitsLibgit2CannotParse) {
  client.install_hooks();
  for (const char* headers : kMalformedIdents) {
    const std::string bad = literal_commit(headers, "export GH_TOKEN=" + kGithubToken + "\n");
    const CommandResult result = client.run("git push origin " + bad + ":refs/heads/main");
    EXPECT_NE(result.exit_code, 0) << headers;
    EXPECT_NE(result.err.find("payload.txt:1 [secret.github-token]"), std::string::npos) << headers << result.err;
    client.git("reset -q --hard origin/main");
  }
}

TEST_F(PushHardening, ATagWithABadTaggerLineIsPeeledAndItsCommitJudged) {
  install_server();
  client.commit_file("deploy.sh", "export GH_TOKEN=" + kGithubToken + "\n", "feat: add deploy script");
  const std::string tag = hash_literally(client, "tag",
                                         "object " + rev(client, "HEAD") +
                                             "\ntype commit\ntag v1\ntagger no email here 12 +0000\n\nrelease\n");
  client.git("update-ref refs/tags/v1 " + tag);
  CommandResult result = client.run("git push --no-verify origin refs/tags/v1");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("deploy.sh:1 [secret.github-token]"), std::string::npos) << result.err;
  EXPECT_EQ(remote_ref("refs/tags/v1"), "");
  client.install_hooks();
  result = client.run("git push origin refs/tags/v1");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("deploy.sh:1 [secret.github-token]"), std::string::npos) << result.err;
  // The same bad tagger line on a commit the server has: the message is still read.
  const std::string noted = hash_literally(client, "tag",
                                           "object " + rev(client, "origin/main") +
                                               "\ntype commit\ntag v0\ntagger <> x\n\nkey " + kGithubToken + "\n");
  client.git("update-ref refs/tags/v0 " + noted);
  result = client.run("git push --no-verify origin refs/tags/v0");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("(tag v0 message):1 [secret.github-token]"), std::string::npos) << result.err;
  const std::string clean = hash_literally(client, "tag",
                                           "object " + rev(client, "origin/main") +
                                               "\ntype commit\ntag v0.1\ntagger <> x\n\nrelease\n");
  client.git("update-ref refs/tags/v0.1 " + clean);
  result = client.run("git push --no-verify origin refs/tags/v0.1");
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

// --- Content no commit holds --------------------------------------------------

TEST_F(PushHardening, BlobsAndTreesUnderRefsAreScanned) {
  install_server();
  client.write("leak.txt", "t=" + kGithubToken + "\n");
  const std::string blob = trimmed(client.git("hash-object -w leak.txt"));
  client.git("tag blob-tag " + blob);
  client.run("rm leak.txt");
  client.write("dir/leak.env", "t=" + kGithubToken + "\n");
  client.git("add dir/leak.env");
  const std::string tree = trimmed(client.git("write-tree"));
  client.git("reset -q");
  client.git("update-ref refs/tags/tree-tag " + tree);
  for (const std::string& ref : std::vector<std::string>{"refs/tags/blob-tag", "refs/tags/tree-tag"}) {
    CommandResult result = client.run("git push --no-verify origin " + ref);
    EXPECT_NE(result.exit_code, 0) << ref;
    EXPECT_NE(result.err.find("secret.github-token"), std::string::npos) << ref << result.err;
    EXPECT_EQ(remote_ref(ref), "") << ref;
  }
  client.install_hooks();
  for (const std::string& ref : std::vector<std::string>{"refs/tags/blob-tag", "refs/tags/tree-tag"}) {
    CommandResult result = client.run("git push origin " + ref);
    EXPECT_NE(result.exit_code, 0) << ref;
    EXPECT_NE(result.err.find("secret.github-token"), std::string::npos) << ref << result.err;
  }
  // A clean blob under a tag is fine.
  client.write("notes.txt", "nothing secret\n");
  client.git("tag clean-blob " + trimmed(client.git("hash-object -w notes.txt")));
  const CommandResult result = client.run("git push origin refs/tags/clean-blob");
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

TEST_F(PushHardening, TagMessagesAreScannedAtEveryLayer) {
  install_server();
  const std::string base = rev(client, "HEAD");
  client.commit_file("a.txt", "a\n", "feat: add a");
  client.git("tag -a v1 -m " + quote("release\n\ntoken " + kGithubToken));
  CommandResult result = client.run("git push --no-verify origin main v1");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("(tag v1 message):3 [secret.github-token]"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find(kGithubToken), std::string::npos);
  client.install_hooks();
  result = client.run("git push origin v1");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("(tag v1 message)"), std::string::npos) << result.err;
  result = client.run(quote(bin("agentops")) + " check --range " + base + "..v1");
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_NE(result.out.find("(tag v1 message)"), std::string::npos) << result.out;
  result = client.run(quote(bin("agentops")) + " scan --history");
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_NE(result.out.find("(tag v1 message)"), std::string::npos) << result.out;
  // A clean annotated tag goes through.
  client.git("tag -a v2 -m 'release 2'");
  result = client.run("git push origin main v2");
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

TEST_F(PushHardening, CommitMessagesAreScannedAndNoPathAllowlistExemptsThem) {
  install_server();
  // Even a policy that allows every path cannot exempt a message.
  client.commit_file(".agentops/policy.toml",
                     "version = 1\nextends = [\"baseline\"]\n[secrets]\nallow_paths = [\"**\", \"(*\"]\n",
                     "chore: allow all paths\n\nHuman-Approved-by: Lead <lead@example.com>");
  ASSERT_EQ(client.run("git push --no-verify origin main").exit_code, 0);
  const std::string base = rev(client, "HEAD");
  client.commit_file("a.txt", "a\n", "feat: add a\n\ntoken " + kGithubToken);
  CommandResult result = client.run("git push --no-verify origin main");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("(commit message):3 [secret.github-token]"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find(kGithubToken), std::string::npos);
  client.install_hooks();
  result = client.run("git push origin main");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("(commit message)"), std::string::npos) << result.err;
  result = client.run(quote(bin("agentops")) + " check --range " + base + "..HEAD");
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_NE(result.out.find("(commit message)"), std::string::npos) << result.out;
  result = client.run(quote(bin("agentops")) + " scan --history");
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_NE(result.out.find("(commit message)"), std::string::npos) << result.out;
}

TEST_F(PushHardening, ACleanSnapshotTreeUnderARefGoesThroughAndARangeToATreeIsScanned) {
  install_server();
  client.commit_file(".agentops/policy.toml", kNoTodoPolicy, "chore: policy\n\nHuman-Approved-by: Lead <lead@example.com>");
  ASSERT_EQ(client.run("git push --no-verify origin main").exit_code, 0);
  const std::string base = rev(client, "HEAD");
  // The whole tree, policy included, is no change to gate or to count.
  client.git("update-ref refs/tags/snapshot HEAD^{tree}");
  client.install_hooks();
  CommandResult result = client.run("git push origin refs/tags/snapshot");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  client.write("notes.py", "# TODO: later\n");
  client.git("add notes.py");
  client.git("update-ref refs/tags/todo-tree " + trimmed(client.git("write-tree")));
  client.git("reset -q");
  result = client.run("git push --no-verify origin refs/tags/todo-tree");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("notes.py:1 [content.no-todo]"), std::string::npos) << result.err;
  result = client.run(quote(bin("agentops")) + " check --range " + base + "..todo-tree");
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_NE(result.out.find("content.no-todo"), std::string::npos) << result.out;
}

TEST_F(PushHardening, AnUnparsableCommitDeepInTheRangeIsJudged) {
  install_server();
  const std::string base = rev(client, "HEAD");
  const std::string bad = literal_commit("author Nobody 1 +0000\n", "export GH_TOKEN=" + kGithubToken + "\n");
  client.git("reset -q --hard " + bad);
  client.commit_file("after.txt", "clean\n", "feat: a clean commit on top");
  CommandResult result = client.run(quote(bin("agentops")) + " check --range " + base + "..HEAD");
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_NE(result.out.find("payload.txt:1 [secret.github-token]"), std::string::npos) << result.out;
  result = client.run(quote(bin("agentops")) + " scan --history");
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  result = client.run("git push --no-verify origin main");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("payload.txt:1 [secret.github-token]"), std::string::npos) << result.err;
}

// --- Lost quarantine ----------------------------------------------------------

TEST_F(PushHardening, PreReceiveWithoutGitsQuarantineVariablesFailsClosed) {
  // A wrapper that clears the environment, as sudo's env_reset does.
  remote.write("hooks/pre-receive", "#!/bin/sh\nexec env -i PATH=\"$PATH\" " + quote(bin("agentops-pre-receive")) + "\n");
  remote.run("chmod +x hooks/pre-receive");
  client.commit_file("a.txt", "a\n", "feat: add a");
  const std::string before = remote_ref("main");
  const CommandResult result = client.run("git push --no-verify origin main");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("GIT_QUARANTINE_PATH"), std::string::npos) << result.err;
  EXPECT_EQ(remote_ref("main"), before);
}

TEST_F(PushHardening, PreReceiveFedAnUnknownIdIsAnError) {
  const std::string zeros(40, '0');
  const CommandResult result = remote.run("echo " + zeros + " 1234567890123456789012345678901234567890 refs/heads/x | " +
                                          quote(bin("agentops-pre-receive")));
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("1234567890123456789012345678901234567890"), std::string::npos) << result.err;
}

// --- Which policy judges a ref ----------------------------------------------------

TEST_F(PushHardening, AReleaseBranchCutBeforeThePolicyIsProtectedByIt) {
  install_server();
  client.git("push -q --no-verify origin main:refs/heads/release/1");
  client.commit_file(".agentops/policy.toml",
                     kNoTodoPolicy + "[branches]\nprotected = [\"main\", \"release/*\"]\n",
                     "chore: protect releases\n\nHuman-Approved-by: Lead <lead@example.com>");
  ASSERT_EQ(client.run("git push --no-verify origin main").exit_code, 0);
  const std::string release = remote_ref("release/1");
  client.git("switch -q -c rel origin/release/1");
  client.git("commit -q --amend --no-verify -m 'setup, rewritten'");
  CommandResult result = client.run("git push --no-verify --force origin rel:release/1");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("branch.force-push"), std::string::npos) << result.err;
  result = client.run("git push --no-verify origin :release/1");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("branch.delete"), std::string::npos) << result.err;
  client.git("reset -q --hard origin/release/1");
  client.commit_file("notes.py", "# TODO: later\n", "feat: add notes");
  result = client.run("git push --no-verify origin rel:release/1");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("content.no-todo"), std::string::npos) << result.err;
  EXPECT_EQ(remote_ref("release/1"), release);
}

TEST_F(PushHardening, ACommitAnotherBranchHoldsIsJudgedAgainWhenItReachesMain) {
  install_server();
  // legacy got a TODO while the baseline was all there was.
  client.git("switch -q -c legacy");
  client.commit_file("notes.py", "# TODO: later\n", "feat: add notes");
  ASSERT_EQ(client.run("git push --no-verify origin legacy").exit_code, 0);
  client.git("switch -q main");
  client.commit_file(".agentops/policy.toml", kNoTodoPolicy, "chore: policy\n\nHuman-Approved-by: Lead <lead@example.com>");
  ASSERT_EQ(client.run("git push --no-verify origin main").exit_code, 0);
  client.git("merge -q --no-verify --no-edit legacy");
  const CommandResult result = client.run("git push --no-verify origin main");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("content.no-todo"), std::string::npos) << result.err;
}

TEST_F(PushHardening, AnOrphanBranchIsJudgedByMainWhenTheServersHeadIsUnborn) {
  GitSandbox server(false);
  server.run("git -c init.defaultBranch=master init -q --bare .");
  ASSERT_EQ(server.run(quote(bin("agentops-install")) + " --repo .").exit_code, 0);
  client.commit_file(".agentops/policy.toml", kNoTodoPolicy, "chore: policy\n\nHuman-Approved-by: Lead <lead@example.com>");
  client.git("remote add server " + quote(server.root()));
  ASSERT_EQ(client.run("git push --no-verify server main").exit_code, 0);
  client.git("switch -q --orphan other");
  client.commit_file("notes.py", "# TODO: later\n", "feat: add notes");
  const CommandResult result = client.run("git push --no-verify server other");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("content.no-todo"), std::string::npos) << result.err;
}

TEST_F(PushHardening, TheServersPolicyRefIsConfigurable) {
  install_server();
  client.git("push -q --no-verify origin main:refs/heads/trunk");
  client.git("switch -q -c trunk");
  client.commit_file(".agentops/policy.toml", kNoTodoPolicy, "chore: policy\n\nHuman-Approved-by: Lead <lead@example.com>");
  ASSERT_EQ(client.run("git push --no-verify origin trunk").exit_code, 0);
  client.git("switch -q main");
  client.commit_file("notes.py", "# TODO: later\n", "feat: add notes");
  ASSERT_EQ(client.run("git push --no-verify origin main").exit_code, 0) << "main's (baseline) policy allows it";
  remote.git("config agentops.policyRef trunk");
  client.commit_file("more.py", "# TODO: more\n", "feat: add more");
  const CommandResult result = client.run("git push --no-verify origin main");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("content.no-todo"), std::string::npos) << result.err;
}

// A misspelt policy branch ("heads/trunk" is refs/heads/heads/trunk) must not
// quietly hand every push to the baseline.
TEST_F(PushHardening, AConfiguredPolicyRefThatDoesNotExistRefusesThePush) {
  install_server();
  client.git("push -q --no-verify origin main:refs/heads/trunk");
  remote.git("config agentops.policyRef heads/trunk");
  client.commit_file("a.txt", "a\n", "feat: add a");
  CommandResult result = client.run("git push --no-verify origin main");
  EXPECT_EQ(result.exit_code, 1) << result.err;  // git reports a declined hook as 1
  EXPECT_NE(result.err.find("agentops.policyRef"), std::string::npos) << result.err;
  remote.git("config agentops.policyRef trunk");
  result = client.run("git push --no-verify origin main");
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

TEST_F(PushHardening, TheFirstPushIntoAnEmptyServerMeetsTheBaseline) {
  GitSandbox server(false);
  server.run("git init -q --bare -b main .");
  ASSERT_EQ(server.run(quote(bin("agentops-install")) + " --repo .").exit_code, 0);
  client.git("remote add server " + quote(server.root()));
  client.commit_file("deploy.sh", "export GH_TOKEN=" + kGithubToken + "\n", "feat: add deploy script");
  CommandResult result = client.run("git push --no-verify server main");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("secret.github-token"), std::string::npos) << result.err;
  client.git("reset -q --hard HEAD~1");
  result = client.run("git push --no-verify server main");
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

TEST_F(PushHardening, PrePushToAUrlOrARemoteWithoutHeadJudgesNewBranchesByTheRemotesPolicy) {
  client.commit_file(".agentops/policy.toml", kNoTodoPolicy, "chore: policy\n\nHuman-Approved-by: Lead <lead@example.com>");
  client.git("push -q origin main");
  // This clone's own main is laxer than the remote's: only the remote's counts.
  client.git("switch -q -c feature");
  client.commit_file("notes.py", "# TODO: later\n", "feat: add notes");
  client.git("update-ref refs/heads/main HEAD~2");
  client.install_hooks();
  for (const std::string& target : {"file://" + remote.root(), remote.root()}) {
    const CommandResult result = client.run("git push " + quote(target) + " feature");
    EXPECT_NE(result.exit_code, 0) << target;
    EXPECT_NE(result.err.find("content.no-todo"), std::string::npos) << target << result.err;
  }
  client.run("git remote set-head origin -d");
  const CommandResult result = client.run("git push origin feature");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("content.no-todo"), std::string::npos) << result.err;
}

// --- Stale knowledge of the remote --------------------------------------------------

TEST_F(PushHardening, ACommitDroppedFromTheRemoteIsJudgedAgainWhenRepushed) {
  const std::string good = rev(client, "HEAD");
  client.commit_file("deploy.sh", "export GH_TOKEN=" + kGithubToken + "\n", "feat: add deploy script");
  client.git("push -q --no-verify origin main");
  client.git("fetch -q origin");
  // The remote is rewound to drop the bad commit; this clone never fetched since.
  remote.git("update-ref refs/heads/main " + good);
  client.install_hooks();
  CommandResult result = client.run("git push origin main");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("deploy.sh:1 [secret.github-token]"), std::string::npos) << result.err;
  result = client.run("git push origin main:refs/heads/feature");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("deploy.sh:1 [secret.github-token]"), std::string::npos) << result.err;
}

TEST_F(PushHardening, AClonesBehindTheRemoteJudgesOnlyItsNewCommits) {
  // Old history breaks the baseline (a policy change no one approved).
  client.commit_policy("version = 1\n");
  client.git("push -q origin main");
  // Someone else moves the remote on; this clone does not fetch.
  GitSandbox other(false);
  other.run("git clone -q " + quote(remote.root()) + " .");
  other.git("config user.name Other");
  other.git("config user.email other@example.com");
  other.commit_file("other.txt", "other\n", "feat: other work");
  other.git("push -q origin main");
  client.install_hooks();
  client.git("switch -q -c feature");
  client.commit_file("new.txt", "clean\n", "feat: add new");
  CommandResult result = client.run("git push origin feature");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  client.commit_file("leak.txt", "t=" + kGithubToken + "\n", "feat: add leak");
  result = client.run("git push origin feature");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("leak.txt"), std::string::npos) << result.err;
  // The same from a shallow clone that is behind.
  GitSandbox shallow(false);
  shallow.run("git clone -q --depth 1 file://" + remote.root() + " .");
  shallow.git("config user.name 'Test User'");
  shallow.git("config user.email test@example.com");
  shallow.install_hooks();
  other.commit_file("more.txt", "more\n", "feat: more work");
  other.git("push -q origin main");
  shallow.git("switch -q -c topic");
  shallow.commit_file("topic.txt", "topic\n", "feat: add topic");
  result = shallow.run("git push origin topic");
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

TEST_F(PushHardening, ARemoteNamedLikeAnothersPrefixLendsItNothing) {
  GitSandbox up(false), fork(false);
  up.run("git init -q --bare -b main .");
  fork.run("git init -q --bare -b main .");
  client.git("remote add up " + quote(up.root()));
  client.git("remote add up/fork " + quote(fork.root()));
  client.git("push -q up main");
  client.commit_file("deploy.sh", "export GH_TOKEN=" + kGithubToken + "\n", "feat: add deploy script");
  client.git("push -q --no-verify up/fork main:refs/heads/topic");
  client.git("fetch -q up/fork");
  client.install_hooks();
  const CommandResult result = client.run("git push up main:refs/heads/topic");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("deploy.sh:1 [secret.github-token]"), std::string::npos) << result.err;
}

TEST_F(PushHardening, AShallowClonePushesBranchesOnOtherBranchesAndMerges) {
  client.commit_file("history.txt", "old\n", "feat: older history");
  client.git("push -q origin main");
  client.git("switch -q -c dev");
  client.commit_file("dev.txt", "dev\n", "feat: dev work");
  client.git("push -q origin dev");
  GitSandbox shallow(false);
  shallow.run("git clone -q --depth 1 --no-single-branch file://" + remote.root() + " .");
  shallow.git("config user.name 'Test User'");
  shallow.git("config user.email test@example.com");
  shallow.install_hooks();
  shallow.git("switch -q -c topic origin/dev");
  shallow.commit_file("topic.txt", "topic\n", "feat: add topic");
  CommandResult result = shallow.run("git push origin topic");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  shallow.git("switch -q main");
  shallow.git("merge -q --no-verify --no-edit --allow-unrelated-histories origin/dev");
  result = shallow.run("git push origin main");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  shallow.commit_file("leak.txt", "t=" + kGithubToken + "\n", "feat: add leak");
  result = shallow.run("git push origin main:refs/heads/leaky");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("leak.txt"), std::string::npos) << result.err;
  // scan --history works in a shallow clone too.
  result = shallow.run(quote(bin("agentops")) + " scan --history");
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_NE(result.out.find("leak.txt"), std::string::npos) << result.out;
}

TEST_F(PushHardening, APushToAPathJudgesOnlyWhatTheRemoteLacks) {
  // Old history breaks today's policy and the baseline (a policy change no
  // one approved, from before the gate); it is on the remote already.
  client.commit_policy("version = 1\n");
  client.commit_file("old.py", "# TODO: from before the policy\n", "feat: old");
  client.commit_file(".agentops/policy.toml", kNoTodoPolicy, "chore: policy\n\nHuman-Approved-by: Lead <lead@example.com>");
  client.git("push -q origin main");
  client.install_hooks();
  client.git("switch -q -c feature");
  client.commit_file("new.txt", "clean\n", "feat: add new");
  for (const std::string& target : {remote.root(), "file://" + remote.root()}) {
    const CommandResult result = client.run("git push " + quote(target) + " feature:refs/heads/feature-" +
                                            std::to_string(target.size()));
    EXPECT_EQ(result.exit_code, 0) << target << result.err;
  }
}

TEST_F(PushHardening, APartialCloneWithoutOldBlobsPushesCleanHistory) {
  client.commit_file("big.txt", "version 1\n", "feat: v1");
  client.commit_file("big.txt", "version 2\n", "feat: v2");
  client.git("push -q origin main");
  remote.git("config uploadpack.allowFilter true");
  GitSandbox partial(false);
  partial.run("git clone -q --filter=blob:none file://" + remote.root() + " .");
  partial.git("config user.name 'Test User'");
  partial.git("config user.email test@example.com");
  partial.install_hooks();
  partial.git("switch -q -c feature");
  partial.commit_file("big.txt", "version 3\n", "feat: v3");
  CommandResult result = partial.run("git push origin feature");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  // Named by its URL, the remote's history is not judged again either.
  result = partial.run("git push " + quote("file://" + remote.root()) + " feature:refs/heads/feature-2");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  partial.commit_file("leak.txt", "t=" + kGithubToken + "\n", "feat: add leak");
  result = partial.run("git push origin feature");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("leak.txt"), std::string::npos) << result.err;
}

TEST_F(PushHardening, APartialCloneFetchesTheBlobsItJudgesForANewRemote) {
  client.commit_file("old.env", "t=" + kGithubToken + "\n", "feat: an old leak");
  client.git("rm -q old.env");
  client.git("commit -q --no-verify -m 'fix: remove the leak'");
  client.commit_file("b.txt", "b\n", "feat: add b");
  client.git("push -q origin main");
  remote.git("config uploadpack.allowFilter true");
  GitSandbox partial(false), mirror(false), clean_mirror(false);
  partial.run("git clone -q --filter=blob:none file://" + remote.root() + " .");
  partial.install_hooks();
  GitSandbox scanned(false);
  scanned.run("git clone -q --filter=blob:none file://" + remote.root() + " .");
  CommandResult scan = scanned.run(quote(bin("agentops")) + " scan --history");
  EXPECT_EQ(scan.exit_code, 1) << scan.out << scan.err;
  EXPECT_NE(scan.out.find("old.env:1 [secret.github-token]"), std::string::npos) << scan.out;
  mirror.run("git init -q --bare -b main .");
  // The whole history is new to the mirror: its old blobs are fetched and judged.
  CommandResult result = partial.run("git push " + quote(mirror.root()) + " main");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("old.env:1 [secret.github-token]"), std::string::npos) << result.err;
  // Clean history goes through.
  partial.git("switch -q -c clean HEAD~3");
  clean_mirror.run("git init -q --bare -b main .");
  result = partial.run("git push " + quote(clean_mirror.root()) + " clean:main");
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

}  // namespace
}  // namespace agentops
