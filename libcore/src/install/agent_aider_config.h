// Aider's project config, .aider.conf.yml: YAML that agentops edits as lines.
// Aider has no pre-write hook; what it offers is to run git's hooks when it
// commits (git-commit-verify: true; it passes --no-verify otherwise) and a
// lint command after each edit, to which it appends the edited file names
// (https://aider.chat/docs/usage/lint-test.html).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace agentops::install {

inline constexpr std::string_view kAiderBlockBegin =
    "# >>> agentops-install (agentops-install --uninstall --agents aider removes this block)";
inline constexpr std::string_view kAiderBlockEnd = "# <<< agentops-install";

// The lint-cmd value: `agentops check --worktree` run through `sh -c`, so the
// file names aider appends become the script's ignored arguments (the check
// judges the whole working tree either way).
std::string aider_lint_command(const std::string& agent_command);

struct AiderMerge {
  std::string text;                // the file with agentops' block (unchanged when already there)
  std::vector<std::string> notes;  // what the user must settle by hand (a key of theirs in the way)
};
// `text` with a block setting git-commit-verify and lint-cmd appended, leaving
// out a key the user already set (a YAML key may appear once): one already
// right is kept, one in the way is reported in `notes`.
AiderMerge merge_aider_config(std::string_view text, const std::string& agent_command);
// `text` without agentops' block, or nullopt when it has none.
std::optional<std::string> remove_aider_block(std::string_view text);

}  // namespace agentops::install
