// A text's lines as the agents' tools write them: '\n' ends a line, a '\r'
// before it belongs to the ending (CRLF files read as their LF twins), and a
// final line without '\n' still counts.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace agentops::agents {

// The lines of `text`, as views into it, without their ending ("" has none).
std::vector<std::string_view> line_views(std::string_view text);

// The same lines, copied.
std::vector<std::string> text_lines(std::string_view text);

}  // namespace agentops::agents
