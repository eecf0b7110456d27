// Redaction of secrets for every output: enough to recognise which value was
// found, never enough to use it.
#pragma once

#include <string>
#include <string_view>

namespace agentops {

// "AKIAIOSFODNN7EXAMPLE" -> "AKIA************MPLE". Short values keep less:
// at most a quarter of the characters is shown, and never more than 4 at each end.
std::string redact(std::string_view secret);

}  // namespace agentops
