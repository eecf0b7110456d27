// Message cleanup and trailer parsing, following git's rules closely enough that
// a trailer git shows with `git interpret-trailers --parse` is one we see.
#include <re2/re2.h>

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

bool is_token(std::string_view key) {
  return !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-';
  });
}

// "Key: value" (git also accepts spaces before the ':').
std::optional<Trailer> parse_trailer_line(std::string_view line) {
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  const std::string_view key = trim(line.substr(0, colon));
  if (!is_token(key) || (key.size() != colon && line[key.size()] != ' ')) return std::nullopt;
  return Trailer{std::string(key), std::string(trim(line.substr(colon + 1)))};
}

// Trailers git writes itself, which let a partly free-form block count as trailers.
bool git_generated(std::string_view line) {
  return line.starts_with("Signed-off-by: ") || line.starts_with("(cherry picked from commit ");
}

bool is_scissors(std::string_view line, char comment_char) {
  return !line.empty() && line[0] == comment_char && line.find(" >8 ") != std::string_view::npos &&
         line.find("------------------------") != std::string_view::npos;
}

}  // namespace

std::string clean_message(std::string_view raw, const CleanupOptions& options) {
  if (options.mode == Cleanup::verbatim) return std::string(raw);
  std::string out;
  for (std::string_view line : split_lines(raw)) {
    // `git commit -v` (strip, scissors): everything below the scissors line is the diff.
    if ((options.mode == Cleanup::strip || options.mode == Cleanup::scissors) && is_scissors(line, options.comment_char))
      break;
    if (options.mode == Cleanup::strip && !line.empty() && line[0] == options.comment_char) continue;
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.remove_suffix(1);
    out.append(line);
    out += '\n';
  }
  // Leading and trailing blank lines go; runs of blank lines become one.
  std::string collapsed;
  bool previous_blank = true;
  for (std::string_view line : split_lines(out)) {
    const bool blank = line.empty();
    if (blank && previous_blank) continue;
    collapsed.append(line);
    collapsed += '\n';
    previous_blank = blank;
  }
  while (collapsed.size() >= 2 && collapsed[collapsed.size() - 2] == '\n') collapsed.pop_back();
  if (collapsed == "\n") return "";
  return collapsed;
}

std::string clean_message(std::string_view raw, char comment_char) {
  return clean_message(raw, CleanupOptions{Cleanup::strip, comment_char});
}

char comment_char_for(std::string_view configured, std::string_view raw) {
  if (configured.empty()) return '#';
  if (configured != "auto") return configured[0];
  // git wrote its instructions with the character it chose.
  for (std::string_view line : split_lines(raw))
    if (line.size() > 2 && line.substr(2).starts_with("Please enter the commit message")) return line[0];
  for (char candidate : std::string_view("#;@!$%^&|:")) {
    const auto lines = split_lines(raw);
    if (std::none_of(lines.begin(), lines.end(), [&](std::string_view l) { return !l.empty() && l[0] == candidate; }))
      return candidate;
  }
  return '#';
}

std::vector<Trailer> parse_trailers(std::string_view message) {
  const auto lines = split_lines(message);
  size_t end = lines.size();
  while (end > 0 && is_blank(lines[end - 1])) --end;
  size_t start = end;
  while (start > 0 && !is_blank(lines[start - 1])) --start;
  if (start == 0) return {};  // the subject paragraph is never a trailer block
  std::vector<Trailer> trailers;
  size_t trailer_lines = 0, other_lines = 0;
  bool generated = false;
  for (size_t i = start; i < end; ++i) {
    const std::string_view line = lines[i];
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      if (!trailers.empty()) trailers.back().value += " " + std::string(trim(line));  // continuation
      continue;
    }
    if (auto trailer = parse_trailer_line(line)) {
      ++trailer_lines;
      generated = generated || git_generated(line);
      trailers.push_back(std::move(*trailer));
    } else {
      ++other_lines;
      generated = generated || git_generated(line);
    }
  }
  // git: all lines are trailers, or at least 25% with one git-generated line.
  const bool block = other_lines == 0 || (generated && trailer_lines * 3 >= other_lines);
  return block && trailer_lines > 0 ? trailers : std::vector<Trailer>{};
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

std::optional<ConventionalSubject> parse_conventional(std::string_view subject) {
  static const RE2 pattern(R"(^([A-Za-z][A-Za-z0-9-]*)(?:\(([^()\s][^()]*)\))?(!)?: (\S.*)$)");
  std::string type, scope, bang, description;
  if (!RE2::FullMatch(re2::StringPiece(subject.data(), subject.size()), pattern, &type, &scope, &bang, &description))
    return std::nullopt;
  return ConventionalSubject{type, scope, !bang.empty(), description};
}

std::optional<std::string> trailer_rule_error(std::string_view rule) {
  const size_t colon = rule.find(':');
  const std::string_view key = trim(rule.substr(0, colon));
  if (!is_token(key)) return "the trailer name must be letters, digits and '-'";
  if (colon == std::string_view::npos) return std::nullopt;
  std::string pattern(trim(rule.substr(colon + 1)));
  if (const size_t at = pattern.find("{committer}"); at != std::string::npos) pattern.replace(at, 11, "x");
  const RE2 regex(pattern, RE2::Quiet);
  if (!regex.ok()) return "invalid regex: " + regex.error();
  return std::nullopt;
}

bool is_agent_commit(const std::vector<Trailer>& trailers, const AgentsPolicy& agents) {
  for (const auto& trailer : trailers) {
    const std::string line = trailer.key + ": " + trailer.value;
    for (const auto& marker : agents.markers)
      if (RE2::PartialMatch(line, RE2(marker, RE2::Quiet))) return true;
  }
  return false;
}

}  // namespace agentops
