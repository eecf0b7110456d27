// The secret rule family. A rule with keywords runs only on lines that contain
// one (case-insensitive), and its regex is compiled the first time that happens:
// most commits hold no keyword at all, so they pay for no regex compilation
// (compiling the catalogue costs more than scanning a typical commit).
#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "agentops/redact.h"
#include "agentops/secrets.h"
#include "glob.h"

namespace agentops {

struct SecretScanner::Compiled {
  struct Rule {
    SecretRule spec;
    std::vector<std::string> keywords;    // lower-cased
    mutable std::unique_ptr<RE2> regex;   // compiled on first use
  };
  std::vector<Rule> rules;
  std::vector<std::string> allow_paths;
  bool any_keywords = false;
};

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool has_keyword(const std::vector<std::string>& keywords, std::string_view lowered_line) {
  if (keywords.empty()) return true;
  return std::any_of(keywords.begin(), keywords.end(), [&](const std::string& keyword) {
    return lowered_line.find(keyword) != std::string_view::npos;
  });
}

Status compile_rule(const SecretScanner::Compiled::Rule& rule) {
  if (rule.regex) return Ok{};
  RE2::Options options;
  options.set_log_errors(false);
  auto regex = std::make_unique<RE2>(rule.spec.regex, options);
  if (!regex->ok())
    return Error{"secret rule '" + rule.spec.id + "': invalid regex: " + regex->error()};
  if (rule.spec.secret_group > regex->NumberOfCapturingGroups())
    return Error{"secret rule '" + rule.spec.id + "': secret_group " +
                 std::to_string(rule.spec.secret_group) + " but the regex has only " +
                 std::to_string(regex->NumberOfCapturingGroups()) + " groups"};
  rule.regex = std::move(regex);
  return Ok{};
}

}  // namespace

Result<SecretScanner> SecretScanner::compile(const SecretsPolicy& policy) {
  auto compiled = std::make_unique<Compiled>();
  compiled->allow_paths = policy.allow_paths;
  if (!policy.enabled) return SecretScanner(std::move(compiled));
  for (const auto& spec : policy.rules) {
    if (spec.severity == Severity::off) continue;
    Compiled::Rule rule{spec, {}, nullptr};
    for (const auto& keyword : spec.keywords) rule.keywords.push_back(lower(keyword));
    // A rule without keywords runs on every line: compile it now.
    if (rule.keywords.empty()) {
      if (auto compiled_rule = compile_rule(rule); !compiled_rule) return compiled_rule.error();
    }
    compiled->any_keywords = compiled->any_keywords || !rule.keywords.empty();
    compiled->rules.push_back(std::move(rule));
  }
  return SecretScanner(std::move(compiled));
}

SecretScanner::SecretScanner(std::unique_ptr<Compiled> compiled) : compiled_(std::move(compiled)) {}
SecretScanner::SecretScanner(SecretScanner&&) noexcept = default;
SecretScanner& SecretScanner::operator=(SecretScanner&&) noexcept = default;
SecretScanner::~SecretScanner() = default;

Status SecretScanner::scan(const ChangedFile& file, std::vector<Finding>& findings) const {
  if (compiled_->rules.empty() || file.added_lines.empty()) return Ok{};
  if (glob_match_any(compiled_->allow_paths, file.path)) return Ok{};
  std::array<re2::StringPiece, 10> groups;
  for (const auto& line : file.added_lines) {
    const std::string lowered = compiled_->any_keywords ? lower(line.text) : std::string();
    for (const auto& rule : compiled_->rules) {
      if (!has_keyword(rule.keywords, lowered)) continue;
      if (auto ready = compile_rule(rule); !ready) return ready.error();
      const int group = rule.spec.secret_group;
      const re2::StringPiece text(line.text);
      size_t position = 0;
      while (position <= text.size() &&
             rule.regex->Match(text, position, text.size(), RE2::UNANCHORED, groups.data(),
                               group + 1)) {
        const re2::StringPiece whole = groups[0];
        const re2::StringPiece secret = groups[static_cast<size_t>(group)];
        position = static_cast<size_t>(whole.data() - text.data()) + std::max<size_t>(whole.size(), 1);
        if (secret.empty()) continue;
        const std::string_view value(secret.data(), secret.size());
        if (rule.spec.min_entropy > 0 && shannon_entropy(value) < rule.spec.min_entropy) continue;
        findings.push_back(Finding{
            "secret." + rule.spec.id, rule.spec.severity, file.path, line.number,
            rule.spec.description + " in an added line",
            rule.spec.hint.empty()
                ? "remove it, rotate the credential, and load it from the environment or a secret store"
                : rule.spec.hint,
            redact(value)});
      }
    }
  }
  return Ok{};
}

double shannon_entropy(std::string_view text) {
  if (text.empty()) return 0;
  std::array<size_t, 256> counts{};
  for (char c : text) ++counts[static_cast<unsigned char>(c)];
  double entropy = 0;
  const double length = static_cast<double>(text.size());
  for (size_t count : counts) {
    if (count == 0) continue;
    const double p = static_cast<double>(count) / length;
    entropy -= p * std::log2(p);
  }
  return entropy;
}

}  // namespace agentops
