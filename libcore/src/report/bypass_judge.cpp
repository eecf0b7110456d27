// What post-commit does after it found a commit made past the hooks: judge the
// commit as pre-push will (CommitJudge, the first parent's policy) and say at
// once what pre-push will refuse.
#include <git2.h>

#include "agentops/bypass.h"
#include "agentops/policy_sources.h"
#include "agentops/report.h"
#include "approval/require_signed.h"
#include "commit_judge.h"
#include "git/raw_objects.h"

namespace agentops {

Result<Report> judge_made_commit(const git::Repository& repo, const std::string& commit_hex) {
  git_oid id{};
  if (commit_hex.size() != GIT_OID_HEXSZ || git_oid_fromstr(&id, commit_hex.c_str()) != 0)
    return Error{"\"" + commit_hex + "\" is not a commit id"};
  auto commit = git::read_raw_commit(repo, id);
  if (!commit) return commit.error();
  // The parent's side judges, as pre-push judges by the remote's: a commit
  // cannot weaken the policy it is judged by.
  Result<Policy> policy = Error{""};
  if (commit->parents.empty()) {
    policy = policy_in_tree(repo, nullptr);
  } else {
    auto parent = git::read_raw_commit(repo, commit->parents.front());
    if (!parent) return Error{"the first parent: " + parent.error().message};
    git_tree* raw = nullptr;
    if (git_tree_lookup(&raw, repo.get(), &parent->tree) != 0) return git::last_error("cannot read the parent's tree");
    git::TreePtr tree(raw);
    policy = policy_in_tree(repo, tree.get());
  }
  if (!policy) return Error{"the policy of its first parent: " + policy.error().message};
  auto judge = detail::CommitJudge::create(repo, *policy);
  if (!judge) return judge.error();
  Report report = detail::range_report("post-commit", *policy);
  if (auto judged = judge->judge(id, report); !judged) return judged.error();
  if (auto signed_ok = approval::check_require_signed(repo, id, *policy, report); !signed_ok) return signed_ok.error();
  return report;
}

std::string format_bypass_judgement(const NewCommitCheck& check, const Result<Report>& judged) {
  const std::string short_id = check.commit.substr(0, 7);
  if (!judged)
    return "agentops: post-commit cannot judge commit " + short_id + " (" + judged.error().message +
           "); pre-push and CI will judge it\n";
  if (judged->decision == Decision::allow) {
    std::string out = "agentops: commit " + short_id + " was judged now as pre-push will judge it: it would pass\n";
    return out + format_text(*judged);
  }
  // format_text ends with "agentops: post-commit blocked (...)": said here in post-commit's words.
  std::string findings = format_text(*judged);
  const std::string verdict_line = "agentops: " + judged->stage + " ";
  if (const size_t at = findings.rfind(verdict_line); at != std::string::npos && findings.find('\n', at) + 1 == findings.size())
    findings.erase(at);
  return "agentops: commit " + short_id + " was judged now as pre-push will judge it: pre-push will refuse it\n" +
         findings;
}

}  // namespace agentops
