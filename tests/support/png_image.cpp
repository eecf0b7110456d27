// PNG decoding with zlib's inflate: chunks, IHDR checks, unfiltering.
#include "png_image.h"

#include <zlib.h>

#include <cstdlib>
#include <string_view>

namespace agentops::testing {
namespace {

std::uint32_t big_endian(std::string_view bytes, size_t at) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at])) << 24 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + 1])) << 16 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + 2])) << 8 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + 3]));
}

std::optional<std::vector<std::uint8_t>> inflate_all(const std::string& compressed, size_t expected) {
  std::vector<std::uint8_t> out(expected);
  z_stream stream{};
  if (inflateInit(&stream) != Z_OK) return std::nullopt;
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  stream.avail_in = static_cast<uInt>(compressed.size());
  stream.next_out = out.data();
  stream.avail_out = static_cast<uInt>(out.size());
  const int status = inflate(&stream, Z_FINISH);
  const bool complete = status == Z_STREAM_END && stream.total_out == expected;
  inflateEnd(&stream);
  if (!complete) return std::nullopt;
  return out;
}

std::uint8_t paeth(int a, int b, int c) {
  const int p = a + b - c;
  const int pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
  if (pa <= pb && pa <= pc) return static_cast<std::uint8_t>(a);
  return static_cast<std::uint8_t>(pb <= pc ? b : c);
}

}  // namespace

std::optional<PngImage> decode_png(const std::string& bytes, std::string& error) {
  static constexpr std::string_view kSignature = "\x89PNG\r\n\x1a\n";
  if (bytes.size() < kSignature.size() || std::string_view(bytes).substr(0, 8) != kSignature) {
    error = "not a PNG file";
    return std::nullopt;
  }
  PngImage image;
  unsigned channels = 0;
  std::string compressed;
  bool ended = false;
  for (size_t at = 8; at + 12 <= bytes.size() && !ended;) {
    const std::uint32_t length = big_endian(bytes, at);
    const std::string_view type = std::string_view(bytes).substr(at + 4, 4);
    if (at + 12 + length > bytes.size()) break;
    const std::string_view data = std::string_view(bytes).substr(at + 8, length);
    if (type == "IHDR") {
      if (length != 13) break;
      image.width = big_endian(data, 0);
      image.height = big_endian(data, 4);
      const auto depth = static_cast<unsigned char>(data[8]), colour = static_cast<unsigned char>(data[9]);
      const auto interlace = static_cast<unsigned char>(data[12]);
      if (depth != 8 || (colour != 2 && colour != 6) || interlace != 0) {
        error = "unsupported PNG: depth " + std::to_string(depth) + ", colour type " + std::to_string(colour) +
                ", interlace " + std::to_string(interlace);
        return std::nullopt;
      }
      channels = colour == 2 ? 3 : 4;
    } else if (type == "IDAT") {
      compressed.append(data);
    } else if (type == "IEND") {
      ended = true;
    }
    at += 12 + length;
  }
  if (!ended || channels == 0 || image.width == 0 || image.height == 0) {
    error = "truncated PNG or no IHDR";
    return std::nullopt;
  }
  const size_t stride = static_cast<size_t>(image.width) * channels;
  const auto raw = inflate_all(compressed, (stride + 1) * image.height);
  if (!raw) {
    error = "PNG image data does not inflate to the expected size";
    return std::nullopt;
  }
  std::vector<std::uint8_t> previous(stride, 0), current(stride, 0);
  image.rgba.resize(static_cast<size_t>(image.width) * image.height * 4);
  for (std::uint32_t y = 0; y < image.height; ++y) {
    const std::uint8_t* line = raw->data() + y * (stride + 1);
    const std::uint8_t filter = line[0];
    if (filter > 4) {
      error = "bad PNG filter type " + std::to_string(filter);
      return std::nullopt;
    }
    for (size_t i = 0; i < stride; ++i) {
      const int left = i >= channels ? current[i - channels] : 0;
      const int up = previous[i];
      const int up_left = i >= channels ? previous[i - channels] : 0;
      int predictor = 0;
      switch (filter) {
        case 1: predictor = left; break;
        case 2: predictor = up; break;
        case 3: predictor = (left + up) / 2; break;
        case 4: predictor = paeth(left, up, up_left); break;
        default: break;
      }
      current[i] = static_cast<std::uint8_t>((line[1 + i] + predictor) & 0xFF);
    }
    for (std::uint32_t x = 0; x < image.width; ++x) {
      const size_t to = (static_cast<size_t>(y) * image.width + x) * 4;
      for (unsigned c = 0; c < 3; ++c) image.rgba[to + c] = current[x * channels + c];
      image.rgba[to + 3] = channels == 4 ? current[x * channels + 3] : 255;
    }
    std::swap(previous, current);
  }
  return image;
}

}  // namespace agentops::testing
