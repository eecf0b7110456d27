#include "rules/rule_prefilter.h"

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
  return count_++;
}

void RulePrefilter::compile() { usable_ = count_ > 0 && set_->Compile(); }

std::vector<bool> RulePrefilter::candidates(std::string_view text) const {
  if (!usable_) return std::vector<bool>(count_, true);
  std::vector<int> hits;
  RE2::Set::ErrorInfo error;
  if (!set_->Match(re2::StringPiece(text.data(), text.size()), &hits, &error))
    return std::vector<bool>(count_, error.kind != RE2::Set::kNoError);  // out of memory: run every rule
  std::vector<bool> out(count_, false);
  for (int hit : hits) out[static_cast<size_t>(hit)] = true;
  return out;
}

std::string keywords_pattern(const std::vector<std::string>& keywords) {
  std::string alternation;
  for (const auto& keyword : keywords) alternation += (alternation.empty() ? "" : "|") + RE2::QuoteMeta(keyword);
  return "(?i:" + alternation + ")";
}

}  // namespace agentops::rules
