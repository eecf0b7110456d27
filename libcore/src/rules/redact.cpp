// Redaction: the only way a secret's characters reach any output.
#include "agentops/redact.h"

#include <algorithm>

namespace agentops {

std::string redact(std::string_view secret) {
  // Long tokens keep 4 characters at each end (their public prefix and a check
  // tail); shorter ones keep 2; very short ones keep nothing.
  const size_t shown = secret.size() >= 20 ? 4 : secret.size() >= 12 ? 2 : 0;
  // Long values (keys of hundreds of characters) show at most 32 stars.
  const size_t hidden = std::min<size_t>(secret.size() - 2 * shown, 32);
  std::string out;
  out.reserve(2 * shown + hidden);
  out.append(secret.substr(0, shown));
  out.append(hidden, '*');
  out.append(secret.substr(secret.size() - shown));
  return out;
}

}  // namespace agentops
