// The rules agentops knows, for `agentops explain` and for validating rule ids
// in a policy's [severity] table. Secret and content rules come from the policy.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agentops/findings.h"
#include "agentops/policy.h"

namespace agentops {

struct RuleInfo {
  std::string id;       // "limit.lines-changed", "secret.github-token"
  Severity default_severity = Severity::block;
  std::string summary;  // what it checks
  std::string why;      // why a team wants it
  std::string fix;      // how to fix a finding
};

// Rules built into agentops (limit.*, path.*, change.*); their severities can be
// changed in a policy's [severity] table.
const std::vector<RuleInfo>& builtin_rules();
const RuleInfo* find_builtin_rule(std::string_view id);

// Any rule the policy defines, built-in or secret.* / content.* / validator.*.
std::optional<RuleInfo> explain_rule(const Policy& policy, std::string_view id);

}  // namespace agentops
