// How doctor follows one hook file to agentops: one reader per kind of
// script (agentops' own, lefthook's, the pre-commit framework's, husky's)
// and the canary for the rest. Internal to libcore.
#pragma once

#include <string>
#include <vector>

#include "agentops/doctor.h"

namespace agentops::doctor {

// Where a hook is being followed from.
struct HookContext {
  std::string worktree;         // the worktree root (the hook's cwd)
  std::string hooks_directory;  // where git runs hooks from
  std::string common_dir;       // the repository's common git dir
  std::string hook;             // "pre-commit"
  bool canary = true;
  int canary_timeout_ms = 10000;
};

// "agentops-pre-commit" for "pre-commit".
std::string agentops_executable(const std::string& hook);
// The file's content, or "" when unreadable.
std::string read_text(const std::string& path);
bool is_executable_file(const std::string& path);
// A line of a shell script, not a comment, that runs agentops-<hook> (a word of its own).
bool script_calls_agentops(const std::string& script, const std::string& hook);
// `agentops-<hook>` as a word inside a command line, not asked for its usage
// (`agentops-<hook> --help` prints it and exits 0 without checking anything).
bool command_runs_agentops(const std::string& command, const std::string& hook);
// "--help" or "-h", quoted or not: an argument that makes a hook print its usage.
bool is_help_option(const std::string& argument);
// agentops' hook script (hook_script()): a script carrying kHookMarker. The
// agentops binary holds the marker too (it writes such scripts): not a script.
bool is_agentops_script(const std::string& text);
// The reach of agentops-<hook> called by bare name: on PATH (plus `extra_directory`,
// e.g. node_modules/.bin that husky prepends), or a not_reached step.
bool agentops_on_path(const HookContext& context, HookCheck& check, const std::string& extra_directory = "");

// Follows the file git runs (or a file a wrapper runs); depth bounds chains.
void follow_hook_file(const HookContext& context, const std::string& file, HookCheck& check, int depth = 0);

bool is_lefthook_script(const std::string& script);
void follow_lefthook(const HookContext& context, const std::string& file, const std::string& script, HookCheck& check);

bool is_pre_commit_framework_script(const std::string& script);
void follow_pre_commit_framework(const HookContext& context, const std::string& file, const std::string& script,
                                 HookCheck& check, int depth);

bool is_husky_script(const std::string& script);
void follow_husky(const HookContext& context, const std::string& file, HookCheck& check);

// Runs `file` in a throwaway repository with the canary variable set and
// reports whether agentops-<hook> started. Never touches the user's repository.
// `also_copy`: more files or directories of the work tree the hook reads (a
// manager's config, husky's scripts), copied to the same place.
void run_canary(const HookContext& context, const std::string& file, HookCheck& check,
                const std::vector<std::string>& also_copy = {});
// A manager's config names agentops (`check` is reached), but a line naming it
// may never run or be swallowed (`|| true`, `exit 0` above it, a glob that
// skips the commit): the canary decides when it can; `fix` replaces the fix
// when it proves agentops off. Without the canary, the reading stands.
void confirm_with_canary(const HookContext& context, const std::string& file, HookCheck& check,
                         const std::vector<std::string>& also_copy, const std::string& fix);

}  // namespace agentops::doctor
