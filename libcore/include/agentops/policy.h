// The effective policy: the repository's constitution, loaded from TOML
// (.agentops/policy.toml, presets compiled in from policies/). Loading is strict:
// an unknown key, a wrong type or an invalid pattern is an error naming
// file:line:column, so a typo can never switch a guardrail off.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "agentops/findings.h"
#include "agentops/result.h"

namespace agentops {

struct SecretRule {
  std::string id;           // finding rule id is "secret.<id>"
  std::string description;  // what the credential is
  std::string regex;        // RE2 syntax
  std::vector<std::string> keywords;  // the regex runs only on lines holding one (case-insensitive)
  int secret_group = 0;     // capture group holding the secret (0: whole match)
  double min_entropy = 0;   // Shannon entropy (bits/char) the secret must reach
  Severity severity = Severity::block;
  std::string hint;         // how to fix a finding
};

struct SecretsPolicy {
  bool enabled = true;
  std::vector<std::string> allow_paths;  // globs never scanned for secrets
  std::vector<SecretRule> rules;         // the built-in catalogue plus [[secrets.rules]]
};

struct LimitsPolicy {
  std::uint64_t max_file_bytes = 5ull << 20;  // 0 disables
  Severity file_bytes_severity = Severity::block;
};

struct Policy {
  int version = 1;
  std::string source;  // where it was loaded from: "builtin:baseline", ".agentops/policy.toml"
  SecretsPolicy secrets;
  LimitsPolicy limits;
};

// Where a policy's text comes from, for error messages and relative `extends`.
struct PolicySource {
  std::string name;  // shown in errors: ".agentops/policy.toml" or "builtin:strict"
  std::string text;
};

// Loads and validates a policy document. `extends` names presets compiled into
// the binary; the document's values are laid over the presets' in order.
Result<Policy> load_policy(const PolicySource& source);

// A preset shipped in policies/ and compiled in ("baseline", ...).
Result<Policy> load_preset(std::string_view name);
std::vector<std::string> preset_names();

}  // namespace agentops
