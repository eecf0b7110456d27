// Message cleanup and trailer parsing, following git's rules closely enough that
// a trailer git shows with `git interpret-trailers --parse` is one we see.
#include <algorithm>
#include <cctype>

#include "agentops/message.h"

namespace agentops {
namespace {

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = std::min(text.find('\n', start), text.size());
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

bool is_blank(std::string_view line) { return trim(line).empty(); }

bool equals_ignore_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// "Key: value" with a token key (letters, digits, '-'), as git accepts it.
std::optional<Trailer> parse_trailer_line(std::string_view line) {
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  const std::string_view key = line.substr(0, colon);
  const bool token = std::all_of(key.begin(), key.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-';
  });
  if (!token) return std::nullopt;
  return Trailer{std::string(key), std::string(trim(line.substr(colon + 1)))};
}

}  // namespace

std::string clean_message(std::string_view raw, char comment_char) {
  std::string out;
  for (std::string_view line : split_lines(raw)) {
    // `git commit -v`: everything below the scissors line is the diff.
    if (!line.empty() && line[0] == comment_char && line.find(" >8 ") != std::string_view::npos &&
        line.find("------------------------") != std::string_view::npos)
      break;
    if (!line.empty() && line[0] == comment_char) continue;
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.remove_suffix(1);
    out.append(line);
    out += '\n';
  }
  // Drop leading and trailing blank lines, as git's cleanup does.
  size_t start = 0;
  while (start < out.size() && out[start] == '\n') ++start;
  size_t end = out.size();
  while (end > start && out[end - 1] == '\n') --end;
  if (start == end) return "";
  return out.substr(start, end - start) + "\n";
}

std::vector<Trailer> parse_trailers(std::string_view message) {
  const auto lines = split_lines(message);
  // The last paragraph, which must not be the subject paragraph.
  size_t end = lines.size();
  while (end > 0 && is_blank(lines[end - 1])) --end;
  size_t start = end;
  while (start > 0 && !is_blank(lines[start - 1])) --start;
  if (start == 0) return {};
  std::vector<Trailer> trailers;
  for (size_t i = start; i < end; ++i) {
    const std::string_view line = lines[i];
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      if (trailers.empty()) return {};
      trailers.back().value += " " + std::string(trim(line));  // continuation line
      continue;
    }
    auto trailer = parse_trailer_line(line);
    if (!trailer) return {};
    trailers.push_back(std::move(*trailer));
  }
  return trailers;
}

std::optional<std::string> find_approval(const std::vector<Trailer>& trailers, const GatesPolicy& gates) {
  for (const auto& trailer : trailers) {
    if (!equals_ignore_case(trailer.key, gates.approval_trailer) || trailer.value.empty()) continue;
    if (gates.approvers.empty()) return trailer.value;
    for (const auto& approver : gates.approvers) {
      // An approver is "Name <email>" (matched whole) or an email (matched inside <>).
      const bool whole = equals_ignore_case(trailer.value, approver);
      const bool email = approver.find('<') == std::string::npos &&
                         trailer.value.find("<" + approver + ">") != std::string::npos;
      if (whole || email) return trailer.value;
    }
  }
  return std::nullopt;
}

}  // namespace agentops
