// The check pipeline: git state -> Change -> rules of the effective Policy ->
// Findings -> Decision, as one Report.
#include "agentops/check.h"

#include <git2.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "agentops/evaluator.h"
#include "commit_judge.h"
#include "rules/branch_rules.h"
#include "agentops/message.h"
#include "message/git_message.h"
#include "message/message_reading.h"
#include "message/message_secrets.h"
#include "agentops/rules.h"
#include "agentops/validators.h"

namespace agentops {
namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// The branch HEAD names ("main"), also when unborn; empty when detached.
std::string current_branch(const git::Repository& repo) {
  git_reference* raw = nullptr;
  if (git_reference_lookup(&raw, repo.get(), "HEAD") != 0) {
    git_error_clear();
    return "";
  }
  std::unique_ptr<git_reference, decltype(&git_reference_free)> head(raw, git_reference_free);
  if (git_reference_type(raw) != GIT_REFERENCE_SYMBOLIC) return "";
  return rules::branch_name(git_reference_symbolic_target(raw));
}

// A copy of `policy` in which only rules that can be gated still run.
Policy gate_rules_only(const Policy& policy) {
  Policy gated = policy;
  for (auto& rule : gated.secrets.rules)
    if (rule.severity != Severity::gate) rule.severity = Severity::off;
  for (auto& rule : gated.content)
    if (rule.severity != Severity::gate) rule.severity = Severity::off;
  return gated;
}

// The staged change, judged by the policy staged with it.
struct Staged {
  Policy policy;
  Change change;
  std::vector<Finding> findings;
  GatesPolicy gates;                 // who may approve: the committed policy's when the change edits it
  std::optional<Policy> committed;   // the committed policy, when the change edits it
  git::IndexPtr index;               // the index judged (validators check it out)
};

// The index git will commit, and the policy staged in it.
struct Index {
  git::IndexPtr index;
  Policy policy;
};

Result<Index> read_index(const git::Repository& repo) {
  auto index = repo.index();
  if (!index) return index.error();
  auto policy = staged_policy(repo, index->get());
  if (!policy) return policy.error();
  return Index{std::move(*index), std::move(*policy)};
}

// The findings `policy` makes of the staged change.
Result<std::pair<Change, std::vector<Finding>>> judge_index(const git::Repository& repo, git_index* index,
                                                            git_tree* base, const Policy& policy) {
  auto evaluator = Evaluator::create(policy);
  if (!evaluator) return evaluator.error();
  auto change = read_staged_change_against(repo, index, base, evaluator->change_options(), evaluator->visitor());
  if (!change) return change.error();
  std::vector<Finding> findings = evaluator->finish(*change);
  if (auto branch = current_branch(repo); !branch.empty()) rules::check_direct_commit(branch, policy, findings);
  return std::make_pair(std::move(*change), std::move(findings));
}

bool edits_policy(const Change& change) {
  return std::any_of(change.files.begin(), change.files.end(), [](const ChangedFile& file) {
    return file.path.starts_with(".agentops/") || file.old_path.starts_with(".agentops/");
  });
}

// The staged change under the staged policy, and, when the change edits the
// policy, under the committed one too: a change cannot switch off the rules
// that judge it, even for its own commit. `only_gates` keeps gate-capable rules.
// `base` is the tree the commit replaces: HEAD's, or HEAD's first parent's
// when git amends (then the whole replaced commit is judged again).
Result<Staged> check_index(const git::Repository& repo, git_tree* base, bool only_gates = false) {
  auto staged = read_index(repo);
  if (!staged) return staged.error();
  auto judged = judge_index(repo, staged->index.get(), base, only_gates ? gate_rules_only(staged->policy) : staged->policy);
  if (!judged) return judged.error();
  Staged result{std::move(staged->policy), std::move(judged->first), std::move(judged->second), {}, std::nullopt, {}};
  result.gates = result.policy.gates;
  if (!edits_policy(result.change)) {
    result.index = std::move(staged->index);
    return result;
  }

  auto committed = policy_in_tree(repo, base);
  // A committed policy that no longer loads (committed with --no-verify) must
  // still be repairable: the baseline, under the floor, stands in for it.
  if (!committed) committed = policy_in_tree(repo, nullptr);
  if (!committed) return Error{"the committed policy: " + committed.error().message};
  auto again = judge_index(repo, staged->index.get(), base, only_gates ? gate_rules_only(*committed) : *committed);
  if (!again) return again.error();
  for (auto& finding : again->second) {
    const bool known = std::any_of(result.findings.begin(), result.findings.end(), [&](const Finding& f) {
      return f.rule == finding.rule && f.path == finding.path && f.line == finding.line && f.severity == finding.severity;
    });
    if (!known) result.findings.push_back(std::move(finding));
  }
  result.gates = committed->gates;
  result.committed = std::move(*committed);
  result.index = std::move(staged->index);
  return result;
}

Report make_report(const std::string& stage, const Policy& policy, GateState gate,
                   std::vector<Finding> findings, const Change& change) {
  Report report;
  report.stage = stage;
  report.gate = gate;
  report.approval_trailer = policy.gates.approval_trailer;
  report.gate_on_terminal = policy.gates.mode == GateMode::tty;
  report.record = policy.telemetry.enabled;
  report.findings = std::move(findings);
  report.decision = decide(report.findings, gate);
  report.stats.files = change.files.size();
  report.stats.bytes = change.added_bytes;
  return report;
}

// The message file as git wrote it. It may hold the whole diff (`git commit
// -v`), so its own cap is far above kMaxMessageBytes; memory stays bounded.
constexpr std::uint64_t kMaxMessageFileBytes = 256ull << 20;

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return Error{"cannot read the commit message " + path};
  const auto size = static_cast<std::uint64_t>(in.tellg());
  if (size > kMaxMessageFileBytes)
    return Error{"the commit message file " + path + " is " + std::to_string(size) + " bytes; agentops reads at most " +
                 std::to_string(kMaxMessageFileBytes)};
  in.seekg(0);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string config_string(const git::Repository& repo, const char* key) {
  return detail::git_config_value(repo, key).value_or("");
}

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

// The committer git will record: GIT_COMMITTER_* or user.name / user.email.
std::string committer(const git::Repository& repo) {
  std::string name = env("GIT_COMMITTER_NAME"), email = env("GIT_COMMITTER_EMAIL");
  if (name.empty()) name = config_string(repo, "user.name");
  if (email.empty()) email = config_string(repo, "user.email");
  return name + " <" + email + ">";
}

// The tree the commit being made replaces: HEAD's, or when amending HEAD's
// first parent's (nullptr for the empty tree).
Result<git::TreePtr> replaced_tree(const git::Repository& repo, bool amend) {
  if (!amend) return repo.head_tree();
  auto head = git::lookup_commit(repo, "HEAD");
  if (!head) return head.error();
  if (git_commit_parentcount(head->get()) == 0) return git::TreePtr{};
  git_commit* raw_parent = nullptr;
  if (git_commit_parent(&raw_parent, head->get(), 0) != 0) return git::last_error("cannot read HEAD's parent");
  git::CommitPtr parent(raw_parent);
  return git::commit_tree(parent.get());
}

void add_unless_known(std::vector<Finding>& findings, Finding finding) {
  const bool known = std::any_of(findings.begin(), findings.end(), [&](const Finding& f) {
    return f.rule == finding.rule && f.path == finding.path && f.line == finding.line && f.message == finding.message;
  });
  if (!known) findings.push_back(std::move(finding));
}

}  // namespace

Result<Report> check_staged(const git::Repository& repo, const std::string& stage) {
  const auto start = Clock::now();
  auto base = replaced_tree(repo, detail::amending(repo, stage == "pre-commit"));
  if (!base) return base.error();
  auto staged = check_index(repo, base->get());
  if (!staged) return staged.error();
  // Validators run commands, so they come only from a committed policy: a
  // change that edits the policy runs the committed one's, not its own.
  const Policy& runs = staged->committed ? *staged->committed : staged->policy;
  if (!runs.validators.empty()) {
    auto failed = run_validators(repo, staged->index.get(), staged->change, runs.validators);
    if (!failed) return failed.error();
    for (auto& finding : *failed) staged->findings.push_back(std::move(finding));
  }
  Report report = make_report(stage, staged->policy, GateState::pending, std::move(staged->findings), staged->change);
  report.stats.duration_ms = ms_since(start);
  return report;
}

Result<Report> check_commit_message(const git::Repository& repo, const std::string& message_file,
                                    const std::string& stage) {
  const auto start = Clock::now();
  auto raw = read_file(message_file);
  if (!raw) return raw.error();
  const detail::MessageReading reading = detail::read_message(repo, *raw, stage == "commit-msg");
  for (const auto& message : reading.messages)
    if (message.size() > kMaxMessageBytes)
      return Error{"the commit message is " + std::to_string(message.size()) + " bytes; agentops judges at most " +
                   std::to_string(kMaxMessageBytes) + " (write a shorter message; put long text in a file)"};
  auto base = replaced_tree(repo, reading.amend);
  if (!base) return base.error();
  auto staged = check_index(repo, base->get(), /*only_gates=*/true);
  if (!staged) return staged.error();
  const Policy* policy = &staged->policy;
  std::vector<Finding> findings;
  for (auto& finding : staged->findings)
    if (finding.severity == Severity::gate) findings.push_back(std::move(finding));
  // A hook under a git we could not read may be amending: an amend that drops
  // the approval of HEAD's own gated change must not pass, so HEAD's first
  // parent is a base too. (No HEAD: nothing to amend.)
  if (stage == "commit-msg" && !reading.exact && !reading.amend)
    if (auto parent = replaced_tree(repo, /*amend=*/true)) {
      auto amended = check_index(repo, parent->get(), /*only_gates=*/true);
      if (!amended) return amended.error();
      for (auto& finding : amended->findings)
        if (finding.severity == Severity::gate) add_unless_known(findings, std::move(finding));
    }
  const Change* change = &staged->change;

  // core.commentChar and trailer.* change how git reads a message, not what
  // it records, and the readers after the commit (git log, pre-push, the
  // server) may not share them: the message meets the rules read both ways.
  const MessageContext configured{change->lines_changed(), committer(repo), reading.reader_char, reading.syntax};
  std::vector<MessageContext> contexts{configured};
  if (reading.reader_char != '#' || reading.syntax.separators != ":" || !reading.syntax.configured.empty())
    contexts.push_back(MessageContext{configured.lines_changed, configured.committer});
  bool approved = true;
  for (const auto& message : reading.messages) {
    for (const auto& context : contexts) {
      for (auto& finding : check_message(message, context, *policy)) add_unless_known(findings, std::move(finding));
      // A change to the policy meets the message rules of the policy it replaces too.
      if (staged->committed)
        for (auto& finding : check_message(message, context, *staged->committed))
          add_unless_known(findings, std::move(finding));
    }
    // The message is recorded in history: no credentials in it either.
    std::vector<Finding> secrets;
    if (auto scanned = detail::scan_message_for_secrets(message, policy->secrets, secrets); !scanned) return scanned.error();
    if (staged->committed)
      if (auto scanned = detail::scan_message_for_secrets(message, staged->committed->secrets, secrets); !scanned)
        return scanned.error();
    for (auto& finding : secrets) add_unless_known(findings, std::move(finding));
    // The approval must be in the message as git records it, in every
    // cleanup it may apply, read both ways.
    for (const auto& context : contexts)
      approved = approved &&
                 find_approval(parse_trailers(message, context.comment_char, context.trailer_syntax), staged->gates)
                     .has_value();
  }
  const GateState gate = approved ? GateState::approved : GateState::missing;
  Report report = make_report(stage, *policy, gate, std::move(findings), *change);
  report.approval_trailer = staged->gates.approval_trailer;
  report.stats.duration_ms = ms_since(start);
  return report;
}

Result<std::string> prepare_message_template(const git::Repository& repo, const std::string& message_file) {
  auto raw = read_file(message_file);
  if (!raw) return raw.error();
  auto staged = read_index(repo);
  if (!staged) return staged.error();
  return message_template(staged->policy, comment_char_for(config_string(repo, "core.commentChar"), *raw));
}

Result<bool> record_terminal_approval(const git::Repository& repo, const std::string& message_file) {
  auto raw = read_file(message_file);
  if (!raw) return raw.error();
  auto base = replaced_tree(repo, detail::amending(repo, /*in_hook=*/true));
  if (!base) return base.error();
  auto staged = check_index(repo, base->get(), /*only_gates=*/true);
  if (!staged) return staged.error();
  // The person at the terminal approves as the committer: only when the
  // effective gates ([gates] approvers) accept that name.
  const std::string approver = committer(repo);
  if (!find_approval({Trailer{staged->gates.approval_trailer, approver}}, staged->gates)) return false;
  const std::string updated = add_trailer(*raw, staged->gates.approval_trailer, approver,
                                          comment_char_for(config_string(repo, "core.commentChar"), *raw));
  // The trailer must be where git keeps it, in every cleanup git may apply.
  const detail::MessageReading reading = detail::read_message(repo, updated, /*in_hook=*/true);
  for (const auto& message : reading.messages)
    if (!find_approval(parse_trailers(message, reading.reader_char, reading.syntax), staged->gates))
      return Error{"cannot place the approval trailer where git keeps it (below a scissors line or a comment?); "
                   "add \"" + staged->gates.approval_trailer + ": " + approver + "\" to the message yourself"};
  std::ofstream out(message_file, std::ios::binary | std::ios::trunc);
  if (!(out << updated)) return Error{"cannot write the commit message " + message_file};
  return true;
}


bool blocked_only_by_gate(const Report& report) {
  return report.decision == Decision::block &&
         std::none_of(report.findings.begin(), report.findings.end(),
                      [](const Finding& f) { return f.severity == Severity::block; });
}

Result<Report> check_range(const git::Repository& repo, const std::string& range,
                           const std::function<void(size_t, size_t)>& progress) {
  const auto start = Clock::now();
  git_revspec spec;
  if (git_revparse(&spec, repo.get(), range.c_str()) != 0)
    return git::last_error("'" + range + "' is not a range of the form BASE..HEAD");
  if (!(spec.flags & GIT_REVSPEC_RANGE)) {
    git_object_free(spec.from);  // a single revision: nothing else was looked up
    return Error{"'" + range + "' is not a range of the form BASE..HEAD"};
  }
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

  auto commits = detail::new_commits(repo, {*git_commit_id(to.get())}, {*git_commit_id(from.get())});
  if (!commits) return commits.error();
  auto judge = detail::CommitJudge::create(repo, *policy);
  if (!judge) return judge.error();
  Report report = detail::range_report("range", *policy);
  for (const auto& id : *commits) {
    git_commit* raw_commit = nullptr;
    if (git_commit_lookup(&raw_commit, repo.get(), &id) != 0) return git::last_error("cannot read a commit");
    git::CommitPtr commit(raw_commit);
    if (auto judged = judge->judge(commit.get(), report); !judged) return judged.error();
    if (progress) progress(report.stats.commits, commits->size());
  }
  report.stats.duration_ms = ms_since(start);
  return report;
}

Result<Report> scan_history(const git::Repository& repo, const std::string& revision,
                            const std::function<void(size_t, size_t)>& progress) {
  const auto start = Clock::now();
  auto tip = git::lookup_commit(repo, revision);
  if (!tip) return tip.error();
  auto tree = git::commit_tree(tip->get());
  if (!tree) return tree.error();
  auto policy = policy_in_tree(repo, tree->get());
  if (!policy) return policy.error();
  // Secrets only: history is not judged again by rules about changes and messages.
  Policy secrets_only;
  secrets_only.secrets = policy->secrets;
  secrets_only.secrets.enabled = true;  // a tip that switches secrets off must not hide history
  secrets_only.message.placeholder_subjects.clear();
  for (const auto& rule : builtin_rules()) secrets_only.severities[rule.id] = Severity::off;
  auto commits = detail::new_commits(repo, {*git_commit_id(tip->get())}, {});
  if (!commits) return commits.error();
  auto judge = detail::CommitJudge::create(repo, secrets_only);
  if (!judge) return judge.error();
  Report report = detail::range_report("scan", secrets_only);
  report.record = false;
  for (const auto& id : *commits) {
    git_commit* raw = nullptr;
    if (git_commit_lookup(&raw, repo.get(), &id) != 0) return git::last_error("cannot read a commit");
    git::CommitPtr commit(raw);
    if (auto judged = judge->judge(commit.get(), report); !judged) return judged.error();
    if (progress) progress(report.stats.commits, commits->size());
  }
  report.stats.duration_ms = ms_since(start);
  return report;
}

}  // namespace agentops
