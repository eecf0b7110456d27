// pre-push and pre-receive: ref updates judged by the [branches] rules, and
// what each update would give the receiving side judged by the policy on the
// receiving side's policy branch (receiving_side.h).
#include "agentops/push.h"

#include <git2.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <set>
#include <sstream>

#include "agentops/policy_sources.h"
#include "approval/require_signed.h"
#include "commit_judge.h"
#include "git/promisor_fetch.h"
#include "receiving_side.h"
#include "rules/branch_rules.h"

namespace agentops {
namespace {

using git::hex_of;

bool is_zero(const std::string& id) { return id.find_first_not_of('0') == std::string::npos; }

Result<git_oid> parse_id(const std::string& hex) {
  git_oid id;
  if (hex.size() != GIT_OID_HEXSZ || git_oid_fromstr(&id, hex.c_str()) != 0)
    return Error{"\"" + hex + "\" is not a commit id"};
  return id;
}

Result<Policy> policy_at(const git::Repository& repo, const std::optional<git_oid>& commit_id) {
  if (!commit_id) return policy_in_tree(repo, nullptr);
  auto commit = git::read_raw_commit(repo, *commit_id);
  if (!commit) return commit.error();
  git_tree* raw = nullptr;
  if (git_tree_lookup(&raw, repo.get(), &commit->tree) != 0) return git::last_error("cannot read the policy's tree");
  git::TreePtr tree(raw);
  return policy_in_tree(repo, tree.get());
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

// Why a server cannot see pushed objects, when that is the likely reason.
std::string unreadable_hint(const PushOptions& options) {
  if (options.stage != "pre-receive") return "";
  const char* quarantine = std::getenv("GIT_QUARANTINE_PATH");
  if (quarantine && *quarantine) return "";
  return " (git runs pre-receive with GIT_QUARANTINE_PATH, GIT_OBJECT_DIRECTORY and "
         "GIT_ALTERNATE_OBJECT_DIRECTORIES naming the pushed objects: a wrapper must pass them on)";
}

// One update, read: where its new and old ids lead.
struct Reading {
  const RefUpdate* update;
  std::optional<detail::Peeled> new_side;  // none for a deletion
  std::optional<detail::Peeled> old_side;  // none for a creation, or an old id this side lacks
  std::vector<git_oid> commits;            // what it brings, oldest first
};

// A push that makes another ref the policy branch (creating master where the
// server's HEAD names master, and main held the policy): that ref must carry
// the policy branch's history on, or its policy (the baseline, for an orphan)
// would judge every later push unjudged by the current one. A push that
// leaves no policy branch (a second branch where the only one held it) would
// hand later pushes the baseline.
std::optional<Finding> policy_moved_off(const git::Repository& repo, const detail::ReceivingSide& side,
                                        const std::vector<RefUpdate>& updates, const Policy& policy) {
  const auto after = detail::policy_branch_after(repo, updates);
  if (after && after->first == side.policy_ref) return std::nullopt;
  const Severity severity = severity_of(policy, "branch.force-push");
  if (severity == Severity::off) return std::nullopt;
  // No message can approve it: gated is blocked.
  const Severity blocking = severity == Severity::warn ? Severity::warn : Severity::block;
  if (!after)  // the only branch held the policy, and a second one is pushed
    return Finding{"branch.force-push", blocking, side.policy_ref, 0,
                   "the push leaves the server with no policy branch: " + side.policy_ref +
                       " holds it only as the server's only branch",
                   "name it in the server repository: git config agentops.policyRef " + side.policy_ref, "", ""};
  auto peeled = detail::peel(repo, after->second);
  if (peeled && peeled->type == GIT_OBJECT_COMMIT && detail::is_ancestor(repo, *side.policy_commit, peeled->target))
    return std::nullopt;
  git_error_clear();
  return Finding{"branch.force-push", blocking, after->first, 0,
                 "the push makes " + after->first + " the policy branch in place of " + side.policy_ref +
                     ", and it does not carry on that branch's history",
                 "create it from " + side.policy_ref + "'s tip, so the policy it carries is a change the current one judged",
                 "", ""};
}

}  // namespace

Result<std::vector<RefUpdate>> parse_pre_push_input(std::string_view input) { return parse_lines(input, true); }
Result<std::vector<RefUpdate>> parse_pre_receive_input(std::string_view input) { return parse_lines(input, false); }

Result<Report> check_push(const git::Repository& repo, const std::vector<RefUpdate>& updates, const PushOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  const bool server = options.stage == "pre-receive";
  auto side = server ? detail::server_side(repo) : detail::remote_side(repo, updates, options);
  if (!side) return side.error();
  auto policy = policy_at(*side->policy_repo, side->policy_commit);
  if (!policy)
    return Error{"the policy that judges this push (" + (side->policy_ref.empty() ? "none yet: the baseline" : side->policy_ref) +
                 "): " + policy.error().message};
  Report report = detail::range_report(options.stage, *policy);
  auto judge = detail::CommitJudge::create(repo, *policy);
  if (!judge) return judge.error();

  // First what each update brings, so the progress total is known. Whatever
  // cannot be read is an error: never "nothing to judge".
  std::vector<Reading> readings;
  size_t total = 0;
  for (const auto& update : updates) {
    Reading reading{&update, std::nullopt, std::nullopt, {}};
    if (!is_zero(update.new_id)) {
      auto peeled = detail::peel(repo, *parse_id(update.new_id));
      if (!peeled) {
        auto shown_ref = judge->shown_name(update.remote_ref);  // a ref named with a secret is never printed whole
        return Error{"cannot read " + update.new_id + ", pushed to " + (shown_ref ? *shown_ref : "a ref") + ": " +
                     peeled.error().message + unreadable_hint(options)};
      }
      reading.new_side = std::move(*peeled);
    }
    if (!is_zero(update.old_id)) {
      const git_oid old_id = *parse_id(update.old_id);
      // pre-push: the remote may have what this clone never fetched.
      if (server || git::has_object(repo, old_id)) {
        auto peeled = detail::peel(repo, old_id);
        if (!peeled) {
          auto shown_ref = judge->shown_name(update.remote_ref);
          return Error{"cannot read " + update.old_id + ", the old value of " + (shown_ref ? *shown_ref : "a ref") +
                       ": " + peeled.error().message};
        }
        reading.old_side = std::move(*peeled);
      }
    }
    if (reading.new_side && reading.new_side->type == GIT_OBJECT_COMMIT) {
      // pre-push: what the remote lacks, as git will send it. The server is
      // stricter: a ref brings what its old tip and the policy branch lack,
      // so commits held only by other refs (written before the policy was,
      // or by the server itself: merge-request refs) are judged again.
      std::vector<git_oid> hide = side->known;
      if (server && side->policy_commit) {
        hide = {*side->policy_commit};
        if (reading.old_side && reading.old_side->type == GIT_OBJECT_COMMIT) hide.push_back(reading.old_side->target);
      }
      auto commits = detail::new_commits(repo, {reading.new_side->target}, hide);
      if (!commits) {
        auto shown_ref = judge->shown_name(update.remote_ref);
        return Error{"the commits pushed to " + (shown_ref ? *shown_ref : "a ref") + ": " + commits.error().message};
      }
      reading.commits = std::move(*commits);
    }
    total += reading.commits.size();
    readings.push_back(std::move(reading));
  }

  // A partial clone lacks blobs it never checked out; git fetches them
  // lazily when it packs the push, and so does the judge, first.
  if (options.fetch_missing && !git::promisor_remote(repo).empty()) {
    std::vector<git_oid> commits, trees, blobs;
    for (const auto& reading : readings) {
      commits.insert(commits.end(), reading.commits.begin(), reading.commits.end());
      if (reading.new_side && reading.new_side->type == GIT_OBJECT_TREE) trees.push_back(reading.new_side->target);
      if (reading.new_side && reading.new_side->type == GIT_OBJECT_BLOB) blobs.push_back(reading.new_side->target);
    }
    auto missing = detail::missing_blobs(repo, commits, trees, blobs);
    if (!missing) return missing.error();
    if (auto fetched = git::fetch_from_promisor(repo, *missing); !fetched) return fetched.error();
  }

  if (server && side->policy_commit)
    if (auto moved = policy_moved_off(repo, *side, updates, *policy)) {
      if (moved->severity == Severity::block) report.decision = Decision::block;
      report.findings.push_back(std::move(*moved));
    }

  std::set<std::string> judged;  // objects two updates bring are judged once
  size_t checked = 0;
  for (const auto& reading : readings) {
    const RefUpdate& update = *reading.update;
    // A ref named with a secret is refused below, and never printed whole.
    auto shown_ref = judge->shown_name(update.remote_ref);
    if (!shown_ref) return shown_ref.error();
    rules::RefFacts facts;
    facts.ref = *shown_ref;
    facts.deleted = is_zero(update.new_id);
    facts.created = is_zero(update.old_id);
    facts.has_new_commits = !reading.commits.empty();
    facts.policy_ref = update.remote_ref == side->policy_ref;
    if (!facts.deleted && !facts.created && update.old_id != update.new_id) {
      const auto& before = reading.old_side;
      const auto& after = *reading.new_side;
      if (!before) {
        facts.old_unknown = true;
      } else if (before->type == GIT_OBJECT_COMMIT && after.type == GIT_OBJECT_COMMIT) {
        facts.fast_forward = git_oid_equal(&before->target, &after.target) ||
                             detail::is_ancestor(repo, before->target, after.target);
      } else if (!(before->type == after.type && git_oid_equal(&before->target, &after.target))) {
        facts.fast_forward = false;  // moved to or from something that is not a commit
      }
    }
    std::vector<Finding> ref_findings;
    rules::check_ref_update(facts, *policy, !server, ref_findings);
    for (auto& finding : ref_findings) {
      // A ref update carries no message to hold an approval: gated is blocked, and reported so.
      if (finding.severity == Severity::gate) finding.severity = Severity::block;
      if (finding.severity == Severity::block) report.decision = Decision::block;
      report.findings.push_back(std::move(finding));
    }

    // The name a ref is stored under is kept as surely as its content (a
    // deletion only removes it).
    if (!facts.deleted)
      if (auto scanned = judge->scan_text("(name of a pushed ref)", update.remote_ref, update.new_id, report); !scanned)
        return scanned.error();
    if (reading.new_side) {
      // What no commit holds: tags' headers and messages, and a tree or blob under a ref.
      for (const auto& tag : reading.new_side->tags) {
        if (!judged.insert(hex_of(tag.id)).second) continue;
        const std::string name = tag.name.empty() ? *shown_ref : tag.name;
        if (auto scanned = judge->scan_tag(tag, name, report); !scanned) return scanned.error();
      }
      const git_oid& target = reading.new_side->target;
      const bool content = reading.new_side->type == GIT_OBJECT_TREE || reading.new_side->type == GIT_OBJECT_BLOB;
      if (content && judged.insert(hex_of(target)).second) {
        auto judged_content = reading.new_side->type == GIT_OBJECT_TREE
                                  ? judge->judge_tree(target, report)
                                  : judge->judge_blob(target, "(blob at " + *shown_ref + ")", report);
        if (!judged_content) return judged_content.error();
      }
    }
    for (const auto& id : reading.commits) {
      if (judged.insert(hex_of(id)).second) {
        if (auto ok = judge->judge(id, report); !ok) return ok.error();
        if (auto signed_ok = approval::check_require_signed(repo, id, *policy, report); !signed_ok)
          return signed_ok.error();
      }
      if (options.progress) options.progress(++checked, total);
    }
  }
  report.stats.duration_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace agentops
