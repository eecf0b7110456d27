// The Evaluator: the rule families of one policy, prepared once, run over a
// change while it is read.
#include "agentops/evaluator.h"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "agentops/redact.h"
#include "agentops/secrets.h"
#include "rules/rule_families.h"

namespace agentops {

// Files above this size are not scanned when the policy sets no size limit:
// memory stays bounded whatever the file sizes.
constexpr std::uint64_t kDefaultMaxScanBytes = 8ull << 20;

struct Evaluator::State {
  const Policy& policy;
  std::unique_ptr<rules::RulePrefilter> prefilter;  // one pass per file for every per-file rule
  SecretScanner secrets;
  rules::ContentScanner content;
  bool prefilter_compiled = false;
  std::vector<Finding> findings;
  std::vector<Finding> file_findings;  // one file's, before suppressions apply

  // Secrets in names: each directory or file name is scanned once per
  // process; its findings and raw values are kept to report and to redact.
  struct NameSecrets {
    std::vector<Finding> findings;
    std::vector<std::string> values;
  };
  std::unordered_map<std::string, NameSecrets> names;
  AddedLines name_lines;  // reused: one name at a time

  void compile_prefilter() {
    // Built on first use: a commit that adds no line and no name pays nothing.
    if (prefilter_compiled) return;
    prefilter->compile();
    prefilter_compiled = true;
  }
  // `remember`: keep the result for the next time (names recur; whole paths,
  // over a long history, are too many to keep).
  Result<const NameSecrets*> name_secrets(std::string_view name, bool remember = true);
  NameSecrets unremembered;
};

Result<const Evaluator::State::NameSecrets*> Evaluator::State::name_secrets(std::string_view name, bool remember) {
  auto found = names.find(std::string(name));
  if (found != names.end()) return &found->second;
  if (!remember) unremembered = NameSecrets{};
  NameSecrets& secrets_of_name = remember ? names[std::string(name)] : unremembered;
  name_lines.clear();
  name_lines.add(0, name);
  compile_prefilter();
  const std::vector<bool> candidates = prefilter->candidates(name_lines.text());
  if (auto scanned = secrets.scan_names(name_lines, candidates, secrets_of_name.findings, secrets_of_name.values);
      !scanned)
    return scanned.error();
  return &secrets_of_name;
}

namespace {

// Calls on_name(name) for each directory and the file name of `path`.
template <class OnName>
Status for_each_name(std::string_view path, OnName on_name) {
  size_t start = 0;
  while (start < path.size()) {
    const size_t slash = std::min(path.find('/', start), path.size());
    if (slash > start) {
      if (auto status = on_name(path.substr(start, slash - start)); !status) return status;
    }
    start = slash + 1;
  }
  return Ok{};
}

std::string lower_ascii(std::string_view text) {
  std::string lower(text);
  for (char& c : lower)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return lower;
}

// Replaces every occurrence of each of `values` in `text` by its redacted
// form, in any case: a case collision prints the other spelling of a name
// (an AWS key id in lower case is the key id).
void redact_values(std::string& text, const std::vector<std::string>& values) {
  for (const auto& value : values) {
    if (value.empty()) continue;  // found everywhere, replaced by nothing: no end
    const std::string lower_value = lower_ascii(value);
    std::string lower_text = lower_ascii(text);
    for (size_t at = lower_text.find(lower_value); at != std::string::npos; at = lower_text.find(lower_value, at)) {
      const std::string redacted = redact(text.substr(at, value.size()));
      text.replace(at, value.size(), redacted);
      lower_text.replace(at, value.size(), lower_ascii(redacted));
      at += redacted.size();
    }
  }
}

}  // namespace

Result<Evaluator> Evaluator::create(const Policy& policy) {
  auto prefilter = std::make_unique<rules::RulePrefilter>();
  auto secrets = SecretScanner::compile(policy.secrets, *prefilter);
  if (!secrets) return secrets.error();
  auto content = rules::ContentScanner::compile(policy.content, *prefilter);
  if (!content) return content.error();
  return Evaluator(std::make_unique<State>(
      State{policy, std::move(prefilter), std::move(*secrets), std::move(*content), false, {}, {}}));
}

Evaluator::Evaluator(std::unique_ptr<State> state) : state_(std::move(state)) {}
Evaluator::Evaluator(Evaluator&&) noexcept = default;
Evaluator& Evaluator::operator=(Evaluator&&) noexcept = default;
Evaluator::~Evaluator() = default;

void Evaluator::set_commit(std::string commit) { state_->secrets.set_commit(std::move(commit)); }

FileVisitor Evaluator::visitor() {
  return [this](const ChangedFile& file, const AddedLines& lines) { return visit(file, lines); };
}

Status Evaluator::visit(const ChangedFile& file, const AddedLines& lines) {
  State& state = *state_;
  state.file_findings.clear();
  // A file without added lines can still be a secret by its path (a .p12).
  if (lines.empty()) return state.secrets.scan_path(file, state.findings);
  state.compile_prefilter();
  const std::vector<bool> candidates = state.prefilter->candidates(lines.text());
  if (auto scanned = state.secrets.scan(file, lines, candidates, state.file_findings); !scanned) return scanned;
  if (auto scanned = state.content.scan(file, lines, candidates, state.file_findings); !scanned) return scanned;
  rules::apply_suppressions(file, lines, state.policy, state.file_findings);
  state.findings.insert(state.findings.end(), std::make_move_iterator(state.file_findings.begin()),
                        std::make_move_iterator(state.file_findings.end()));
  return Ok{};
}

std::vector<Finding> Evaluator::finish(const Change& change) {
  State& state = *state_;
  std::vector<Finding> findings;
  // Names are content too: a token as a directory or file name (a rename's
  // old name included) is reported once per change, and every secret found
  // in a name or a link's target is redacted from every finding below.
  std::vector<std::string> name_values;
  std::set<std::pair<std::string, std::string>> reported;  // (rule, excerpt)
  const auto scan_path = [&](const std::string& path, bool report) {
    // `spanning`: the whole path, where only a secret holding a '/' (a
    // webhook URL stored as directories) is news; the names found the rest.
    const auto scan_name = [&](std::string_view name, bool spanning) -> Status {
      auto found = state.name_secrets(name, !spanning);
      if (!found) return found.error();
      for (size_t i = 0; i < (*found)->values.size(); ++i) {
        if (spanning && (*found)->values[i].find('/') == std::string::npos) continue;
        name_values.push_back((*found)->values[i]);
        Finding finding = (*found)->findings[i];
        if (!report || !reported.insert({finding.rule, finding.excerpt}).second) continue;
        finding.path = path;
        findings.push_back(std::move(finding));
      }
      return Ok{};
    };
    auto scanned = for_each_name(path, [&](std::string_view name) { return scan_name(name, false); });
    if (scanned && path.find('/') != std::string::npos) scanned = scan_name(path, true);
    return scanned;
  };
  for (const auto& file : change.files) {
    // A deletion removes the name: nothing to report, but it is still redacted.
    Status scanned = scan_path(file.path, file.status != FileStatus::deleted);
    if (scanned && !file.old_path.empty() && file.old_path != file.path) scanned = scan_path(file.old_path, true);
    // A link's target is scanned as content; its names are only redacted.
    if (scanned && !file.symlink_target.empty()) scanned = scan_path(file.symlink_target, false);
    if (!scanned) {
      // Only a rule that cannot be compiled gets here; fail closed.
      findings.push_back(Finding{"limit.not-scanned", Severity::block, "", 0,
                                 "file and directory names could not be scanned for secrets: " +
                                     scanned.error().message,
                                 "fix the secret rule named in the message", "", ""});
      break;
    }
  }
  // A case collision names a path of the tree that the change may not touch.
  for (const auto& collision : change.case_collisions) {
    if (!scan_path(collision.second, false)) break;
  }
  rules::check_paths(change, state.policy, findings);
  rules::check_limits(change, state.policy, findings);
  rules::check_size_gate(change, state.policy, findings);
  rules::check_tests_removed(change, state.policy, findings);
  findings.insert(findings.end(), std::make_move_iterator(state.findings.begin()),
                  std::make_move_iterator(state.findings.end()));
  state.findings.clear();
  if (!name_values.empty()) {
    // Longest first, so that a value inside another is not half-redacted.
    std::sort(name_values.begin(), name_values.end(),
              [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
    name_values.erase(std::unique(name_values.begin(), name_values.end()), name_values.end());
    for (auto& finding : findings) {
      redact_values(finding.path, name_values);
      redact_values(finding.message, name_values);
      redact_values(finding.excerpt, name_values);
      redact_values(finding.hint, name_values);
    }
  }
  return findings;
}

Result<std::string> Evaluator::redact_secrets(std::string_view text) {
  State& state = *state_;
  AddedLines lines;
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = std::min(text.find('\n', start), text.size());
    lines.add(0, text.substr(start, end - start));
    start = end + 1;
  }
  std::string redacted(text);
  if (lines.empty()) return redacted;
  state.compile_prefilter();
  std::vector<Finding> found;
  std::vector<std::string> values;
  if (auto scanned = state.secrets.scan_names(lines, state.prefilter->candidates(lines.text()), found, values); !scanned)
    return scanned.error();
  // Longest first, so that a value inside another is not half-redacted.
  std::sort(values.begin(), values.end(), [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  redact_values(redacted, values);
  return redacted;
}

ChangeOptions Evaluator::change_options() const {
  ChangeOptions options;
  const std::uint64_t limit = state_->policy.limits.max_file_bytes;
  const Severity size_severity = severity_of(state_->policy, "limit.file-bytes");
  // A file above a blocking max_file_bytes is refused by size: loading it would
  // only cost time. A limit that only warns must not stop the scan.
  // Files [limits] exclude_paths names are not refused by size but are still
  // scanned for secrets: then the scan limit stays the default.
  const bool size_refuses = (size_severity == Severity::block || size_severity == Severity::gate) &&
                            state_->policy.limits.exclude_paths.empty();
  options.max_scan_bytes = limit > 0 && size_refuses ? std::min(limit, kDefaultMaxScanBytes) : kDefaultMaxScanBytes;
  return options;
}

}  // namespace agentops
