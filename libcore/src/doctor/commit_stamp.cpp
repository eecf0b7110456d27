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

// HEAD's newest reflog entry, when it is the one that made `commit_hex`.
struct HeadEntry {
  bool found = false;
  std::string previous;  // HEAD before the commit (zeros for an initial commit)
  std::string message;   // "commit: ...", "commit (amend): ...", "revert: ...", ...
};

HeadEntry newest_head_entry(const fs::path& git_dir, const std::string& commit_hex) {
  std::ifstream in(git_dir / "logs" / "HEAD");
  std::string line, last;
  while (std::getline(in, line))
    if (!line.empty()) last = line;
  HeadEntry entry;
  const size_t tab = last.find('\t');
  const size_t space = last.find(' ');
  if (tab == std::string::npos || space == std::string::npos || last.compare(space + 1, commit_hex.size(), commit_hex) != 0)
    return entry;
  entry.found = true;
  entry.previous = last.substr(0, space);
  entry.message = last.substr(tab + 1);
  return entry;
}

std::string head_id(const git::Repository& repo) {
  git_oid id{};
  if (git_reference_name_to_id(&id, repo.get(), "HEAD") != 0) {
    git_error_clear();
    return std::string(GIT_OID_HEXSZ, '0');  // unborn: git logs an initial commit from zeros
  }
  char hex[GIT_OID_HEXSZ + 1] = {};
  git_oid_tostr(hex, sizeof hex, &id);
  return hex;
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
    // HEAD too: git merge runs this hook as pre-merge-commit but no post-commit,
    // and its stamp must not vouch for a later commit of the same tree.
    out << hex << " " << head_id(repo) << "\n";
    if (!out.flush()) return;
  }
  std::rename(temporary.c_str(), path.c_str());
}

void forget_allowed_tree(const git::Repository& repo) {
  std::error_code ignored;
  fs::remove(allowed_tree_path(repo), ignored);
}

std::string unchecked_commit_warning(const git::Repository& repo) {
  const fs::path git_dir = repo.git_dir();
  std::error_code ec;
  // Replaying commits (rebase, cherry-pick, revert) runs post-commit without pre-commit.
  for (const char* replay : {"rebase-merge", "rebase-apply", "sequencer", "CHERRY_PICK_HEAD", "REVERT_HEAD"})
    if (fs::exists(git_dir / replay, ec)) return "";
  const std::string path = allowed_tree_path(repo);
  std::string allowed_tree, allowed_head;
  {
    std::ifstream in(path);
    in >> allowed_tree >> allowed_head;
  }
  fs::remove(path, ec);  // one stamp, one commit: an amend --no-verify after it is caught too
  auto head = git::lookup_commit(repo, "HEAD");
  if (!head) return "";
  char head_hex[GIT_OID_HEXSZ + 1] = {};
  git_oid_tostr(head_hex, sizeof head_hex, git_commit_id(head->get()));
  // git's replays (revert, cherry-pick, rebase, pull --rebase) run post-commit
  // but never pre-commit, and log their own name where `git commit` logs "commit".
  const HeadEntry entry = newest_head_entry(git_dir, head_hex);
  for (const char* replay : {"revert", "cherry-pick", "rebase", "pull"})
    if (entry.found && entry.message.starts_with(replay)) return "";
  char hex[GIT_OID_HEXSZ + 1] = {};
  git_oid_tostr(hex, sizeof hex, git_commit_tree_id(head->get()));
  const bool same_start = !entry.found || entry.previous == allowed_head;
  if (allowed_tree == hex && same_start) return "";
  const bool allowed = !allowed_tree.empty();
  char commit_hex[8] = {};
  git_oid_tostr(commit_hex, sizeof commit_hex, git_commit_id(head->get()));
  return std::string("agentops: warning: commit ") + commit_hex +
         " was not checked by agentops' pre-commit (" +
         (!allowed ? "it did not run: git commit --no-verify, or a hook manager replaced agentops' hook"
                          : "it last allowed a different tree or another commit: git commit --no-verify, or another hook changed the index after agentops ran") +
         "); pre-push and CI will re-check it; run `agentops doctor`\n";
}

}  // namespace agentops
