// Path globs as users write them in .gitignore-like lists:
//   *     any characters except '/'         ?       one character except '/'
//   **    any characters including '/'      [a-z]   a class ([!a-z] negated)
// A pattern without '/' matches the file name at any depth (".env", "*.pem");
// one with '/' matches the whole path from the root ("docs/**"); a leading '/'
// only anchors, and a trailing '/' matches everything below the directory.
// In a list, an entry "!pattern" is an exception: as in .gitignore, the last
// entry that matches a path decides, so ["docs/**", "!docs/api/**"] holds every
// file under docs/ but those under docs/api/ ("\\!x" is a literal "!x").
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
// True when `pattern` is an exception entry ("!pattern") of a glob list.
bool glob_is_exception(std::string_view pattern);
// A glob list: the last entry matching `path` decides (an exception: false).
bool glob_match_any(const std::vector<std::string>& patterns, std::string_view path);
// The same over whole names (branch lists).
bool glob_match_whole_any(const std::vector<std::string>& patterns, std::string_view text);

}  // namespace agentops
