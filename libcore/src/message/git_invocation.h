// Which `git commit` runs the commit-msg hook, read from Linux /proc: the hook
// sees only the raw message file, and git cleans it after the hook with a mode
// (strip, whitespace, verbatim, -v scissors) and a comment character chosen
// from its own command line and config. This is the only code that reads
// /proc; everything else takes its answers.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace agentops::detail {

// What builtin/commit.c makes of its command line.
struct CommitInvocation {
  std::optional<std::string> cleanup;  // --cleanup=<mode>; nullopt: commit.cleanup decides
  bool use_editor = true;              // false with -m, -F, -C, --fixup=<commit>, unless -e
  std::optional<bool> verbose;         // -v / --no-verbose; nullopt: commit.verbose decides
  bool amend = false;                  // --amend
  bool merge = false;                  // `git merge`: no core.commentChar=auto, '#' stays
  // Where the message starts from, as given on the command line (commit only):
  std::vector<std::string> messages;        // -m/--message values, in order (git joins them as paragraphs)
  std::optional<std::string> message_file;  // -F/--file
  std::optional<std::string> reuse_commit;  // -C/-c/--reuse-message/--reedit-message
};

// `git [global options] commit [options]` parsed as git would; nullopt for any
// other command (merge, an alias...) or an option it does not know, so the
// caller can assume the worst.
std::optional<CommitInvocation> parse_commit_argv(const std::vector<std::string>& argv);

// The index of git's command in `argv` (after `git -c k=v -C dir` and the
// like), 0 for a dashed builtin (git-commit ...), or argv.size().
size_t git_command_index(const std::vector<std::string>& argv);
// That command's name ("commit" for both `git commit` and `git-commit`), or "".
std::string git_command(const std::vector<std::string>& argv);

// `git [global options] merge [options]`, which runs commit-msg itself;
// `edits_by_default` is merge.c's default_edit_option() (see
// merge_edits_by_default). nullopt for an option it does not know.
std::optional<CommitInvocation> parse_merge_argv(const std::vector<std::string>& argv, bool edits_by_default);

// default_edit_option() for the git process `pid`: GIT_MERGE_AUTOEDIT, else
// whether its stdin and stdout are the same terminal.
bool merge_edits_by_default(long pid);

// The nearest process above this one whose executable is `git` (argv[0] can
// be anything), reached only through processes of this user that are shells
// and hook managers in system directories, or lefthook running a hook
// (`lefthook run <hook>`, wherever npm or go installed it) (`git hook run` is looked through): its pid and argv, or
// nullopt when there is none, /proc cannot tell, or anything else stands in
// between (a renamed git, a program of the agent's).
struct InvokingGit {
  long pid = 0;
  std::vector<std::string> argv;
};
std::optional<InvokingGit> invoking_git();

// The directory the git process `pid` was started in (its PWD), where a
// relative `-F file` is found; nullopt when /proc does not tell.
std::optional<std::string> started_in(long pid);

// Config given to git on its command line (`git -c`, --config-env) or in the
// environment, as git passes it to hooks: GIT_CONFIG_COUNT / GIT_CONFIG_KEY_<n>
// / GIT_CONFIG_VALUE_<n>, then GIT_CONFIG_PARAMETERS. Keys
// lower-cased; a key without '=' has the value "true". Later entries win.
std::vector<std::pair<std::string, std::string>> environment_config();

// Parses a GIT_CONFIG_PARAMETERS value (both the old 'k=v' and the new
// 'k'='v' quoting); nullopt when it is malformed.
std::optional<std::vector<std::pair<std::string, std::string>>> parse_config_parameters(const std::string& text);

}  // namespace agentops::detail
