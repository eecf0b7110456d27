// Config exactly as git sees it in a hook, from git itself: `git config
// --list` follows includes and includeIf (hasconfig: too, which libgit2 does
// not know), `git -c`, GIT_CONFIG_* and the files GIT_CONFIG_GLOBAL /
// GIT_CONFIG_SYSTEM name, as the git running the hook does.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace agentops::detail {

// Every entry of `<git> --git-dir=<git_dir> config -z --list`, in git's
// order (later ones win), keys as git prints them; a key without a value has
// the value "true". `git` is a path, never looked up in PATH (which a hook
// inherits from whoever ran git). nullopt when git cannot be run or fails.
std::optional<std::vector<std::pair<std::string, std::string>>> git_config_list(const std::string& git,
                                                                                 const std::string& git_dir);

// Parses `git config -z --list` output.
std::vector<std::pair<std::string, std::string>> parse_config_list(const std::string& output);

}  // namespace agentops::detail
