// [[content]] rules: patterns forbidden in added lines (conflict markers, lint
// suppressions, focused tests...). A rule's regex is compiled the first time a
// file it applies to has added lines.
#include <re2/re2.h>

#include <memory>

#include "glob.h"
#include "rules/rule_families.h"

namespace agentops::rules {

Status check_content(const Change& change, const Policy& policy, std::vector<Finding>& findings) {
  for (const auto& rule : policy.content) {
    if (rule.severity == Severity::off) continue;
    std::unique_ptr<RE2> regex;
    for (const auto& file : change.files) {
      if (file.added_lines.empty()) continue;
      if (!rule.paths.empty() && !glob_match_any(rule.paths, file.path)) continue;
      if (glob_match_any(rule.exclude_paths, file.path)) continue;
      if (!regex) {
        regex = std::make_unique<RE2>(rule.regex, RE2::Quiet);
        if (!regex->ok()) return Error{"content rule '" + rule.id + "': invalid regex: " + regex->error()};
      }
      for (const auto& line : file.added_lines) {
        re2::StringPiece match;
        if (!regex->Match(line.text, 0, line.text.size(), RE2::UNANCHORED, &match, 1)) continue;
        std::string excerpt(match.data(), std::min<size_t>(match.size(), 60));
        findings.push_back(Finding{"content." + rule.id, rule.severity, file.path, line.number,
                                   rule.message.empty() ? "added line matches a forbidden pattern" : rule.message,
                                   rule.hint.empty() ? "remove the matching text" : rule.hint, excerpt, ""});
      }
    }
  }
  return Ok{};
}

}  // namespace agentops::rules
