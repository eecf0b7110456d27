// The secret rule family. Each rule puts a presence pattern into the shared
// RulePrefilter: its keywords (case-insensitive) or, without keywords, its
// regex. One prefilter pass over a file's added lines tells which rules can
// match there; only those run their own regex (compiled the first time that
// happens) over the file. Most files wake no rule, or only the generic one.
// A multiline rule (every imported gitleaks rule) sees each run of
// consecutive added lines whole; its finding is on the line where the secret
// starts. Imported rules keep gitleaks' judgement: its secret group, entropy
// that must be exceeded, its allowlists; a path-only rule judges the path.
#include "rules/rule_prefilter.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>

#include "agentops/baseline.h"
#include "agentops/redact.h"
#include "agentops/secrets.h"
#include "glob.h"
#include "policy/builtin_catalogue.h"
#include "rules/assignment_grammar.h"
#include "rules/encoded_segments.h"
#include "rules/gitleaks_allowlist.h"
#include "rules/line_matcher.h"

namespace agentops {

struct SecretScanner::Compiled {
  struct Rule {
    SecretRule spec;
    mutable std::shared_ptr<const RE2> regex;  // compiled on first use, with the rest below
    mutable std::vector<std::unique_ptr<RE2>> allow_regexes;
    mutable std::vector<std::unique_ptr<RE2>> allow_match_regexes;
    mutable std::unique_ptr<RE2> path_regex;
    mutable std::vector<std::unique_ptr<RE2>> exclude_path_regexes;
    mutable std::vector<std::string> stopwords;  // lower-cased
    mutable std::vector<rules::GitleaksAllowlist> allowlists;  // gitleaks': the global ones for it, then its own
  };
  std::vector<Rule> rules;
  std::vector<Rule> path_rules;  // gitleaks rules without a regex: a finding per matching path
  size_t first_pattern = 0;  // rule i's presence pattern is prefilter pattern first_pattern + i
  std::unique_ptr<rules::RulePrefilter> own_prefilter;  // when not sharing an Evaluator's
  std::vector<std::string> allow_paths;
  std::vector<std::unique_ptr<RE2>> allow_path_regexes;
  std::vector<std::unique_ptr<RE2>> allow_regexes;
  std::vector<std::string> stopwords;                   // lower-cased
  // The same without the built-in catalogue's, for gitleaks' rules: each
  // judges by its own allowlists, as the catalogue's rules by theirs.
  std::vector<std::string> stopwords_for_imported;
  std::vector<SecretAllowlist> global_allowlists;       // gitleaks', for its imported rules
  std::string commit;  // of the files being scanned (lower-case hex), empty when not committed
  // The baseline's HMAC key: each finding's fingerprint is taken here, the
  // one place the matched text is at hand; the text itself is never kept.
  std::string fingerprint_key;
  // The baseline itself: a known finding is marked where it is made, so that
  // it never uses up a rule's cap of findings per file (a hundred baselined
  // copies of an old key must not hide a new one beside them).
  std::shared_ptr<const Baseline> baseline;
};

namespace {

using Compiled = SecretScanner::Compiled;

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// The pattern that says rule `spec` may match a file: its keywords, or its
// regex. A regex across lines cannot be a presence pattern (the prefilter
// matches line by line): without keywords, such a rule runs on every file.
std::string presence_pattern(const SecretRule& spec) {
  if (!spec.keywords.empty()) return rules::keywords_pattern(spec.keywords);
  if (!spec.assigned_to.empty()) return rules::keywords_pattern(spec.assigned_to);
  return spec.multiline ? std::string() : spec.regex;
}

// The capture group holding the secret in the regex the rule runs: an
// `assigned_to` rule's value is group 1 of the assignment grammar.
int secret_group_of(const SecretRule& spec) {
  return spec.assigned_to.empty() ? spec.secret_group : spec.secret_group + 1;
}

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

Status compile_rule(const Compiled& compiled, const Compiled::Rule& rule) {
  if (rule.regex || (rule.spec.regex.empty() && rule.path_regex)) return Ok{};
  const std::string what = "secret rule '" + rule.spec.id + "'";
  std::shared_ptr<const RE2> regex;
  if (!rule.spec.regex.empty()) {
    const bool assigned = !rule.spec.assigned_to.empty();
    auto compiled_regex = rules::shared_line_regex(
        assigned ? rules::assignment_regex(rule.spec.assigned_to, rule.spec.regex) : rule.spec.regex, what,
        rule.spec.multiline || assigned);
    if (!compiled_regex) return compiled_regex.error();
    if (secret_group_of(rule.spec) > (*compiled_regex)->NumberOfCapturingGroups())
      return Error{what + ": secret_group " + std::to_string(rule.spec.secret_group) + " but the regex has only " +
                   std::to_string((*compiled_regex)->NumberOfCapturingGroups()) + " groups"};
    regex = std::move(*compiled_regex);
  }
  if (auto compiled_list = compile_all(rule.spec.allow_regexes, what + " allow regex"); compiled_list)
    rule.allow_regexes = std::move(*compiled_list);
  else
    return compiled_list.error();
  if (auto compiled_list = compile_all(rule.spec.allow_match_regexes, what + " allow match regex"); compiled_list)
    rule.allow_match_regexes = std::move(*compiled_list);
  else
    return compiled_list.error();
  if (auto compiled_list = compile_all(rule.spec.exclude_path_regexes, what + " path allowlist"); compiled_list)
    rule.exclude_path_regexes = std::move(*compiled_list);
  else
    return compiled_list.error();
  if (!rule.spec.path_regex.empty()) {
    rule.path_regex = std::make_unique<RE2>(rule.spec.path_regex, RE2::Quiet);
    if (!rule.path_regex->ok()) return Error{what + ": invalid path regex: " + rule.path_regex->error()};
  }
  rule.stopwords.clear();
  for (const auto& stopword : rule.spec.stopwords) rule.stopwords.push_back(lower(stopword));
  rule.allowlists.clear();
  if (rule.spec.gitleaks) {
    auto add = [&](const SecretAllowlist& spec) -> Status {
      auto allowlist = rules::GitleaksAllowlist::compile(spec, what);
      if (!allowlist) return allowlist.error();
      rule.allowlists.push_back(std::move(*allowlist));
      return Ok{};
    };
    for (const auto& spec : compiled.global_allowlists) {
      const bool targeted = std::find(spec.target_rules.begin(), spec.target_rules.end(), rule.spec.id) !=
                            spec.target_rules.end();
      if (!spec.target_rules.empty() && !targeted) continue;
      if (auto added = add(spec); !added) return added;
    }
    for (const auto& spec : rule.spec.allowlists)
      if (auto added = add(spec); !added) return added;
  }
  rule.regex = std::move(regex);
  return Ok{};
}

bool matches_any(const std::vector<std::unique_ptr<RE2>>& regexes, std::string_view text) {
  const re2::StringPiece piece(text.data(), text.size());
  return std::any_of(regexes.begin(), regexes.end(),
                     [&](const std::unique_ptr<RE2>& regex) { return RE2::PartialMatch(piece, *regex); });
}

bool contains_stopword(const std::vector<std::string>& stopwords, std::string_view value) {
  if (stopwords.empty()) return false;
  const std::string lowered = lower(value);
  return std::any_of(stopwords.begin(), stopwords.end(),
                     [&](const std::string& stopword) { return lowered.find(stopword) != std::string::npos; });
}

// Whether `rule` (compiled) looks at the file at `path` (in `commit`, when known).
bool applies_to(const Compiled::Rule& rule, const std::string& path, const std::string& commit = {}) {
  if (!rule.spec.paths.empty() && !glob_match_any(rule.spec.paths, path)) return false;
  if (rule.path_regex && !RE2::PartialMatch(path, *rule.path_regex)) return false;
  if (matches_any(rule.exclude_path_regexes, path)) return false;
  return std::none_of(rule.allowlists.begin(), rule.allowlists.end(),
                      [&](const rules::GitleaksAllowlist& allowlist) { return allowlist.skips_file(path, commit); });
}

int rank(Severity severity) {
  switch (severity) {
    case Severity::off: return 0;
    case Severity::warn: return 1;
    case Severity::gate: return 2;
    case Severity::block: return 3;
  }
  return 3;
}

bool has_digit(std::string_view value) {
  return std::any_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Whether `value`, found by `compiled_rule`, is reported.
bool reportable(const Compiled& compiled, const Compiled::Rule& compiled_rule, std::string_view value) {
  const SecretRule& rule = compiled_rule.spec;
  // gitleaks reports a match whose named group is empty (detect.go sets the
  // secret to it and judges it): the rule matched. Its entropy is 0.
  if (value.empty() && !rule.gitleaks) return false;
  // gitleaks judges a value by its rule's entropy and allowlists alone.
  // A PEM block is not judged as a template: its rule demands a base64 body,
  // and the '>' of a quoted ("> ") key's lines marks no <placeholder>.
  const bool pem_block = value.starts_with("-----BEGIN");
  if (!rule.gitleaks && !pem_block && looks_like_template_or_mask(value)) return false;
  if (!rule.gitleaks && rule.fallback && looks_made_up(value)) return false;
  if (rule.min_entropy > 0) {
    const double entropy = shannon_entropy(value);
    if (rule.gitleaks ? entropy <= rule.min_entropy : entropy < rule.min_entropy) return false;
  }
  if (rule.require_digit && !has_digit(value)) return false;
  if (rule.use_stopwords &&
      contains_stopword(rule.gitleaks ? compiled.stopwords_for_imported : compiled.stopwords, value))
    return false;
  if (contains_stopword(compiled_rule.stopwords, value)) return false;
  return !matches_any(compiled.allow_regexes, value) && !matches_any(compiled_rule.allow_regexes, value);
}

// The secret of a match: the rule's group, or (gitleaks' default) the first
// non-empty capture group, or the whole match.
re2::StringPiece secret_of(const SecretRule& rule, const rules::Groups& groups) {
  if (rule.secret_group != SecretRule::kFirstGroup) return groups[static_cast<size_t>(secret_group_of(rule))];
  for (size_t i = 1; i < groups.size(); ++i)
    if (!groups[i].empty()) return groups[i];
  return groups[0];
}

// How many groups to ask RE2 for.
int group_count(const SecretRule& rule, const RE2& regex) {
  return rule.secret_group == SecretRule::kFirstGroup ? regex.NumberOfCapturingGroups() + 1 : secret_group_of(rule) + 1;
}

// The whole lines a match covers (gitleaks' "line" allowlist target).
std::string_view lines_of_match(const AddedLines& lines, re2::StringPiece match) {
  const size_t begin = static_cast<size_t>(match.data() - lines.text().data());
  const size_t first = lines.index_at(begin);
  const size_t last = lines.index_at(begin + (match.empty() ? 0 : match.size() - 1));
  return lines.text().substr(lines.begin_of(first), lines.end_of(last) - lines.begin_of(first));
}

// Runs `rule` over [begin, end) of the file's lines, appending findings;
// carried lines (a rename's unchanged content) only with `see_carried`. A
// finding is on the line where its secret starts.
// A file holding thousands of values one rule matches (a dump of keys) is
// refused as well by the first of them; listing every one made a hook take
// seconds and hundreds of MB, and a regex matching every character, GBs.
constexpr size_t kMaxFindingsPerRule = 100;
// `baseline write` records every finding of a file, up to this many per rule.
constexpr size_t kMaxRecordedPerRule = 100000;

// Marks `finding` baselined when the baseline lists it; true when it does.
bool baselined_here(const Compiled& compiled, Finding& finding) {
  if (!compiled.baseline || finding.fingerprint.empty()) return false;
  const BaselineEntry* entry = compiled.baseline->find(finding.rule, finding.path, finding.fingerprint);
  if (!entry) return false;
  finding.baselined = true;
  finding.baseline_reason = entry->reason;
  finding.hint.clear();
  return true;
}

void run_rule(const Compiled& compiled, const Compiled::Rule& rule, const ChangedFile& file,
              const AddedLines& lines, size_t begin, size_t end, bool see_carried, std::vector<Finding>& findings) {
  const char* text = lines.text().data();
  size_t reported = 0, known = 0;
  const size_t cap = compiled.baseline && compiled.baseline->record_all ? kMaxRecordedPerRule : kMaxFindingsPerRule;
  const auto on_match = [&](size_t, const rules::Groups& groups) {
    // gitleaks trims line ends off a match that swallowed them.
    re2::StringPiece match = groups[0];
    while (!match.empty() && match[match.size() - 1] == '\n') match.remove_suffix(1);
    while (!match.empty() && match[0] == '\n') match.remove_prefix(1);
    // An empty match (a regex that matches the empty string, at every
    // position) holds no secret.
    if (match.empty()) return true;
    const re2::StringPiece secret = secret_of(rule.spec, groups);
    const size_t secret_begin = static_cast<size_t>((secret.data() ? secret.data() : match.data()) - text);
    const size_t secret_line = lines.index_at(secret_begin);
    if (!see_carried) {
      // A match wholly inside carried lines is no new content.
      const size_t match_begin = static_cast<size_t>(match.data() - text);
      const size_t first = lines.index_at(match_begin);
      const size_t last = lines.index_at(match_begin + (match.empty() ? 0 : match.size() - 1));
      bool all_carried = true;
      for (size_t line = first; line <= last && all_carried; ++line) all_carried = lines.is_carried(line);
      if (all_carried) return true;
    }
    const std::string_view value(secret.data(), secret.size());
    if (!reportable(compiled, rule, value)) return true;
    if (matches_any(rule.allow_match_regexes, std::string_view(match.data(), match.size()))) return true;
    if (!rule.allowlists.empty()) {
      const rules::AllowlistSubject subject{value, std::string_view(match.data(), match.size()),
                                            lines_of_match(lines, match), file.path, compiled.commit};
      for (const auto& allowlist : rule.allowlists)
        if (allowlist.allows(subject)) return true;
    }
    findings.push_back(Finding{
        "secret." + rule.spec.id, rule.spec.severity, file.path, lines.number(secret_line),
        rule.spec.description + " in an added line",
        rule.spec.hint.empty() ? "remove it, rotate the credential, and load it from the environment or a secret store"
                               : rule.spec.hint,
        redact(value.empty() ? std::string_view(match.data(), match.size()) : value), ""});
    if (!compiled.fingerprint_key.empty())
      findings.back().fingerprint = matched_text_fingerprint(
          compiled.fingerprint_key, findings.back().rule,
          value.empty() ? std::string_view(match.data(), match.size()) : value);
    if (baselined_here(compiled, findings.back())) {
      // Known findings neither block nor count towards the cap; past it they
      // are not kept (memory stays bounded), and scanning goes on.
      if (++known > kMaxFindingsPerRule) findings.pop_back();
      return true;
    }
    if (++reported < cap) return true;
    findings.back().message += " (and more by this rule in this file: only the first " +
                               std::to_string(cap) + " are listed)";
    return false;
  };
  const int groups = group_count(rule.spec, *rule.regex);
  if (!rule.spec.multiline) {
    rules::for_each_match(*rule.regex, lines, begin, end, groups, on_match);
    return;
  }
  rules::for_each_line_run(lines, [&](size_t run_begin, size_t run_end) {
    if (run_end <= begin || run_begin >= end || reported >= cap) return;
    rules::for_each_match(*rule.regex, lines, std::max(run_begin, begin), std::min(run_end, end), groups, on_match);
  });
}

// gitleaks decodes base64 and hex text and runs its rules on what it holds
// (detect/codec); so do its imported rules here, one decoding deep. A finding
// is on the line where the encoded text starts.
Status scan_decoded(const Compiled& compiled, const ChangedFile& file, const AddedLines& lines,
                    std::vector<Finding>& findings) {
  const bool any_imported = std::any_of(compiled.rules.begin(), compiled.rules.end(),
                                        [](const Compiled::Rule& rule) { return rule.spec.gitleaks; });
  if (!any_imported) return Ok{};
  size_t reported = 0;
  for (const auto& segment : rules::decode_segments(lines.text())) {
    const size_t line = lines.index_at(segment.offset);
    if (lines.is_carried(line)) continue;  // carried by a rename: judged where it was added
    AddedLines decoded;
    std::uint32_t number = 1;
    for (size_t start = 0; start <= segment.decoded.size(); ++number) {
      const size_t end = std::min(segment.decoded.find('\n', start), segment.decoded.size());
      decoded.add(number, std::string_view(segment.decoded).substr(start, end - start));
      start = end + 1;
    }
    const std::string lowered = lower(segment.decoded);
    for (const auto& rule : compiled.rules) {
      if (!rule.spec.gitleaks) continue;
      const bool keyword_seen =
          rule.spec.keywords.empty() || std::any_of(rule.spec.keywords.begin(), rule.spec.keywords.end(),
                                                    [&](const std::string& k) { return lowered.find(k) != std::string::npos; });
      if (!keyword_seen) continue;
      if (auto ready = compile_rule(compiled, rule); !ready) return ready;
      if (!applies_to(rule, file.path, compiled.commit)) continue;
      const size_t first = findings.size();
      run_rule(compiled, rule, file, decoded, 0, decoded.text().size(), true, findings);
      for (size_t i = first; i < findings.size(); ++i) {
        findings[i].line = lines.number(line);
        findings[i].message += " (encoded: base64 or hex)";
      }
      reported += static_cast<size_t>(std::count_if(findings.begin() + static_cast<std::ptrdiff_t>(first), findings.end(),
                                                    [](const Finding& finding) { return !finding.baselined; }));
      if (reported >= kMaxFindingsPerRule) return Ok{};
    }
  }
  return Ok{};
}

}  // namespace

Result<SecretScanner> SecretScanner::compile(const SecretsPolicy& policy, rules::RulePrefilter& prefilter) {
  auto compiled = std::make_unique<Compiled>();
  compiled->first_pattern = prefilter.size();
  if (!policy.enabled) return SecretScanner(std::move(compiled));
  if (policy.baseline) {
    compiled->fingerprint_key = policy.baseline->key;
    compiled->baseline = policy.baseline;
  }
  compiled->allow_paths = policy.allow_paths;
  const auto& catalogue_stopwords = detail::builtin_secret_catalogue().stopwords;
  for (const auto& stopword : policy.stopwords) {
    compiled->stopwords.push_back(lower(stopword));
    if (std::find(catalogue_stopwords.begin(), catalogue_stopwords.end(), stopword) == catalogue_stopwords.end())
      compiled->stopwords_for_imported.push_back(lower(stopword));
  }
  if (auto regexes = compile_all(policy.allow_regexes, "secrets.allow_regexes"); regexes)
    compiled->allow_regexes = std::move(*regexes);
  else
    return regexes.error();
  if (auto regexes = compile_all(policy.allow_path_regexes, "secrets allowlist paths"); regexes)
    compiled->allow_path_regexes = std::move(*regexes);
  else
    return regexes.error();
  compiled->global_allowlists = policy.allowlists;
  for (const auto& spec : policy.rules) {
    if (spec.severity == Severity::off) continue;
    if (spec.regex.empty()) {
      compiled->path_rules.push_back(Compiled::Rule{spec, nullptr, {}, {}, nullptr, {}, {}, {}});
      if (auto ready = compile_rule(*compiled, compiled->path_rules.back()); !ready) return ready.error();
      continue;
    }
    const std::string what = "secret rule '" + spec.id + "'";
    const std::vector<std::string>& keywords = spec.keywords.empty() ? spec.assigned_to : spec.keywords;
    auto added = keywords.empty() ? prefilter.add(presence_pattern(spec), what) : prefilter.add_keywords(keywords, what);
    if (!added) return added.error();
    compiled->rules.push_back(Compiled::Rule{spec, nullptr, {}, {}, nullptr, {}, {}, {}});
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

void SecretScanner::set_commit(std::string commit) {
  std::transform(commit.begin(), commit.end(), commit.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  compiled_->commit = std::move(commit);
}

Status SecretScanner::scan_path(const ChangedFile& file, std::vector<Finding>& findings) const {
  const Compiled& compiled = *compiled_;
  if (compiled.path_rules.empty() || file.status == FileStatus::deleted) return Ok{};
  if (glob_match_any(compiled.allow_paths, file.path) || matches_any(compiled.allow_path_regexes, file.path))
    return Ok{};
  for (const auto& rule : compiled.path_rules) {
    if (!applies_to(rule, file.path, compiled.commit)) continue;
    findings.push_back(Finding{"secret." + rule.spec.id, rule.spec.severity, file.path, 0,
                               rule.spec.description + " (a file of this kind: its path matches the rule)",
                               rule.spec.hint.empty() ? "remove the file from the change and keep it in a secret store"
                                                      : rule.spec.hint,
                               "", ""});
  }
  return Ok{};
}

Status SecretScanner::scan(const ChangedFile& file, const AddedLines& lines, std::vector<Finding>& findings) const {
  if (!compiled_->own_prefilter) return Ok{};
  if (lines.empty()) return scan_path(file, findings);
  return scan(file, lines, compiled_->own_prefilter->candidates(lines.text()), findings);
}

Status SecretScanner::scan(const ChangedFile& file, const AddedLines& lines, const std::vector<bool>& candidates,
                           std::vector<Finding>& findings) const {
  const Compiled& compiled = *compiled_;
  if (auto scanned = scan_path(file, findings); !scanned) return scanned;
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
      if (auto ready = compile_rule(compiled, rule); !ready) return ready;
      if (!applies_to(rule, file.path, compiled.commit)) continue;
      // Carried content comes into view where the old path let the rule
      // skip it, or where an allowlist's paths (even as one criterion of an
      // AND) helped allow it there and may not here.
      const bool see_carried =
          !lines.has_carried() || old_path_allowed || !applies_to(rule, file.old_path) ||
          std::any_of(rule.allowlists.begin(), rule.allowlists.end(),
                      [&](const rules::GitleaksAllowlist& allowlist) { return allowlist.names_path(file.old_path); });
      run_rule(compiled, rule, file, lines, 0, lines.text().size(), see_carried, findings);
    }
    if (!fallback) continue;
    // The strictest severity already reported for a value on a line: a
    // fallback finding of it is dropped only when it would not be stricter (a
    // built-in rule the policy turned down to "warn" must not hide an
    // imported rule's "block" of the same value).
    std::map<std::pair<std::uint32_t, std::string>, int> found;
    const auto record = [&](const Finding& f) {
      auto [it, inserted] = found.try_emplace({f.line, f.excerpt}, rank(f.severity));
      if (!inserted) it->second = std::max(it->second, rank(f.severity));
    };
    for (size_t i = first_new; i < before_fallback; ++i) record(findings[i]);
    // And once among fallback rules (agentops' generic rule and gitleaks' own,
    // imported beside it, find the same value).
    auto already_found = [&](const Finding& f) {
      auto it = found.find({f.line, f.excerpt});
      const bool covered = it != found.end() && it->second >= rank(f.severity);
      if (!covered) record(f);
      return covered;
    };
    findings.erase(std::remove_if(findings.begin() + static_cast<std::ptrdiff_t>(before_fallback), findings.end(),
                                  already_found),
                   findings.end());
  }
  return scan_decoded(compiled, file, lines, findings);
}

Status SecretScanner::scan_names(const AddedLines& names, const std::vector<bool>& candidates,
                                 std::vector<Finding>& findings, std::vector<std::string>& values) const {
  const Compiled& compiled = *compiled_;
  if (compiled.rules.empty() || names.empty()) return Ok{};
  for (const bool fallback : {false, true}) {
    for (size_t i = 0; i < compiled.rules.size(); ++i) {
      const Compiled::Rule& rule = compiled.rules[i];
      if (rule.spec.fallback != fallback || !candidates[compiled.first_pattern + i]) continue;
      if (auto ready = compile_rule(compiled, rule); !ready) return ready;
      const auto on_match = [&](size_t, const rules::Groups& groups) {
        // An empty named group stands for its match (gitleaks' finding holds
        // the rule's match); an empty match holds no secret.
        if (groups[0].empty()) return true;
        const re2::StringPiece group = secret_of(rule.spec, groups);
        const re2::StringPiece secret = group.empty() ? groups[0] : group;
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
        if (!compiled.fingerprint_key.empty())
          findings.back().fingerprint = matched_text_fingerprint(compiled.fingerprint_key, findings.back().rule, value);
        return true;
      };
      rules::for_each_match(*rule.regex, names, 0, names.text().size(), group_count(rule.spec, *rule.regex),
                            on_match);
    }
  }
  return Ok{};
}

}  // namespace agentops
