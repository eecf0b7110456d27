// UTF-8 validation shared by the JSON writer (which replaces invalid bytes)
// and the policy loader (which refuses them: toml++ must only see valid UTF-8).
#pragma once

#include <cstddef>
#include <string_view>

namespace agentops::detail {

// Length of the valid UTF-8 sequence at text[i], or 0 when it is invalid:
// no overlong forms, no surrogates (U+D800..DFFF), nothing above U+10FFFF.
size_t utf8_sequence_length(std::string_view text, size_t i);

// The offset of the first invalid byte, or npos when `text` is valid UTF-8.
size_t first_invalid_utf8(std::string_view text);

}  // namespace agentops::detail
