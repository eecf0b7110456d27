// The secret scanner: the catalogue of credential formats compiled once per
// process and run over the added lines of a change. Matches are redacted here,
// before they become findings.
#pragma once

#include <memory>
#include <vector>

#include "agentops/change.h"
#include "agentops/findings.h"
#include "agentops/policy.h"
#include "agentops/result.h"

namespace agentops {

class SecretScanner {
 public:
  // Prepares the rules of `policy`. Regexes are compiled on first use (see
  // scan); one that does not compile fails with the rule id and RE2's message.
  static Result<SecretScanner> compile(const SecretsPolicy& policy);

  SecretScanner(SecretScanner&&) noexcept;
  SecretScanner& operator=(SecretScanner&&) noexcept;
  ~SecretScanner();

  // Appends one finding per secret found in the file's added lines.
  Status scan(const ChangedFile& file, std::vector<Finding>& findings) const;

  struct Compiled;

 private:
  explicit SecretScanner(std::unique_ptr<Compiled> compiled);
  std::unique_ptr<Compiled> compiled_;
};

// Shannon entropy of `text` in bits per character.
double shannon_entropy(std::string_view text);

}  // namespace agentops
