// Redaction of secrets for every output: enough to recognise which value was
// found, never enough to use it.
#pragma once

#include <string>
#include <string_view>

namespace agentops {

// "AKIAIOSFODNN7EXAMPLE" -> "AKIA************MPLE": values of 20 characters
// or more keep 4 at each end (for most tokens the first 4 are a public prefix),
// 12..19 keep 2, shorter ones nothing; never more than 40% of a value.
std::string redact(std::string_view secret);

}  // namespace agentops
