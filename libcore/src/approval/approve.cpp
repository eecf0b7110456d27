// `agentops approve` (agentops/approval.h): the change read as the hooks read
// it, its payload judged by the committed policy (the one the verifying
// layers use as base), signed with the reviewer's key.
#include "agentops/approval.h"

#include <git2.h>
#include <unistd.h>

#include "agentops/change.h"
#include "agentops/policy_sources.h"
#include "approval/payload.h"
#include "approval/signer.h"
#include "approval/verifier.h"
#include "message/message_reading.h"

namespace agentops {
namespace {

struct Subject {
  Change change;
  Policy policy;  // the base side's: its protected globs choose the payload's paths
};

// The payload lists paths, modes and blob ids only: no blob is loaded and no
// rename is paired (a rename reads as a deletion and an addition either way).
ChangeOptions listing_only() {
  ChangeOptions options;
  options.max_scan_bytes = 0;
  options.detect_renames = false;
  return options;
}

// The index against HEAD (the empty tree when unborn), as pre-commit reads it.
Result<Subject> staged_subject(const git::Repository& repo) {
  auto index = repo.index();
  if (!index) return index.error();
  auto head = repo.head_tree();
  if (!head) return head.error();
  auto policy = policy_in_tree(repo, head->get());
  if (!policy) return Error{"the committed policy: " + policy.error().message};
  auto change = read_staged_change_against(repo, index->get(), head->get(), listing_only());
  if (!change) return change.error();
  return Subject{std::move(*change), std::move(*policy)};
}

// `revision` against its first parent (a root commit against the empty tree),
// as pre-push and check --range read it, judged by the parent's policy.
Result<Subject> commit_subject(const git::Repository& repo, const std::string& revision) {
  auto commit = git::lookup_commit(repo, revision);
  if (!commit) return commit.error();
  auto tree = git::commit_tree(commit->get());
  if (!tree) return tree.error();
  git::TreePtr parent_tree;
  if (git_commit_parentcount(commit->get()) > 0) {
    git_commit* raw_parent = nullptr;
    if (git_commit_parent(&raw_parent, commit->get(), 0) != 0)
      return git::last_error("cannot read the parent of " + revision);
    git::CommitPtr parent(raw_parent);
    auto parent_tree_result = git::commit_tree(parent.get());
    if (!parent_tree_result) return parent_tree_result.error();
    parent_tree = std::move(*parent_tree_result);
  }
  auto policy = policy_in_tree(repo, parent_tree.get());
  if (!policy) return Error{"the policy of " + revision + "'s parent: " + policy.error().message};
  auto change = read_tree_change(repo, parent_tree.get(), tree->get(), listing_only());
  if (!change) return change.error();
  return Subject{std::move(*change), std::move(*policy)};
}

// Removes a temporary key file however approve() returns.
struct RemoveOnExit {
  std::string path;
  ~RemoveOnExit() {
    if (!path.empty()) ::unlink(path.c_str());
  }
};

}  // namespace

Result<Approval> approve(const git::Repository& repo, const ApproveOptions& options) {
  if (options.staged == !options.revision.empty())
    return Error{"approve: give a revision to approve (a commit) or --staged (the staged change), not both"};
  std::string principal = options.principal;
  if (principal.empty()) principal = detail::git_config_value(repo, "user.email").value_or("");
  if (principal.empty())
    return Error{"no principal to approve as: give --principal NAME (as .agentops/allowed_signers lists you), "
                 "or set git config user.email"};

  auto subject = options.staged ? staged_subject(repo) : commit_subject(repo, options.revision);
  if (!subject) return subject.error();
  if (subject->change.files.empty())
    return Error{std::string("nothing to approve: ") +
                 (options.staged ? "the staged change touches no path (git add what you approve first)"
                                 : options.revision + " changes no path against its parent")};
  std::string payload = approval::approval_payload(
      subject->change, subject->policy,
      options.whole_change ? approval::PayloadScope::change : approval::PayloadScope::automatic);

  auto key = approval::signing_key(repo, options.key);
  if (!key) return key.error();
  const RemoveOnExit temporary{key->temporary};
  auto value = approval::sign_payload(*key, principal, payload);
  if (!value) return value.error();
  return Approval{std::string(approval::kApprovalTrailer) + ": " + *value, std::move(payload)};
}

}  // namespace agentops
