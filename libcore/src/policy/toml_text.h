// Writing TOML values: what `policy show` prints and `policy init` proposes
// must load again, whatever bytes a glob or regex holds.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace agentops::detail {

// A TOML basic string: quotes, backslashes and control characters escaped
// (a path may hold a newline or a tab; TOML forbids them raw in a string).
std::string toml_string(std::string_view text);

// ["a", "b"]
std::string toml_list(const std::vector<std::string>& items);

}  // namespace agentops::detail
