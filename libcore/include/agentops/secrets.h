// The secret scanner: the catalogue of credential formats prepared once per
// process and run over the added lines of each file. Matches are redacted
// here, before they become findings.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "agentops/change.h"
#include "agentops/findings.h"
#include "agentops/policy.h"
#include "agentops/result.h"

namespace agentops {

namespace rules {
class RulePrefilter;
}

class SecretScanner {
 public:
  // Prepares the rules of `policy`, adding to `prefilter` one presence pattern
  // per rule (its keywords, or its regex when it has none). A rule's own regex
  // is compiled the first time the prefilter says it can match a file.
  static Result<SecretScanner> compile(const SecretsPolicy& policy, rules::RulePrefilter& prefilter);
  // With a prefilter of its own, for use outside an Evaluator.
  static Result<SecretScanner> compile(const SecretsPolicy& policy);

  SecretScanner(SecretScanner&&) noexcept;
  SecretScanner& operator=(SecretScanner&&) noexcept;
  ~SecretScanner();

  // Appends one finding per secret found in `lines`, the added lines of `file`;
  // `candidates` is the prefilter's answer for these lines.
  Status scan(const ChangedFile& file, const AddedLines& lines, const std::vector<bool>& candidates,
              std::vector<Finding>& findings) const;
  // The commit (full hex id) of the files scanned next, for gitleaks
  // allowlists that name commits; empty (the default) matches none.
  void set_commit(std::string commit);

  // Rules that judge a file by its path alone (gitleaks' path-only rules,
  // such as *.p12): one finding per rule for a file added or changed, whatever
  // its lines. scan() runs them too; this is for a file without added lines.
  Status scan_path(const ChangedFile& file, std::vector<Finding>& findings) const;
  // Runs its own prefilter first (when compiled without a shared one).
  Status scan(const ChangedFile& file, const AddedLines& lines, std::vector<Finding>& findings) const;
  // Secrets in names (directory or file names, one per line of `names`),
  // whatever the path allowlists say: appends one finding per secret (path
  // and line left empty) and, in step, its raw value to `values`, so that a
  // caller can redact the name wherever it is printed.
  Status scan_names(const AddedLines& names, const std::vector<bool>& candidates, std::vector<Finding>& findings,
                    std::vector<std::string>& values) const;

  struct Compiled;

 private:
  explicit SecretScanner(std::unique_ptr<Compiled> compiled);
  std::unique_ptr<Compiled> compiled_;
};

// Shannon entropy of `text` in bits per character.
double shannon_entropy(std::string_view text);

// True for values that are obviously not real credentials: templates
// ("${TOKEN}", "<your-key>"), runs of one character, counting sequences.
bool looks_like_placeholder(std::string_view value);
// Templates, masks, redactions, an ellipsis, base64 of prose: never a whole
// credential, whatever rule found it.
bool looks_like_template_or_mask(std::string_view value);
// One character over most of the value, counting runs ("1234...", "abcd"):
// made up by a person. Judged only for fallback rules: a value in a
// provider's exact format is reported even when it looks made up (test
// fixtures hold real-format keys such as 12345678-ABCD-ABCD-ABCD-1234567890AB).
bool looks_made_up(std::string_view value);

}  // namespace agentops
