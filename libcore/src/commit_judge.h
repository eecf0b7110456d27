// Judging commits one at a time by one policy, for range checks, pre-push and
// pre-receive: each commit's change against its first parent, its message, and
// its human gate (the approval trailer in that commit's own message). Commits
// and tags are read leniently (git/raw_objects.h): what git stores is judged,
// and what cannot be read is an error, never "nothing to judge".
#pragma once

#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "agentops/evaluator.h"
#include "agentops/findings.h"
#include "agentops/git.h"
#include "agentops/policy.h"
#include "agentops/result.h"
#include "agentops/secrets.h"
#include "git/raw_objects.h"

namespace agentops::detail {

class CommitJudge {
 public:
  // The Judge refers to `policy`, which must outlive it.
  static Result<CommitJudge> create(const git::Repository& repo, const Policy& policy);

  // Adds the findings of commit `id` to `report` (tagged with its id), and
  // blocks the report when the commit blocks.
  Status judge(const git_oid& id, Report& report);

  // Secrets in text no file holds (a tag's message), reported under
  // `pseudo_path` ("(tag v1 message)"), which secrets.allow_paths cannot exempt.
  Status scan_text(const std::string& pseudo_path, const std::string& text, const std::string& object_hex,
                   Report& report);
  // A tag's headers and message ("(tag v1 headers)", "(tag v1 message)"):
  // a tagger line or a made-up header is stored as surely as the message.
  Status scan_tag(const git::RawTag& tag, const std::string& name, Report& report);
  // `name` (a ref's, a tag's) with every secret in it redacted, for labels.
  Result<std::string> shown_name(std::string_view name) { return evaluator_.redact_secrets(name); }
  // Content a ref points at directly, with no commit around it: every file of
  // a tree, or one blob (reported as `label`), judged like an added file.
  Status judge_tree(const git_oid& tree_id, Report& report);
  Status judge_blob(const git_oid& blob_id, const std::string& label, Report& report);

 private:
  CommitJudge(const git::Repository& repo, const Policy& policy, Evaluator evaluator, SecretScanner text_scanner);
  void add(std::vector<Finding> findings, GateState gate, const std::string& object_hex, Report& report);
  // The hints of a made commit's findings: which commit to rewrite, and how.
  void hint_rewrite(std::vector<Finding>& findings, const std::string& commit_hex) const;
  Result<Evaluator*> snapshot_evaluator();
  const git::Repository* repo_;
  const Policy* policy_;
  Evaluator evaluator_;
  // For content under a ref: the policy without the rules about the size
  // and reach of a change (a snapshot is no change), made when first needed.
  std::unique_ptr<Policy> snapshot_policy_;
  std::unique_ptr<Evaluator> snapshot_evaluator_;
  SecretScanner text_scanner_;
  std::set<std::string> shallow_;
};

// Where a ref's id leads: the annotated tags passed through, and the object
// at the end. An error when any object on the way cannot be read.
struct Peeled {
  std::vector<git::RawTag> tags;
  git_oid target{};
  git_object_t type = GIT_OBJECT_INVALID;
};
Result<Peeled> peel(const git::Repository& repo, const git_oid& id);

// The commits reachable from `tips` and from none of `known`, oldest first
// (parents before children). A known id this repository lacks hides nothing;
// a tip or a parent that cannot be read is an error, except beyond a shallow
// clone's boundary.
Result<std::vector<git_oid>> new_commits(const git::Repository& repo, const std::vector<git_oid>& tips,
                                         const std::vector<git_oid>& known);

// Whether `ancestor` is `descendant` or one of its ancestors, within the
// history that is present.
bool is_ancestor(const git::Repository& repo, const git_oid& ancestor, const git_oid& descendant);

// The blobs judging `commits`, `trees` and `blobs` would read that this
// repository lacks (a partial clone never fetched them), each once.
Result<std::vector<git_oid>> missing_blobs(const git::Repository& repo, const std::vector<git_oid>& commits,
                                           const std::vector<git_oid>& trees, const std::vector<git_oid>& blobs);

// A report ready for commit findings: allowed, gate approved until a commit lacks it.
Report range_report(const std::string& stage, const Policy& policy);

// The commits a shallow clone was cut at (.git/shallow): their parents are absent.
std::set<std::string> shallow_boundary(const git::Repository& repo);

}  // namespace agentops::detail
