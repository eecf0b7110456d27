// libFuzzer harness: a glob and a path from any bytes (split at the first NUL).
// Matching must terminate quickly and never read out of bounds.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "glob.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t split = input.find('\0');
  const std::string_view pattern = input.substr(0, split);
  const std::string_view path = split == std::string_view::npos ? std::string_view() : input.substr(split + 1);
  if (!agentops::glob_error(pattern)) (void)agentops::glob_match(pattern, path);
  return 0;
}
