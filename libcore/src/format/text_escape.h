// Text that came from a repository (paths, subjects, log fields) shown on a
// terminal: one item stays on one line and cannot send escape sequences.
#pragma once

#include <string>
#include <string_view>

namespace agentops::detail {

// A path as git quotes it (core.quotePath): unchanged when plain, else in
// double quotes with \" \\ and control bytes as \ooo.
std::string display_path(std::string_view path);

// Control bytes (terminal escape sequences, newlines) as \ooo, the rest as is.
std::string printable(std::string_view text);

}  // namespace agentops::detail
