// The check pipeline: git state -> Change -> rules of the effective Policy ->
// Findings -> Decision, as one Report.
#include "agentops/check.h"

#include <git2.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "agentops/baseline.h"
#include "agentops/evaluator.h"
#include "approval/require_signed.h"
#include "approval/signed_gate.h"
#include "commit_judge.h"
#include "range_walk.h"
#include "staged_check.h"
#include "git/promisor_fetch.h"
#include "rules/branch_rules.h"
#include "agentops/message.h"
#include "message/git_invocation.h"
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

using detail::Staged;

// The index git will commit, and the policy staged in it.
struct Index {
  git::IndexPtr index;
  Policy policy;
};

using detail::under_floor;

// `index` and the policy staged in it; `judged_by` (a dry run) stands in for that policy.
Result<Index> read_policy(const git::Repository& repo, git::IndexPtr index, const Policy* judged_by) {
  auto policy = judged_by ? under_floor(*judged_by) : staged_policy(repo, index.get());
  if (!policy) return policy.error();
  return Index{std::move(index), std::move(*policy)};
}

// The index git will commit (see read_policy).
Result<Index> read_index(const git::Repository& repo, const Policy* judged_by = nullptr) {
  auto index = repo.index();
  if (!index) return index.error();
  return read_policy(repo, std::move(*index), judged_by);
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

}  // namespace

// The staged change under the staged policy, and, when the change edits the
// policy, under the committed one too: a change cannot switch off the rules
// that judge it, even for its own commit. `only_gates` keeps gate-capable rules.
// `base` is the tree the commit replaces: HEAD's, or HEAD's first parent's
// when git amends (then the whole replaced commit is judged again).
// `judged_by` (a dry run) judges alone: the staged and committed policies are not read.
Result<Staged> detail::check_index(const git::Repository& repo, git::IndexPtr index, git_tree* base, bool only_gates,
                                   const Policy* judged_by) {
  auto staged = read_policy(repo, std::move(index), judged_by);
  if (!staged) return staged.error();
  // The committed baseline (the side this change replaces), never the staged
  // one: a change cannot baseline its own secret. One that does not parse
  // baselines nothing here (everything is judged), so a commit can repair it;
  // range checks refuse it.
  if (!judged_by) {
    if (auto baseline = baseline_in_tree(repo, base)) staged->policy.secrets.baseline = std::move(*baseline);
  }
  auto judged = judge_index(repo, staged->index.get(), base, only_gates ? gate_rules_only(staged->policy) : staged->policy);
  if (!judged) return judged.error();
  Staged result{std::move(staged->policy), std::move(judged->first), std::move(judged->second), {}, std::nullopt, {}};
  result.gates = result.policy.gates;
  if (judged_by || !edits_policy(result.change)) {
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

Status detail::run_staged_validators(const git::Repository& repo, Staged& staged) {
  // Validators run commands, so they come only from a committed policy: a
  // change that edits the policy runs the committed one's, not its own.
  const Policy& runs = staged.committed ? *staged.committed : staged.policy;
  if (runs.validators.empty()) return Ok{};
  auto secrets = Evaluator::create(runs);
  if (!secrets) return secrets.error();
  auto failed = run_validators(repo, staged.index.get(), staged.change, runs.validators, *secrets);
  if (!failed) return failed.error();
  for (auto& finding : *failed) staged.findings.push_back(std::move(finding));
  return Ok{};
}

Report detail::make_report(const std::string& stage, const Policy& policy, GateState gate,
                           std::vector<Finding> findings, const Change& change) {
  Report report;
  report.stage = stage;
  report.gate = gate;
  report.approval_trailer = policy.gates.approval_trailer;
  report.approvers = policy.gates.approvers;
  report.gate_on_terminal = policy.gates.mode == GateMode::tty;
  report.signed_approval = policy.gates.mode == GateMode::signed_approval;
  report.record = policy.telemetry.enabled;
  report.findings = std::move(findings);
  if (policy.secrets.baseline) apply_baseline(*policy.secrets.baseline, report.findings);
  report.decision = decide(report.findings, gate);
  hint_next_steps(report.findings, report.decision);
  report.stats.files = change.files.size();
  report.stats.bytes = change.added_bytes;
  return report;
}

namespace {

using detail::make_report;

// The index git will commit, judged (see detail::check_index).
Result<Staged> check_index(const git::Repository& repo, git_tree* base, bool only_gates = false,
                           const Policy* judged_by = nullptr) {
  auto index = repo.index();
  if (!index) return index.error();
  return detail::check_index(repo, std::move(*index), base, only_gates, judged_by);
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

// The author git will record: git commit exports GIT_AUTHOR_* to its hooks
// (the amended commit's author under --amend, --author's); else user.*.
std::string author(const git::Repository& repo) {
  std::string name = env("GIT_AUTHOR_NAME"), email = env("GIT_AUTHOR_EMAIL");
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

// The text git's editor will start from, when the command line says: -m
// paragraphs, an -F file, the commit of -C/-c, or HEAD's under --amend.
std::optional<std::string> starting_message(const git::Repository& repo, const detail::InvokingGit& git,
                                            const detail::CommitInvocation& invocation) {
  if (!invocation.messages.empty()) {
    std::string text;
    for (const auto& paragraph : invocation.messages) text += (text.empty() ? "" : "\n\n") + paragraph;
    return text;
  }
  if (invocation.message_file) {
    std::string path = *invocation.message_file;
    if (path == "-") return std::nullopt;  // git's stdin: not ours to read
    if (!path.starts_with("/")) {
      const auto directory = detail::started_in(git.pid);
      if (!directory) return std::nullopt;
      path = *directory + "/" + path;
    }
    auto text = read_file(path);
    if (!text) return std::nullopt;
    return *text;
  }
  const std::optional<std::string> revision = invocation.reuse_commit ? invocation.reuse_commit
                                              : invocation.amend      ? std::optional<std::string>("HEAD")
                                                                      : std::nullopt;
  if (!revision) return std::nullopt;
  auto commit = git::lookup_commit(repo, *revision);
  if (!commit) return std::nullopt;
  const char* message = git_commit_message(commit->get());
  return message ? std::optional<std::string>(message) : std::nullopt;
}

// The message ahead of pre-commit: whether git opens an editor on it next,
// and the text it has or starts from when the command line says. Not known:
// an editor, and no text.
struct MessageAhead {
  bool editor = true;
  std::optional<std::string> text;
};

MessageAhead message_ahead(const git::Repository& repo) {
  const auto git = detail::invoking_git();
  if (!git) return {};
  const bool merge = detail::git_command(git->argv) == "merge";
  const auto invocation = merge ? detail::parse_merge_argv(git->argv, detail::merge_edits_by_default(git->pid))
                                : detail::parse_commit_argv(git->argv);
  if (!invocation) return {};
  return {invocation->use_editor, merge ? std::nullopt : starting_message(repo, *git, *invocation)};
}

bool is_pending_gate(const Finding& finding) {
  return finding.severity == Severity::gate && finding.approved_by.empty();
}

// Validators run only here (commit-msg and range checks do not run them).
bool judged_at_commit_msg(const Finding& finding) {
  return is_pending_gate(finding) && !finding.rule.starts_with("validator.");
}

// The value of an approval trailer [gates] approvers does not accept, or "".
std::string unlisted_approver(const std::vector<Trailer>& trailers, const GatesPolicy& gates) {
  auto lower = [](std::string text) {
    for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
  };
  for (const auto& trailer : trailers)
    if (lower(trailer.key) == lower(gates.approval_trailer) && !find_approval({trailer}, gates)) return trailer.value;
  return "";
}

// Who approved, by the message git was given ahead of the editor (-m, -F):
// the typed trailer, or under approval = "signed" a signature that verifies
// against the base side.
Result<std::optional<std::string>> approval_ahead(const git::Repository& repo, const MessageAhead& ahead,
                                                  const detail::Staged& staged) {
  if (!ahead.text) return std::optional<std::string>();
  const auto trailers = parse_trailers(*ahead.text);
  if (staged.gates.mode != GateMode::signed_approval) return find_approval(trailers, staged.gates);
  if (!approval::needs_approval(staged.findings)) return std::optional<std::string>();
  const Policy& base = staged.committed ? *staged.committed : staged.policy;
  auto verdict =
      approval::judge_signed_approval(staged.change, base, trailers, {author(repo), committer(repo)}, staged.findings);
  if (!verdict) return verdict.error();
  // It approves the gates this hook judges only when it covers every one of them.
  for (const auto& finding : staged.findings)
    if (is_pending_gate(finding) && !approval::covers(*verdict, finding, base)) return std::optional<std::string>();
  return std::optional<std::string>(verdict->verdict.principal);
}

void add_unless_known(std::vector<Finding>& findings, Finding finding) {
  const bool known = std::any_of(findings.begin(), findings.end(), [&](const Finding& f) {
    return f.rule == finding.rule && f.path == finding.path && f.line == finding.line && f.message == finding.message;
  });
  if (!known) findings.push_back(std::move(finding));
}

}  // namespace

Result<Report> check_staged(const git::Repository& repo, const std::string& stage, const Policy* judged_by) {
  const auto start = Clock::now();
  auto base = replaced_tree(repo, detail::amending(repo, stage == "pre-commit"));
  if (!base) return base.error();
  auto staged = check_index(repo, base->get(), /*only_gates=*/false, judged_by);
  if (!staged) return staged.error();
  if (auto validated = detail::run_staged_validators(repo, *staged); !validated) return validated.error();
  Report report = make_report(stage, staged->policy, GateState::pending, std::move(staged->findings), staged->change);
  if (stage == "pre-commit" && report.decision == Decision::gate) {
    // commit-msg judges the gated findings with the message and reports them,
    // once; unless something blocks here first (then commit-msg never runs).
    const MessageAhead ahead = message_ahead(repo);
    auto given_approval = approval_ahead(repo, ahead, *staged);
    if (!given_approval) return given_approval.error();
    const auto gated =
        static_cast<std::uint64_t>(std::count_if(report.findings.begin(), report.findings.end(), judged_at_commit_msg));
    std::erase_if(report.findings, judged_at_commit_msg);
    // The gates only this hook judges: by the message git records unedited.
    if (*given_approval && !ahead.editor)
      for (auto& finding : report.findings)
        if (is_pending_gate(finding)) finding.approved_by = **given_approval;
    report.decision = decide(report.findings, GateState::pending);
    hint_next_steps(report.findings, report.decision);
    // Said now only when the person still writes the message, in an editor.
    if (!report.gate_on_terminal && ahead.editor && !*given_approval) report.gates_for_commit_msg = gated;
  }
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
  // Only gated rules ran, so a secret in a name these findings print (a
  // token as a file name) was not looked for: every secret rule redacts it.
  for (const Policy* rules : {&staged->policy, staged->committed ? &*staged->committed : nullptr}) {
    if (!rules || findings.empty()) continue;
    auto secrets = Evaluator::create(*rules);
    if (!secrets) return secrets.error();
    for (auto& finding : findings) {
      for (std::string* text : {&finding.path, &finding.message, &finding.excerpt, &finding.hint}) {
        auto redacted = secrets->redact_secrets(*text);
        if (!redacted) return redacted.error();
        *text = std::move(*redacted);
      }
    }
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
  std::string approved_by, unlisted;
  // Under approval = "signed": the base side judges the approval (its
  // protected paths, its signers), and one verdict is reported: a refusal
  // when any reading of the message refuses.
  const bool signed_gate = staged->gates.mode == GateMode::signed_approval;
  const Policy& base_policy = staged->committed ? *staged->committed : staged->policy;
  std::optional<approval::GateVerdict> refusal;
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
    for (const auto& context : contexts) {
      const auto trailers = parse_trailers(message, context.comment_char, context.trailer_syntax);
      if (signed_gate) {
        // Verified only when something waits for it: ssh-keygen runs for gated changes alone.
        if (!approval::needs_approval(findings)) continue;
        auto verdict = approval::judge_signed_approval(*change, base_policy, trailers, {author(repo), committer(repo)},
                                                       findings);
        if (!verdict) return verdict.error();
        const bool verified = verdict->verdict.state == approval::ApprovalState::verified;
        // The weakest reading decides: a refusal, or an approval of less.
        if (!refusal || !verified || (refusal->verdict.state == approval::ApprovalState::verified &&
                                      refusal->whole_change && !verdict->whole_change))
          refusal = std::move(*verdict);
        continue;
      }
      const auto approval = find_approval(trailers, staged->gates);
      approved = approved && approval.has_value();
      if (approval && approved_by.empty()) approved_by = *approval;
      if (unlisted.empty()) unlisted = unlisted_approver(trailers, staged->gates);
    }
  }
  // A message finding may quote the subject, and a fix built from it: a key
  // there is shown redacted, as the secret finding beside it shows it. (Only
  // a message that fails a rule pays for the redactor.)
  if (std::any_of(findings.begin(), findings.end(), [](const Finding& f) { return f.rule.starts_with("message."); })) {
    auto redactor = Evaluator::create(*policy);
    if (!redactor) return redactor.error();
    for (auto& finding : findings) {
      if (!finding.rule.starts_with("message.")) continue;
      for (std::string* text : {&finding.message, &finding.hint}) {
        auto redacted = redactor->redact_secrets(*text);
        if (!redacted) return redacted.error();
        *text = std::move(*redacted);
      }
    }
  }
  if (signed_gate) {
    if (refusal) approval::apply_verdict(*refusal, base_policy, findings);
    approved = !approval::needs_approval(findings);
  }
  const GateState gate = approved ? GateState::approved : GateState::missing;
  if (approved && !signed_gate)
    for (auto& finding : findings)
      if (finding.severity == Severity::gate) finding.approved_by = approved_by;
  Report report = make_report(stage, *policy, gate, std::move(findings), *change);
  report.approval_trailer = staged->gates.approval_trailer;
  report.approvers = staged->gates.approvers;
  report.signed_approval = signed_gate;
  if (signed_gate) {
    report.approval_trailer = approval::kApprovalTrailer;
    report.approvers = refusal ? refusal->verdict.approvers : std::vector<std::string>{};
  }
  if (!approved) report.unlisted_approver = unlisted;
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


bool blocked_only_by_gate(const Report& report) { return report.decision == Decision::gate; }

using detail::fetch_missing_blobs;
using detail::policy_of_commit;
using detail::resolve_commit;
using detail::scan_tag_messages;

Result<Report> check_range(const git::Repository& repo, const std::string& range,
                           const std::function<void(size_t, size_t)>& progress, const Policy* judged_by) {
  const auto start = Clock::now();
  auto resolved = detail::resolve_range(repo, range, judged_by);
  if (!resolved) return resolved.error();
  const std::string& head_name = resolved->sides.head;
  const detail::Peeled* base = &resolved->base;
  const detail::Peeled* head = &resolved->head;
  const Policy* policy = &resolved->policy;

  auto judge = detail::CommitJudge::create(repo, *policy);
  if (!judge) return judge.error();
  Report report = detail::range_report("range", *policy);
  // A range's head named by an annotated tag: its message is new content too.
  if (auto scanned = scan_tag_messages(*judge, head->tags, report); !scanned) return scanned.error();
  // A head that is a tree or a blob (a tag of one) holds content no commit does.
  if (head->type == GIT_OBJECT_TREE || head->type == GIT_OBJECT_BLOB) {
    auto judged = head->type == GIT_OBJECT_TREE ? judge->judge_tree(head->target, report)
                                                : judge->judge_blob(head->target, "(blob at " + head_name + ")", report);
    if (!judged) return judged.error();
    report.stats.duration_ms = ms_since(start);
    return report;
  }
  if (head->type != GIT_OBJECT_COMMIT) return Error{"the head of '" + range + "' is not a commit, tree or blob"};
  auto commits = detail::new_commits(repo, {head->target}, {base->target});
  if (!commits) return commits.error();
  if (auto fetched = fetch_missing_blobs(repo, *commits); !fetched) return fetched.error();
  for (const auto& id : *commits) {
    if (auto judged = judge->judge(id, report); !judged) return judged.error();
    if (auto signed_ok = approval::check_require_signed(repo, id, *policy, report); !signed_ok) return signed_ok.error();
    if (progress) progress(report.stats.commits, commits->size());
  }
  report.stats.duration_ms = ms_since(start);
  return report;
}

Result<Report> scan_history(const git::Repository& repo, const std::string& revision,
                            const std::function<void(size_t, size_t)>& progress,
                            std::shared_ptr<const Baseline> baseline) {
  const auto start = Clock::now();
  auto tip = resolve_commit(repo, revision);
  if (!tip) return tip.error();
  auto policy = policy_of_commit(repo, tip->target);
  if (!policy) return policy.error();
  // Secrets only: history is not judged again by rules about changes and messages.
  Policy secrets_only;
  secrets_only.secrets = policy->secrets;
  secrets_only.secrets.enabled = true;  // a tip that switches secrets off must not hide history
  if (baseline) secrets_only.secrets.baseline = std::move(baseline);
  secrets_only.message.placeholder_subjects.clear();
  for (const auto& rule : builtin_rules()) secrets_only.severities[rule.id] = Severity::off;
  auto commits = detail::new_commits(repo, {tip->target}, {});
  if (!commits) return commits.error();
  if (auto fetched = fetch_missing_blobs(repo, *commits); !fetched) return fetched.error();
  auto judge = detail::CommitJudge::create(repo, secrets_only);
  if (!judge) return judge.error();
  Report report = detail::range_report("scan", secrets_only);
  report.record = false;
  // Annotated tags on the history scanned carry messages no commit holds.
  std::set<std::string> scanned_ids;
  for (const auto& id : *commits) scanned_ids.insert(git::hex_of(id));
  std::vector<git::RawTag> tags = tip->tags;
  git_strarray names{};
  if (git_reference_list(&names, repo.get()) == 0) {
    std::unique_ptr<git_strarray, decltype(&git_strarray_dispose)> owned(&names, git_strarray_dispose);
    for (size_t i = 0; i < names.count; ++i) {
      const std::string name = names.strings[i];
      if (!name.starts_with("refs/tags/")) continue;
      git_oid id;
      if (git_reference_name_to_id(&id, repo.get(), name.c_str()) != 0) {
        git_error_clear();
        continue;
      }
      if (!git::has_object(repo, id)) return Error{name + ": cannot read object " + git::hex_of(id)};
      // A tag whose target is absent (beyond a shallow clone's boundary)
      // is on no history scanned here, which is all present.
      auto peeled = detail::peel(repo, id);
      if (!peeled) {
        git_error_clear();
        continue;
      }
      if (peeled->tags.empty() || !scanned_ids.count(git::hex_of(peeled->target))) continue;
      for (auto& tag : peeled->tags)
        if (std::none_of(tags.begin(), tags.end(), [&](const git::RawTag& t) { return git_oid_equal(&t.id, &tag.id); }))
          tags.push_back(std::move(tag));
    }
  }
  git_error_clear();
  if (auto done = scan_tag_messages(*judge, tags, report); !done) return done.error();
  for (const auto& id : *commits) {
    if (auto judged = judge->judge(id, report); !judged) return judged.error();
    if (progress) progress(report.stats.commits, commits->size());
  }
  report.stats.duration_ms = ms_since(start);
  return report;
}

}  // namespace agentops
