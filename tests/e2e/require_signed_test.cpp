// [branches] require_signed verifies signatures, at every layer that judges
// commits already made: `agentops check --range`, pre-push, and the server's
// pre-receive. Real git signs with real keys made in temporary directories:
// ed25519 SSH keys (gpg.format = ssh) checked against the base side's
// .agentops/allowed_signers, and OpenPGP keys from a private GNUPGHOME checked
// against the keyring [branches] gpg_keyring names.
#include <gtest/gtest.h>

#include <string>

#include "git_sandbox.h"

namespace agentops {
namespace {

using testing::bin;
using testing::CommandResult;
using testing::GitSandbox;
using testing::quote;

constexpr const char* kPolicy = "version = 1\n[branches]\nrequire_signed = true\n";

class RequireSigned : public ::testing::Test {
 protected:
  void SetUp() override {
    remote.run("git init -q --bare -b main .");
    client.git("remote add origin " + quote(remote.root()));
    alice_key = make_key("alice");
    mallory_key = make_key("mallory");
  }

  // An ed25519 key pair in `keys`; the private key's path (git's user.signingkey).
  std::string make_key(const std::string& name) const {
    const std::string path = keys.path(name);
    const CommandResult made = keys.run("ssh-keygen -t ed25519 -N '' -C " + name + " -f " + quote(path) + " -q");
    EXPECT_EQ(made.exit_code, 0) << made.err;
    return path;
  }
  std::string public_key(const std::string& key) const { return keys.run("cat " + quote(key + ".pub")).out; }

  // The base side: the policy and its trust, pushed before any hook exists.
  void publish_base(const std::string& policy, const std::string& allowed_signers) {
    client.write(".agentops/allowed_signers", allowed_signers);
    client.write(".agentops/policy.toml", policy);
    client.git("add .agentops");
    client.git("commit -q --no-verify -m 'chore: policy'");
    client.git("push -q origin main");
    const CommandResult server = remote.run(quote(bin("agentops-install")) + " --repo .");
    ASSERT_EQ(server.exit_code, 0) << server.err;
    client.install_hooks();
  }

  // A commit signed with an SSH key, as git signs it.
  void commit_signed_ssh(const std::string& key, const std::string& file, const std::string& message) const {
    client.write(file, message + "\n");
    client.git("add " + quote(file));
    client.git("-c gpg.format=ssh -c user.signingkey=" + quote(key) + " commit -q --no-verify -S -m " + quote(message));
  }
  void commit_unsigned(const std::string& file, const std::string& message) const {
    client.write(file, message + "\n");
    client.git("add " + quote(file));
    client.git("commit -q --no-verify -m " + quote(message));
  }

  // `agentops check --range` prints its text report on stdout: both streams, as one.
  CommandResult check_range() const {
    CommandResult result = client.run(quote(bin("agentops")) + " check --range origin/main..main");
    result.err = result.out + result.err;
    return result;
  }
  std::string remote_main() const { return remote.run("git rev-parse main").out; }

  // check --range, pre-push and pre-receive each refuse, naming branch.unsigned and `why`.
  void expect_refused_everywhere(const std::string& why) const {
    const CommandResult range = check_range();
    EXPECT_EQ(range.exit_code, 1) << range.out << range.err;
    EXPECT_NE(range.err.find("branch.unsigned"), std::string::npos) << range.err;
    EXPECT_NE(range.err.find(why), std::string::npos) << range.err;
    const std::string before = remote_main();
    const CommandResult pre_push = client.run("git push origin main");
    EXPECT_NE(pre_push.exit_code, 0);
    EXPECT_NE(pre_push.err.find("branch.unsigned"), std::string::npos) << pre_push.err;
    EXPECT_NE(pre_push.err.find(why), std::string::npos) << pre_push.err;
    EXPECT_EQ(pre_push.err.find("pre-receive hook declined"), std::string::npos) << "refused before the server";
    const CommandResult pre_receive = client.run("git push --no-verify origin main");
    EXPECT_NE(pre_receive.exit_code, 0);
    EXPECT_NE(pre_receive.err.find("remote: "), std::string::npos) << pre_receive.err;
    EXPECT_NE(pre_receive.err.find("branch.unsigned"), std::string::npos) << pre_receive.err;
    EXPECT_NE(pre_receive.err.find(why), std::string::npos) << pre_receive.err;
    EXPECT_NE(pre_receive.err.find("pre-receive hook declined"), std::string::npos) << pre_receive.err;
    EXPECT_EQ(remote_main(), before);
  }
  // check --range passes, and a push through both pre-push and pre-receive lands.
  void expect_passes_everywhere() const {
    const CommandResult range = check_range();
    EXPECT_EQ(range.exit_code, 0) << range.out << range.err;
    const CommandResult push = client.run("git push origin main");
    EXPECT_EQ(push.exit_code, 0) << push.err;
    EXPECT_EQ(remote_main(), client.git("rev-parse main"));
  }

  GitSandbox keys{false};
  GitSandbox remote{false};
  GitSandbox client;
  std::string alice_key, mallory_key;
};

TEST_F(RequireSigned, RefusesAnUnsignedCommitAtEveryLayer) {
  publish_base(kPolicy, "alice@example.com " + public_key(alice_key));
  commit_unsigned("a.txt", "feat: unsigned work");
  expect_refused_everywhere("the commit is not signed");
}

TEST_F(RequireSigned, PassesACommitSignedByAnAllowedKeyAtEveryLayer) {
  publish_base(kPolicy, "alice@example.com " + public_key(alice_key));
  commit_signed_ssh(alice_key, "a.txt", "feat: signed by alice");
  // git itself agrees, with the same allowed signers.
  const CommandResult git_verdict = client.run("git -c gpg.ssh.allowedSignersFile=.agentops/allowed_signers verify-commit HEAD");
  ASSERT_EQ(git_verdict.exit_code, 0) << git_verdict.err;
  expect_passes_everywhere();
}

TEST_F(RequireSigned, RefusesACommitSignedByAKeyTheBaseDoesNotList) {
  publish_base(kPolicy, "alice@example.com " + public_key(alice_key));
  commit_signed_ssh(mallory_key, "a.txt", "feat: signed by mallory");
  expect_refused_everywhere("(unknown-key)");
  // The refusal names the key that signed, by its fingerprint.
  const std::string fingerprint = keys.run("ssh-keygen -lf " + quote(mallory_key + ".pub") + " | cut -d' ' -f2").out;
  ASSERT_FALSE(fingerprint.empty());
  EXPECT_NE(check_range().err.find(fingerprint.substr(0, fingerprint.size() - 1)), std::string::npos);
}

TEST_F(RequireSigned, RefusesAKeyListedOnlyForApprovalsNotForCommits) {
  // namespaces= limits the key to agentops approvals: it may not sign commits ("git").
  publish_base(kPolicy, "alice@example.com namespaces=\"agentops-approval@v1\" " + public_key(alice_key));
  commit_signed_ssh(alice_key, "a.txt", "feat: signed by alice");
  const CommandResult git_verdict = client.run("git -c gpg.ssh.allowedSignersFile=.agentops/allowed_signers verify-commit HEAD");
  EXPECT_NE(git_verdict.exit_code, 0) << "git refuses it too";
  expect_refused_everywhere("(unknown-key)");
}

TEST_F(RequireSigned, RefusesATamperedSignatureAsBad) {
  publish_base(kPolicy, "alice@example.com " + public_key(alice_key));
  commit_signed_ssh(alice_key, "a.txt", "feat: signed by alice");
  // The same gpgsig header on another message: what an agent gets by editing a signed commit.
  const CommandResult forged = client.run(
      "git cat-file commit HEAD | sed 's/^feat: signed by alice$/feat: something else/' | "
      "git hash-object -t commit -w --stdin");
  ASSERT_EQ(forged.exit_code, 0) << forged.err;
  const std::string forged_id = forged.out.substr(0, forged.out.find('\n'));
  client.git("update-ref refs/heads/main " + forged_id);
  ASSERT_NE(client.run("git cat-file commit HEAD").out.find("gpgsig -----BEGIN SSH SIGNATURE-----"), std::string::npos);
  EXPECT_NE(client.run("git -c gpg.ssh.allowedSignersFile=.agentops/allowed_signers verify-commit HEAD").exit_code, 0);
  expect_refused_everywhere("(bad)");
}

TEST_F(RequireSigned, AKeyAddedInTheSamePushDoesNotCount) {
  publish_base(kPolicy, "alice@example.com " + public_key(alice_key));
  // Alice's signed commit lists mallory; mallory signs the next one, in the same push.
  client.write(".agentops/allowed_signers",
               "alice@example.com " + public_key(alice_key) + "mallory@example.com " + public_key(mallory_key));
  client.git("add .agentops/allowed_signers");
  client.git("-c gpg.format=ssh -c user.signingkey=" + quote(alice_key) +
             " commit -q --no-verify -S -m 'chore: trust mallory' -m 'Human-Approved-by: Alice <alice@example.com>'");
  const std::string alice_commit = client.git("rev-parse HEAD");
  commit_signed_ssh(mallory_key, "m.txt", "feat: signed by mallory");
  const std::string mallory_commit = client.git("rev-parse HEAD");
  const CommandResult json = client.run(quote(bin("agentops")) + " check --range origin/main..main --format json");
  EXPECT_EQ(json.exit_code, 1) << json.out << json.err;
  // One branch.unsigned finding, on mallory's commit; alice's verifies.
  const size_t finding = json.out.find("\"rule\":\"branch.unsigned\"");
  ASSERT_NE(finding, std::string::npos) << json.out;
  EXPECT_EQ(json.out.find("\"rule\":\"branch.unsigned\"", finding + 1), std::string::npos) << json.out;
  EXPECT_NE(json.out.find(mallory_commit.substr(0, 40)), std::string::npos) << json.out;
  expect_refused_everywhere("(unknown-key)");
  (void)alice_commit;
}

TEST_F(RequireSigned, NoAllowedSignersOnTheBaseTrustsNoKey) {
  // require_signed with no allowed signers file: nothing can verify.
  client.write(".agentops/policy.toml", kPolicy);
  client.git("add .agentops");
  client.git("commit -q --no-verify -m 'chore: policy'");
  client.git("push -q origin main");
  commit_signed_ssh(alice_key, "a.txt", "feat: signed by alice");
  const CommandResult range = check_range();
  EXPECT_EQ(range.exit_code, 1) << range.out << range.err;
  EXPECT_NE(range.err.find("(unknown-key)"), std::string::npos) << range.err;
  EXPECT_NE(range.err.find("allowed signers"), std::string::npos) << range.err;
}

TEST_F(RequireSigned, PreReceiveWithoutSshKeygenRefusesThePush) {
  publish_base(kPolicy, "alice@example.com " + public_key(alice_key));
  commit_signed_ssh(alice_key, "a.txt", "feat: signed by alice");
  // A PATH holding git and the shell the hook needs, and no ssh-keygen: the
  // server cannot verify, so it must not accept.
  const std::string path_dir = keys.path("bin-without-ssh-keygen");
  keys.run("mkdir -p " + quote(path_dir));
  for (const char* tool : {"git", "sh", "cat", "env", "dirname", "basename"}) {
    const std::string found = keys.run(std::string("command -v ") + tool).out;
    if (!found.empty()) keys.run("ln -s " + quote(found.substr(0, found.size() - 1)) + " " + quote(path_dir + "/" + tool));
  }
  ASSERT_NE(keys.run("PATH=" + quote(path_dir) + " command -v ssh-keygen").exit_code, 0);
  const std::string before = remote_main();
  const CommandResult push = client.run("PATH=" + quote(path_dir) + " git push --no-verify origin main");
  EXPECT_NE(push.exit_code, 0) << push.err;
  EXPECT_NE(push.err.find("ssh-keygen"), std::string::npos) << push.err;
  EXPECT_NE(push.err.find("pre-receive hook declined"), std::string::npos) << push.err;
  EXPECT_EQ(remote_main(), before);
  // With ssh-keygen back, the same push is accepted.
  EXPECT_EQ(client.run("git push --no-verify origin main").exit_code, 0);
}

TEST_F(RequireSigned, VerifiesAtTheCommittersDateAsGitDoes) {
  // valid-before bounds the key: a commit made before it verifies, one made after does not (git verify-commit agrees).
  publish_base(kPolicy, "alice@example.com valid-before=\"20200101\" " + public_key(alice_key));
  client.write("a.txt", "old\n");
  client.git("add a.txt");
  client.run("GIT_COMMITTER_DATE='2019-06-01T12:00:00Z' git -c gpg.format=ssh -c user.signingkey=" + quote(alice_key) +
             " commit -q --no-verify -S -m 'feat: made in 2019'");
  const std::string git_says = "git -c gpg.ssh.allowedSignersFile=.agentops/allowed_signers verify-commit HEAD";
  ASSERT_EQ(client.run(git_says).exit_code, 0) << client.run(git_says).err;
  CommandResult range = check_range();
  EXPECT_EQ(range.exit_code, 0) << range.err;
  commit_signed_ssh(alice_key, "b.txt", "feat: made today");
  EXPECT_NE(client.run(git_says).exit_code, 0);
  range = check_range();
  EXPECT_EQ(range.exit_code, 1) << range.err;
  EXPECT_NE(range.err.find("(unknown-key)"), std::string::npos) << range.err;
  EXPECT_NE(range.err.find("expired"), std::string::npos) << range.err;
}

TEST_F(RequireSigned, RefusesSignaturesItCannotVerifyByKind) {
  publish_base(kPolicy, "alice@example.com " + public_key(alice_key));
  const std::string tree = client.git("rev-parse HEAD^{tree}").substr(0, 40);
  const std::string parent = client.git("rev-parse HEAD").substr(0, 40);
  const auto forge = [&](const std::string& armor) {
    client.write("forged-commit", "tree " + tree + "\nparent " + parent +
                                      "\nauthor A <a@example.com> 1700000000 +0000\ncommitter A <a@example.com> "
                                      "1700000000 +0000\ngpgsig " + armor + "\n abc\n -----END-----\n\nfeat: forged\n");
    const std::string id = client.git("hash-object -t commit -w forged-commit").substr(0, 40);
    client.git("update-ref refs/heads/main " + id);
  };
  forge("-----BEGIN SIGNED MESSAGE-----");  // X.509 (gpgsm): nothing to verify it with
  EXPECT_NE(check_range().err.find("(not-configured)"), std::string::npos) << check_range().err;
  forge("-----BEGIN SOMETHING ELSE-----");
  EXPECT_NE(check_range().err.find("(bad)"), std::string::npos) << check_range().err;
}

// OpenPGP: a key made in a private GNUPGHOME, the commit signed by git with
// the default gpg.program, and the public keyring exported into the policy.
class RequireSignedOpenPgp : public RequireSigned {
 protected:
  void SetUp() override {
    RequireSigned::SetUp();
    trusted_home = make_gnupg_home("trusted", "T <t@example.com>");
    other_home = make_gnupg_home("other", "O <o@example.com>");
  }
  void TearDown() override {
    // The agents gpg started for signing, ended by their own home's name.
    for (const auto& home : {trusted_home, other_home})
      if (!home.empty()) keys.run("GNUPGHOME=" + quote(home) + " gpgconf --kill gpg-agent");
  }
  std::string make_gnupg_home(const std::string& name, const std::string& user_id) const {
    const std::string home = keys.path("gpg-" + name);
    keys.run("mkdir -m 700 " + quote(home));
    const CommandResult made = keys.run("GNUPGHOME=" + quote(home) + " gpg --batch --passphrase '' --quick-gen-key " +
                                        quote(user_id) + " ed25519 sign never");
    EXPECT_EQ(made.exit_code, 0) << made.err;
    return home;
  }
  // Signed by the key of `email` in `home` (git's default gpg.program, gpg).
  void commit_signed_gpg(const std::string& home, const std::string& email, const std::string& file,
                         const std::string& message) const {
    client.write(file, message + "\n");
    client.git("add " + quote(file));
    const CommandResult signed_commit = client.run("GNUPGHOME=" + quote(home) + " git -c user.signingkey=" + email +
                                                   " commit -q --no-verify -S -m " + quote(message));
    ASSERT_EQ(signed_commit.exit_code, 0) << signed_commit.err;
  }
  // The base: the trusted key's public keyring at .agentops/trusted.gpg.
  void publish_keyring_base(const std::string& policy) {
    client.run("mkdir -p .agentops && GNUPGHOME=" + quote(trusted_home) + " gpg --export t@example.com > .agentops/trusted.gpg");
    publish_base(policy, "");
  }
  std::string trusted_home, other_home;
};

constexpr const char* kKeyringPolicy =
    "version = 1\n[branches]\nrequire_signed = true\ngpg_keyring = \".agentops/trusted.gpg\"\n";

TEST_F(RequireSignedOpenPgp, PassesACommitSignedByAKeyInThePolicysKeyring) {
  publish_keyring_base(kKeyringPolicy);
  commit_signed_gpg(trusted_home, "t@example.com", "a.txt", "feat: signed with gpg");
  expect_passes_everywhere();
}

TEST_F(RequireSignedOpenPgp, RefusesAnOpenPgpSignatureWithNoKeyringConfigured) {
  publish_keyring_base(kPolicy);
  commit_signed_gpg(trusted_home, "t@example.com", "a.txt", "feat: signed with gpg");
  expect_refused_everywhere("(not-configured)");
}

TEST_F(RequireSignedOpenPgp, RefusesACommitSignedByAnotherOpenPgpKey) {
  publish_keyring_base(kKeyringPolicy);
  commit_signed_gpg(other_home, "o@example.com", "a.txt", "feat: signed with another key");
  expect_refused_everywhere("(unknown-key)");
}

}  // namespace
}  // namespace agentops
