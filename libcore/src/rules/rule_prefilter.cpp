#include "rules/rule_prefilter.h"

#include <algorithm>

namespace agentops::rules {

RulePrefilter::RulePrefilter() {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_never_nl(true);
  options.set_max_mem(64 << 20);
  set_ = std::make_unique<RE2::Set>(options, RE2::UNANCHORED);
}

RulePrefilter::~RulePrefilter() = default;
RulePrefilter::RulePrefilter(RulePrefilter&&) noexcept = default;
RulePrefilter& RulePrefilter::operator=(RulePrefilter&&) noexcept = default;

Result<size_t> RulePrefilter::add(const std::string& pattern, const std::string& what) {
  std::string error;
  if (set_->Add("(?m)" + pattern, &error) < 0) return Error{what + ": invalid regex: " + error};
  set_pattern_.push_back(count_);
  return count_++;
}

Result<size_t> RulePrefilter::add_keywords(const std::vector<std::string>& keywords, const std::string& what) {
  // A non-ASCII keyword folds as RE2 folds it, in the set; an empty one
  // matches everywhere, as it did there.
  const bool any_empty = std::any_of(keywords.begin(), keywords.end(), [](const std::string& k) { return k.empty(); });
  if (keywords.empty() || any_empty || !KeywordMatcher::ascii_only(keywords))
    return add(keywords_pattern(keywords), what);
  keywords_.add(keywords, keyword_patterns_.size());
  keyword_patterns_.push_back(count_);
  return count_++;
}

void RulePrefilter::compile() {
  keywords_.build();
  usable_ = set_pattern_.empty() || set_->Compile();
}

std::vector<bool> RulePrefilter::candidates(std::string_view text) const {
  if (!usable_) return std::vector<bool>(count_, true);
  std::vector<bool> out(count_, false);
  if (!keyword_patterns_.empty()) {
    if (KeywordMatcher::folds_to_ascii(text)) {
      // A letter ASCII folding misses: every keyword rule runs, as its regex decides.
      for (size_t pattern : keyword_patterns_) out[pattern] = true;
    } else {
      std::vector<bool> found(keyword_patterns_.size(), false);
      keywords_.find(text, found);
      for (size_t i = 0; i < found.size(); ++i)
        if (found[i]) out[keyword_patterns_[i]] = true;
    }
  }
  if (set_pattern_.empty()) return out;
  std::vector<int> hits;
  RE2::Set::ErrorInfo error;
  if (!set_->Match(re2::StringPiece(text.data(), text.size()), &hits, &error)) {
    if (error.kind == RE2::Set::kNoError) return out;
    return std::vector<bool>(count_, true);  // out of memory: run every rule
  }
  for (int hit : hits) out[set_pattern_[static_cast<size_t>(hit)]] = true;
  return out;
}

std::string keywords_pattern(const std::vector<std::string>& keywords) {
  std::string alternation;
  for (const auto& keyword : keywords) alternation += (alternation.empty() ? "" : "|") + RE2::QuoteMeta(keyword);
  return "(?i:" + alternation + ")";
}

}  // namespace agentops::rules
