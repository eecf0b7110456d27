// Redaction: the only way a secret's characters reach any output.
#include "agentops/redact.h"

namespace agentops {

std::string redact(std::string_view secret) {
  // Long tokens keep 4 characters at each end (their public prefix and a check
  // tail); shorter ones keep 2; very short ones keep nothing.
  const size_t shown = secret.size() >= 20 ? 4 : secret.size() >= 12 ? 2 : 0;
  std::string out;
  out.reserve(secret.size());
  out.append(secret.substr(0, shown));
  out.append(secret.size() - 2 * shown, '*');
  out.append(secret.substr(secret.size() - shown));
  return out;
}

}  // namespace agentops
