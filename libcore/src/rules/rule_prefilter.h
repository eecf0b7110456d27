// The presence patterns of every per-file rule (a secret rule's keywords, a
// content rule's regex): one keyword pass and one RE2::Set pass over a file's
// added lines say which rules can match there, and only those run their own
// regex. Keywords go to a KeywordMatcher, which builds in microseconds where
// an RE2::Set of the same case-insensitive literals took ~2 ms per process.
#pragma once

#include <re2/set.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "agentops/result.h"
#include "rules/keyword_matcher.h"

namespace agentops::rules {

class RulePrefilter {
 public:
  RulePrefilter();
  ~RulePrefilter();
  RulePrefilter(RulePrefilter&&) noexcept;
  RulePrefilter& operator=(RulePrefilter&&) noexcept;

  // Adds a pattern (RE2, matched over packed lines); returns its index.
  Result<size_t> add(const std::string& pattern, const std::string& what);
  // Adds literal keywords, any of which (ASCII case-insensitively, as
  // gitleaks and RE2's (?i) read them) makes the pattern match.
  Result<size_t> add_keywords(const std::vector<std::string>& keywords, const std::string& what);
  // After the last add. When the set cannot be built, every rule is a candidate.
  void compile();

  size_t size() const { return count_; }
  // Which patterns match somewhere in `text` (all true when undecidable).
  std::vector<bool> candidates(std::string_view text) const;

 private:
  std::unique_ptr<RE2::Set> set_;
  std::vector<size_t> set_pattern_;  // RE2::Set index -> pattern index
  KeywordMatcher keywords_;
  std::vector<size_t> keyword_patterns_;  // the patterns keywords_ decides
  size_t count_ = 0;
  bool usable_ = true;
};

// "(?i:kw1|kw2)": the presence pattern for a list of literal keywords.
std::string keywords_pattern(const std::vector<std::string>& keywords);

}  // namespace agentops::rules
