// The rule families evaluate() runs over a Change, one file each. Every family
// appends findings; built-in rule severities come from severity_of(policy, id)
// and a rule whose severity is `off` produces nothing.
#pragma once

#include <vector>

#include "agentops/change.h"
#include "agentops/findings.h"
#include "agentops/policy.h"
#include "agentops/result.h"

namespace agentops::rules {

// path.forbidden, path.protected (".agentops/**" always protected).
void check_paths(const Change& change, const Policy& policy, std::vector<Finding>& findings);
// limit.file-bytes, limit.files-changed, limit.lines-changed, limit.binary-file, limit.not-scanned.
void check_limits(const Change& change, const Policy& policy, std::vector<Finding>& findings);
// change.size-gate: changes above [gates] thresholds need a human.
void check_size_gate(const Change& change, const Policy& policy, std::vector<Finding>& findings);
// content.<id>: [[content]] patterns in added lines.
Status check_content(const Change& change, const Policy& policy, std::vector<Finding>& findings);

inline constexpr const char* kAlwaysProtected = ".agentops/**";

}  // namespace agentops::rules
