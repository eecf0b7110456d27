#include "rules/encoded_segments.h"

#include <re2/re2.h>

#include <array>
#include <optional>

namespace agentops::rules {
namespace {

bool printable(unsigned char c) { return c > 0x08 && c < 0x7f; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> decode_hex(std::string_view text) {
  if (text.size() % 2 != 0) return std::nullopt;
  std::string out;
  out.reserve(text.size() / 2);
  for (size_t i = 0; i < text.size(); i += 2) {
    const int high = hex_value(text[i]), low = hex_value(text[i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    const auto byte = static_cast<unsigned char>(high << 4 | low);
    if (!printable(byte)) return std::nullopt;
    out.push_back(static_cast<char>(byte));
  }
  return out;
}

// Standard (with '=' padding, length a multiple of 4) or URL-safe without padding.
std::optional<std::string> decode_base64(std::string_view text, bool url) {
  std::array<int, 256> values;
  values.fill(-1);
  const std::string_view alphabet = url ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
                                        : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (size_t i = 0; i < alphabet.size(); ++i) values[static_cast<unsigned char>(alphabet[i])] = static_cast<int>(i);
  if (!url) {
    if (text.size() % 4 != 0) return std::nullopt;
    while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  } else if (text.find('=') != std::string_view::npos || text.size() % 4 == 1) {
    return std::nullopt;
  }
  std::string out;
  out.reserve(text.size() * 3 / 4);
  std::uint32_t bits = 0;
  int count = 0;
  for (char c : text) {
    const int value = values[static_cast<unsigned char>(c)];
    if (value < 0) return std::nullopt;
    bits = (bits << 6) | static_cast<std::uint32_t>(value);
    count += 6;
    if (count >= 8) {
      count -= 8;
      const auto byte = static_cast<unsigned char>((bits >> count) & 0xff);
      if (!printable(byte)) return std::nullopt;
      out.push_back(static_cast<char>(byte));
    }
  }
  return out;
}

bool has_any(std::string_view text, std::string_view bytes) { return text.find_first_of(bytes) != std::string_view::npos; }

}  // namespace

std::vector<DecodedSegment> decode_segments(std::string_view text) {
  // gitleaks' base64 pattern (detect/codec/encodings.go); its hex pattern,
  // [0-9A-Fa-f]{32,}, is judged among these words (no capture groups: the
  // matching stays on RE2's DFA).
  static const RE2 encoded(R"([\w/+-]{16,}={0,2})");
  std::vector<DecodedSegment> out;
  const re2::StringPiece input(text.data(), text.size());
  re2::StringPiece word;
  for (size_t position = 0;
       position < text.size() && encoded.Match(input, position, text.size(), RE2::UNANCHORED, &word, 1);
       position = static_cast<size_t>(word.data() - text.data()) + word.size()) {
    const std::string_view candidate(word.data(), word.size());
    const size_t offset = static_cast<size_t>(word.data() - text.data());
    const bool hex = candidate.size() >= 32 &&
                     candidate.find_first_not_of("0123456789abcdefABCDEF") == std::string_view::npos;
    if (hex) {
      // Mostly digits is what hex looks like; a word of letters a-f is not.
      if (auto decoded = decode_hex(candidate); decoded && has_any(candidate, "0123456789"))
        out.push_back({offset, std::move(*decoded)});
      continue;
    }
    // Long symbols in code rarely hold one of these; base64 nearly always does.
    if (!has_any(candidate, "0123456789+/-_")) continue;
    auto decoded = decode_base64(candidate, false);
    if (!decoded) decoded = decode_base64(candidate, true);
    if (decoded) out.push_back({offset, std::move(*decoded)});
  }
  return out;
}

}  // namespace agentops::rules
