// Sections of a commit message body ("Context: ...", "## Learning"): the one
// reading that [message] required_sections and `agentops learnings` share
// (agentops/message.h states the rule). Linear in the message, no regex.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agentops/message.h"

namespace agentops {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t'; }
bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_word_char(char c) { return is_letter(c) || (c >= '0' && c <= '9') || c == '-' || c == '_'; }
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool is_blank(std::string_view line) {
  for (const char c : line)
    if (!is_space(c)) return false;
  return true;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

// Lines without their '\n' (and a '\r' before it: CR LF messages read as LF).
std::vector<std::string_view> split_lines(std::string_view message) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < message.size()) {
    size_t end = message.find('\n', start);
    if (end == std::string_view::npos) end = message.size();
    std::string_view line = message.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    start = end + 1;
  }
  return lines;
}

// The number of Markdown heading marks opening `line` (1..6), or 0.
size_t heading_marks(std::string_view line) {
  size_t marks = 0;
  while (marks < line.size() && line[marks] == '#') ++marks;
  return marks >= 1 && marks <= 6 ? marks : 0;
}

// `line` after optional heading marks and the spaces following them.
std::string_view after_heading_marks(std::string_view line) {
  const size_t marks = heading_marks(line);
  if (marks == 0) return line;
  line.remove_prefix(marks);
  while (!line.empty() && is_space(line.front())) line.remove_prefix(1);
  return line;
}

// After the name `section` at the start of `text` (any case, an optional
// plural "s"): the rest, or nullopt when `text` does not start with it.
std::optional<std::string_view> after_name(std::string_view text, std::string_view section) {
  if (section.empty() || text.size() < section.size()) return std::nullopt;
  for (size_t i = 0; i < section.size(); ++i)
    if (lower(text[i]) != lower(section[i])) return std::nullopt;
  text.remove_prefix(section.size());
  if (!text.empty() && lower(text.front()) == 's') text.remove_prefix(1);
  return text;
}

struct SectionStart {
  std::string_view first_text;  // what follows the colon on the line ("" for a heading)
};

// Whether `line` starts the section `section`: "Name: text" (after optional
// heading marks) or a heading "## Name" alone.
std::optional<SectionStart> starts_section(std::string_view line, std::string_view section) {
  const auto rest = after_name(after_heading_marks(line), section);
  if (!rest) return std::nullopt;
  std::string_view tail = *rest;
  while (!tail.empty() && is_space(tail.front())) tail.remove_prefix(1);
  if (!tail.empty() && tail.front() == ':') return SectionStart{trim(tail.substr(1))};
  if (tail.empty() && heading_marks(line) > 0) return SectionStart{};
  return std::nullopt;
}

// Whether `line` starts some section, ending the one before it: a heading
// ("## Anything") or a label of up to three words and a colon followed by
// whitespace or the line's end ("Solution:", "Signed-off-by: A"; not "https://").
bool starts_any_section(std::string_view line) {
  const size_t marks = heading_marks(line);
  if (marks > 0 && marks < line.size() && is_space(line[marks]) && !is_blank(line.substr(marks))) return true;
  std::string_view text = after_heading_marks(line);
  if (text.empty() || !is_letter(text.front())) return false;
  size_t i = 0, words = 1;
  while (i < text.size() && i <= 40) {
    if (is_word_char(text[i])) {
      ++i;
    } else if (text[i] == ' ' && i + 1 < text.size() && is_word_char(text[i + 1]) && words < 3) {
      ++words;
      ++i;
    } else {
      break;
    }
  }
  if (i > 40) return false;
  while (i < text.size() && is_space(text[i])) ++i;
  if (i >= text.size() || text[i] != ':') return false;
  return i + 1 == text.size() || is_space(text[i + 1]);
}

// The index of the first line of the trailer block, or lines.size() when the
// message has none: git's trailer block is its last paragraph.
size_t trailer_block_start(std::string_view message, const std::vector<std::string_view>& lines) {
  if (parse_trailers(message).empty()) return lines.size();
  size_t end = lines.size();
  while (end > 0 && is_blank(lines[end - 1])) --end;
  size_t start = end;
  while (start > 0 && !is_blank(lines[start - 1])) --start;
  return start;
}

}  // namespace

std::optional<std::string> find_section(std::string_view message, std::string_view section) {
  const std::vector<std::string_view> lines = split_lines(message);
  const size_t trailers = trailer_block_start(message, lines);
  std::optional<std::string> found;
  // Line 0 is the subject, never a section.
  for (size_t i = 1; i < lines.size();) {
    const auto start = starts_section(lines[i], section);
    if (!start) {
      ++i;
      continue;
    }
    const bool in_trailers = i >= trailers;
    std::vector<std::string_view> body;
    if (!start->first_text.empty()) body.push_back(start->first_text);
    size_t next = i + 1;
    for (; next < lines.size(); ++next) {
      const std::string_view line = lines[next];
      // In the trailer block only folded continuation lines belong to it.
      if (in_trailers ? (line.empty() || !is_space(line.front())) : (next == trailers || starts_any_section(line))) break;
      body.push_back(in_trailers ? trim(line) : line);
    }
    while (!body.empty() && is_blank(body.back())) body.pop_back();
    while (!body.empty() && is_blank(body.front())) body.erase(body.begin());
    std::string text;
    for (const auto line : body) {
      if (!text.empty()) text += '\n';
      text.append(line);
    }
    if (!found) {
      found = std::move(text);
    } else if (!text.empty()) {
      *found += found->empty() ? text : "\n\n" + text;
    }
    i = next;
  }
  return found;
}

}  // namespace agentops
