// Quoting for terminal text (text_escape.h).
#include "format/text_escape.h"

#include <fmt/format.h>

#include <iterator>

namespace agentops::detail {

std::string display_path(std::string_view path) {
  bool plain = true;
  for (char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    plain = plain && c >= 0x20 && c != 0x7f && c != '"' && c != '\\';
  }
  if (plain) return std::string(path);
  std::string out = "\"";
  for (char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7f) {
      fmt::format_to(std::back_inserter(out), "\\{:03o}", c);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string printable(std::string_view text) {
  std::string out;
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7f) fmt::format_to(std::back_inserter(out), "\\{:03o}", c);
    else out += ch;
  }
  return out;
}

}  // namespace agentops::detail
