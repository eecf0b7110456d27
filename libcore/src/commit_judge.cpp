#include "commit_judge.h"

#include <git2.h>

#include <algorithm>
#include <fstream>
#include <set>

#include "agentops/baseline.h"
#include "agentops/message.h"
#include "approval/signed_gate.h"
#include "git/binary_text.h"
#include "git/promisor_fetch.h"

namespace agentops::detail {
namespace {

using git::hex_of;

// secrets.allow_paths name files; a message or a ref's blob is no file a
// policy could mean, so no path allowlist applies to it.
SecretsPolicy without_path_allowlists(SecretsPolicy secrets) {
  secrets.allow_paths.clear();
  secrets.allow_path_regexes.clear();
  return secrets;
}

// A file no tree holds: a message, or a blob under a ref.
ChangedFile pseudo_file(const std::string& path) {
  ChangedFile file;
  file.path = path;
  file.status = FileStatus::added;
  file.mode = GIT_FILEMODE_BLOB;
  return file;
}

void split_lines(std::string_view text, AddedLines& lines) {
  // Text holding a NUL (a message declared UTF-16) is read as a binary file's
  // text is: its wide runs too.
  if (holds_nul(text)) {
    BinaryText binary;
    binary.extract(text);
    for (size_t i = 0; i < binary.lines().size(); ++i) lines.add(binary.lines()[i].number, binary.line_text(i));
    return;
  }
  std::uint32_t number = 0;
  for (size_t start = 0; start < text.size();) {
    const size_t newline = std::min(text.find('\n', start), text.size());
    std::string_view line = text.substr(start, newline - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.add(++number, line);
    start = newline + 1;
  }
}

Result<git::TreePtr> lookup_tree(const git::Repository& repo, const git_oid& id) {
  git_tree* raw = nullptr;
  if (git_tree_lookup(&raw, repo.get(), &id) != 0) return git::last_error("cannot read tree " + hex_of(id));
  return git::TreePtr(raw);
}

// A missing object in a partial clone: what to do about it.
std::string partial_clone_hint(const git::Repository& repo) {
  const std::string remote = git::promisor_remote(repo);
  if (remote.empty()) return "";
  return " (a partial clone: `git fetch --refetch " + remote + "` fetches every object, or push from a full clone)";
}

}  // namespace

std::set<std::string> shallow_boundary(const git::Repository& repo) {
  std::set<std::string> ids;
  std::ifstream in(std::string(git_repository_commondir(repo.get())) + "shallow");
  std::string line;
  while (std::getline(in, line))
    if (line.size() >= GIT_OID_HEXSZ) ids.insert(line.substr(0, GIT_OID_HEXSZ));
  return ids;
}

Result<CommitJudge> CommitJudge::create(const git::Repository& repo, const Policy& policy) {
  auto evaluator = Evaluator::create(policy);
  if (!evaluator) return evaluator.error();
  auto scanner = SecretScanner::compile(without_path_allowlists(policy.secrets));
  if (!scanner) return scanner.error();
  return CommitJudge(repo, policy, std::move(*evaluator), std::move(*scanner));
}

CommitJudge::CommitJudge(const git::Repository& repo, const Policy& policy, Evaluator evaluator,
                         SecretScanner text_scanner)
    : repo_(&repo),
      policy_(&policy),
      evaluator_(std::move(evaluator)),
      text_scanner_(std::move(text_scanner)),
      shallow_(shallow_boundary(repo)) {}

void CommitJudge::add(std::vector<Finding> findings, GateState gate, const std::string& object_hex, Report& report) {
  // Findings the base side's baseline lists are reported, and decide nothing.
  if (policy_->secrets.baseline) apply_baseline(*policy_->secrets.baseline, findings);
  const Decision decision = decide(findings, gate);
  report.decision = stricter(report.decision, decision);
  if (decision == Decision::gate) report.gate = GateState::missing;
  hint_next_steps(findings, decision);
  for (auto& finding : findings) {
    finding.commit = object_hex;
    report.findings.push_back(std::move(finding));
  }
}

namespace {

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

}  // namespace

void CommitJudge::hint_rewrite(std::vector<Finding>& findings, const std::string& commit_hex) const {
  // A commit already made is fixed by rewriting it: say which one, and how.
  const std::string id = commit_hex.substr(0, 12);
  for (auto& finding : findings) {
    if (!finding.approved_by.empty() || finding.severity == Severity::warn || finding.severity == Severity::off)
      continue;
    if (finding.rule == "gate.signed-approval") continue;  // its hint names who may approve
    if (finding.severity == Severity::gate && decide(findings, GateState::missing) == Decision::gate &&
        policy_->gates.mode == GateMode::signed_approval) {
      const bool whole = finding.approval && finding.approval->state == "not-covered";
      finding.hint = "a person listed in " + policy_->gates.allowed_signers + " (not its author) approves " + id +
                     ": git rebase -i " + id + "^ (edit), then git commit --amend --no-edit --trailer \"$(agentops approve HEAD" +
                     (whole ? " --whole-change" : "") + ")\"";
    } else if (finding.severity == Severity::gate && decide(findings, GateState::missing) == Decision::gate) {
      finding.hint = "a person approves by rewording " + id + " to end with '" + policy_->gates.approval_trailer +
                     ": Name <email>'" +
                     (policy_->gates.approvers.empty() ? "" : " (approvers: " + joined(policy_->gates.approvers) + ")") +
                     ": git rebase -i " + id + "^ (reword)";
    } else if (finding.severity == Severity::block) {
      finding.hint += (finding.hint.empty() ? "" : "; ") + std::string("then rewrite ") + id + " (git rebase -i " + id + "^)";
    }
  }
}

Status CommitJudge::judge(const git_oid& id, Report& report) {
  auto commit = git::read_raw_commit(*repo_, id);
  if (!commit) return commit.error();
  auto tree = lookup_tree(*repo_, commit->tree);
  if (!tree) return tree.error();
  git::TreePtr parent_tree;
  // A shallow clone's boundary commit has no parent here: its whole tree is
  // what it brings, as for a root commit.
  if (!commit->parents.empty() && !(shallow_.count(hex_of(id)) && !git::has_object(*repo_, commit->parents[0]))) {
    auto parent = git::read_raw_commit(*repo_, commit->parents[0]);
    if (!parent) return Error{"the parent of commit " + hex_of(id) + ": " + parent.error().message};
    auto read = lookup_tree(*repo_, parent->tree);
    if (!read) return read.error();
    parent_tree = std::move(*read);
  }
  evaluator_.set_commit(hex_of(id));  // gitleaks allowlists may name it
  auto change = read_tree_change(*repo_, parent_tree.get(), tree->get(), evaluator_.change_options(),
                                 evaluator_.visitor());
  if (!change) return Error{"commit " + hex_of(id) + ": " + change.error().message + partial_clone_hint(*repo_)};
  std::vector<Finding> findings = evaluator_.finish(*change);
  for (auto& finding : check_message(commit->message, MessageContext{change->lines_changed(), commit->committer}, *policy_)) {
    // A message finding may quote the subject, and a fix built from it: a key
    // there is shown redacted, as the secret finding beside it shows it.
    for (std::string* text : {&finding.message, &finding.hint}) {
      auto redacted = evaluator_.redact_secrets(*text);
      if (!redacted) return redacted.error();
      *text = std::move(*redacted);
    }
    findings.push_back(std::move(finding));
  }
  AddedLines message_lines;
  split_lines(commit->message, message_lines);
  // Secrets in the message: stored as surely as any file's.
  if (auto scanned = text_scanner_.scan(pseudo_file("(commit message)"), message_lines, findings); !scanned)
    return scanned.error();
  // And in the headers: an author's name, an extra header, a mergetag's
  // embedded message, a signature block are all stored with the commit.
  AddedLines header_lines;
  split_lines(commit->headers, header_lines);
  if (auto scanned = text_scanner_.scan(pseudo_file("(commit headers)"), header_lines, findings); !scanned)
    return scanned.error();
  const auto trailers = parse_trailers(commit->message);
  std::optional<std::string> approval;
  if (policy_->gates.mode == GateMode::signed_approval) {
    // Signed: verified against the base side's signers, over this commit's
    // own change, and only when a gate waits for it.
    if (approval::needs_approval(findings)) {
      auto verdict =
          approval::judge_signed_approval(*change, *policy_, trailers, {commit->author, commit->committer}, findings);
      if (!verdict) return Error{"commit " + hex_of(id) + ": " + verdict.error().message};
      approval::apply_verdict(*verdict, *policy_, findings);
      if (!approval::needs_approval(findings)) approval = verdict->verdict.principal;
    }
  } else {
    approval = find_approval(trailers, policy_->gates);
    // A gate a person approved in this commit is reported as approved, not counted.
    if (approval)
      for (auto& finding : findings)
        if (finding.severity == Severity::gate) finding.approved_by = *approval;
  }
  // History scans look for secrets to rotate, not commits to rewrite.
  if (report.stage != "scan") hint_rewrite(findings, hex_of(id));
  add(std::move(findings), approval ? GateState::approved : GateState::missing, hex_of(id), report);
  report.stats.commits++;
  report.stats.files += change->files.size();
  report.stats.bytes += change->added_bytes;
  return Ok{};
}

Status CommitJudge::scan_text(const std::string& pseudo_path, const std::string& text, const std::string& object_hex,
                              Report& report) {
  AddedLines lines;
  split_lines(text, lines);
  std::vector<Finding> findings;
  if (auto scanned = text_scanner_.scan(pseudo_file(pseudo_path), lines, findings);
      !scanned)
    return scanned.error();
  // No message can approve what a message itself holds.
  add(std::move(findings), GateState::missing, object_hex, report);
  return Ok{};
}

Status CommitJudge::scan_tag(const git::RawTag& tag, const std::string& name, Report& report) {
  auto shown = shown_name(name);  // a tag named with a secret is not printed whole
  if (!shown) return shown.error();
  if (auto scanned = scan_text("(tag " + *shown + " headers)", tag.headers, hex_of(tag.id), report); !scanned)
    return scanned;
  return scan_text("(tag " + *shown + " message)", tag.message, hex_of(tag.id), report);
}

Result<Evaluator*> CommitJudge::snapshot_evaluator() {
  if (snapshot_evaluator_) return snapshot_evaluator_.get();
  snapshot_policy_ = std::make_unique<Policy>(*policy_);
  // Everything a snapshot holds counts as added: rules about how much a
  // change touches, or what it touches, would judge its size, not its content.
  for (const char* rule : {"limit.files-changed", "limit.lines-changed", "path.protected", "change.size-gate",
                           "change.tests-removed"})
    snapshot_policy_->severities[rule] = Severity::off;
  auto evaluator = Evaluator::create(*snapshot_policy_);
  if (!evaluator) return evaluator.error();
  snapshot_evaluator_ = std::make_unique<Evaluator>(std::move(*evaluator));
  return snapshot_evaluator_.get();
}

Status CommitJudge::judge_tree(const git_oid& tree_id, Report& report) {
  auto tree = lookup_tree(*repo_, tree_id);
  if (!tree) return tree.error();
  auto evaluator = snapshot_evaluator();
  if (!evaluator) return evaluator.error();
  auto change = read_tree_change(*repo_, nullptr, tree->get(), (*evaluator)->change_options(), (*evaluator)->visitor());
  if (!change) return Error{"tree " + hex_of(tree_id) + ": " + change.error().message};
  add((*evaluator)->finish(*change), GateState::missing, hex_of(tree_id), report);
  report.stats.files += change->files.size();
  report.stats.bytes += change->added_bytes;
  return Ok{};
}

Status CommitJudge::judge_blob(const git_oid& blob_id, const std::string& label, Report& report) {
  auto evaluator = snapshot_evaluator();
  if (!evaluator) return evaluator.error();
  git_odb* raw_odb = nullptr;
  if (git_repository_odb(&raw_odb, repo_->get()) != 0) return git::last_error("cannot open the object database");
  git::OdbPtr odb(raw_odb);
  size_t size = 0;
  git_object_t type = GIT_OBJECT_INVALID;
  if (git_odb_read_header(&size, &type, raw_odb, &blob_id) != 0)
    return git::last_error("cannot read blob " + hex_of(blob_id));
  ChangedFile file = pseudo_file(label);
  file.size = size;
  file.not_scanned = size > (*evaluator)->change_options().max_scan_bytes;
  AddedLines lines;
  if (!file.not_scanned) {
    git_blob* raw = nullptr;
    if (git_blob_lookup(&raw, repo_->get(), &blob_id) != 0) return git::last_error("cannot read blob " + hex_of(blob_id));
    git::BlobPtr blob(raw);
    const std::string_view content(static_cast<const char*>(git_blob_rawcontent(raw)),
                                   static_cast<size_t>(git_blob_rawsize(raw)));
    file.binary = content.substr(0, 8000).find('\0') != std::string_view::npos;
    split_lines(content, lines);
    if (!file.binary) file.added_lines = static_cast<std::uint32_t>(lines.size());
  }
  if (auto visited = (*evaluator)->visit(file, lines); !visited) return visited.error();
  std::vector<Finding> findings;
  // The blob's name is no path a policy could allow: secrets are looked for regardless.
  if (auto scanned = text_scanner_.scan(file, lines, findings); !scanned) return scanned.error();
  Change change;
  change.added_bytes = lines.text().size();
  change.files.push_back(file);
  std::vector<Finding> evaluated = (*evaluator)->finish(change);
  for (auto& finding : evaluated) {
    const bool known = std::any_of(findings.begin(), findings.end(), [&](const Finding& f) {
      return f.rule == finding.rule && f.line == finding.line && f.excerpt == finding.excerpt;
    });
    if (!known) findings.push_back(std::move(finding));
  }
  add(std::move(findings), GateState::missing, hex_of(blob_id), report);
  report.stats.files++;
  report.stats.bytes += change.added_bytes;
  return Ok{};
}

Result<Peeled> peel(const git::Repository& repo, const git_oid& id) {
  Peeled peeled;
  peeled.target = id;
  // Tags of tags are legal; a chain this long is not a real one.
  for (int depth = 0; depth < 64; ++depth) {
    auto type = git::object_type(repo, peeled.target);
    if (!type) return type.error();
    peeled.type = *type;
    if (*type != GIT_OBJECT_TAG) return peeled;
    auto tag = git::read_raw_tag(repo, peeled.target);
    if (!tag) return tag.error();
    peeled.target = tag->target;
    peeled.tags.push_back(std::move(*tag));
  }
  return Error{"object " + hex_of(id) + " is a chain of more than 64 tags"};
}

namespace {

// Every commit reachable from `starts` that is present, stopping at a
// shallow clone's boundary. `starts` may name absent commits or non-commits
// (what the other side has): they reach nothing here.
std::set<std::string> reachable(const git::Repository& repo, const std::vector<git_oid>& starts,
                                const std::set<std::string>& shallow) {
  std::set<std::string> seen;
  std::vector<git_oid> stack(starts.begin(), starts.end());
  while (!stack.empty()) {
    const git_oid id = stack.back();
    stack.pop_back();
    const std::string hex = hex_of(id);
    if (seen.count(hex)) continue;
    auto commit = git::read_raw_commit(repo, id);
    if (!commit) {
      git_error_clear();
      continue;
    }
    seen.insert(hex);
    if (shallow.count(hex)) continue;
    for (const auto& parent : commit->parents) stack.push_back(parent);
  }
  return seen;
}

// The walk libgit2 cannot do: through commits it cannot parse, and through a
// shallow clone's history (libgit2 1.5 stops at its boundary with an error).
// Costs a walk of everything reachable from `known`; used only when libgit2's
// own walk failed or cannot be used.
Result<std::vector<git_oid>> walk_leniently(const git::Repository& repo, const std::vector<git_oid>& tips,
                                            const std::vector<git_oid>& known) {
  const std::set<std::string> shallow = shallow_boundary(repo);
  std::set<std::string> done = reachable(repo, known, shallow);
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
    if (!done.insert(hex).second) continue;
    auto commit = git::read_raw_commit(repo, id);
    if (!commit) return commit.error();
    stack.push_back({id, true});
    if (shallow.count(hex)) continue;
    for (auto parent = commit->parents.rbegin(); parent != commit->parents.rend(); ++parent)
      stack.push_back({*parent, false});
  }
  return post_order;
}

}  // namespace

Result<std::vector<git_oid>> new_commits(const git::Repository& repo, const std::vector<git_oid>& tips,
                                         const std::vector<git_oid>& known) {
  if (git_repository_is_shallow(repo.get()) != 1) {
    git_revwalk* raw = nullptr;
    if (git_revwalk_new(&raw, repo.get()) != 0) return git::last_error("cannot walk history");
    std::unique_ptr<git_revwalk, decltype(&git_revwalk_free)> walk(raw, git_revwalk_free);
    git_revwalk_sorting(raw, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
    bool pushed = true;
    for (const auto& tip : tips) pushed = pushed && git_revwalk_push(raw, &tip) == 0;
    // A commit the other side has but this repository lacks hides nothing here:
    // ignoring it only means checking more commits, never fewer.
    for (const auto& id : known)
      if (pushed && git_revwalk_hide(raw, &id) != 0) git_error_clear();
    std::vector<git_oid> commits;
    git_oid id;
    int walked = 0;
    while (pushed && (walked = git_revwalk_next(&id, raw)) == 0) commits.push_back(id);
    if (pushed && walked == GIT_ITEROVER) return commits;
    git_error_clear();
  }
  return walk_leniently(repo, tips, known);
}

bool is_ancestor(const git::Repository& repo, const git_oid& ancestor, const git_oid& descendant) {
  if (git_oid_equal(&ancestor, &descendant)) return true;
  if (git_repository_is_shallow(repo.get()) != 1) {
    const int found = git_graph_descendant_of(repo.get(), &descendant, &ancestor);
    if (found >= 0) return found == 1;
    git_error_clear();
  }
  return reachable(repo, {descendant}, shallow_boundary(repo)).count(hex_of(ancestor)) > 0;
}

namespace {

struct MissingBlobs {
  const git::Repository* repo;
  std::set<std::string> seen;
  std::vector<git_oid> missing;
  void check(const git_oid& id) {
    if (git_oid_is_zero(&id) || !seen.insert(hex_of(id)).second) return;
    if (!git::has_object(*repo, id)) missing.push_back(id);
  }
};

int check_tree_blob(const char* /*root*/, const git_tree_entry* entry, void* payload) {
  if (git_tree_entry_type(entry) == GIT_OBJECT_BLOB) static_cast<MissingBlobs*>(payload)->check(*git_tree_entry_id(entry));
  return 0;
}

}  // namespace

Result<std::vector<git_oid>> missing_blobs(const git::Repository& repo, const std::vector<git_oid>& commits,
                                           const std::vector<git_oid>& trees, const std::vector<git_oid>& blobs) {
  MissingBlobs found{&repo, {}, {}};
  const std::set<std::string> shallow = shallow_boundary(repo);
  for (const auto& id : commits) {
    auto commit = git::read_raw_commit(repo, id);
    if (!commit) return commit.error();
    auto tree = lookup_tree(repo, commit->tree);
    if (!tree) return tree.error();
    git::TreePtr parent_tree;
    if (!commit->parents.empty() && git::has_object(repo, commit->parents[0])) {
      auto parent = git::read_raw_commit(repo, commit->parents[0]);
      if (!parent) return parent.error();
      auto read = lookup_tree(repo, parent->tree);
      if (!read) return read.error();
      parent_tree = std::move(*read);
    }
    // Only ids: a tree-to-tree diff reads no blob until a patch is asked for.
    git_diff* raw = nullptr;
    git_diff_options options = GIT_DIFF_OPTIONS_INIT;
    if (git_diff_tree_to_tree(&raw, repo.get(), parent_tree.get(), tree->get(), &options) != 0)
      return git::last_error("cannot diff commit " + hex_of(id));
    git::DiffPtr diff(raw);
    for (size_t i = 0; i < git_diff_num_deltas(raw); ++i) {
      const git_diff_delta* delta = git_diff_get_delta(raw, i);
      for (const git_diff_file* file : {&delta->old_file, &delta->new_file})
        if (file->mode != GIT_FILEMODE_COMMIT && file->mode != 0) found.check(file->id);
    }
  }
  for (const auto& id : trees) {
    auto tree = lookup_tree(repo, id);
    if (!tree) return tree.error();
    if (git_tree_walk(tree->get(), GIT_TREEWALK_PRE, check_tree_blob, &found) != 0)
      return git::last_error("cannot list tree " + hex_of(id));
  }
  for (const auto& id : blobs) found.check(id);
  return found.missing;
}

Report range_report(const std::string& stage, const Policy& policy) {
  Report report;
  report.stage = stage;
  report.approval_trailer = policy.gates.approval_trailer;
  report.approvers = policy.gates.approvers;
  report.signed_approval = policy.gates.mode == GateMode::signed_approval;
  if (report.signed_approval) report.approval_trailer = approval::kApprovalTrailer;
  report.gate = GateState::approved;
  report.record = policy.telemetry.enabled;
  return report;
}

}  // namespace agentops::detail
