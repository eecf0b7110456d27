// split_signed_commit against git itself: git verify-commit hands its SSH
// program the signature (a file) and the payload (stdin); a stand-in program
// records both, and agentops' split of the same raw commit must match them
// byte for byte, for commits git writes and for headers git reads leniently.
#include "approval/commit_signature.h"

#include <gtest/gtest.h>

#include <string>

#include "git_sandbox.h"

namespace agentops::approval {
namespace {

using testing::GitSandbox;
using testing::quote;

constexpr const char* kEmptyTree = "4b825dc642cb6eb9a060e54bf8d69288fbbcf04e";

class CommitSignatureSplit : public ::testing::Test {
 protected:
  void SetUp() override {
    // Records what git passes; refuses find-principals, so git goes on to
    // check-novalidate with the payload on stdin.
    repo.write("record-ssh.sh",
               "#!/bin/sh\n"
               "prev=\nfor a; do [ \"$prev\" = -s ] && sig=$a; prev=$a; done\n"
               "[ \"$2\" = find-principals ] && exit 1\n"
               "cat > " + quote(repo.path("seen-payload")) + "\n"
               "cp \"$sig\" " + quote(repo.path("seen-signature")) + "\n"
               "exit 1\n");
    repo.run("chmod +x record-ssh.sh && : > allowed");
  }

  // Stores `raw` as a commit (as git would receive it) and returns its id.
  std::string store(const std::string& raw) const {
    repo.write("raw-commit", raw);
    const auto stored = repo.run("git hash-object --literally -t commit -w raw-commit");
    EXPECT_EQ(stored.exit_code, 0) << stored.err;
    return stored.out.substr(0, stored.out.find('\n'));
  }

  // What git verify-commit gave its SSH program for `id`: {signature, payload}.
  SignedCommit git_split(const std::string& id) const {
    repo.run("rm -f seen-payload seen-signature");
    repo.run("git -c gpg.ssh.program=" + quote(repo.path("record-ssh.sh")) + " -c gpg.ssh.allowedSignersFile=" +
             quote(repo.path("allowed")) + " verify-commit " + id);
    return SignedCommit{repo.run("cat seen-signature").out, repo.run("cat seen-payload").out};
  }

  void expect_split_as_git(const std::string& raw) const {
    const std::string id = store(raw);
    const SignedCommit from_git = git_split(id);
    ASSERT_FALSE(from_git.signature.empty()) << "git saw no signature in\n" << raw;
    const auto ours = split_signed_commit(repo.run("git cat-file commit " + id).out);
    ASSERT_TRUE(ours.has_value());
    EXPECT_EQ(ours->signature, from_git.signature);
    EXPECT_EQ(ours->payload, from_git.payload);
  }

  GitSandbox repo;
};

const std::string kSignature =
    "gpgsig -----BEGIN SSH SIGNATURE-----\n"
    " U1NIU0lHAAAAAQAAADMAAAALc3NoLWVkMjU1MTkAAAAg\n"
    " \n"
    " -----END SSH SIGNATURE-----\n";

TEST_F(CommitSignatureSplit, MatchesGitForACommitGitSigned) {
  const auto made = repo.run("ssh-keygen -t ed25519 -N '' -C k -f key -q");
  ASSERT_EQ(made.exit_code, 0) << made.err;
  repo.commit_file("a.txt", "a\n", "feat: first");
  repo.git("-c gpg.format=ssh -c user.signingkey=" + quote(repo.path("key")) +
           " commit -q --allow-empty --no-verify -S -m 'feat: signed' -m 'gpgsig in the body is message'");
  const std::string id = repo.git("rev-parse HEAD").substr(0, 40);
  const SignedCommit from_git = git_split(id);
  const auto ours = split_signed_commit(repo.run("git cat-file commit HEAD").out);
  ASSERT_TRUE(ours.has_value());
  EXPECT_EQ(ours->signature, from_git.signature);
  EXPECT_EQ(ours->payload, from_git.payload);
  EXPECT_TRUE(ours->signature.starts_with("-----BEGIN SSH SIGNATURE-----\n"));
}

TEST_F(CommitSignatureSplit, LeavesTheOtherHashsSignatureOutOfBoth) {
  expect_split_as_git(std::string("tree ") + kEmptyTree + "\nauthor A <a@x> 1700000000 +0000\n" +
                      "committer A <a@x> 1700000000 +0000\n" + kSignature +
                      "gpgsig-sha256 -----BEGIN PGP SIGNATURE-----\n abc\n -----END PGP SIGNATURE-----\n"
                      "encoding UTF-8\n\nfeat: x\n");
  expect_split_as_git(std::string("tree ") + kEmptyTree + "\nauthor A <a@x> 1700000000 +0000\n" +
                      "gpgsig-sha256 -----BEGIN PGP SIGNATURE-----\n abc\n -----END PGP SIGNATURE-----\n" +
                      kSignature + "committer A <a@x> 1700000000 +0000\n\nfeat: x\n");
}

TEST_F(CommitSignatureSplit, ReadsNoSignatureInTheMessage) {
  expect_split_as_git(std::string("tree ") + kEmptyTree + "\nauthor A <a@x> 1700000000 +0000\n" +
                      "committer A <a@x> 1700000000 +0000\n" + kSignature +
                      "\nfeat: x\n\ngpgsig -----BEGIN SSH SIGNATURE-----\n more\n");
}

TEST_F(CommitSignatureSplit, ReadsCommitsLibgit2Refuses) {
  // An author with no email: git stores it and verifies its signature; libgit2 cannot parse it.
  expect_split_as_git(std::string("tree ") + kEmptyTree + "\nauthor Nobody 1700000000 +0000\n" +
                      "committer C <c@x> 1700000000 +0000\n" + kSignature + "\nfeat: x\n");
}

TEST_F(CommitSignatureSplit, AnUnsignedCommitHasNoSignature) {
  EXPECT_FALSE(split_signed_commit(std::string("tree ") + kEmptyTree +
                                   "\nauthor A <a@x> 1 +0000\ncommitter A <a@x> 1 +0000\n\ngpgsig in message\n"));
  EXPECT_FALSE(split_signed_commit(std::string("tree ") + kEmptyTree +
                                   "\ngpgsig-sha256 -----BEGIN PGP SIGNATURE-----\n x\n\nfeat: x\n"));
}

}  // namespace
}  // namespace agentops::approval
