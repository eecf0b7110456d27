// Escaping for the HTML dashboard: whitelist-minded, byte by byte.
#include "report/html_text.h"

#include "utf8.h"

namespace agentops::detail {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

bool is_escaped_ascii(char c) {
  switch (c) {
    case '&': case '<': case '>': case '"': case '\'': case '/':
    case ':': case '(': case '@': case '=': case '`':
      return true;
    default:
      return false;
  }
}

// U+202A..U+202E and U+2066..U+2069 reorder what the reader sees ("Trojan
// Source"): a subject must read as it is stored.
bool is_bidi_control(std::string_view sequence) {
  if (sequence.size() != 3 || static_cast<unsigned char>(sequence[0]) != 0xE2) return false;
  const auto second = static_cast<unsigned char>(sequence[1]);
  const auto third = static_cast<unsigned char>(sequence[2]);
  return (second == 0x80 && third >= 0xAA && third <= 0xAE) || (second == 0x81 && third >= 0xA6 && third <= 0xA9);
}

}  // namespace

void append_html_text(std::string& out, std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const char c = text[i];
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x80) {
      if (byte < 0x20 || byte == 0x7F) {
        out += ' ';
      } else if (is_escaped_ascii(c)) {
        out += "&#";
        out += std::to_string(static_cast<int>(byte));
        out += ';';
      } else {
        out += c;
      }
      ++i;
      continue;
    }
    const size_t length = utf8_sequence_length(text, i);
    if (length == 0) {
      out += kReplacement;
      ++i;
      continue;
    }
    const std::string_view sequence = text.substr(i, length);
    // C1 controls (U+0080..U+009F) are as invisible as C0 ones.
    const bool c1_control = length == 2 && byte == 0xC2 && static_cast<unsigned char>(sequence[1]) < 0xA0;
    if (c1_control) {
      out += ' ';
    } else if (is_bidi_control(sequence)) {
      out += kReplacement;
    } else {
      out += sequence;
    }
    i += length;
  }
}

std::string html_text(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 4);
  append_html_text(out, text);
  return out;
}

std::string shorten_text(std::string_view text, size_t max_characters) {
  size_t characters = 0;
  for (size_t i = 0; i < text.size();) {
    if (characters == max_characters) return std::string(text.substr(0, i)) + "\xE2\x80\xA6";
    const size_t length = utf8_sequence_length(text, i);
    i += length == 0 ? 1 : length;
    ++characters;
  }
  return std::string(text);
}

}  // namespace agentops::detail
