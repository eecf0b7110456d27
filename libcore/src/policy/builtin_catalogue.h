// The built-in secret catalogue as data, generated at build time from
// policies/catalogue/secrets.toml by tools/catalogue_codegen.cpp.
#pragma once

#include "agentops/policy.h"

namespace agentops::detail {

const SecretsPolicy& builtin_secret_catalogue();

// The same catalogue parsed from the embedded TOML by the policy loader, for
// the test that keeps the generator honest.
Result<SecretsPolicy> parse_secret_catalogue();

}  // namespace agentops::detail
