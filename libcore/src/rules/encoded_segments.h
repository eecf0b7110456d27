// Base64 and hex encoded text inside added lines, decoded, as gitleaks'
// detect/codec finds it (its default --max-decode-depth is 5): a secret
// committed encoded (a Kubernetes Secret's data, a token in a base64 blob) is
// still a secret. Only segments that decode to printable ASCII count.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace agentops::rules {

struct DecodedSegment {
  size_t offset = 0;    // where the encoded text starts in the scanned text
  std::string decoded;  // printable ASCII (tab, line ends and ' '..'~')
};

// The encoded segments of `text` (one decoding: an encoding inside an
// encoding is not unwrapped).
std::vector<DecodedSegment> decode_segments(std::string_view text);

}  // namespace agentops::rules
