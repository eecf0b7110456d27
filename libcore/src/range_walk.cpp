// Resolving a BASE..HEAD range and the policy that judges it (range_walk.h).
#include "range_walk.h"

#include <memory>

#include "git/promisor_fetch.h"

namespace agentops::detail {

Result<git_oid> resolve_revision(const git::Repository& repo, const std::string& revision) {
  git_oid id;
  if (revision.size() == GIT_OID_HEXSZ && git_oid_fromstr(&id, revision.c_str()) == 0) return id;
  git_reference* raw_ref = nullptr;
  if (git_reference_dwim(&raw_ref, repo.get(), revision.c_str()) == 0) {
    std::unique_ptr<git_reference, decltype(&git_reference_free)> ref(raw_ref, git_reference_free);
    git_reference* raw_resolved = nullptr;
    if (git_reference_resolve(&raw_resolved, raw_ref) == 0) {
      std::unique_ptr<git_reference, decltype(&git_reference_free)> resolved(raw_resolved, git_reference_free);
      return *git_reference_target(raw_resolved);
    }
  }
  git_error_clear();
  git_object* raw = nullptr;
  if (git_revparse_single(&raw, repo.get(), revision.c_str()) != 0)
    return git::last_error("unknown revision '" + revision + "'");
  std::unique_ptr<git_object, decltype(&git_object_free)> object(raw, git_object_free);
  return *git_object_id(raw);
}

Result<Peeled> resolve_commit(const git::Repository& repo, const std::string& revision) {
  auto id = resolve_revision(repo, revision);
  if (!id) return id.error();
  auto peeled = peel(repo, *id);
  if (!peeled) return Error{"'" + revision + "': " + peeled.error().message};
  if (peeled->type != GIT_OBJECT_COMMIT) return Error{"'" + revision + "' is not a commit"};
  return peeled;
}

Result<Policy> policy_of_commit(const git::Repository& repo, const git_oid& commit_id) {
  auto commit = git::read_raw_commit(repo, commit_id);
  if (!commit) return commit.error();
  git_tree* raw = nullptr;
  if (git_tree_lookup(&raw, repo.get(), &commit->tree) != 0) return git::last_error("cannot read a commit's tree");
  git::TreePtr tree(raw);
  return policy_in_tree(repo, tree.get());
}

Result<Policy> under_floor(const Policy& judged_by) {
  auto floor = load_floor();
  if (!floor) return floor.error();
  if (!*floor) return judged_by;
  return apply_floor(**floor, judged_by);
}

Status fetch_missing_blobs(const git::Repository& repo, const std::vector<git_oid>& commits) {
  if (git::promisor_remote(repo).empty()) return Ok{};
  auto missing = missing_blobs(repo, commits, {}, {});
  if (!missing) return missing.error();
  return git::fetch_from_promisor(repo, *missing);
}

Status scan_tag_messages(CommitJudge& judge, const std::vector<git::RawTag>& tags, Report& report) {
  for (const auto& tag : tags)
    if (auto scanned = judge.scan_tag(tag, tag.name, report); !scanned) return scanned;
  return Ok{};
}

Result<RangeSides> split_range(const std::string& range) {
  const size_t dots = range.find("..");
  if (dots == std::string::npos) return Error{"'" + range + "' is not a range of the form BASE..HEAD"};
  // BASE...HEAD is read as BASE..HEAD, as it always was.
  const size_t dot_count = range.compare(dots, 3, "...") == 0 ? 3 : 2;
  RangeSides sides;
  sides.base = dots == 0 ? "HEAD" : range.substr(0, dots);
  sides.head = dots + dot_count == range.size() ? "HEAD" : range.substr(dots + dot_count);
  return sides;
}

Result<ResolvedRange> resolve_range(const git::Repository& repo, const std::string& range, const Policy* judged_by) {
  auto sides = split_range(range);
  if (!sides) return sides.error();
  auto base = resolve_commit(repo, sides->base);
  if (!base) return Error{"the base of '" + range + "': " + base.error().message};
  auto head_id = resolve_revision(repo, sides->head);
  if (!head_id) return Error{"the head of '" + range + "': " + head_id.error().message};
  auto head = peel(repo, *head_id);
  if (!head) return Error{"the head of '" + range + "': " + head.error().message};
  auto policy = judged_by ? under_floor(*judged_by) : policy_of_commit(repo, base->target);
  if (!policy)
    return Error{(judged_by ? "the dry run's policy: " : "the policy of " + sides->base + ": ") + policy.error().message};
  return ResolvedRange{std::move(*sides), std::move(*base), std::move(*head), std::move(*policy)};
}

}  // namespace agentops::detail
