#include "agents/text_lines.h"

namespace agentops::agents {

std::vector<std::string_view> line_views(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    start = end + 1;
  }
  return lines;
}

std::vector<std::string> text_lines(std::string_view text) {
  const std::vector<std::string_view> views = line_views(text);
  return {views.begin(), views.end()};
}

}  // namespace agentops::agents
