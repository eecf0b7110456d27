// [[content]] rules: patterns forbidden in added lines (conflict markers, lint
// suppressions, focused tests...). A file's added lines are scanned once by a
// set of all rules; a rule that matched runs again alone to find its lines.
#include "glob.h"
#include "rules/line_matcher.h"
#include "rules/rule_families.h"

namespace agentops::rules {

struct ContentScanner::Rule {
  const ContentRule* spec;
  std::unique_ptr<RE2> regex;
};

ContentScanner::ContentScanner(const std::vector<ContentRule>& rules) {
  for (const auto& rule : rules)
    if (rule.severity != Severity::off) rules_.push_back(std::make_unique<Rule>(Rule{&rule, nullptr}));
}

ContentScanner::ContentScanner(ContentScanner&&) noexcept = default;
ContentScanner::~ContentScanner() = default;

Status ContentScanner::prepare() {
  prepared_ = true;
  RE2::Options options;
  options.set_log_errors(false);
  options.set_never_nl(true);
  options.set_max_mem(64 << 20);
  any_rule_ = std::make_unique<RE2::Set>(options, RE2::UNANCHORED);
  for (auto& rule : rules_) {
    auto regex = compile_line_regex(rule->spec->regex, "content rule '" + rule->spec->id + "'");
    if (!regex) return regex.error();
    rule->regex = std::move(*regex);
    std::string error;
    if (any_rule_->Add("(?m)" + rule->spec->regex, &error) < 0)
      return Error{"content rule '" + rule->spec->id + "': invalid regex: " + error};
  }
  if (!any_rule_->Compile()) any_rule_.reset();  // out of memory: run every rule instead
  return Ok{};
}

Status ContentScanner::scan(const ChangedFile& file, const AddedLines& lines, std::vector<Finding>& findings) {
  if (lines.empty() || rules_.empty()) return Ok{};
  if (!prepared_) {
    if (auto ready = prepare(); !ready) return ready;
  }
  std::vector<bool> matched(rules_.size(), true);
  if (any_rule_) {
    std::vector<int> hits;
    RE2::Set::ErrorInfo error;
    const re2::StringPiece text(lines.text().data(), lines.text().size());
    if (any_rule_->Match(text, &hits, &error)) {
      matched.assign(rules_.size(), false);
      for (int hit : hits) matched[static_cast<size_t>(hit)] = true;
    } else if (error.kind == RE2::Set::kNoError) {
      return Ok{};  // no rule matches anywhere in the file
    }
    // Any other error (the DFA ran out of memory): fall through and run every rule.
  }
  for (size_t i = 0; i < rules_.size(); ++i) {
    if (!matched[i]) continue;
    const ContentRule& spec = *rules_[i]->spec;
    if (!spec.paths.empty() && !glob_match_any(spec.paths, file.path)) continue;
    if (glob_match_any(spec.exclude_paths, file.path)) continue;
    size_t last_line = SIZE_MAX;
    for_each_match(*rules_[i]->regex, lines, 0, lines.text().size(), 1, [&](size_t line, const Groups& match) {
      if (line == last_line) return true;  // one finding per line and rule
      last_line = line;
      findings.push_back(Finding{"content." + spec.id, spec.severity, file.path, lines.number(line),
                                 spec.message.empty() ? "added line matches a forbidden pattern" : spec.message,
                                 spec.hint.empty() ? "remove the matching text" : spec.hint,
                                 std::string(match[0].data(), std::min<size_t>(match[0].size(), 60)), ""});
      return true;
    });
  }
  return Ok{};
}

}  // namespace agentops::rules
