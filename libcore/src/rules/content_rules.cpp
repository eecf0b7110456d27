// [[content]] rules: patterns forbidden in added lines (conflict markers, lint
// suppressions, focused tests...). The shared prefilter says which rules match
// a file at all; each of those runs alone over the file to find its lines.
#include "glob.h"
#include "rules/line_matcher.h"
#include "rules/rule_families.h"

namespace agentops::rules {

struct ContentScanner::Rule {
  const ContentRule* spec;
  std::unique_ptr<RE2> regex;  // compiled the first time the rule matches a file
};

ContentScanner::ContentScanner() = default;
ContentScanner::ContentScanner(ContentScanner&&) noexcept = default;
ContentScanner::~ContentScanner() = default;

Result<ContentScanner> ContentScanner::compile(const std::vector<ContentRule>& rules, RulePrefilter& prefilter) {
  ContentScanner scanner;
  scanner.first_pattern_ = prefilter.size();
  for (const auto& rule : rules) {
    if (rule.severity == Severity::off) continue;
    if (auto added = prefilter.add(rule.regex, "content rule '" + rule.id + "'"); !added) return added.error();
    scanner.rules_.push_back(std::make_unique<Rule>(Rule{&rule, nullptr}));
  }
  return scanner;
}

Status ContentScanner::scan(const ChangedFile& file, const AddedLines& lines, const std::vector<bool>& candidates,
                            std::vector<Finding>& findings) {
  // Binary files too: `lines` then holds their text (see git/binary_text.h).
  const auto applies = [](const ContentRule& spec, const std::string& path) {
    return (spec.paths.empty() || glob_match_any(spec.paths, path)) && !glob_match_any(spec.exclude_paths, path);
  };
  for (size_t i = 0; i < rules_.size(); ++i) {
    if (!candidates[first_pattern_ + i]) continue;
    Rule& rule = *rules_[i];
    const ContentRule& spec = *rule.spec;
    if (!applies(spec, file.path)) continue;
    // Lines a rename or copy carries over were judged at the old path, unless
    // the rule did not apply there.
    const bool skip_carried = lines.has_carried() && applies(spec, file.old_path);
    if (!rule.regex) {
      auto regex = compile_line_regex(spec.regex, "content rule '" + spec.id + "'");
      if (!regex) return regex.error();
      rule.regex = std::move(*regex);
    }
    std::uint32_t last_line = 0;
    // No excerpt: a team's own pattern may match credential-like text, and only
    // secret rules know how to redact. The rule, path and line say where.
    for_each_match(*rule.regex, lines, 0, lines.text().size(), 1, [&](size_t line, const Groups&) {
      if (skip_carried && lines.is_carried(line)) return true;
      // One finding per line and rule (a binary file's line may give several runs).
      if (lines.number(line) == last_line) return true;
      last_line = lines.number(line);
      findings.push_back(Finding{"content." + spec.id, spec.severity, file.path, lines.number(line),
                                 spec.message.empty() ? "added line matches a forbidden pattern" : spec.message,
                                 spec.hint.empty() ? "remove the matching text" : spec.hint, "", ""});
      return true;
    });
  }
  return Ok{};
}

}  // namespace agentops::rules
