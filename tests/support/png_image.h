// A minimal PNG reader for screenshot tests: 8-bit RGB or RGBA, not
// interlaced, filters 0-4 (what Chromium writes). Anything else is an error.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace agentops::testing {

struct PngImage {
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::vector<std::uint8_t> rgba;  // width * height * 4 bytes, row by row

  struct Pixel {
    std::uint8_t r, g, b, a;
  };
  Pixel at(std::uint32_t x, std::uint32_t y) const {
    const size_t i = (static_cast<size_t>(y) * width + x) * 4;
    return {rgba[i], rgba[i + 1], rgba[i + 2], rgba[i + 3]};
  }
};

// The decoded image, or nullopt with `error` saying why.
std::optional<PngImage> decode_png(const std::string& bytes, std::string& error);

}  // namespace agentops::testing
