// gitleaks' rule samples (tests/data/gitleaks/rule-samples.tsv) scored against
// a secrets policy: which true samples a policy finds, and by which rule,
// and which false samples it flags. Shared by the regression test and by
// agentops_sample_score, which prints the table in docs/rules.md.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "agentops/policy.h"
#include "agentops/result.h"

namespace agentops::corpus {

struct Sample {
  bool true_positive = false;
  std::string rule;   // the gitleaks rule id the sample belongs to
  std::string path;   // the path it is scanned under (empty: a neutral one)
  std::string style;  // the assignment style that wrote it (empty: hand-written)
  std::string text;
};

Result<std::vector<Sample>> load_samples(const std::string& file);

// The built-in generic rule: a true sample found only by it is not "by a provider rule".
inline constexpr const char* kGenericRule = "secret.generic-api-key";

struct Tally {
  size_t true_samples = 0, found = 0, found_by_provider = 0;
  size_t false_samples = 0, flagged = 0;
};

struct Score {
  Tally total;
  std::map<std::string, Tally> by_rule;   // gitleaks rule id
  std::map<std::string, Tally> by_style;  // assignment style ("" for hand-written)
  std::vector<const Sample*> missed;      // true samples no rule found
  std::vector<std::pair<const Sample*, std::string>> flagged;  // false samples, with the rule that fired
};

// Scans every sample (its text as the added lines of a new file) with the
// secret rules of `secrets`.
Result<Score> score(const SecretsPolicy& secrets, const std::vector<Sample>& samples);

// Recall and false alarms, per rule and per style, as Markdown tables.
std::string markdown(const Score& score);

}  // namespace agentops::corpus
