// Path globs as users write them in .gitignore-like lists:
//   *     any characters except '/'         ?       one character except '/'
//   **    any characters including '/'      [a-z]   a class ([!a-z] negated)
// A pattern without '/' matches the file name at any depth (".env", "*.pem");
// one with '/' matches the whole path from the root ("docs/**"); a leading '/'
// only anchors, and a trailing '/' matches everything below the directory.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace agentops {

// nullopt when the pattern is valid, else what is wrong with it.
std::optional<std::string> glob_error(std::string_view pattern);

bool glob_match(std::string_view pattern, std::string_view path);
// The whole of `text` against `pattern`, with no file-name shortcut (branch names).
bool glob_match_whole(std::string_view pattern, std::string_view text);
bool glob_match_any(const std::vector<std::string>& patterns, std::string_view path);

}  // namespace agentops
