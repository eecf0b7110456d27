// What a signed approval covers, as canonical text (format version 1,
// docs/security.md):
//
//   agentops-approval v1
//   scope protected                              ("scope change": every path the change touches)
//   <before> -> <after>\t<path>                  (one line per path, sorted by its bytes)
//
// where <before> is "<mode> <blob id>" or "absent", and <after> is
// "<mode> <blob id>" or "deleted"; mode is six octal digits.
//
// With scope protected (the default when the change touches a protected
// path: the policy's paths.protected and .agentops/**), only those paths are
// listed, and the approval lifts only the gates on them: an amend that keeps
// those files keeps it. Scope change (`agentops approve --whole-change`, and
// the default when no protected path is touched) lists every path and lifts
// every gate of the change. What a path held before is part of the line, so
// an approval of one change does not approve another that ends in the same
// content. A rename is the old path deleted and the new one added. A path
// holding a byte below 0x20, 0x7f, '"' or '\\' is written C-quoted as git
// quotes it.
#pragma once

#include <string>

#include "agentops/change.h"
#include "agentops/policy.h"

namespace agentops::approval {

inline constexpr const char* kPayloadHeader = "agentops-approval v1\n";

enum class PayloadScope { automatic, change };

// The payload of `change` judged by `policy` (the base side's).
std::string approval_payload(const Change& change, const Policy& policy,
                             PayloadScope scope = PayloadScope::automatic);

}  // namespace agentops::approval
