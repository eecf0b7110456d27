// The entry points hooks and the CLI call: read the change from git, find the
// policy that judges it, run the rules, and return a Report. Nothing here prints.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "agentops/change.h"
#include "agentops/findings.h"
#include "agentops/git.h"
#include "agentops/policy.h"
#include "agentops/policy_sources.h"
#include "agentops/result.h"

namespace agentops {

// pre-commit and `agentops check --staged`: the staged change under the staged
// policy. Gated findings are pending (the message is not written yet): the
// decision is `gate`. At the "pre-commit" stage, unless something blocks, they
// are left to commit-msg, which judges them with the message and reports them
// once (Report::gates_for_commit_msg counts them when git opens an editor next).
// `judged_by` (a dry run: `--policy FILE`, `--preset NAME`) judges instead of
// the staged and committed policies; the organisation floor still lies under it.
Result<Report> check_staged(const git::Repository& repo, const std::string& stage,
                            const Policy* judged_by = nullptr);

// commit-msg and `agentops check --message FILE`: the message rules, and the
// human gate for the staged change, decided by the message's approval trailer.
Result<Report> check_commit_message(const git::Repository& repo, const std::string& message_file,
                                    const std::string& stage = "commit-msg");

// `agentops scan --history [REV]`: every commit reachable from `revision`,
// scanned for secrets only (the secrets family of the policy at `revision`),
// to find credentials already in history, as `gitleaks detect` does.
// Findings the .agentops/baseline at `revision` lists are baselined; `baseline`
// (for `baseline write`: the key to record under, no entries) replaces it.
Result<Report> scan_history(const git::Repository& repo, const std::string& revision,
                            const std::function<void(size_t, size_t)>& progress = {},
                            std::shared_ptr<const Baseline> baseline = nullptr);

// prepare-commit-msg: the template for the staged policy, with the comment
// character git will use for `message_file`. Empty when the policy asks nothing.
Result<std::string> prepare_message_template(const git::Repository& repo, const std::string& message_file);

// After a person approved on the terminal ([gates] mode = "tty"): adds
// "<approval trailer>: <the committer>" to the message file when the effective
// [gates] approvers accept the committer; false (nothing written) when not.
Result<bool> record_terminal_approval(const git::Repository& repo, const std::string& message_file);

// True when only gated findings stand in the way (the decision is `gate`).
bool blocked_only_by_gate(const Report& report);

// `agentops check --worktree [PATH...]` and an agent's stop hook: the working
// tree as `git add -A` would stage it (tracked changes and untracked files git
// does not ignore) against HEAD, judged as the staged change is, without
// touching the index, the stash or .git/objects. `paths` (optional; as git
// reads them: relative to the current directory, or absolute) limits it to
// those paths, the rest as HEAD has it; one outside the working tree is an error.
Result<Report> check_worktree(const git::Repository& repo, const std::vector<std::string>& paths = {},
                              const Policy* judged_by = nullptr);

// `agentops check --range A..B` (CI): every commit reachable from B and not
// from A, each against its first parent, judged by the policy of A.
// `progress` (optional) is called after each commit with (checked, total).
// `judged_by` (a dry run) judges instead of A's policy, under the floor.
Result<Report> check_range(const git::Repository& repo, const std::string& range,
                           const std::function<void(size_t, size_t)>& progress = {},
                           const Policy* judged_by = nullptr);

}  // namespace agentops
