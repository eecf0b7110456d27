// What check --range and report --range share before they judge: a
// BASE..HEAD range split into its sides, each side resolved without parsing
// (a commit libgit2 refuses is still named and judged), the policy that
// judges (the base side's, or a dry run's under the organisation floor), and
// the blobs a partial clone must fetch first.
#pragma once

#include <git2.h>

#include <string>
#include <vector>

#include "agentops/findings.h"
#include "agentops/git.h"
#include "agentops/policy.h"
#include "agentops/policy_sources.h"
#include "agentops/result.h"
#include "commit_judge.h"
#include "git/raw_objects.h"

namespace agentops::detail {

// The object a revision names, without parsing it.
Result<git_oid> resolve_revision(const git::Repository& repo, const std::string& revision);

// The commit a revision leads to, and the tags on the way there.
Result<Peeled> resolve_commit(const git::Repository& repo, const std::string& revision);

// The policy committed in `commit_id`'s tree (the baseline when it has none).
Result<Policy> policy_of_commit(const git::Repository& repo, const git_oid& commit_id);

// A dry run's policy under the organisation floor: naming another policy on
// the command line must not lift what the floor holds.
Result<Policy> under_floor(const Policy& judged_by);

// A partial clone lacks the blobs it never checked out: fetch those the
// commits to judge hold, as git would lazily.
Status fetch_missing_blobs(const git::Repository& repo, const std::vector<git_oid>& commits);

// Secrets in the headers and messages of annotated tags.
Status scan_tag_messages(CommitJudge& judge, const std::vector<git::RawTag>& tags, Report& report);

// The two sides of "BASE..HEAD" (or "BASE...HEAD", read the same way); an
// empty side is HEAD, as git reads it.
struct RangeSides {
  std::string base;
  std::string head;
};
Result<RangeSides> split_range(const std::string& range);

// A range ready to judge: its base commit, where its head leads, and the
// policy that judges every commit of it.
struct ResolvedRange {
  RangeSides sides;
  Peeled base;
  Peeled head;
  Policy policy;
};
// `judged_by` (a dry run) judges under the floor; otherwise the base side's
// policy does: a change cannot weaken its own rules.
Result<ResolvedRange> resolve_range(const git::Repository& repo, const std::string& range, const Policy* judged_by);

}  // namespace agentops::detail
