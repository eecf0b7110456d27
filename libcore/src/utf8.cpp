#include "utf8.h"

namespace agentops::detail {

size_t utf8_sequence_length(std::string_view text, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return 1;
  size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;  // allowed range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;   // overlong
    if (lead == 0xED) high = 0x9F;  // surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;   // overlong
    if (lead == 0xF4) high = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  if (byte(i + 1) < low || byte(i + 1) > high) return 0;
  for (size_t k = 2; k < length; ++k)
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  return length;
}

size_t first_invalid_utf8(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const size_t length = utf8_sequence_length(text, i);
    if (length == 0) return i;
    i += length;
  }
  return std::string_view::npos;
}

size_t first_bare_non_ascii_in_toml(std::string_view text) {
  enum class State { bare, comment, basic, literal, multi_basic, multi_literal } state = State::bare;
  // A quote opens a string only where TOML allows one: at the start of a line
  // (a quoted key), after '=', '[', ',', '{' or '.'. Anywhere else (inside a
  // malformed value) it is bare text, so nothing after it is taken as quoted.
  char previous = '\n';
  const size_t start = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;  // a UTF-8 BOM is allowed
  for (size_t i = start; i < text.size(); ++i) {
    const char c = text[i];
    const bool non_ascii = static_cast<unsigned char>(c) >= 0x80;
    switch (state) {
      case State::bare: {
        if (non_ascii) return i;
        const bool string_may_start = previous == '\n' || previous == '=' || previous == '[' || previous == ',' ||
                                      previous == '{' || previous == '.';
        if (c == '#') {
          state = State::comment;
        } else if (string_may_start && text.substr(i, 3) == "\"\"\"") {
          state = State::multi_basic;
          i += 2;
        } else if (string_may_start && text.substr(i, 3) == "'''") {
          state = State::multi_literal;
          i += 2;
        } else if (string_may_start && c == '"') {
          state = State::basic;
        } else if (string_may_start && c == '\'') {
          state = State::literal;
        }
        if (c != ' ' && c != '\t' && c != '\r') previous = c;
        break;
      }
      case State::comment:
        if (c == '\n') {
          state = State::bare;
          previous = '\n';
        }
        break;
      case State::basic:
        if (c == '\\') {
          ++i;
        } else if (c == '"' || c == '\n') {
          state = State::bare;
          previous = c == '\n' ? '\n' : 'v';  // after a value
        }
        break;
      case State::literal:
        if (c == '\'' || c == '\n') {
          state = State::bare;
          previous = c == '\n' ? '\n' : 'v';
        }
        break;
      case State::multi_basic:
        if (c == '\\') {
          ++i;
        } else if (text.substr(i, 3) == "\"\"\"") {
          state = State::bare;
          previous = 'v';
          i += 2;
        }
        break;
      case State::multi_literal:
        if (text.substr(i, 3) == "'''") {
          state = State::bare;
          previous = 'v';
          i += 2;
        }
        break;
    }
  }
  return std::string_view::npos;
}

}  // namespace agentops::detail
