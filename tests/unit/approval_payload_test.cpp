// The approval payload (format v1): what a signed approval covers.
#include <gtest/gtest.h>

#include <sstream>

#include "agentops/change.h"
#include "agentops/policy.h"
#include "approval/payload.h"
#include "git_sandbox.h"

namespace agentops {
namespace {

using approval::approval_payload;
using approval::PayloadScope;
using testing::GitSandbox;

std::array<unsigned char, 20> blob_id(unsigned char fill) {
  std::array<unsigned char, 20> id{};
  id.fill(fill);
  return id;
}

// A changed file as the change readers give it: what it held before (the
// blob of 0xee bytes, mode 100644) unless it was added.
ChangedFile file(const std::string& path, FileStatus status, unsigned char blob = 0xab,
                 std::uint32_t mode = 0100644, const std::string& old_path = "") {
  ChangedFile changed;
  changed.path = path;
  changed.old_path = old_path.empty() ? path : old_path;
  changed.status = status;
  changed.mode = status == FileStatus::deleted ? 0 : mode;
  if (status != FileStatus::deleted) changed.new_blob = blob_id(blob);
  if (status != FileStatus::added) {
    changed.old_mode = 0100644;
    changed.old_blob = blob_id(0xee);
  }
  return changed;
}

std::string hex_of(unsigned char fill) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string text;
  for (int i = 0; i < 20; ++i) text += std::string{kDigits[fill >> 4], kDigits[fill & 0xf]};
  return text;
}

// The line states: what a path held before, and after.
const std::string kAbsent = "absent -> ";
std::string before() { return "100644 " + hex_of(0xee) + " -> "; }
std::string deleted() { return before() + "deleted"; }

Policy protecting(std::vector<std::string> globs) {
  Policy policy;
  policy.paths.protected_paths = std::move(globs);
  return policy;
}

TEST(ApprovalPayload, ListsOnlyTheProtectedPathsWhenTheChangeTouchesOne) {
  Change change;
  change.files = {file("src/main.cpp", FileStatus::modified, 0x11),
                  file(".github/workflows/ci.yml", FileStatus::modified, 0x22),
                  file(".agentops/policy.toml", FileStatus::added, 0x33)};
  EXPECT_EQ(approval_payload(change, protecting({".github/workflows/**"})),
            "agentops-approval v1\n"
            "scope protected\n" +
                kAbsent + "100644 " + hex_of(0x33) + "\t.agentops/policy.toml\n" + before() + "100644 " +
                hex_of(0x22) + "\t.github/workflows/ci.yml\n");
}

TEST(ApprovalPayload, TheWholeChangeScopeListsEveryPathEvenWithAProtectedOne) {
  Change change;
  change.files = {file("src/main.cpp", FileStatus::modified, 0x11),
                  file(".github/workflows/ci.yml", FileStatus::modified, 0x22)};
  EXPECT_EQ(approval_payload(change, protecting({".github/workflows/**"}), PayloadScope::change),
            "agentops-approval v1\nscope change\n" + before() + "100644 " + hex_of(0x22) +
                "\t.github/workflows/ci.yml\n" + before() + "100644 " + hex_of(0x11) + "\tsrc/main.cpp\n");
}

TEST(ApprovalPayload, WhatAPathHeldBeforeIsPartOfWhatIsApproved) {
  // The same new content reached from another state is another change: an
  // old approval of v1 does not approve a later revert to v1.
  Change from_v0, from_v2;
  from_v0.files = {file(".agentops/policy.toml", FileStatus::modified, 0x01)};
  from_v2.files = from_v0.files;
  from_v2.files[0].old_blob = blob_id(0x02);
  EXPECT_NE(approval_payload(from_v0, Policy{}), approval_payload(from_v2, Policy{}));
  Change mode_only = from_v0;
  mode_only.files[0].old_mode = 0100755;
  EXPECT_NE(approval_payload(from_v0, Policy{}), approval_payload(mode_only, Policy{}));
}

TEST(ApprovalPayload, SortsPathsByTheirBytes) {
  Change change;
  change.files = {file("b", FileStatus::added, 1), file("B", FileStatus::added, 2), file("a/b", FileStatus::added, 3),
                  file("a.b", FileStatus::added, 4), file("\xc3\xa9", FileStatus::added, 5)};
  EXPECT_EQ(approval_payload(change, Policy{}),
            "agentops-approval v1\nscope change\n" + kAbsent + "100644 " + hex_of(2) + "\tB\n" + kAbsent + "100644 " +
                hex_of(4) + "\ta.b\n" + kAbsent + "100644 " + hex_of(3) + "\ta/b\n" + kAbsent + "100644 " +
                hex_of(1) + "\tb\n" + kAbsent + "100644 " + hex_of(5) + "\t\xc3\xa9\n");
}

TEST(ApprovalPayload, ListsEveryPathWithScopeChangeWhenNoneIsProtected) {
  Change change;
  change.files = {file("src/a.cpp", FileStatus::modified, 0x01), file("old.txt", FileStatus::deleted),
                  file("bin/tool", FileStatus::added, 0x02, 0100755), file("link", FileStatus::added, 0x03, 0120000)};
  EXPECT_EQ(approval_payload(change, protecting({"docs/**"})),
            "agentops-approval v1\nscope change\n" + kAbsent + "100755 " + hex_of(2) + "\tbin/tool\n" + kAbsent +
                "120000 " + hex_of(3) + "\tlink\n" + deleted() + "\told.txt\n" + before() + "100644 " + hex_of(1) +
                "\tsrc/a.cpp\n");
}

TEST(ApprovalPayload, AnEmptyChangeHasScopeChangeAndNoPaths) {
  EXPECT_EQ(approval_payload(Change{}, Policy{}), "agentops-approval v1\nscope change\n");
}

TEST(ApprovalPayload, ADeletedProtectedFileIsListedAsDeleted) {
  Change change;
  change.files = {file(".agentops/allowed_signers", FileStatus::deleted), file("README", FileStatus::modified)};
  EXPECT_EQ(approval_payload(change, Policy{}),
            "agentops-approval v1\nscope protected\n" + deleted() + "\t.agentops/allowed_signers\n");
}

TEST(ApprovalPayload, ARenameOutOfAProtectedPathListsTheOldPathAsDeleted) {
  Change change;
  change.files = {file("ci.yml", FileStatus::renamed, 0x44, 0100644, ".github/workflows/ci.yml")};
  EXPECT_EQ(approval_payload(change, protecting({".github/**"})),
            "agentops-approval v1\nscope protected\n" + deleted() + "\t.github/workflows/ci.yml\n");
}

TEST(ApprovalPayload, ARenameIsTheSameAsADeletionAndAnAddition) {
  Policy policy = protecting({"secure/**"});
  Change renamed, paired;
  renamed.files = {file("secure/b", FileStatus::renamed, 0x55, 0100644, "secure/a")};
  paired.files = {file("secure/a", FileStatus::deleted), file("secure/b", FileStatus::added, 0x55)};
  EXPECT_EQ(approval_payload(renamed, policy), approval_payload(paired, policy));
  EXPECT_EQ(approval_payload(renamed, policy), "agentops-approval v1\nscope protected\n" + deleted() +
                                                   "\tsecure/a\n" + kAbsent + "100644 " + hex_of(0x55) +
                                                   "\tsecure/b\n");
  // Outside protected paths too (scope change lists both sides).
  EXPECT_EQ(approval_payload(renamed, Policy{}), approval_payload(paired, Policy{}));
}

TEST(ApprovalPayload, APathWrittenAfterItsFileMovedAwayIsWrittenNotDeleted) {
  Change change;
  change.files = {file("b", FileStatus::renamed, 0x66, 0100644, "a"), file("a", FileStatus::added, 0x77)};
  EXPECT_EQ(approval_payload(change, Policy{}), "agentops-approval v1\nscope change\n" + kAbsent + "100644 " +
                                                    hex_of(0x77) + "\ta\n" + kAbsent + "100644 " + hex_of(0x66) +
                                                    "\tb\n");
}

TEST(ApprovalPayload, ExceptionEntriesOfProtectedGlobsAreHonoured) {
  Change change;
  change.files = {file("docs/api/x.md", FileStatus::modified, 0x01), file("docs/guide.md", FileStatus::modified, 0x02)};
  EXPECT_EQ(approval_payload(change, protecting({"docs/**", "!docs/api/**"})),
            "agentops-approval v1\nscope protected\n" + before() + "100644 " + hex_of(0x02) + "\tdocs/guide.md\n");
}

TEST(ApprovalPayload, QuotesOddPathsAsGitDoes) {
  Change change;
  change.files = {file("a\"b", FileStatus::added, 1), file("back\\slash", FileStatus::added, 2),
                  file("tab\there", FileStatus::added, 3), file(std::string("ctl\x01\x7f", 5), FileStatus::deleted)};
  EXPECT_EQ(approval_payload(change, Policy{}),
            "agentops-approval v1\nscope change\n" + kAbsent + "100644 " + hex_of(1) + "\t\"a\\\"b\"\n" + kAbsent +
                "100644 " + hex_of(2) + "\t\"back\\\\slash\"\n" + deleted() + "\t\"ctl\\001\\177\"\n" + kAbsent +
                "100644 " + hex_of(3) + "\t\"tab\\there\"\n");
}

// git is the oracle: `git ls-files -s` with core.quotePath=false lists the
// same modes, blob ids, order and quoting the payload of a first commit holds.
TEST(ApprovalPayload, MatchesGitsOwnListingOfTheStagedFiles) {
  GitSandbox sandbox;
  const std::vector<std::string> names = {"plain.txt", "tab\tname", "quote\"name", "back\\slash", "new\nline",
                                          std::string("bell\x07\x01", 6), "del\x7f", "caf\xc3\xa9", "Upper",
                                          "dir/file", "dir.x", "sp ace"};
  for (size_t i = 0; i < names.size(); ++i) sandbox.write(names[i], "content " + std::to_string(i) + "\n");
  sandbox.run("chmod +x plain.txt");
  sandbox.git("add -A");
  auto repo = git::open_repository(git::OpenOptions{sandbox.root(), false});
  ASSERT_TRUE(repo.ok()) << repo.error().message;
  auto index = repo->index();
  ASSERT_TRUE(index.ok()) << index.error().message;
  auto change = read_staged_change(*repo, index->get(), ChangeOptions{});
  ASSERT_TRUE(change.ok()) << change.error().message;

  std::string expected = "agentops-approval v1\nscope change\n";
  std::istringstream listing(sandbox.git("-c core.quotePath=false ls-files -s"));
  for (std::string line; std::getline(listing, line);) {
    // "<mode> <blob> <stage>\t<path>" -> "absent -> <mode> <blob>\t<path>"
    const size_t tab = line.find('\t');
    const size_t stage = line.rfind(' ', tab);
    expected += "absent -> " + line.substr(0, stage) + line.substr(tab) + "\n";
  }
  EXPECT_EQ(approval_payload(*change, Policy{}), expected);
}

}  // namespace
}  // namespace agentops
