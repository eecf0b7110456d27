#include "commit_judge.h"

#include <git2.h>

#include <algorithm>
#include <fstream>
#include <set>

#include "agentops/message.h"

namespace agentops::detail {

Result<CommitJudge> CommitJudge::create(const git::Repository& repo, const Policy& policy) {
  auto evaluator = Evaluator::create(policy);
  if (!evaluator) return evaluator.error();
  return CommitJudge(repo, policy, std::move(*evaluator));
}

CommitJudge::CommitJudge(const git::Repository& repo, const Policy& policy, Evaluator evaluator)
    : repo_(&repo), policy_(&policy), evaluator_(std::move(evaluator)) {}

Status CommitJudge::judge(git_commit* commit, Report& report) {
  auto change = read_commit_change(*repo_, commit, evaluator_.change_options(), evaluator_.visitor());
  if (!change) return change.error();
  std::vector<Finding> findings = evaluator_.finish(*change);
  const char* raw_message = git_commit_message(commit);
  const std::string message = raw_message ? raw_message : "";
  const git_signature* committed_by = git_commit_committer(commit);
  const std::string committer = std::string(committed_by->name) + " <" + committed_by->email + ">";
  for (auto& finding : check_message(message, MessageContext{change->lines_changed(), committer}, *policy_))
    findings.push_back(std::move(finding));
  const auto approval = find_approval(parse_trailers(message), policy_->gates);
  const GateState gate = approval ? GateState::approved : GateState::missing;
  if (decide(findings, gate) == Decision::block) report.decision = Decision::block;
  if (gate == GateState::missing &&
      std::any_of(findings.begin(), findings.end(), [](const Finding& f) { return f.severity == Severity::gate; }))
    report.gate = GateState::missing;
  char hex[GIT_OID_HEXSZ + 1];
  git_oid_tostr(hex, sizeof hex, git_commit_id(commit));
  for (auto& finding : findings) {
    finding.commit = hex;
    // A gate a person approved in this commit is reported, not counted.
    if (finding.severity == Severity::gate && approval) {
      finding.severity = Severity::warn;
      finding.message += " (approved: " + *approval + ")";
    }
    report.findings.push_back(std::move(finding));
  }
  report.stats.commits++;
  report.stats.files += change->files.size();
  report.stats.bytes += change->added_bytes;
  return Ok{};
}

Status CommitJudge::judge_object(const git_oid& id, const std::string& name, Report& report) {
  auto change = read_object_change(*repo_, id, name, evaluator_.change_options(), evaluator_.visitor());
  if (!change) return change.error();
  std::vector<Finding> findings = evaluator_.finish(*change);
  if (decide(findings, GateState::missing) == Decision::block) report.decision = Decision::block;
  char hex[GIT_OID_HEXSZ + 1];
  git_oid_tostr(hex, sizeof hex, &id);
  for (auto& finding : findings) {
    finding.commit = hex;
    report.findings.push_back(std::move(finding));
  }
  report.stats.files += change->files.size();
  report.stats.bytes += change->added_bytes;
  return Ok{};
}

namespace {

std::string hex_of(const git_oid& id) {
  char hex[GIT_OID_HEXSZ + 1];
  git_oid_tostr(hex, sizeof hex, &id);
  return hex;
}

// The commits a shallow clone was cut at (.git/shallow): their parents are absent.
std::set<std::string> shallow_boundary(const git::Repository& repo) {
  std::set<std::string> ids;
  std::ifstream in(std::string(git_repository_commondir(repo.get())) + "shallow");
  std::string line;
  while (std::getline(in, line))
    if (line.size() >= GIT_OID_HEXSZ) ids.insert(line.substr(0, GIT_OID_HEXSZ));
  return ids;
}

// libgit2 1.5 cannot walk through a shallow boundary. In a shallow clone the
// history is short: walk it by hand from the tips, stopping at known tips, at
// the boundary and at absent objects. This may check a commit the other side
// already has (never fewer than needed), and orders parents before children.
Result<std::vector<git_oid>> walk_shallow(const git::Repository& repo, const std::vector<git_oid>& tips,
                                          const std::vector<git_oid>& known) {
  std::set<std::string> stop = shallow_boundary(repo);
  std::set<std::string> known_ids;
  for (const auto& id : known) known_ids.insert(hex_of(id));
  std::set<std::string> visited;
  std::vector<git_oid> post_order;
  std::vector<std::pair<git_oid, bool>> stack;  // (commit, parents pushed)
  for (const auto& tip : tips) stack.push_back({tip, false});
  while (!stack.empty()) {
    auto [id, expanded] = stack.back();
    stack.pop_back();
    const std::string hex = hex_of(id);
    if (expanded) {
      post_order.push_back(id);
      continue;
    }
    if (known_ids.count(hex) || !visited.insert(hex).second) continue;
    git_commit* raw = nullptr;
    if (git_commit_lookup(&raw, repo.get(), &id) != 0) {
      git_error_clear();
      continue;  // absent: the other side's history
    }
    git::CommitPtr commit(raw);
    stack.push_back({id, true});
    if (stop.count(hex)) continue;
    for (unsigned i = 0; i < git_commit_parentcount(raw); ++i) stack.push_back({*git_commit_parent_id(raw, i), false});
  }
  return post_order;
}

}  // namespace

Result<std::vector<git_oid>> new_commits(const git::Repository& repo, const std::vector<git_oid>& tips,
                                         const std::vector<git_oid>& known) {
  // libgit2 1.5 leaks memory when a walk fails at a shallow boundary: never start one there.
  if (git_repository_is_shallow(repo.get()) == 1) return walk_shallow(repo, tips, known);
  git_revwalk* raw = nullptr;
  if (git_revwalk_new(&raw, repo.get()) != 0) return git::last_error("cannot walk history");
  std::unique_ptr<git_revwalk, decltype(&git_revwalk_free)> walk(raw, git_revwalk_free);
  git_revwalk_sorting(raw, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
  for (const auto& tip : tips)
    if (git_revwalk_push(raw, &tip) != 0) return git::last_error("cannot walk the pushed commits");
  // A commit the other side has but this repository lacks hides nothing here:
  // ignoring it only means checking more commits, never fewer.
  for (const auto& id : known)
    if (git_revwalk_hide(raw, &id) != 0) git_error_clear();
  std::vector<git_oid> commits;
  git_oid id;
  int walked = 0;
  while ((walked = git_revwalk_next(&id, raw)) == 0) commits.push_back(id);
  if (walked == GIT_ITEROVER) return commits;
  if (git_repository_is_shallow(repo.get()) == 1) {
    git_error_clear();
    return walk_shallow(repo, tips, known);
  }
  return git::last_error("cannot walk the pushed commits");
}

bool is_ancestor(const git::Repository& repo, const git_oid& ancestor, const git_oid& descendant) {
  if (git_oid_equal(&ancestor, &descendant)) return true;
  if (git_repository_is_shallow(repo.get()) == 1) {  // as in new_commits: no libgit2 walk here
    auto reachable = walk_shallow(repo, {descendant}, {});
    return reachable && std::any_of(reachable->begin(), reachable->end(),
                                    [&](const git_oid& id) { return git_oid_equal(&id, &ancestor); });
  }
  const int found = git_graph_descendant_of(repo.get(), &descendant, &ancestor);
  if (found >= 0) return found == 1;
  git_error_clear();
  if (git_repository_is_shallow(repo.get()) != 1) return false;
  auto reachable = walk_shallow(repo, {descendant}, {});
  return reachable && std::any_of(reachable->begin(), reachable->end(),
                                  [&](const git_oid& id) { return git_oid_equal(&id, &ancestor); });
}

Report range_report(const std::string& stage, const Policy& policy) {
  Report report;
  report.stage = stage;
  report.approval_trailer = policy.gates.approval_trailer;
  report.gate = GateState::approved;
  report.record = policy.telemetry.enabled;
  return report;
}

}  // namespace agentops::detail
