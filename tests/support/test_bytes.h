// Byte strings tests build binary content from: noise that looks like
// compressed data, and text in UTF-16 or UTF-32.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace agentops::testing {

// `size` bytes that look like compressed data (and hold NULs), the same every run for a seed.
inline std::string noise(size_t size, std::uint32_t seed) {
  std::string out(size, '\0');
  std::uint32_t state = seed;
  for (char& c : out) {
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    c = static_cast<char>(state >> 24);
  }
  return out;
}

// ASCII `text` in UTF-16 (width 2) or UTF-32 (width 4), little- or big-endian, without a BOM.
inline std::string wide(const std::string& text, size_t width, bool big_endian) {
  std::string out;
  for (char c : text) {
    std::string unit(width, '\0');
    unit[big_endian ? width - 1 : 0] = c;
    out += unit;
  }
  return out;
}

}  // namespace agentops::testing
