// JSON string escaping shared by the JSON and SARIF formatters: byte-exact,
// with invalid UTF-8 (possible in paths) replaced by U+FFFD so every document
// stays valid JSON.
#pragma once

#include <string>
#include <string_view>

namespace agentops::detail {

void append_json_string(std::string& out, std::string_view text);

}  // namespace agentops::detail
