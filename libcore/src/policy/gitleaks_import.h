// Importing a gitleaks rule file ([secrets] gitleaks_config) into the secret
// rule family. gitleaks regexes are RE2 syntax, so rules carry over as they
// are; anything gitleaks would do that agentops cannot honour is an error that
// names it, never silently dropped.
#pragma once

#include "agentops/policy.h"
#include "agentops/result.h"

namespace agentops::detail {

Status import_gitleaks(const PolicySource& source, SecretsPolicy& secrets);

}  // namespace agentops::detail
