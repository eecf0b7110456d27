// The stamps agentops' pre-commit (the tree) and commit-msg (the attempt and
// the message) leave for post-commit, so it can tell a commit they never
// judged (agentops/bypass.h). Never changes a decision.
#include <git2.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "agentops/bypass.h"
#include "agentops/decision_log.h"
#include "agentops/doctor.h"
#include "message/message_reading.h"

namespace agentops {
namespace fs = std::filesystem;
namespace {

std::string allowed_tree_path(const git::Repository& repo) {
  return (fs::path(repo.git_dir()) / "agentops" / "pre-commit-allowed").string();
}

std::string allowed_message_path(const git::Repository& repo) {
  return (fs::path(repo.git_dir()) / "agentops" / "commit-msg-allowed").string();
}

std::string oid_hex(const git_oid& id) {
  char hex[GIT_OID_HEXSZ + 1] = {};
  git_oid_tostr(hex, sizeof hex, &id);
  return hex;
}

// The message's blob id: a stable hash of its bytes, computed by libgit2.
std::string message_hash(std::string_view message) {
  git_oid id{};
  if (git_odb_hash(&id, message.data(), message.size(), GIT_OBJECT_BLOB) != 0) {
    git_error_clear();
    return "";
  }
  return oid_hex(id);
}

// Replaces `path` with `content` in one rename: a reader sees the old stamp or the new.
void write_stamp(const fs::path& path, const std::string& content) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  const std::string temporary = path.string() + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc | std::ios::binary);
    out << content;
    if (!out.flush()) return;
  }
  std::rename(temporary.c_str(), path.c_str());
}

// HEAD's newest reflog entry, when it is the one that made `commit_hex`.
struct HeadEntry {
  bool found = false;
  std::string previous;  // HEAD before the commit (zeros for an initial commit)
  std::string message;   // "commit: ...", "commit (amend): ...", "revert: ...", ...
};

HeadEntry newest_head_entry(const fs::path& git_dir, const std::string& commit_hex) {
  // The newest entry is the last line: read only the file's tail (a reflog
  // grows for years, and post-commit runs on every commit).
  std::ifstream in(git_dir / "logs" / "HEAD", std::ios::binary);
  std::string tail;
  if (in) {
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    const std::streamoff start = size > 65536 ? size - 65536 : 0;
    in.seekg(start);
    tail.resize(static_cast<size_t>(size - start));
    in.read(tail.data(), static_cast<std::streamsize>(tail.size()));
    tail.resize(static_cast<size_t>(in.gcount()));
  }
  while (!tail.empty() && tail.back() == '\n') tail.pop_back();
  const size_t newline = tail.rfind('\n');
  const std::string last = newline == std::string::npos ? tail : tail.substr(newline + 1);
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
  auto tree = repo.index_tree();
  if (!tree) return;
  const std::string& hex = *tree;
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

void record_allowed_message(const git::Repository& repo, const std::string& message_file) {
  const std::string attempt = commit_attempt(repo);
  if (attempt.empty()) return;
  std::ifstream in(message_file, std::ios::binary);
  if (!in) return;
  std::ostringstream raw;
  raw << in.rdbuf();
  // git cleans the file after this hook: as written (verbatim), and every
  // cleanup git may apply (whitespace, strip and scissors with the comment
  // character in use), each may become the commit's message.
  std::set<std::string> hashes = {message_hash(raw.str())};
  for (const auto& cleaned : detail::read_message(repo, raw.str(), true).messages) hashes.insert(message_hash(cleaned));
  std::string stamp = attempt + "\n";
  for (const auto& hash : hashes) stamp += hash + "\n";
  write_stamp(allowed_message_path(repo), stamp);
}

void forget_allowed_message(const git::Repository& repo) {
  std::error_code ignored;
  fs::remove(allowed_message_path(repo), ignored);
}

NewCommitCheck check_new_commit(const git::Repository& repo) {
  NewCommitCheck check;
  const fs::path git_dir = repo.git_dir();
  std::error_code ec;
  const std::string tree_path = allowed_tree_path(repo), message_path = allowed_message_path(repo);
  std::string allowed_tree, allowed_head, message_attempt;
  std::set<std::string> message_hashes;
  {
    std::ifstream in(tree_path);
    in >> allowed_tree >> allowed_head;
  }
  {
    std::ifstream in(message_path);
    std::string hash;
    in >> message_attempt;
    while (in >> hash) message_hashes.insert(hash);
  }
  // One stamp, one commit: an amend --no-verify after it is caught too.
  fs::remove(tree_path, ec);
  fs::remove(message_path, ec);
  auto head = git::lookup_commit(repo, "HEAD");
  if (!head) {
    check.verdict = NewCommitCheck::Verdict::unreadable;
    check.warning = "agentops: warning: post-commit cannot read the commit just made (" + head.error().message +
                    "), so it cannot tell whether agentops checked it; pre-push and CI will\n";
    return check;
  }
  check.commit = oid_hex(*git_commit_id(head->get()));
  // git's replays (revert, cherry-pick, rebase, pull --rebase) run post-commit
  // but never pre-commit, and log their own name where `git commit` logs "commit".
  // The reflog names who made the commit; a person's `git commit` during a
  // rebase stop logs "commit" and is judged like any other. Without a reflog
  // entry (core.logAllRefUpdates=false), the name git's replays run their
  // hooks under (GIT_REFLOG_ACTION: "rebase (pick)", ...) stands in for it,
  // and so does the message file a single revert or cherry-pick leaves
  // behind while its post-commit runs (git commit removes it before then).
  const HeadEntry entry = newest_head_entry(git_dir, check.commit);
  const char* action = std::getenv("GIT_REFLOG_ACTION");
  const std::string made_by = entry.found ? entry.message : action ? action : "";
  for (const char* replay : {"revert", "cherry-pick", "rebase", "pull"})
    if (made_by.starts_with(replay)) {
      check.verdict = NewCommitCheck::Verdict::replay;
      return check;
    }
  if (!entry.found)
    for (const char* replay : {"MERGE_MSG", "AUTO_MERGE", "CHERRY_PICK_HEAD", "REVERT_HEAD"})
      if (fs::exists(git_dir / replay, ec)) {
        check.verdict = NewCommitCheck::Verdict::replay;
        return check;
      }
  const std::string tree = oid_hex(*git_commit_tree_id(head->get()));
  const bool same_start = !entry.found || entry.previous == allowed_head;
  const std::string short_id = check.commit.substr(0, 7);
  if (allowed_tree != tree || !same_start) {
    const bool allowed = !allowed_tree.empty();
    check.verdict = NewCommitCheck::Verdict::bypass;
    check.why = allowed ? "pre-commit allowed a different tree or another commit" : "pre-commit did not run";
    check.warning = std::string("agentops: warning: commit ") + short_id +
                    " was not checked by agentops' pre-commit (" +
                    (!allowed ? "it did not run: git commit --no-verify, or a hook manager replaced agentops' hook"
                              : "it last allowed a different tree or another commit: git commit --no-verify, or another hook changed the index after agentops ran") +
                    "); pre-push and CI will re-check it; run `agentops doctor`\n";
    return check;
  }
  // The attempt commit-msg judged: this tree, on the HEAD the commit was made
  // from ("unborn" for a first commit), when the reflog says which that was.
  const std::string start = !entry.found ? "" : entry.previous.find_first_not_of('0') == std::string::npos ? "unborn"
                                                                                                          : entry.previous;
  const bool same_attempt = entry.found ? message_attempt == tree + ":" + start : message_attempt.starts_with(tree + ":");
  const char* raw_message = git_commit_message_raw(head->get());
  const bool same_message = message_hashes.count(message_hash(raw_message ? raw_message : "")) > 0;
  if (same_attempt && same_message) return check;
  check.verdict = NewCommitCheck::Verdict::bypass;
  check.why = message_attempt.empty() ? "commit-msg did not run"
              : !same_attempt       ? "commit-msg allowed another commit"
                                    : "the message differs from the one commit-msg allowed";
  check.warning = "agentops: warning: the message of commit " + short_id + " was not checked by agentops' commit-msg (" +
                  (message_attempt.empty() ? "it did not run: git commit --no-verify, or a hook manager replaced agentops' hook"
                   : !same_attempt ? "it last allowed another commit"
                                   : "the message was changed after commit-msg allowed it") +
                  "); pre-push and CI will re-check it; run `agentops doctor`\n";
  return check;
}

std::string unchecked_commit_warning(const git::Repository& repo) { return check_new_commit(repo).warning; }

}  // namespace agentops
