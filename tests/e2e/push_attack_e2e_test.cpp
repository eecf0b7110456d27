// Attacks on the push layer with real git: objects git stores without
// complaint, crafted with `git hash-object --literally`, pushed past pre-push
// (--no-verify) to a bare remote whose pre-receive must catch them.
#include <gtest/gtest.h>

#include <string>

#include "git_sandbox.h"

namespace agentops {
namespace {

using testing::bin;
using testing::CommandResult;
using testing::GitSandbox;
using testing::quote;

const std::string kGithubToken = std::string("ghp_") + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8";

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

class PushAttack : public ::testing::Test {
 protected:
  void SetUp() override {
    remote.run("git init -q --bare -b main .");
    client.commit_file("README.md", "# demo\n");
    client.git("remote add origin " + quote(remote.root()));
    client.git("push -q origin main");
    const CommandResult installed = remote.run(quote(bin("agentops-install")) + " --repo .");
    ASSERT_EQ(installed.exit_code, 0) << installed.err;
  }
  std::string rev(const std::string& revision) const { return trimmed(client.git("rev-parse " + revision)); }
  // Writes `content` as a raw object of `type`, however malformed.
  std::string hash_literally(const std::string& type, const std::string& content) const {
    client.write(".raw-object", content);
    const std::string id = trimmed(client.git("hash-object -t " + type + " --literally -w .raw-object"));
    client.run("rm -f .raw-object");
    return id;
  }
  // A commit on main's tree and parent with `headers` after tree and parent.
  std::string commit_with_headers(const std::string& headers, const std::string& message = "feat: tidy\n") const {
    return hash_literally("commit", "tree " + rev("HEAD^{tree}") + "\nparent " + rev("HEAD") + "\n" + headers + "\n" +
                                        message);
  }
  std::string remote_ref(const std::string& ref) const { return trimmed(remote.run("git rev-parse --verify -q " + ref).out); }
  CommandResult push(const std::string& refspec) const { return client.run("git push --no-verify origin " + refspec); }
  GitSandbox remote{false};
  GitSandbox client;
};

const std::string kIdents = "author A U Thor <a@example.com> 1700000000 +0000\n"
                            "committer C O Mitter <c@example.com> 1700000000 +0000\n";

// --- Secrets in commit and tag headers are stored as surely as messages -------

TEST_F(PushAttack, ServerFindsASecretInACommitHeader) {
  const std::string cases[] = {
      kIdents + "x-note " + kGithubToken + "\n",                                                 // an extra header
      "author " + kGithubToken + " <a@example.com> 1700000000 +0000\ncommitter C <c@example.com> 1 +0000\n",  // a name
      kIdents + "mergetag object " + rev("HEAD") + "\n type commit\n tag v1\n tagger T <t@example.com> 1 +0000\n \n key " +
          kGithubToken + "\n",  // a merged tag's message, embedded in the commit
      kIdents + "gpgsig -----BEGIN PGP SIGNATURE-----\n " + kGithubToken + "\n -----END PGP SIGNATURE-----\n",
  };
  int round = 0;
  for (const std::string& headers : cases) {
    const std::string bad = commit_with_headers(headers);
    const std::string branch = "refs/heads/feature" + std::to_string(++round);
    const CommandResult result = push(bad + ":" + branch);
    EXPECT_NE(result.exit_code, 0) << headers;
    EXPECT_NE(result.err.find("(commit headers)"), std::string::npos) << headers << result.err;
    EXPECT_EQ(result.err.find(kGithubToken), std::string::npos) << result.err;
    EXPECT_EQ(remote_ref(branch), "") << headers;
    const CommandResult checked = client.run(quote(bin("agentops")) + " check --range HEAD.." + bad);
    EXPECT_EQ(checked.exit_code, 1) << headers << checked.out << checked.err;
  }
}

TEST_F(PushAttack, ServerAcceptsACommitWhoseHeadersHoldNoSecret) {
  const std::string clean = commit_with_headers(kIdents + "encoding ISO-8859-1\nx-note reviewed\n");
  const CommandResult result = push(clean + ":refs/heads/feature");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(remote_ref("refs/heads/feature"), clean);
}

TEST_F(PushAttack, ServerFindsASecretInATagHeader) {
  const std::string tag = hash_literally("tag", "object " + rev("HEAD") + "\ntype commit\ntag v1\ntagger " + kGithubToken +
                                                    " <t@example.com> 1 +0000\n\nrelease\n");
  client.git("update-ref refs/tags/v1 " + tag);
  CommandResult result = push("refs/tags/v1");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("(tag v1 headers)"), std::string::npos) << result.err;
  EXPECT_EQ(remote_ref("refs/tags/v1"), "");
  const std::string clean =
      hash_literally("tag", "object " + rev("HEAD") + "\ntype commit\ntag v2\ntagger T <t@example.com> 1 +0000\n\nrelease\n");
  client.git("update-ref refs/tags/v2 " + clean);
  result = push("refs/tags/v2");
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

// UTF-16 as git stores it: each ASCII byte followed by a zero byte.
std::string utf16le(const std::string& ascii) {
  std::string wide;
  for (char c : ascii) {
    wide += c;
    wide += '\0';
  }
  return wide;
}

TEST_F(PushAttack, ServerReadsTheTextOfAMessageHoldingNuls) {
  // A message declared UTF-16 (git's `encoding` header) stores its text
  // between zero bytes, as a UTF-16 file does: it is read as such a file is.
  const std::string wide = commit_with_headers(kIdents + "encoding UTF-16LE\n", utf16le("feat: key " + kGithubToken + "\n"));
  CommandResult result = push(wide + ":refs/heads/wide");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("(commit message)"), std::string::npos) << result.err;
  EXPECT_EQ(remote_ref("refs/heads/wide"), "");
  const std::string tag = hash_literally("tag", "object " + rev("HEAD") + "\ntype commit\ntag v1\n\n" +
                                                    utf16le("key " + kGithubToken + "\n"));
  client.git("update-ref refs/tags/v1 " + tag);
  result = push("refs/tags/v1");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("(tag v1 message)"), std::string::npos) << result.err;
  const std::string clean = commit_with_headers(kIdents + "encoding UTF-16LE\n", utf16le("feat: tidy\n"));
  result = push(clean + ":refs/heads/clean");
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

// --- A ref's name is stored too ------------------------------------------------

TEST_F(PushAttack, ServerRefusesARefNamedWithASecret) {
  for (const std::string& ref : {"refs/heads/" + kGithubToken, "refs/tags/key-" + kGithubToken,
                                 "refs/notes/" + kGithubToken + "/x"}) {
    const CommandResult result = push("HEAD:" + ref);
    EXPECT_NE(result.exit_code, 0) << ref;
    EXPECT_NE(result.err.find("(name of a pushed ref):1 [secret.github-token]"), std::string::npos) << result.err;
    EXPECT_EQ(remote_ref(ref), "") << ref;
  }
  // A tag named with one: no label prints it whole.
  const std::string blob = trimmed(client.run("echo fine | git hash-object -w --stdin").out);
  const std::string tag = hash_literally("tag", "object " + blob + "\ntype blob\ntag " + kGithubToken + "\n\nnote\n");
  client.git("update-ref refs/tags/" + kGithubToken + " " + tag);
  CommandResult result = push("refs/tags/" + kGithubToken);
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("(tag ghp_"), std::string::npos) << result.err;
  // git's own lines name the ref; no line of agentops' does.
  for (size_t at = result.err.find(kGithubToken); at != std::string::npos; at = result.err.find(kGithubToken, at + 1)) {
    const size_t line = result.err.rfind('\n', at) + 1;
    EXPECT_NE(result.err.substr(line, 7), "remote:") << result.err;
  }
  client.install_hooks();
  result = client.run("git push origin HEAD:refs/heads/" + kGithubToken);
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("(name of a pushed ref):1 [secret.github-token]"), std::string::npos) << result.err;
}

TEST_F(PushAttack, ARefNamedWithASecretCanBeDeleted) {
  const std::string ref = "refs/heads/" + kGithubToken;
  remote.run("git update-ref " + ref + " main");
  const CommandResult result = push(":" + ref);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(remote_ref(ref), "");
}

// --- The policy branch cannot be taken away -------------------------------------

const std::string kNoTodoPolicy =
    "version = 1\nextends = [\"baseline\"]\n[[content]]\nid = \"no-todo\"\nregex = 'TO[D]O'\nseverity = \"block\"\n";

// Whatever its name, the branch whose policy judges the push is protected as
// main is: deleting or rewinding it would let the next push meet a weaker one.
TEST_F(PushAttack, ThePolicyBranchIsNeitherDeletedNorRewoundWhateverItsName) {
  client.git("switch -q -c policy");
  client.commit_file(".agentops/policy.toml", kNoTodoPolicy, "chore: policy\n\nHuman-Approved-by: Lead <lead@example.com>");
  ASSERT_EQ(push("policy").exit_code, 0);
  remote.git("config agentops.policyRef policy");
  const std::string strict = remote_ref("refs/heads/policy");
  CommandResult result = push("--force HEAD~1:refs/heads/policy");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("branch.force-push"), std::string::npos) << result.err;
  result = push(":refs/heads/policy");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("branch.delete"), std::string::npos) << result.err;
  EXPECT_EQ(remote_ref("refs/heads/policy"), strict);
  // The server's HEAD names the policy branch when no policyRef is configured.
  remote.git("config --unset agentops.policyRef");
  remote.git("symbolic-ref HEAD refs/heads/policy");
  result = push(":refs/heads/policy");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("branch.delete"), std::string::npos) << result.err;
  EXPECT_EQ(remote_ref("refs/heads/policy"), strict);
  // Moving it forward is a change like any other.
  client.commit_file("notes.md", "done\n", "docs: notes");
  result = push("policy");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  // Another branch is still deleted freely.
  ASSERT_EQ(push("HEAD:refs/heads/topic").exit_code, 0);
  EXPECT_EQ(push(":refs/heads/topic").exit_code, 0);
}

// `git init --bare` names master where the project pushes main: main's policy
// judges, until a push creates master. A master that does not hold main's
// history (an orphan with no policy: the baseline) would judge every push
// after it.
TEST_F(PushAttack, ABranchThatWouldBecomeThePolicyBranchMustHoldItsHistory) {
  GitSandbox server(false);
  server.run("git -c init.defaultBranch=master init -q --bare .");
  ASSERT_EQ(server.run(quote(bin("agentops-install")) + " --repo .").exit_code, 0);
  client.commit_file(".agentops/policy.toml", kNoTodoPolicy, "chore: policy\n\nHuman-Approved-by: Lead <lead@example.com>");
  client.git("remote add server " + quote(server.root()));
  ASSERT_EQ(client.run("git push --no-verify server main").exit_code, 0);
  client.git("switch -q --orphan master");
  client.commit_file("notes.md", "clean\n", "docs: notes");
  CommandResult result = client.run("git push --no-verify server master");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("branch.force-push"), std::string::npos) << result.err;
  client.commit_file("notes.py", "# TODO: later\n", "feat: add notes");
  result = client.run("git push --no-verify server master:refs/heads/other");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("content.no-todo"), std::string::npos) << result.err;
  // A master that carries main's history on is a change main's policy judged.
  client.git("switch -q main");
  client.commit_file("more.md", "more\n", "docs: more");
  result = client.run("git push --no-verify server main:master");
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

// A server whose only branch holds the policy (HEAD names a branch that does
// not exist, and there is no main or master): a second branch would leave
// the rule with no policy branch, and the next push with the baseline.
TEST_F(PushAttack, ASecondBranchDoesNotDropTheOnlyBranchsPolicy) {
  GitSandbox server(false);
  server.run("git -c init.defaultBranch=trunk init -q --bare .");
  ASSERT_EQ(server.run(quote(bin("agentops-install")) + " --repo .").exit_code, 0);
  client.commit_file(".agentops/policy.toml", kNoTodoPolicy, "chore: policy\n\nHuman-Approved-by: Lead <lead@example.com>");
  client.git("remote add server " + quote(server.root()));
  ASSERT_EQ(client.run("git push --no-verify server main:dev").exit_code, 0);
  CommandResult result = client.run("git push --no-verify server main:topic");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("agentops.policyRef"), std::string::npos) << result.err;
  client.commit_file("notes.py", "# TODO: later\n", "feat: add notes");
  result = client.run("git push --no-verify server main:topic2");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("content.no-todo"), std::string::npos) << result.err;
  // Named in the server's configuration, the policy branch stays put.
  server.git("config agentops.policyRef dev");
  client.git("reset -q --hard HEAD~1");
  result = client.run("git push --no-verify server main:topic");
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

// --- pre-push: what a remote read through git's transport has -----------------

// A fetch refspec that maps the remote's branches onto this clone's own
// (+refs/heads/*:refs/heads/*) makes every local branch look like a
// tracking ref: work never pushed would pass for the remote's. Through a
// transport pre-push cannot open (ext::), only refs/remotes/ vouch.
TEST_F(PushAttack, PrePushTrustsNoLocalBranchAsARemoteTrackingRef) {
  client.install_hooks();
  client.git("config protocol.ext.allow always");
  client.git("remote add mirror " + quote("ext::git-receive-pack " + remote.root()));
  client.git("config remote.mirror.fetch +refs/heads/*:refs/heads/*");
  client.git("switch -q -c work");
  client.write("deploy.sh", "export GH_TOKEN=" + kGithubToken + "\n");
  client.git("add deploy.sh");
  client.git("commit --no-verify -qm 'feat: add deploy script'");
  CommandResult result = client.run("git push mirror work");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("pre-push blocked"), std::string::npos) << result.err;
  EXPECT_EQ(remote_ref("refs/heads/work"), "");
  client.git("reset -q --hard HEAD~1");
  client.commit_file("notes.md", "fine\n", "docs: notes");
  result = client.run("git push mirror work");
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

// --- A repository with a work tree that takes pushes is a server too ---------

TEST_F(PushAttack, ANonBareRepositoryThatTakesPushesGetsThePreReceiveHook) {
  GitSandbox server;
  server.commit_file("README.md", "# served\n");
  server.git("config receive.denyCurrentBranch updateInstead");
  const CommandResult installed = server.run(quote(bin("agentops-install")) + " --repo .");
  ASSERT_EQ(installed.exit_code, 0) << installed.err;
  EXPECT_NE(installed.out.find("pre-receive"), std::string::npos) << installed.out;
  client.git("remote add served " + quote(server.root()));
  client.git("fetch -q served");
  client.git("switch -q -c work served/main");
  client.commit_file("deploy.sh", "export GH_TOKEN=" + kGithubToken + "\n", "feat: add deploy script");
  CommandResult result = client.run("git push --no-verify served work:main");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("secret.github-token"), std::string::npos) << result.err;
  client.git("reset -q --hard HEAD~1");
  client.commit_file("notes.md", "fine\n", "docs: notes");
  result = client.run("git push --no-verify served work:main");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(trimmed(server.run("cat notes.md").out), "fine") << "updateInstead checked the push out";
}

TEST_F(PushAttack, AnOrdinaryCloneGetsNoPreReceiveHook) {
  const CommandResult installed = client.run(quote(bin("agentops-install")) + " --repo .");
  ASSERT_EQ(installed.exit_code, 0) << installed.err;
  EXPECT_EQ(installed.out.find("pre-receive"), std::string::npos) << installed.out;
}

}  // namespace
}  // namespace agentops
