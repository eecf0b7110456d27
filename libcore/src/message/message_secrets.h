// Secrets in a commit message, found with the policy's [secrets] rules.
#pragma once

#include <string_view>
#include <vector>

#include "agentops/findings.h"
#include "agentops/policy.h"
#include "agentops/result.h"

namespace agentops::detail {

// secret.* findings in the message itself, read with the policy's secret
// rules. Path allowlists never exempt a message: it has no path.
Status scan_message_for_secrets(std::string_view message, const SecretsPolicy& policy,
                                std::vector<Finding>& findings);

}  // namespace agentops::detail
