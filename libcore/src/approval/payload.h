// What a signed approval covers, as canonical text (format version 1,
// docs/security.md):
//
//   agentops-approval v1
//   scope protected                      ("scope change" when no protected path is touched)
//   100644 <new blob id>\t<path>         (one line per path, sorted by its bytes)
//   deleted\t<path>
//
// With scope protected, only the protected paths the change touches are
// listed (the policy's paths.protected and .agentops/**; a rename lists the
// old path as deleted): an amend that keeps those files keeps the approval.
// With scope change, every path the change touches is listed. A path holding
// a byte below 0x20, 0x7f, '"' or '\\' is written C-quoted as git quotes it.
#pragma once

#include <string>

#include "agentops/change.h"
#include "agentops/policy.h"

namespace agentops::approval {

inline constexpr const char* kPayloadHeader = "agentops-approval v1\n";

// The payload of `change` judged by `policy` (the base side's).
std::string approval_payload(const Change& change, const Policy& policy);

}  // namespace agentops::approval
