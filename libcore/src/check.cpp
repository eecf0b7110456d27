// The check pipeline: git state -> Change -> rules of the effective Policy ->
// Findings -> Decision, as one Report.
#include "agentops/check.h"

#include <git2.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include "agentops/evaluator.h"
#include "agentops/message.h"

namespace agentops {
namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// The staged change, judged by the policy staged with it.
struct Staged {
  Policy policy;
  Change change;
  std::vector<Finding> findings;
};

Result<Staged> check_index(const git::Repository& repo) {
  auto index = repo.index();
  if (!index) return index.error();
  auto policy = staged_policy(repo, index->get());
  if (!policy) return policy.error();
  auto evaluator = Evaluator::create(*policy);
  if (!evaluator) return evaluator.error();
  auto change = read_staged_change(repo, index->get(), evaluator->change_options(), evaluator->visitor());
  if (!change) return change.error();
  std::vector<Finding> findings = evaluator->finish(*change);
  return Staged{std::move(*policy), std::move(*change), std::move(findings)};
}

Report make_report(const std::string& stage, const Policy& policy, GateState gate,
                   std::vector<Finding> findings, const Change& change) {
  Report report;
  report.stage = stage;
  report.gate = gate;
  report.approval_trailer = policy.gates.approval_trailer;
  report.findings = std::move(findings);
  report.decision = decide(report.findings, gate);
  report.stats.files = change.files.size();
  report.stats.bytes = change.added_bytes;
  return report;
}

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"cannot read the commit message " + path};
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

char comment_char(const git::Repository& repo) {
  git_config* raw = nullptr;
  if (git_repository_config_snapshot(&raw, repo.get()) != 0) return '#';
  std::unique_ptr<git_config, decltype(&git_config_free)> config(raw, git_config_free);
  const char* value = nullptr;
  if (git_config_get_string(&value, raw, "core.commentChar") != 0 || !value || !*value) return '#';
  return value[0];
}

}  // namespace

Result<Report> check_staged(const git::Repository& repo, const std::string& stage) {
  const auto start = Clock::now();
  auto staged = check_index(repo);
  if (!staged) return staged.error();
  Report report = make_report(stage, staged->policy, GateState::pending, std::move(staged->findings), staged->change);
  report.stats.duration_ms = ms_since(start);
  return report;
}

Result<Report> check_commit_message(const git::Repository& repo, const std::string& message_file) {
  const auto start = Clock::now();
  auto raw = read_file(message_file);
  if (!raw) return raw.error();
  auto staged = check_index(repo);
  if (!staged) return staged.error();
  // Everything but the gate was judged at pre-commit; here only the gate is decided.
  std::vector<Finding> gated;
  for (auto& finding : staged->findings)
    if (finding.severity == Severity::gate) gated.push_back(std::move(finding));
  const auto trailers = parse_trailers(clean_message(*raw, comment_char(repo)));
  const GateState gate = find_approval(trailers, staged->policy.gates) ? GateState::approved : GateState::missing;
  Report report = make_report("commit-msg", staged->policy, gate, std::move(gated), staged->change);
  report.stats.duration_ms = ms_since(start);
  return report;
}

Result<Report> check_range(const git::Repository& repo, const std::string& range) {
  const auto start = Clock::now();
  git_revspec spec;
  if (git_revparse(&spec, repo.get(), range.c_str()) != 0 || !(spec.flags & GIT_REVSPEC_RANGE))
    return git::last_error("'" + range + "' is not a range of the form BASE..HEAD");
  git::CommitPtr from(nullptr), to(nullptr);
  {
    git_object* base_object = spec.from;
    git_object* head_object = spec.to;
    git_object* peeled = nullptr;
    const int base_ok = git_object_peel(&peeled, base_object, GIT_OBJECT_COMMIT);
    git_object_free(base_object);
    if (base_ok != 0) {
      git_object_free(head_object);
      return git::last_error("the base of '" + range + "' is not a commit");
    }
    from.reset(reinterpret_cast<git_commit*>(peeled));
    const int head_ok = git_object_peel(&peeled, head_object, GIT_OBJECT_COMMIT);
    git_object_free(head_object);
    if (head_ok != 0) return git::last_error("the head of '" + range + "' is not a commit");
    to.reset(reinterpret_cast<git_commit*>(peeled));
  }
  // The base side's policy judges every commit: a change cannot weaken its own rules.
  auto base_tree = git::commit_tree(from.get());
  if (!base_tree) return base_tree.error();
  auto policy = policy_in_tree(repo, base_tree->get());
  if (!policy) return Error{"the policy of " + range.substr(0, range.find("..")) + ": " + policy.error().message};

  git_revwalk* raw_walk = nullptr;
  if (git_revwalk_new(&raw_walk, repo.get()) != 0) return git::last_error("cannot walk history");
  std::unique_ptr<git_revwalk, decltype(&git_revwalk_free)> walk(raw_walk, git_revwalk_free);
  git_revwalk_sorting(raw_walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
  if (git_revwalk_push(raw_walk, git_commit_id(to.get())) != 0 ||
      git_revwalk_hide(raw_walk, git_commit_id(from.get())) != 0)
    return git::last_error("cannot walk " + range);

  Report report;
  report.stage = "range";
  report.approval_trailer = policy->gates.approval_trailer;
  report.gate = GateState::approved;
  auto evaluator = Evaluator::create(*policy);
  if (!evaluator) return evaluator.error();
  const ChangeOptions options = evaluator->change_options();
  git_oid id;
  while (git_revwalk_next(&id, raw_walk) == 0) {
    git_commit* raw_commit = nullptr;
    if (git_commit_lookup(&raw_commit, repo.get(), &id) != 0) return git::last_error("cannot read a commit");
    git::CommitPtr commit(raw_commit);
    auto change = read_commit_change(repo, commit.get(), options, evaluator->visitor());
    if (!change) return change.error();
    std::vector<Finding> findings = evaluator->finish(*change);
    const char* message = git_commit_message(commit.get());
    const auto trailers = parse_trailers(message ? message : "");
    const auto approval = find_approval(trailers, policy->gates);
    const GateState gate = approval ? GateState::approved : GateState::missing;
    if (decide(findings, gate) == Decision::block) report.decision = Decision::block;
    if (gate == GateState::missing) report.gate = GateState::missing;
    char hex[GIT_OID_HEXSZ + 1];
    git_oid_tostr(hex, sizeof hex, &id);
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
  }
  report.stats.duration_ms = ms_since(start);
  return report;
}

}  // namespace agentops
