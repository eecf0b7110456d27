// pre-push and pre-receive: ref updates judged by the [branches] rules, and the
// commits each update would give the receiving side judged like a range, by the
// policy the receiving side already has for that ref.
#include "agentops/push.h"

#include <git2.h>

#include <chrono>
#include <set>
#include <sstream>

#include "agentops/policy_sources.h"
#include "commit_judge.h"
#include "rules/branch_rules.h"

namespace agentops {
namespace {

bool is_zero(const std::string& id) { return id.find_first_not_of('0') == std::string::npos; }

Result<git_oid> parse_id(const std::string& hex) {
  git_oid id;
  if (hex.size() != GIT_OID_HEXSZ || git_oid_fromstr(&id, hex.c_str()) != 0)
    return Error{"\"" + hex + "\" is not a commit id"};
  return id;
}

bool exists(const git::Repository& repo, const git_oid& id) {
  git_odb* raw = nullptr;
  if (git_repository_odb(&raw, repo.get()) != 0) return false;
  git::OdbPtr odb(raw);
  return git_odb_exists(raw, &id) == 1;
}

// The commit an id names, peeled through annotated tags; nullopt when the
// object is absent here or is not a commit (a tag of a tree or a blob).
std::optional<git_oid> commit_of(const git::Repository& repo, const std::string& hex) {
  if (is_zero(hex)) return std::nullopt;
  auto id = parse_id(hex);
  if (!id) return std::nullopt;
  git_object* object = nullptr;
  if (git_object_lookup(&object, repo.get(), &*id, GIT_OBJECT_ANY) != 0) {
    git_error_clear();
    return std::nullopt;
  }
  git_object* peeled = nullptr;
  const int ok = git_object_peel(&peeled, object, GIT_OBJECT_COMMIT);
  git_object_free(object);
  if (ok != 0) {
    git_error_clear();
    return std::nullopt;
  }
  const git_oid commit = *git_object_id(peeled);
  git_object_free(peeled);
  return commit;
}

// The tip of the receiving side's default branch: the base a new ref's
// commits are judged against.
std::optional<git_oid> default_tip(const git::Repository& repo, const PushOptions& options) {
  const std::string ref = options.stage == "pre-receive" ? "HEAD" : "refs/remotes/" + options.remote + "/HEAD";
  git_oid id;
  if (git_reference_name_to_id(&id, repo.get(), ref.c_str()) == 0) return id;
  git_error_clear();
  return std::nullopt;
}

// What the receiving side already has: pre-push, the remote's tracking refs;
// pre-receive, every ref of the (not yet updated) repository.
std::vector<git_oid> known_tips(const git::Repository& repo, const PushOptions& options) {
  std::vector<git_oid> tips;
  const std::string glob = options.stage == "pre-receive" ? "refs/*" : "refs/remotes/" + options.remote + "/*";
  git_reference_iterator* raw = nullptr;
  if (git_reference_iterator_glob_new(&raw, repo.get(), glob.c_str()) != 0) return tips;
  std::unique_ptr<git_reference_iterator, decltype(&git_reference_iterator_free)> iterator(raw, git_reference_iterator_free);
  git_reference* ref = nullptr;
  while (git_reference_next(&ref, raw) == 0) {
    git_reference* resolved = nullptr;
    if (git_reference_resolve(&resolved, ref) == 0) {
      tips.push_back(*git_reference_target(resolved));
      git_reference_free(resolved);
    }
    git_reference_free(ref);
  }
  git_error_clear();
  return tips;
}

// The commit whose policy judges an update: the receiving side's current
// commit for the ref, else its default branch, else where the new history
// attaches to old history; none for a history with no known root.
std::optional<git_oid> base_commit(const git::Repository& repo, const RefUpdate& update, const PushOptions& options,
                                   const std::vector<git_oid>& new_ids) {
  if (auto old_commit = commit_of(repo, update.old_id)) return old_commit;
  if (auto tip = default_tip(repo, options)) return tip;
  if (!new_ids.empty()) {
    git_commit* raw = nullptr;
    if (git_commit_lookup(&raw, repo.get(), &new_ids.front()) == 0) {
      git::CommitPtr oldest(raw);
      if (git_commit_parentcount(raw) > 0) return *git_commit_parent_id(raw, 0);
    }
  }
  return std::nullopt;
}

Result<Policy> policy_at(const git::Repository& repo, const std::optional<git_oid>& commit_id) {
  if (!commit_id) return policy_in_tree(repo, nullptr);
  git_commit* raw = nullptr;
  if (git_commit_lookup(&raw, repo.get(), &*commit_id) != 0) return git::last_error("cannot read the base commit");
  git::CommitPtr commit(raw);
  auto tree = git::commit_tree(raw);
  if (!tree) return tree.error();
  return policy_in_tree(repo, tree->get());
}

Status check_signature(const git::Repository& repo, const git_oid& id, const Policy& policy, Report& report) {
  if (!policy.branches.require_signed) return Ok{};
  git_buf signature = GIT_BUF_INIT, signed_data = GIT_BUF_INIT;
  const int found = git_commit_extract_signature(&signature, &signed_data, repo.get(), const_cast<git_oid*>(&id), nullptr);
  git_buf_dispose(&signature);
  git_buf_dispose(&signed_data);
  if (found == 0) return Ok{};
  if (found != GIT_ENOTFOUND) return git::last_error("cannot read a commit's signature");
  git_error_clear();
  const Severity severity = severity_of(policy, "branch.unsigned");
  if (severity == Severity::off) return Ok{};
  char hex[GIT_OID_HEXSZ + 1];
  git_oid_tostr(hex, sizeof hex, &id);
  report.findings.push_back(Finding{"branch.unsigned", severity, "", 0, "the commit is not signed",
                                    "sign commits (git config commit.gpgsign true) and amend or rebase to sign these", "",
                                    hex});
  // No message can approve a signature: gated is blocked.
  if (severity == Severity::block || severity == Severity::gate) report.decision = Decision::block;
  return Ok{};
}

Result<std::vector<RefUpdate>> parse_lines(std::string_view input, bool pre_push) {
  std::vector<RefUpdate> updates;
  std::istringstream lines{std::string(input)};
  std::string line;
  while (std::getline(lines, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    std::istringstream fields(line);
    RefUpdate update;
    std::string extra;
    const bool complete = pre_push ? bool(fields >> update.local_ref >> update.new_id >> update.remote_ref >> update.old_id)
                                   : bool(fields >> update.old_id >> update.new_id >> update.remote_ref);
    if (!complete || (fields >> extra))
      return Error{std::string("cannot read the ref update \"") + line + "\" from git (expected " +
                   (pre_push ? "<local ref> <local id> <remote ref> <remote id>" : "<old id> <new id> <ref>") + ")"};
    if (!pre_push) update.local_ref = update.remote_ref;
    for (const std::string* id : {&update.new_id, &update.old_id})
      if (auto parsed = parse_id(*id); !parsed) return parsed.error();
    updates.push_back(std::move(update));
  }
  return updates;
}

}  // namespace

Result<std::vector<RefUpdate>> parse_pre_push_input(std::string_view input) { return parse_lines(input, true); }
Result<std::vector<RefUpdate>> parse_pre_receive_input(std::string_view input) { return parse_lines(input, false); }

Result<Report> check_push(const git::Repository& repo, const std::vector<RefUpdate>& updates, const PushOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  Report report;
  report.stage = options.stage;
  report.gate = GateState::approved;
  const std::vector<git_oid> known = known_tips(repo, options);

  // First the commits each update brings, so the progress total is known.
  // An update of an existing ref brings what its old commit lacks: commits
  // already on another (maybe less strict) branch are judged again by this
  // ref's policy. A new ref brings what no ref of the receiving side has.
  struct Work {
    const RefUpdate* update;
    std::vector<git_oid> commits;
  };
  std::vector<Work> work;
  size_t total = 0;
  for (const auto& update : updates) {
    Work item{&update, {}};
    // A tag or ref pointing at a tree or blob brings no commit to judge.
    if (auto new_commit = commit_of(repo, update.new_id)) {
      // An existing ref brings what its old commit lacks (commits already on
      // another, maybe laxer, branch are judged again under this ref's
      // policy); a new ref, what the default branch lacks.
      std::vector<git_oid> hide = known;
      if (auto old_commit = commit_of(repo, update.old_id)) hide = {*old_commit};
      else if (auto tip = default_tip(repo, options); tip && is_zero(update.old_id)) hide = {*tip};
      auto commits = detail::new_commits(repo, {*new_commit}, hide);
      if (!commits) return commits.error();
      item.commits = std::move(*commits);
    }
    total += item.commits.size();
    work.push_back(std::move(item));
  }
  // A commit two updates bring under the same policy is judged once.
  std::set<std::string> judged_under_base;
  size_t checked = 0;
  for (const auto& [update, commits] : work) {
    auto base = base_commit(repo, *update, options, commits);
    auto policy = policy_at(repo, base);
    if (!policy) return Error{"the policy that judges " + update->remote_ref + ": " + policy.error().message};
    report.approval_trailer = policy->gates.approval_trailer;
    report.record = policy->telemetry.enabled;

    rules::RefFacts facts;
    facts.ref = update->remote_ref;
    facts.deleted = is_zero(update->new_id);
    facts.created = is_zero(update->old_id);
    facts.has_new_commits = !commits.empty();
    if (!facts.deleted && !facts.created) {
      auto old_id = parse_id(update->old_id);
      const auto old_commit = commit_of(repo, update->old_id);
      const auto new_commit = commit_of(repo, update->new_id);
      if (!old_id || !exists(repo, *old_id)) {
        facts.old_unknown = true;
      } else if (old_commit && new_commit && !git_oid_equal(&*old_commit, &*new_commit)) {
        facts.fast_forward = detail::is_ancestor(repo, *old_commit, *new_commit);
      } else if (update->old_id != update->new_id && (!old_commit || !new_commit)) {
        facts.fast_forward = false;  // a tag moved to or from something that is not a commit
      }
    }
    std::vector<Finding> ref_findings;
    rules::check_ref_update(facts, *policy, options.stage == "pre-push", ref_findings);
    for (auto& finding : ref_findings) {
      // A ref update carries no message to hold an approval: gated is blocked.
      if (finding.severity == Severity::block || finding.severity == Severity::gate) report.decision = Decision::block;
      report.findings.push_back(std::move(finding));
    }
    char base_hex[GIT_OID_HEXSZ + 1] = "root";
    if (base) git_oid_tostr(base_hex, sizeof base_hex, &*base);

    auto judge = detail::CommitJudge::create(repo, *policy);
    if (!judge) return judge.error();
    // A ref to a tree or a blob (a tag can name either) brings files without
    // a commit: they are judged as added files all the same.
    if (!facts.deleted && !commit_of(repo, update->new_id)) {
      auto new_id = parse_id(update->new_id);
      if (!new_id) return new_id.error();
      if (auto judged = judge->judge_object(*new_id, update->remote_ref, report); !judged) return judged.error();
    }
    for (const auto& id : commits) {
      char hex[GIT_OID_HEXSZ + 1];
      git_oid_tostr(hex, sizeof hex, &id);
      if (!judged_under_base.insert(std::string(hex) + " " + base_hex).second) {
        if (options.progress) options.progress(++checked, total);
        continue;
      }
      git_commit* raw = nullptr;
      if (git_commit_lookup(&raw, repo.get(), &id) != 0) return git::last_error("cannot read a pushed commit");
      git::CommitPtr commit(raw);
      if (auto judged = judge->judge(commit.get(), report); !judged) return judged.error();
      if (auto signed_ok = check_signature(repo, id, *policy, report); !signed_ok) return signed_ok.error();
      if (options.progress) options.progress(++checked, total);
    }
  }
  report.stats.duration_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace agentops
