// Message cleanup and trailer parsing as git does them (git 2.39: strbuf.c
// strbuf_stripspace, wt-status.c wt_status_locate_end, commit.c
// ignore_non_trailer, trailer.c find_trailer_start / trailer_info_get /
// unfold_value), so that the trailers we see are exactly the ones
// `git interpret-trailers --parse` sees. Every pass is linear in the message.
#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <memory>

#include "agentops/message.h"
#include "message/git_message.h"
#include "utf8.h"

namespace agentops {
namespace {

// git's isspace (git-compat-util.h): space, \t, \n, \r; not \v or \f.
bool git_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool git_alnum(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

constexpr std::string_view kCutLine = "------------------------ >8 ------------------------\n";

std::string_view git_trim(std::string_view text) {
  while (!text.empty() && git_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && git_space(text.back())) text.remove_suffix(1);
  return text;
}

bool equals_ignore_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

bool is_token(std::string_view key) {
  return !key.empty() && std::all_of(key.begin(), key.end(), [](char c) { return git_alnum(c) || c == '-'; });
}

// trailer.c is_blank_line: only git's whitespace up to the end of the line.
bool is_blank_line(std::string_view line) {
  return std::all_of(line.begin(), line.end(), git_space);
}

// trailer.c find_separator: the offset of the separator (':' unless
// trailer.separators says otherwise) after a token of letters, digits and '-'
// and optional blanks, or npos.
size_t find_separator(std::string_view line, std::string_view separators) {
  bool whitespace_found = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '\0') break;  // git reads a C string
    if (separators.find(c) != std::string_view::npos) return i;
    if (!whitespace_found && (git_alnum(c) || c == '-')) continue;
    if (i != 0 && (c == ' ' || c == '\t')) {
      whitespace_found = true;
      continue;
    }
    break;
  }
  return std::string_view::npos;
}

// trailer.c token_matches_item: the first `length` characters of `token` are
// the configured name (or key), ignoring case; a shorter name never matches.
bool token_matches(std::string_view token, size_t length, std::string_view name) {
  if (name.empty() || length > name.size() || length > token.size()) return false;
  for (size_t i = 0; i < length; ++i)
    if (std::tolower(static_cast<unsigned char>(token[i])) != std::tolower(static_cast<unsigned char>(name[i])))
      return false;
  return true;
}

bool is_configured(std::string_view token, size_t length, const TrailerSyntax::Configured& item) {
  return token_matches(token, length, item.name) || token_matches(token, length, item.key);
}

// Trailers git writes itself: a block holding one needs only 25% trailers.
constexpr std::string_view kGitGeneratedPrefixes[] = {"Signed-off-by: ", "(cherry picked from commit "};

// commit.c ignore_non_trailer: the end of the message without its trailing
// run of comment lines, blank lines and old-style "Conflicts:" blocks, and
// without anything from the scissors line on.
size_t trailer_end_of(std::string_view text, char comment_char) {
  const size_t cutoff = scissors_offset(text, comment_char);
  size_t boc = 0;  // beginning of the trailing run; 0: none (as in git)
  bool in_conflicts = false;
  size_t bol = 0;
  while (bol < cutoff) {
    size_t next = text.find('\n', bol);
    next = next == std::string_view::npos ? text.size() : next + 1;
    const std::string_view rest = text.substr(bol);
    if (text[bol] == comment_char || text[bol] == '\n') {
      if (!boc) boc = bol;
    } else if (rest.starts_with("Conflicts:\n")) {
      in_conflicts = true;
      if (!boc) boc = bol;
    } else if (in_conflicts && text[bol] == '\t') {
      // a path in the conflicts block
    } else if (boc) {
      boc = 0;
      in_conflicts = false;
    }
    bol = next;
  }
  return boc ? boc : cutoff;
}

// trailer.c find_trailer_start over text[0, len): where the trailer block
// starts, or len when there is none.
size_t trailer_start(std::string_view text, size_t len, char comment_char, const TrailerSyntax& syntax) {
  // The first paragraph is the title and never trailers (comment lines do not end it).
  size_t end_of_title = 0;
  while (end_of_title < len) {
    size_t eol = text.find('\n', end_of_title);
    if (eol == std::string_view::npos || eol > len) eol = len;
    const std::string_view line = text.substr(end_of_title, eol - end_of_title);
    if (!(line.size() && line[0] == comment_char) && is_blank_line(line)) break;
    end_of_title = eol + 1;
  }
  if (end_of_title >= len) return len;

  bool only_spaces = true, recognized_prefix = false;
  size_t trailer_lines = 0, non_trailer_lines = 0, possible_continuation_lines = 0;
  // Walk the lines from the last one up to the blank line ending the title.
  size_t line_end = len;  // exclusive, before the line's '\n' when it has one
  if (line_end > 0 && text[line_end - 1] == '\n') --line_end;
  while (true) {
    const size_t found = line_end == 0 ? std::string_view::npos : text.rfind('\n', line_end - 1);
    const size_t bol = found == std::string_view::npos ? 0 : found + 1;
    if (bol < end_of_title) break;
    const std::string_view line = text.substr(bol, line_end - bol);
    const size_t next_line = std::min(len, line_end + 1);
    if (!line.empty() && line[0] == comment_char) {
      non_trailer_lines += possible_continuation_lines;
      possible_continuation_lines = 0;
    } else if (is_blank_line(line)) {
      if (!only_spaces) {
        non_trailer_lines += possible_continuation_lines;
        if (recognized_prefix && trailer_lines * 3 >= non_trailer_lines) return next_line;
        if (trailer_lines && !non_trailer_lines) return next_line;
        return len;
      }
    } else {
      only_spaces = false;
      const bool generated = std::any_of(std::begin(kGitGeneratedPrefixes), std::end(kGitGeneratedPrefixes),
                                         [&](std::string_view prefix) { return line.starts_with(prefix); });
      const size_t separator = find_separator(line, syntax.separators);
      if (generated) {
        ++trailer_lines;
        possible_continuation_lines = 0;
        recognized_prefix = true;
      } else if (separator != std::string_view::npos && separator >= 1 && !git_space(line[0])) {
        ++trailer_lines;
        possible_continuation_lines = 0;
        // A token named in trailer.<name>.* config counts like a git-generated one.
        if (!recognized_prefix)
          recognized_prefix = std::any_of(syntax.configured.begin(), syntax.configured.end(),
                                          [&](const auto& item) { return is_configured(line, separator, item); });
      } else if (git_space(line[0])) {
        ++possible_continuation_lines;
      } else {
        ++non_trailer_lines;
        non_trailer_lines += possible_continuation_lines;
        possible_continuation_lines = 0;
      }
    }
    if (bol == 0) break;
    line_end = bol - 1;
  }
  return len;
}

// trailer.c unfold_value: each line break and the whitespace after it become one space.
std::string unfold(std::string_view value) {
  if (value.find('\n') == std::string_view::npos) return std::string(git_trim(value));
  std::string out;
  out.reserve(value.size());
  for (size_t i = 0; i < value.size();) {
    const char c = value[i++];
    if (c == '\n') {
      while (i < value.size() && git_space(value[i])) ++i;
      out += ' ';
    } else {
      out += c;
    }
  }
  return std::string(git_trim(out));
}

// Characters that draw nothing although Unicode does not call them spaces:
// default-ignorable code points (soft hyphen, joiners, variation selectors,
// tags) and the fillers (Hangul, Braille blank) used as invisible names.
bool invisible(char32_t cp) {
  return cp == 0xAD || cp == 0x34F || cp == 0x61C || cp == 0x115F || cp == 0x1160 || cp == 0x17B4 || cp == 0x17B5 ||
         (cp >= 0x180B && cp <= 0x180F) || (cp >= 0x2061 && cp <= 0x206F) || cp == 0x2800 || cp == 0x3164 ||
         (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFFA0 || (cp >= 0xFFF0 && cp <= 0xFFF8) ||
         (cp >= 0x1BCA0 && cp <= 0x1BCA3) || (cp >= 0x1D173 && cp <= 0x1D17A) || (cp >= 0xE0000 && cp <= 0xE0FFF);
}

// Whether `text` is empty or holds only whitespace and invisible characters,
// Unicode ones included (U+00A0, U+2000..U+200D, U+3000, U+FEFF...). Bytes
// that are not UTF-8 count as blank too: a value must show a character.
bool is_unicode_blank(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const size_t length = detail::utf8_sequence_length(text, i);
    if (length == 0) {
      ++i;
      continue;
    }
    const auto byte = [&](size_t k) { return static_cast<char32_t>(static_cast<unsigned char>(text[i + k]) & 0x3Fu); };
    char32_t cp = static_cast<unsigned char>(text[i]);
    if (length == 2) cp = ((cp & 0x1Fu) << 6u) | byte(1);
    if (length == 3) cp = ((cp & 0x0Fu) << 12u) | (byte(1) << 6u) | byte(2);
    if (length == 4) cp = ((cp & 0x07u) << 18u) | (byte(1) << 12u) | (byte(2) << 6u) | byte(3);
    i += length;
    const bool blank = (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
                       cp == 0x180E || (cp >= 0x2000 && cp <= 0x200F) || cp == 0x2028 || cp == 0x2029 ||
                       cp == 0x202F || cp == 0x205F || cp == 0x2060 || cp == 0x3000 || cp == 0xFEFF ||
                       cp < 0x20 || cp == 0x7F || invisible(cp);
    if (!blank) return false;
  }
  return true;
}

// commit.c find_invalid_utf8: the offset of the first byte git does not take
// as UTF-8 (it also refuses the noncharacters U+xxFFFE/F and U+FDD0..FDEF), or npos.
size_t git_invalid_utf8(std::string_view text, size_t from) {
  static constexpr std::uint32_t kMaxCodepoint[] = {0x7f, 0x7ff, 0xffff, 0x10ffff};
  for (size_t i = from; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    const size_t bad = i++;
    if (c < 0x80) continue;
    size_t bytes = 0;
    while (c & 0x40) {
      c = static_cast<unsigned char>(c << 1);
      ++bytes;
    }
    if (bytes < 1 || bytes > 3 || text.size() - i < bytes) return bad;
    std::uint32_t codepoint = static_cast<std::uint32_t>((c & 0x7f) >> bytes);
    const std::uint32_t min_value = kMaxCodepoint[bytes - 1] + 1, max_value = kMaxCodepoint[bytes];
    for (size_t k = 0; k < bytes; ++k, ++i) {
      const unsigned char next = static_cast<unsigned char>(text[i]);
      if ((next & 0xc0) != 0x80) return bad;
      codepoint = (codepoint << 6) | (next & 0x3fu);
    }
    if (codepoint < min_value || codepoint > max_value) return bad;
    if ((codepoint & 0x1ff800) == 0xd800) return bad;
    if ((codepoint & 0xfffe) == 0xfffe) return bad;
    if (codepoint >= 0xfdd0 && codepoint <= 0xfdef) return bad;
  }
  return std::string_view::npos;
}

}  // namespace

std::string as_git_stores(std::string_view message, std::string_view commit_encoding) {
  // commit.c verify_utf8: with a UTF-8 commit encoding (the default), every
  // byte that is not UTF-8 is taken as Latin-1 and stored as its UTF-8 form.
  if (!commit_encoding.empty() && !equals_ignore_case(commit_encoding, "utf-8") &&
      !equals_ignore_case(commit_encoding, "utf8"))
    return std::string(message);
  // One pass: copy the valid runs, rewrite each invalid byte (linear even
  // when every byte is invalid).
  std::string out;
  out.reserve(message.size());
  for (size_t pos = 0;;) {
    const size_t bad = git_invalid_utf8(message, pos);
    if (bad == std::string_view::npos) {
      out.append(message.substr(pos));
      return out;
    }
    out.append(message.substr(pos, bad - pos));
    const unsigned char c = static_cast<unsigned char>(message[bad]);
    out += static_cast<char>(0xc0 + (c >> 6));
    out += static_cast<char>(0x80 + (c & 0x3f));
    pos = bad + 1;
  }
}

size_t message_end(std::string_view text, char comment_char) { return trailer_end_of(text, comment_char); }

size_t scissors_offset(std::string_view text, char comment_char) {
  // wt_status_locate_end: the line "<c> ------------------------ >8 ------------------------"
  // exactly, at the start of the text or after a '\n'.
  std::string pattern = "\n";
  pattern += comment_char;
  pattern += ' ';
  pattern += kCutLine;
  if (text.starts_with(std::string_view(pattern).substr(1))) return 0;
  const size_t at = text.find(pattern);
  return at == std::string_view::npos ? text.size() : at + 1;
}

std::string strip_space(std::string_view text, bool skip_comments, char comment_char) {
  std::string out;
  out.reserve(text.size() + 1);
  size_t empties = 0;
  for (size_t i = 0; i < text.size();) {
    const size_t eol = text.find('\n', i);
    const size_t len = eol == std::string_view::npos ? text.size() - i : eol - i + 1;
    std::string_view line = text.substr(i, len);
    i += len;
    if (skip_comments && line[0] == comment_char) continue;
    while (!line.empty() && git_space(line.back())) line.remove_suffix(1);
    if (line.empty()) {
      ++empties;
      continue;
    }
    if (empties > 0 && !out.empty()) out += '\n';
    empties = 0;
    out.append(line);
    out += '\n';
  }
  return out;
}

std::string clean_message(std::string_view raw, const CleanupOptions& options) {
  // sequencer.c cleanup_message: -v (commit.verbose) and cleanup=scissors cut
  // at the scissors line, whatever the mode; then strbuf_stripspace.
  if (options.verbose || options.mode == Cleanup::scissors) raw = raw.substr(0, scissors_offset(raw, options.comment_char));
  if (options.mode == Cleanup::verbatim) return std::string(raw);
  return strip_space(raw, options.mode == Cleanup::strip, options.comment_char);
}

std::string clean_message(std::string_view raw, char comment_char) {
  return clean_message(raw, CleanupOptions{Cleanup::strip, comment_char, false});
}

char auto_comment_char(std::string_view initial) {
  // builtin/commit.c adjust_comment_line_char: '#' unless the text holds one;
  // then the first candidate that starts no line.
  std::string candidates = "#;@!$%^&|:";
  if (initial.find('#') == std::string_view::npos) return '#';
  auto drop = [&](char c) {
    if (const size_t at = candidates.find(c); at != std::string::npos && c != '\0') candidates[at] = ' ';
  };
  if (!initial.empty()) drop(initial[0]);
  for (size_t i = 0; i + 1 < initial.size(); ++i)
    if (initial[i] == '\n' || initial[i] == '\r') drop(initial[i + 1]);
  for (char c : candidates)
    if (c != ' ') return c;
  return '#';  // git dies here: no character is free
}

std::vector<char> comment_chars_for(std::string_view configured, std::string_view raw) {
  if (configured.empty()) return {'#'};
  if (!equals_ignore_case(configured, "auto")) return {configured[0]};
  // git chose the character before the editor ran, from a message we do not
  // see, and wrote its instructions with it. Only its exact two-line template
  // names it; a quote of that template in the body makes it ambiguous.
  constexpr std::string_view kCandidates = "#;@!$%^&|:";
  std::vector<char> templated;
  for (char c : kCandidates) {
    std::string line = std::string(1, c) + " Please enter the commit message for your changes. Lines starting\n" + c +
                       " with '" + c + "' will be ";
    if (raw.starts_with(line) || raw.find("\n" + line) != std::string_view::npos) templated.push_back(c);
  }
  if (templated.size() == 1) return templated;
  // Unknown: every candidate that starts a line (they are the only ones that
  // change anything), and '#' standing for all that start none.
  std::vector<char> starting{'#'};
  for (char c : kCandidates) {
    if (c == '#') continue;
    if (raw.starts_with(c) || raw.find(std::string("\n") + c) != std::string_view::npos) starting.push_back(c);
  }
  return starting;
}

char comment_char_for(std::string_view configured, std::string_view raw) {
  return comment_chars_for(configured, raw).front();
}

char reader_comment_char(std::string_view configured) {
  // config.c: "auto" leaves comment_line_char at '#' outside `git commit`.
  if (configured.empty() || equals_ignore_case(configured, "auto")) return '#';
  return configured[0];
}

std::vector<Trailer> parse_trailers(std::string_view message, char comment_char, const TrailerSyntax& syntax) {
  const size_t end = trailer_end_of(message, comment_char);
  const size_t start = trailer_start(message, end, comment_char, syntax);
  std::vector<Trailer> trailers;
  // trailer_info_get: a line starting with whitespace continues the trailer
  // right above it; parse_trailers then skips comment lines and non-trailers.
  const std::string_view block = message.substr(start, end - start);
  size_t group_start = 0, group_end = 0;  // the current trailer with its continuation lines
  bool group_is_trailer = false;
  auto flush = [&]() {
    const std::string_view group = block.substr(group_start, group_end - group_start);
    if (!group_is_trailer || (!group.empty() && group[0] == comment_char)) return;
    const size_t separator = find_separator(group, syntax.separators);
    std::string key(git_trim(group.substr(0, separator)));
    // parse_trailer: a configured token is reported under its .key.
    size_t length = key.size();
    while (length > 0 && !git_alnum(key[length - 1])) --length;
    for (const auto& item : syntax.configured) {
      if (!is_configured(key, length, item)) continue;
      if (!item.key.empty()) key = item.key;
      break;
    }
    trailers.push_back(Trailer{std::move(key), unfold(git_trim(group.substr(separator + 1)))});
  };
  for (size_t bol = 0; bol < block.size();) {
    size_t eol = block.find('\n', bol);
    if (eol == std::string_view::npos) eol = block.size();
    const std::string_view line = block.substr(bol, eol - bol);
    if (group_is_trailer && !line.empty() && git_space(line[0])) {
      group_end = eol;
    } else {
      flush();
      const size_t separator = find_separator(line, syntax.separators);
      group_start = bol;
      group_end = eol;
      group_is_trailer = separator != std::string_view::npos && separator >= 1;
    }
    bol = eol + 1;
  }
  flush();
  return trailers;
}

std::optional<std::string> find_approval(const std::vector<Trailer>& trailers, const GatesPolicy& gates) {
  for (const auto& trailer : trailers) {
    // A value of nothing but (Unicode) whitespace names nobody.
    if (!equals_ignore_case(trailer.key, gates.approval_trailer) || is_unicode_blank(trailer.value)) continue;
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
  const std::string_view key = git_trim(rule.substr(0, colon));
  if (!is_token(key)) return "the trailer name must be letters, digits and '-'";
  if (colon == std::string_view::npos) return std::nullopt;
  std::string pattern(git_trim(rule.substr(colon + 1)));
  if (const size_t at = pattern.find("{committer}"); at != std::string::npos)
    pattern = pattern.substr(0, at) + "x" + pattern.substr(at + 11);
  const RE2 regex(pattern, RE2::Quiet);
  if (!regex.ok()) return "invalid regex: " + regex.error();
  return std::nullopt;
}

bool is_agent_commit(const std::vector<Trailer>& trailers, const AgentsPolicy& agents) {
  // No trailer, no marker to match: nothing to compile.
  if (trailers.empty() || agents.markers.empty()) return false;
  // Each marker compiled once per list of markers, not once per call: a
  // range judged commit by commit asks thousands of times with one policy.
  struct Compiled {
    std::vector<std::string> sources;
    std::vector<std::unique_ptr<RE2>> markers;
  };
  static thread_local Compiled cache;
  if (cache.sources != agents.markers) {
    cache.markers.clear();
    for (const auto& marker : agents.markers) cache.markers.push_back(std::make_unique<RE2>(marker, RE2::Quiet));
    cache.sources = agents.markers;
  }
  const auto& markers = cache.markers;
  std::string line;
  for (const auto& trailer : trailers) {
    line.assign(trailer.key);
    line += ": ";
    line += trailer.value;
    for (const auto& marker : markers)
      if (RE2::PartialMatch(line, *marker)) return true;
  }
  return false;
}

}  // namespace agentops
