// The Evaluator: the rule families of one policy, prepared once, run over a
// change while it is read.
#include "agentops/evaluator.h"

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
};

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

FileVisitor Evaluator::visitor() {
  return [this](const ChangedFile& file, const AddedLines& lines) { return visit(file, lines); };
}

Status Evaluator::visit(const ChangedFile& file, const AddedLines& lines) {
  State& state = *state_;
  state.file_findings.clear();
  if (lines.empty()) return Ok{};
  if (!state.prefilter_compiled) {
    // Built on the first file with added lines: a commit that adds none pays nothing.
    state.prefilter->compile();
    state.prefilter_compiled = true;
  }
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
  rules::check_paths(change, state.policy, findings);
  rules::check_limits(change, state.policy, findings);
  rules::check_size_gate(change, state.policy, findings);
  rules::check_tests_removed(change, state.policy, findings);
  findings.insert(findings.end(), std::make_move_iterator(state.findings.begin()),
                  std::make_move_iterator(state.findings.end()));
  state.findings.clear();
  return findings;
}

ChangeOptions Evaluator::change_options() const {
  ChangeOptions options;
  const std::uint64_t limit = state_->policy.limits.max_file_bytes;
  const Severity size_severity = severity_of(state_->policy, "limit.file-bytes");
  // A file above a blocking max_file_bytes is refused by size: loading it would
  // only cost time. A limit that only warns must not stop the scan.
  const bool size_refuses = size_severity == Severity::block || size_severity == Severity::gate;
  options.max_scan_bytes = limit > 0 && size_refuses ? std::min(limit, kDefaultMaxScanBytes) : kDefaultMaxScanBytes;
  return options;
}

}  // namespace agentops
