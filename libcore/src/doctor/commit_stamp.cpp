// The tree agentops' pre-commit allowed, left for post-commit so it can tell a
// commit pre-commit never judged. Never changes a decision.
#include <git2.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "agentops/doctor.h"

namespace agentops {
namespace fs = std::filesystem;
namespace {

std::string allowed_tree_path(const git::Repository& repo) {
  return (fs::path(repo.git_dir()) / "agentops" / "pre-commit-allowed").string();
}

}  // namespace

void record_allowed_tree(const git::Repository& repo) {
  auto index = repo.index();
  if (!index) return;
  git_oid tree{};
  if (git_index_write_tree_to(&tree, index->get(), repo.get()) != 0) {
    git_error_clear();
    return;
  }
  char hex[GIT_OID_HEXSZ + 1] = {};
  git_oid_tostr(hex, sizeof hex, &tree);
  std::error_code ec;
  const fs::path path = allowed_tree_path(repo);
  fs::create_directories(path.parent_path(), ec);
  const std::string temporary = path.string() + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << hex << "\n";
    if (!out.flush()) return;
  }
  std::rename(temporary.c_str(), path.c_str());
}

std::string unchecked_commit_warning(const git::Repository& repo) {
  const fs::path git_dir = repo.git_dir();
  std::error_code ec;
  // Replaying commits (rebase, cherry-pick, revert) runs post-commit without pre-commit.
  for (const char* replay : {"rebase-merge", "rebase-apply", "sequencer", "CHERRY_PICK_HEAD", "REVERT_HEAD"})
    if (fs::exists(git_dir / replay, ec)) return "";
  const std::string path = allowed_tree_path(repo);
  std::string allowed;
  {
    std::ifstream in(path);
    std::getline(in, allowed);
  }
  fs::remove(path, ec);  // one stamp, one commit: an amend --no-verify after it is caught too
  auto head = git::lookup_commit(repo, "HEAD");
  if (!head) return "";
  char hex[GIT_OID_HEXSZ + 1] = {};
  git_oid_tostr(hex, sizeof hex, git_commit_tree_id(head->get()));
  if (allowed == hex) return "";
  char commit_hex[8] = {};
  git_oid_tostr(commit_hex, sizeof commit_hex, git_commit_id(head->get()));
  return std::string("agentops: warning: commit ") + commit_hex +
         " was not checked by agentops' pre-commit (" +
         (allowed.empty() ? "it did not run: git commit --no-verify, or a hook manager replaced agentops' hook"
                          : "it last allowed a different tree: git commit --no-verify, or another hook changed the index after agentops ran") +
         "); pre-push and CI will re-check it; run `agentops doctor`\n";
}

}  // namespace agentops
