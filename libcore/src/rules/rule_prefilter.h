// One RE2::Set over the presence patterns of every per-file rule (a secret
// rule's keywords, a content rule's regex): one pass over a file's added lines
// says which rules can match there, and only those run their own regex.
#pragma once

#include <re2/set.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "agentops/result.h"

namespace agentops::rules {

class RulePrefilter {
 public:
  RulePrefilter();
  ~RulePrefilter();
  RulePrefilter(RulePrefilter&&) noexcept;
  RulePrefilter& operator=(RulePrefilter&&) noexcept;

  // Adds a pattern (RE2, matched over packed lines); returns its index.
  Result<size_t> add(const std::string& pattern, const std::string& what);
  // After the last add. When the set cannot be built, every rule is a candidate.
  void compile();

  size_t size() const { return count_; }
  // Which patterns match somewhere in `text` (all true when undecidable).
  std::vector<bool> candidates(std::string_view text) const;

 private:
  std::unique_ptr<RE2::Set> set_;
  size_t count_ = 0;
  bool usable_ = true;
};

// "(?i:kw1|kw2)": the presence pattern for a list of literal keywords.
std::string keywords_pattern(const std::vector<std::string>& keywords);

}  // namespace agentops::rules
