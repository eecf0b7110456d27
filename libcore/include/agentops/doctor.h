// agentops doctor: proves that every commit hook git will run reaches agentops,
// in this repository and each of its linked worktrees, beside the hook managers
// teams run (lefthook, the pre-commit framework, husky). Also the two small
// per-commit signals the hooks leave for each other: the tree agentops'
// pre-commit allowed (read by post-commit), and the canary record.
#pragma once

#include <string>
#include <vector>

#include "agentops/git.h"
#include "agentops/result.h"

namespace agentops {

struct DoctorOptions {
  std::string repo_path = ".";
  // The hooks to prove; git's names.
  std::vector<std::string> hooks = {"pre-commit", "commit-msg", "pre-push"};
  bool all_worktrees = true;
  // Run a hook that no reader understands in a throwaway repository to see
  // whether it starts agentops (the only proof for an unknown wrapper).
  bool canary = true;
  int canary_timeout_ms = 10000;
};

enum class HookReach {
  reached,      // every path git takes through this hook starts agentops
  not_reached,  // proven: git runs this hook without agentops
  unproven,     // doctor cannot tell (an unread config shape, a canary timeout)
};
const char* to_string(HookReach reach);

struct HookCheck {
  std::string hook;                   // "pre-commit"
  std::string file;                   // the file git runs (may not exist)
  HookReach reach = HookReach::unproven;
  std::vector<std::string> via;       // the path from git to agentops, one step a line
  std::string displaced_by;           // what put agentops out of the path, when known
  std::string fix;                    // the exact command or snippet
  std::vector<std::string> warnings;  // reached, but fragile or partial
};

struct WorktreeCheck {
  std::string path;             // the worktree root
  std::string hooks_directory;  // where git runs hooks from here
  std::string core_hooks_path;  // core.hooksPath as configured here ("" when unset)
  std::vector<HookCheck> hooks;
};

struct DoctorReport {
  std::string repository;
  std::vector<WorktreeCheck> worktrees;
};

// Examines every worktree (or only the one at repo_path); an error when git
// cannot describe the repository.
Result<DoctorReport> run_doctor(const DoctorOptions& options);
// 0 when every hook of every worktree reaches agentops, else 1.
int doctor_exit_code(const DoctorReport& report);
std::string format_doctor_text(const DoctorReport& report);
// {"version":1,"repository":..,"status":"ok"|"off","worktrees":[..]} (docs/doctor.md).
std::string format_doctor_json(const DoctorReport& report);

// pre-push's cheap pass: static reading of pre-commit and commit-msg in the
// current worktree (no canary). One warning line per hook proven not to reach
// agentops; empty when nothing is proven off.
std::vector<std::string> displaced_commit_hook_warnings(const git::Repository& repo);

// --- signals between the hooks ---

// The environment variable a doctor canary sets: the agentops hook executables
// append their name to the file it names (an existing regular file called
// kCanaryRecordName only, so the variable cannot be aimed at any other file),
// then do their normal work. It never changes a decision.
inline constexpr const char* kCanaryVariable = "AGENTOPS_DOCTOR_CANARY";
inline constexpr const char* kCanaryRecordName = "agentops-doctor-canary.record";
void record_canary(const char* executable_name);

// agentops' pre-commit allowed the index about to be committed: remember its
// tree in <git dir>/agentops/pre-commit-allowed for post-commit. Best effort.
void record_allowed_tree(const git::Repository& repo);
// commit-msg refused the message: this commit attempt is over, so the tree
// pre-commit allowed must not vouch for a later `git commit --no-verify` of it.
void forget_allowed_tree(const git::Repository& repo);
// post-commit: "" when HEAD's tree is the one pre-commit allowed and its
// message one commit-msg allowed (or a rebase/cherry-pick is replaying
// commits), else the warning to print. check_new_commit (agentops/bypass.h)
// says more. Consumes both stamps. Cheap: no policy is loaded.
std::string unchecked_commit_warning(const git::Repository& repo);

}  // namespace agentops
