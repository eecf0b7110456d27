// The secret rule family. Each rule puts a presence pattern into the shared
// RulePrefilter: its keywords (case-insensitive) or, without keywords, its
// regex. One prefilter pass over a file's added lines tells which rules can
// match there; only those run their own regex (compiled the first time that
// happens) over the file. Most files wake no rule, or only the generic one.
#include "rules/rule_prefilter.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <set>

#include "agentops/redact.h"
#include "agentops/secrets.h"
#include "glob.h"
#include "rules/assignment_grammar.h"
#include "rules/line_matcher.h"

namespace agentops {

struct SecretScanner::Compiled {
  struct Rule {
    SecretRule spec;
    mutable std::unique_ptr<RE2> regex;  // compiled on first use, with the rest below
    mutable std::vector<std::unique_ptr<RE2>> allow_regexes;
    mutable std::vector<std::unique_ptr<RE2>> allow_match_regexes;
    mutable std::unique_ptr<RE2> path_regex;
    mutable std::vector<std::unique_ptr<RE2>> exclude_path_regexes;
    mutable std::vector<std::string> stopwords;  // lower-cased
  };
  std::vector<Rule> rules;
  size_t first_pattern = 0;  // rule i's presence pattern is prefilter pattern first_pattern + i
  std::unique_ptr<rules::RulePrefilter> own_prefilter;  // when not sharing an Evaluator's
  std::vector<std::string> allow_paths;
  std::vector<std::unique_ptr<RE2>> allow_path_regexes;
  std::vector<std::unique_ptr<RE2>> allow_regexes;
  std::vector<std::string> stopwords;                   // lower-cased
};

namespace {

using Compiled = SecretScanner::Compiled;

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// The pattern that says rule `spec` may match a file: its keywords, the
// names a value is assigned to, or its regex.
std::string presence_pattern(const SecretRule& spec) {
  if (!spec.keywords.empty()) return rules::keywords_pattern(spec.keywords);
  return spec.assigned_to.empty() ? spec.regex : rules::keywords_pattern(spec.assigned_to);
}

// The capture group holding the secret in the regex the rule runs.
int secret_group_of(const SecretRule& spec) { return spec.assigned_to.empty() ? spec.secret_group : spec.secret_group + 1; }

Result<std::vector<std::unique_ptr<RE2>>> compile_all(const std::vector<std::string>& patterns,
                                                      const std::string& what) {
  std::vector<std::unique_ptr<RE2>> regexes;
  for (const auto& pattern : patterns) {
    auto regex = std::make_unique<RE2>(pattern, RE2::Quiet);
    if (!regex->ok()) return Error{what + ": invalid regex: " + regex->error()};
    regexes.push_back(std::move(regex));
  }
  return regexes;
}

Status compile_rule(const Compiled::Rule& rule) {
  if (rule.regex) return Ok{};
  const bool assigned = !rule.spec.assigned_to.empty();
  auto regex = rules::compile_line_regex(
      assigned ? rules::assignment_regex(rule.spec.assigned_to, rule.spec.regex) : rule.spec.regex,
      "secret rule '" + rule.spec.id + "'", rule.spec.multiline || assigned);
  if (!regex) return regex.error();
  if (secret_group_of(rule.spec) > (*regex)->NumberOfCapturingGroups())
    return Error{"secret rule '" + rule.spec.id + "': secret_group " + std::to_string(rule.spec.secret_group) +
                 " but the regex has only " + std::to_string((*regex)->NumberOfCapturingGroups()) + " groups"};
  const std::string what = "secret rule '" + rule.spec.id + "'";
  if (auto compiled = compile_all(rule.spec.allow_regexes, what + " allow regex"); compiled)
    rule.allow_regexes = std::move(*compiled);
  else
    return compiled.error();
  if (auto compiled = compile_all(rule.spec.allow_match_regexes, what + " allow match regex"); compiled)
    rule.allow_match_regexes = std::move(*compiled);
  else
    return compiled.error();
  if (auto compiled = compile_all(rule.spec.exclude_path_regexes, what + " path allowlist"); compiled)
    rule.exclude_path_regexes = std::move(*compiled);
  else
    return compiled.error();
  if (!rule.spec.path_regex.empty()) {
    rule.path_regex = std::make_unique<RE2>(rule.spec.path_regex, RE2::Quiet);
    if (!rule.path_regex->ok()) return Error{what + ": invalid path regex: " + rule.path_regex->error()};
  }
  for (const auto& stopword : rule.spec.stopwords) rule.stopwords.push_back(lower(stopword));
  rule.regex = std::move(*regex);
  return Ok{};
}

bool matches_any(const std::vector<std::unique_ptr<RE2>>& regexes, std::string_view text) {
  const re2::StringPiece piece(text.data(), text.size());
  return std::any_of(regexes.begin(), regexes.end(),
                     [&](const std::unique_ptr<RE2>& regex) { return RE2::PartialMatch(piece, *regex); });
}

// Whether `rule` (compiled) looks at the file at `path`.
bool applies_to(const Compiled::Rule& rule, const std::string& path) {
  if (!rule.spec.paths.empty() && !glob_match_any(rule.spec.paths, path)) return false;
  if (rule.path_regex && !RE2::PartialMatch(path, *rule.path_regex)) return false;
  return !matches_any(rule.exclude_path_regexes, path);
}

bool has_digit(std::string_view value) {
  return std::any_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Whether `value`, found by `compiled_rule`, is reported.
bool reportable(const Compiled& compiled, const Compiled::Rule& compiled_rule, std::string_view value) {
  const SecretRule& rule = compiled_rule.spec;
  if (value.empty() || looks_like_placeholder(value)) return false;
  if (rule.min_entropy > 0 && shannon_entropy(value) < rule.min_entropy) return false;
  if (rule.require_digit && !has_digit(value)) return false;
  if (!compiled.stopwords.empty() || !compiled_rule.stopwords.empty()) {
    const std::string lowered = lower(value);
    for (const std::vector<std::string>* stopwords : {&compiled.stopwords, static_cast<const std::vector<std::string>*>(&compiled_rule.stopwords)})
      for (const auto& stopword : *stopwords)
        if (lowered.find(stopword) != std::string::npos) return false;
  }
  return !matches_any(compiled.allow_regexes, value) && !matches_any(compiled_rule.allow_regexes, value);
}

// Runs `rule` over [begin, end) of the file's lines, appending findings;
// carried lines (a rename's unchanged content) only with `see_carried`.
void run_rule(const Compiled& compiled, const Compiled::Rule& rule, const ChangedFile& file,
              const AddedLines& lines, size_t begin, size_t end, bool see_carried, std::vector<Finding>& findings) {
  const int group = secret_group_of(rule.spec);
  rules::for_each_match(*rule.regex, lines, begin, end, group + 1, [&](size_t match_line, const rules::Groups& groups) {
    const re2::StringPiece secret = groups[static_cast<size_t>(group)];
    // A match may span lines (multiline rules): the finding is where the secret starts.
    const size_t line = secret.data() == nullptr
                            ? match_line
                            : lines.index_at(static_cast<size_t>(secret.data() - lines.text().data()));
    if (!see_carried && lines.is_carried(line)) return true;
    const std::string_view value(secret.data(), secret.size());
    if (!reportable(compiled, rule, value)) return true;
    if (matches_any(rule.allow_match_regexes, std::string_view(groups[0].data(), groups[0].size()))) return true;
    findings.push_back(Finding{
        "secret." + rule.spec.id, rule.spec.severity, file.path, lines.number(line),
        rule.spec.description + " in an added line",
        rule.spec.hint.empty() ? "remove it, rotate the credential, and load it from the environment or a secret store"
                               : rule.spec.hint,
        redact(value), ""});
    return true;
  });
}

}  // namespace

Result<SecretScanner> SecretScanner::compile(const SecretsPolicy& policy, rules::RulePrefilter& prefilter) {
  auto compiled = std::make_unique<Compiled>();
  compiled->first_pattern = prefilter.size();
  if (!policy.enabled) return SecretScanner(std::move(compiled));
  compiled->allow_paths = policy.allow_paths;
  for (const auto& stopword : policy.stopwords) compiled->stopwords.push_back(lower(stopword));
  if (auto regexes = compile_all(policy.allow_regexes, "secrets.allow_regexes"); regexes)
    compiled->allow_regexes = std::move(*regexes);
  else
    return regexes.error();
  if (auto regexes = compile_all(policy.allow_path_regexes, "secrets allowlist paths"); regexes)
    compiled->allow_path_regexes = std::move(*regexes);
  else
    return regexes.error();
  for (const auto& spec : policy.rules) {
    if (spec.severity == Severity::off) continue;
    if (auto added = prefilter.add(presence_pattern(spec), "secret rule '" + spec.id + "'"); !added)
      return added.error();
    compiled->rules.push_back(Compiled::Rule{spec, nullptr, {}, {}, nullptr, {}, {}});
  }
  return SecretScanner(std::move(compiled));
}

Result<SecretScanner> SecretScanner::compile(const SecretsPolicy& policy) {
  auto prefilter = std::make_unique<rules::RulePrefilter>();
  auto scanner = compile(policy, *prefilter);
  if (!scanner) return scanner;
  prefilter->compile();
  scanner->compiled_->own_prefilter = std::move(prefilter);
  return scanner;
}

SecretScanner::SecretScanner(std::unique_ptr<Compiled> compiled) : compiled_(std::move(compiled)) {}
SecretScanner::SecretScanner(SecretScanner&&) noexcept = default;
SecretScanner& SecretScanner::operator=(SecretScanner&&) noexcept = default;
SecretScanner::~SecretScanner() = default;

Status SecretScanner::scan(const ChangedFile& file, const AddedLines& lines, std::vector<Finding>& findings) const {
  if (!compiled_->own_prefilter || lines.empty()) return Ok{};
  return scan(file, lines, compiled_->own_prefilter->candidates(lines.text()), findings);
}

Status SecretScanner::scan(const ChangedFile& file, const AddedLines& lines, const std::vector<bool>& candidates,
                           std::vector<Finding>& findings) const {
  const Compiled& compiled = *compiled_;
  if (compiled.rules.empty() || lines.empty()) return Ok{};
  const auto allowed = [&](const std::string& path) {
    return glob_match_any(compiled.allow_paths, path) || matches_any(compiled.allow_path_regexes, path);
  };
  if (allowed(file.path)) return Ok{};
  // A rename or copy out of an allowlist brings all of its content into view.
  const bool old_path_allowed = lines.has_carried() && allowed(file.old_path);
  const size_t first_new = findings.size();
  // Specific rules first, then fallback rules (the generic one): a value a
  // specific rule found (a GitHub token assigned to GH_TOKEN) is reported once.
  for (const bool fallback : {false, true}) {
    const size_t before_fallback = findings.size();
    for (size_t i = 0; i < compiled.rules.size(); ++i) {
      const Compiled::Rule& rule = compiled.rules[i];
      if (rule.spec.fallback != fallback || !candidates[compiled.first_pattern + i]) continue;
      if (auto ready = compile_rule(rule); !ready) return ready;
      if (!applies_to(rule, file.path)) continue;
      const bool see_carried = !lines.has_carried() || old_path_allowed || !applies_to(rule, file.old_path);
      run_rule(compiled, rule, file, lines, 0, lines.text().size(), see_carried, findings);
    }
    if (!fallback) continue;
    std::set<std::pair<std::uint32_t, std::string>> found;
    for (size_t i = first_new; i < before_fallback; ++i) found.insert({findings[i].line, findings[i].excerpt});
    auto already_found = [&](const Finding& f) { return found.count({f.line, f.excerpt}) > 0; };
    findings.erase(std::remove_if(findings.begin() + static_cast<std::ptrdiff_t>(before_fallback), findings.end(),
                                  already_found),
                   findings.end());
  }
  return Ok{};
}

Status SecretScanner::scan_names(const AddedLines& names, const std::vector<bool>& candidates,
                                 std::vector<Finding>& findings, std::vector<std::string>& values) const {
  const Compiled& compiled = *compiled_;
  if (compiled.rules.empty() || names.empty()) return Ok{};
  for (const bool fallback : {false, true}) {
    for (size_t i = 0; i < compiled.rules.size(); ++i) {
      const Compiled::Rule& rule = compiled.rules[i];
      if (rule.spec.fallback != fallback || !candidates[compiled.first_pattern + i]) continue;
      if (auto ready = compile_rule(rule); !ready) return ready;
      const int group = secret_group_of(rule.spec);
      const auto on_match = [&](size_t, const rules::Groups& groups) {
        const re2::StringPiece secret = groups[static_cast<size_t>(group)];
        const std::string_view value(secret.data(), secret.size());
        if (!reportable(compiled, rule, value)) return true;
        if (matches_any(rule.allow_match_regexes, std::string_view(groups[0].data(), groups[0].size()))) return true;
        // A value a specific rule found is not reported again by a fallback rule.
        if (std::find(values.begin(), values.end(), value) != values.end()) return true;
        values.emplace_back(value);
        findings.push_back(Finding{"secret." + rule.spec.id, rule.spec.severity, "", 0,
                                   rule.spec.description + " in a file or directory name",
                                   "rotate the credential and rename the path (deleting it is never refused); "
                                   "every tree that held the name keeps it, so once rotated, list the dead value "
                                   "in [secrets] allow_regexes",
                                   redact(value), ""});
        return true;
      };
      rules::for_each_match(*rule.regex, names, 0, names.text().size(), group + 1, on_match);
    }
  }
  return Ok{};
}

}  // namespace agentops
