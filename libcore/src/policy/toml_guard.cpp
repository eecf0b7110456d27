// Refuses, before toml++ sees it, any document that would lead toml++ 3.3 into
// undefined behaviour (see toml_guard.h for what and why).
#include "policy/toml_guard.h"

#include <cstdio>

namespace agentops::detail {
namespace {

bool is_hex_digit(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_non_ascii(char c) { return static_cast<unsigned char>(c) >= 0x80; }
bool is_blank(char c) { return c == ' ' || c == '\t'; }
bool is_key_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         c == '"' || c == '\'';
}

// TOML allows no control character anywhere but tab, LF and CR before LF; toml++
// does not refuse every one of them before it reads on (a NUL after a number,
// for one), so none reaches it.
std::optional<TomlTextProblem> control_character(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte == '\t' || byte == '\n') continue;
    if (byte == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') continue;
      return TomlTextProblem{i, "a carriage return not followed by a line feed (TOML line breaks are LF or CRLF)"};
    }
    if (byte < 0x20 || byte == 0x7F) {
      char code[8];
      std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(byte));
      return TomlTextProblem{i, std::string("a control character (") + code +
                                    ") is not allowed in TOML, not even in a string or comment (write it as an escape)"};
    }
  }
  return std::nullopt;
}

const char* const kUnknownEscape =
    "unknown escape sequence (TOML has \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX and \\UXXXXXXXX)";
const char* const kNonAsciiAfterBackslash =
    "a non-ASCII character right after a backslash in a multi-line string, which the TOML parser cannot "
    "read safely (start the continued line with an ASCII character, or write the character as \\uXXXX)";

class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  std::optional<TomlTextProblem> run() {
    size_t i = text_.starts_with("\xEF\xBB\xBF") ? 3 : 0;  // a UTF-8 BOM is allowed at the start
    while (i < text_.size()) {
      switch (state_) {
        case State::bare: i = bare(i); break;
        case State::comment:
          if (text_[i] == '\n') state_ = State::bare;  // the line break itself is read as bare
          else ++i;
          break;
        case State::literal:
          // toml++ refuses a line break inside (and stops there).
          if (text_[i] == '\'' || text_[i] == '\n') state_ = State::bare;
          if (text_[i] != '\n') ++i;
          break;
        case State::multi_literal:
          if (closes_multi_line(i, '\'')) i = close_multi_line(i, '\'');
          else ++i;
          break;
        case State::basic: i = basic(i); break;
        case State::multi_basic: i = multi_basic(i); break;
      }
      if (problem_) return problem_;
    }
    return std::nullopt;
  }

 private:
  enum class State { bare, comment, basic, literal, multi_basic, multi_literal };
  // Outside strings: what TOML allows next. A quote opens a string only where
  // a key (key, key_part after '.') or a value (value) may start.
  enum class Expect { key, key_part, in_key, value, in_value, after_value };

  size_t fail(size_t offset, std::string what) {
    problem_ = TomlTextProblem{offset, std::move(what)};
    return text_.size();
  }
  bool at(size_t i, std::string_view token) const { return text_.substr(i, token.size()) == token; }

  // Outside strings and comments: follows TOML's structure far enough to know
  // where a quote opens a string (a key, or the start of a value). Anywhere
  // else a quote is bare text: toml++ reads a bare value by looking ahead to
  // the next blank, ']', '}', ',' or '#', classifying every character it
  // passes (`v = 2___='ж` reaches the unreachable code that way).
  size_t bare(size_t i) {
    const char c = text_[i];
    if (is_non_ascii(c)) return fail(i, "a non-ASCII character outside a string or comment");
    const char innermost = nesting_.empty() ? '\0' : nesting_.back();
    // A bare value ends at what toml++ takes as its end.
    if (expect_ == Expect::in_value && (is_blank(c) || c == '\r' || c == '\n' || c == '#' || c == ']' ||
                                        c == '}' || c == ','))
      expect_ = Expect::after_value;
    switch (c) {
      case ' ': case '\t': case '\r': return i + 1;
      case '\n':
        if (nesting_.empty() || innermost != '[') {
          nesting_.clear();  // a header or inline table cannot span lines (toml++ stops there)
          expect_ = Expect::key;
        }
        return i + 1;
      case '#': state_ = State::comment; return i + 1;
      case '"': case '\'': {
        if (expect_ != Expect::key && expect_ != Expect::key_part && expect_ != Expect::value) {
          expect_ = Expect::in_value;
          return i + 1;
        }
        expect_ = expect_ == Expect::value ? Expect::after_value : Expect::in_key;
        const char delimiter = c;
        if (at(i, std::string(3, delimiter))) {
          state_ = delimiter == '"' ? State::multi_basic : State::multi_literal;
          return i + 3;
        }
        state_ = delimiter == '"' ? State::basic : State::literal;
        return i + 1;
      }
      case '=': expect_ = expect_ == Expect::in_key ? Expect::value : Expect::in_value; return i + 1;
      case '.': expect_ = expect_ == Expect::in_key ? Expect::key_part : Expect::in_value; return i + 1;
      case '[':
        if (expect_ == Expect::key && nesting_.empty()) {  // a table header
          nesting_.push_back('h');
          const size_t key = at(i, "[[") ? i + 2 : i + 1;
          // toml++ assumes (and only asserts in a debug build) that a key follows.
          size_t k = key;
          while (k < text_.size() && is_blank(text_[k])) ++k;
          if (k < text_.size() && !is_key_start(text_[k]))
            return fail(k, "a table header must start with a key (letters, digits, '-', '_', or a quoted key)");
          return key;
        }
        if (expect_ == Expect::value) {
          nesting_.push_back('[');
          return i + 1;
        }
        expect_ = Expect::in_value;
        return i + 1;
      case '{':
        if (expect_ == Expect::value) {
          nesting_.push_back('{');
          expect_ = Expect::key;
          return i + 1;
        }
        expect_ = Expect::in_value;
        return i + 1;
      case ']':
        if (innermost == '[' && (expect_ == Expect::after_value || expect_ == Expect::value)) {
          nesting_.pop_back();
          expect_ = Expect::after_value;
          return i + 1;
        }
        if (innermost == 'h' && expect_ == Expect::in_key) {
          nesting_.pop_back();
          expect_ = Expect::after_value;
          return at(i, "]]") ? i + 2 : i + 1;
        }
        expect_ = Expect::in_value;
        return i + 1;
      case '}':
        // toml++ assumes (and only asserts in a debug build) that this starts a value.
        if (innermost == '[' && expect_ == Expect::value) return fail(i, "expected a value or ']' in an array, saw '}'");
        if (innermost == '{' && (expect_ == Expect::after_value || expect_ == Expect::key)) {
          nesting_.pop_back();
          expect_ = Expect::after_value;
          return i + 1;
        }
        expect_ = Expect::in_value;
        return i + 1;
      case ',':
        if (innermost == '[' && expect_ == Expect::after_value) expect_ = Expect::value;
        else if (innermost == '{' && expect_ == Expect::after_value) expect_ = Expect::key;
        else expect_ = Expect::in_value;
        return i + 1;
      default:
        expect_ = expect_ == Expect::key || expect_ == Expect::key_part || expect_ == Expect::in_key ? Expect::in_key
                                                                                                    : Expect::in_value;
        return i + 1;
    }
  }

  // An escape at text_[i] == '\\' in a basic string; the offset after it.
  size_t escape(size_t i) {
    if (i + 1 >= text_.size()) return fail(i, "a basic string that ends in a backslash");
    const char c = text_[i + 1];
    switch (c) {
      case 'b': case 't': case 'n': case 'f': case 'r': case '"': case '\\': return i + 2;
      case 'u': case 'U': {
        const size_t digits = c == 'u' ? 4 : 8;
        for (size_t k = 0; k < digits; ++k)
          if (i + 2 + k >= text_.size() || !is_hex_digit(text_[i + 2 + k]))
            return fail(i, std::string("\\") + c + " takes " + std::to_string(digits) + " hex digits");
        return i + 2 + digits;
      }
      default: return fail(i, kUnknownEscape);
    }
  }

  size_t basic(size_t i) {
    const char c = text_[i];
    if (c == '\\') return escape(i);
    // toml++ refuses a line break inside; bare text from there is stricter.
    if (c == '"' || c == '\n') state_ = State::bare;  // toml++ stops at a line break inside
    return c == '\n' ? i : i + 1;
  }

  size_t multi_basic(size_t i) {
    const char c = text_[i];
    if (continued_line_) {
      // toml++ asks of each character after a line-ending backslash whether it
      // is whitespace, until the first that is not.
      if (is_blank(c) || c == '\n' || c == '\r') return i + 1;
      if (is_non_ascii(c)) return fail(i, kNonAsciiAfterBackslash);
      continued_line_ = false;
    }
    if (closes_multi_line(i, '"')) return close_multi_line(i, '"');
    if (c != '\\') return i + 1;
    if (i + 1 >= text_.size()) return fail(i, "a multi-line string that ends in a backslash");
    const char next = text_[i + 1];
    // toml++ asks whether the character after a backslash is whitespace.
    if (is_non_ascii(next)) return fail(i + 1, kNonAsciiAfterBackslash);
    if (!is_blank(next) && next != '\n' && next != '\r') return escape(i);
    // A line-ending backslash: blanks, then the line break.
    size_t k = i + 1;
    while (k < text_.size() && is_blank(text_[k])) ++k;
    if (k < text_.size() && is_non_ascii(text_[k])) return fail(k, kNonAsciiAfterBackslash);
    if (k < text_.size() && text_[k] == '\r') ++k;  // CR is always followed by LF (checked first)
    if (k >= text_.size() || text_[k] != '\n')
      return fail(i, "a line-ending backslash must be the last character on its line but spaces");
    continued_line_ = true;
    return k + 1;
  }

  // Whether the multi-line string closes at i: three delimiters. toml++ takes
  // up to two more as part of the string ("""a""""" is 'a""').
  bool closes_multi_line(size_t i, char delimiter) const {
    return at(i, std::string(3, delimiter));
  }
  size_t close_multi_line(size_t i, char delimiter) {
    size_t end = i + 3;
    for (int extra = 0; extra < 2 && end < text_.size() && text_[end] == delimiter; ++extra) ++end;
    state_ = State::bare;
    return end;
  }

  std::string_view text_;
  State state_ = State::bare;
  Expect expect_ = Expect::key;
  std::string nesting_;  // open '[' arrays, '{' inline tables, 'h' a table header
  bool continued_line_ = false;
  std::optional<TomlTextProblem> problem_;
};

}  // namespace

std::optional<TomlTextProblem> toml_text_problem(std::string_view text) {
  if (auto control = control_character(text)) return control;
  return Scanner(text).run();
}

}  // namespace agentops::detail
