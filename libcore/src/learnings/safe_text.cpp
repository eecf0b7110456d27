// Printable, redacted text for learnings (safe_text.h).
#include "learnings/safe_text.h"

#include <algorithm>
#include <optional>
#include <vector>

#include "agentops/policy.h"
#include "agentops/redact.h"
#include "agentops/secrets.h"
#include "rules/rule_prefilter.h"
#include "utf8.h"

namespace agentops::learnings {

struct SafeText::Scanner {
  rules::RulePrefilter prefilter;
  std::optional<SecretScanner> secrets;
};

std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const unsigned char byte = static_cast<unsigned char>(text[i]);
    const size_t length = detail::utf8_sequence_length(text, i);
    if (length == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD
      ++i;
      continue;
    }
    const bool c1 = length == 2 && byte == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0;
    const bool control = (byte < 0x20 && byte != '\n' && byte != '\t') || byte == 0x7F || c1;
    if (!control) out.append(text.substr(i, length));
    i += length;
  }
  return out;
}

Result<SafeText> SafeText::create() {
  auto baseline = load_preset("baseline");
  if (!baseline) return baseline.error();
  SecretsPolicy rules = baseline->secrets;
  rules.enabled = true;
  rules.allow_paths.clear();
  rules.allow_path_regexes.clear();
  auto scanner = std::make_unique<Scanner>();
  auto secrets = SecretScanner::compile(rules, scanner->prefilter);
  if (!secrets) return secrets.error();
  scanner->secrets.emplace(std::move(*secrets));
  scanner->prefilter.compile();
  return SafeText(std::move(scanner));
}

SafeText::SafeText(std::unique_ptr<Scanner> scanner) : scanner_(std::move(scanner)) {}
SafeText::SafeText(SafeText&&) noexcept = default;
SafeText& SafeText::operator=(SafeText&&) noexcept = default;
SafeText::~SafeText() = default;

Result<std::string> SafeText::clean(std::string_view text) const {
  std::string out = printable(text);
  if (out.empty()) return out;
  AddedLines lines;
  std::uint32_t number = 1;
  for (size_t start = 0; start < out.size(); ++number) {
    const size_t end = std::min(out.find('\n', start), out.size());
    lines.add(number, std::string_view(out).substr(start, end - start));
    start = end + 1;
  }
  std::vector<Finding> findings;
  std::vector<std::string> values;
  if (auto scanned = scanner_->secrets->scan_names(lines, scanner_->prefilter.candidates(lines.text()), findings, values);
      !scanned)
    return scanned.error();
  for (const auto& value : values) {
    if (value.empty()) continue;
    const std::string hidden = redact(value);
    for (size_t at = out.find(value); at != std::string::npos; at = out.find(value, at + hidden.size()))
      out.replace(at, value.size(), hidden);
  }
  return out;
}

}  // namespace agentops::learnings
