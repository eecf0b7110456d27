// Reading commits and tags as leniently as git does, and compared with git
// itself where git decides (git/raw_objects.h).
#include <gtest/gtest.h>

#include <cctype>

#include "git/raw_objects.h"
#include "git_sandbox.h"

namespace agentops::git {
namespace {

using testing::GitSandbox;

const std::string kTree = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
const std::string kParent = "1111111111111111111111111111111111111111";

TEST(RawCommit, ReadsTreeParentsIdentsAndMessage) {
  auto commit = parse_raw_commit("tree " + kTree + "\nparent " + kParent +
                                 "\nauthor A U Thor <a@example.com> 1700000000 +0100\n"
                                 "committer C O Mitter <c@example.com> 1700000000 +0100\n\nsubject\n\nbody\n");
  ASSERT_TRUE(commit.ok()) << commit.error().message;
  EXPECT_EQ(hex_of(commit->tree), kTree);
  ASSERT_EQ(commit->parents.size(), 1u);
  EXPECT_EQ(hex_of(commit->parents[0]), kParent);
  EXPECT_EQ(commit->author, "A U Thor <a@example.com>");
  EXPECT_EQ(commit->committer, "C O Mitter <c@example.com>");
  EXPECT_EQ(commit->message, "subject\n\nbody\n");
}

TEST(RawCommit, AcceptsWhatOnlyFsckRefuses) {
  // No author, no committer.
  auto bare = parse_raw_commit("tree " + kTree + "\n\nmessage\n");
  ASSERT_TRUE(bare.ok());
  EXPECT_EQ(bare->committer, "");
  EXPECT_EQ(bare->message, "message\n");
  // An ident without an email, an overflowing timestamp.
  auto odd = parse_raw_commit("tree " + kTree + "\nauthor Nobody 1700000000 +0000\n"
                              "committer C <c@example.com> 99999999999999999999999 +0000\n\nm\n");
  ASSERT_TRUE(odd.ok());
  EXPECT_EQ(odd->author, "Nobody");
  EXPECT_EQ(odd->committer, "C <c@example.com>");
}

TEST(RawCommit, SkipsMultiLineHeadersAndLeadingBlankLines) {
  auto commit = parse_raw_commit("tree " + kTree + "\ncommitter C <c@example.com> 1 +0000\n"
                                 "gpgsig -----BEGIN PGP SIGNATURE-----\n committer X <x@example.com>\n -----END-----\n"
                                 "\n\n\nsubject\n");
  ASSERT_TRUE(commit.ok());
  EXPECT_EQ(commit->committer, "C <c@example.com>");
  EXPECT_EQ(commit->message, "subject\n");
}

TEST(RawCommit, ReadsUpperCaseIdsAsGitDoes) {
  std::string upper = kTree;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  auto commit = parse_raw_commit("tree " + upper + "\n\nm\n");
  ASSERT_TRUE(commit.ok());
  EXPECT_EQ(hex_of(commit->tree), kTree);
}

TEST(RawCommit, RefusesWhatGitCannotUse) {
  EXPECT_FALSE(parse_raw_commit("author A <a@example.com> 1 +0000\n\nno tree\n").ok());
  EXPECT_FALSE(parse_raw_commit("tree nothex\n\nm\n").ok());
  EXPECT_FALSE(parse_raw_commit("tree " + kTree + "\nparent 1234\n\nm\n").ok());
}

TEST(RawTag, ReadsTargetNameAndMessageWhateverTheTaggerLine) {
  auto tag = parse_raw_tag("object " + kParent + "\ntype commit\ntag v1\ntagger no email 12\n\nrelease notes\n");
  ASSERT_TRUE(tag.ok()) << tag.error().message;
  EXPECT_EQ(hex_of(tag->target), kParent);
  EXPECT_EQ(tag->name, "v1");
  EXPECT_EQ(tag->message, "release notes\n");
  EXPECT_FALSE(parse_raw_tag("type commit\ntag v1\n\nm\n").ok());
}

TEST(RawCommit, ReadsWhatGitWroteAsGitShowsIt) {
  GitSandbox sandbox;
  sandbox.commit_file("a.txt", "a\n", "feat: add a\n\nwith a body");
  auto repo = open_repository(OpenOptions{sandbox.root(), false});
  ASSERT_TRUE(repo.ok());
  const std::string head = sandbox.git("rev-parse HEAD").substr(0, 40);
  git_oid id;
  ASSERT_EQ(git_oid_fromstr(&id, head.c_str()), 0);
  auto commit = read_raw_commit(*repo, id);
  ASSERT_TRUE(commit.ok()) << commit.error().message;
  EXPECT_EQ(hex_of(commit->tree), sandbox.git("rev-parse HEAD^{tree}").substr(0, 40));
  EXPECT_EQ(commit->message, sandbox.git("log -1 --format=%B HEAD").substr(0, commit->message.size()));
  EXPECT_EQ(commit->committer, sandbox.git("log -1 --format='%cn <%ce>' HEAD").substr(0, commit->committer.size()));
  EXPECT_FALSE(read_raw_tag(*repo, id).ok()) << "a commit is not a tag";
}

}  // namespace
}  // namespace agentops::git
