// Runs the rule families of one policy over a change as it is read: per-file
// rules (secrets, content, suppressions) see each file's added lines while they
// are in memory; change-wide rules (limits, paths, gates, test removal) run at
// the end on the file list.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "agentops/change.h"
#include "agentops/findings.h"
#include "agentops/policy.h"
#include "agentops/result.h"

namespace agentops {

class Evaluator {
 public:
  // Fails when a rule of the policy cannot be prepared (an invalid regex).
  // The Evaluator refers to `policy`, which must outlive it.
  static Result<Evaluator> create(const Policy& policy);

  Evaluator(Evaluator&&) noexcept;
  Evaluator& operator=(Evaluator&&) noexcept;
  ~Evaluator();

  // The visitor to pass to read_staged_change / read_commit_change.
  FileVisitor visitor();
  // Per-file rules for one file.
  Status visit(const ChangedFile& file, const AddedLines& lines);
  // Change-wide rules, and secrets in the changed files' names (a rename's
  // old name too); returns every finding of the change, with every secret
  // found in a name or a link target redacted from their paths and messages.
  std::vector<Finding> finish(const Change& change);
  // `text` (a command's output, say) with every secret the policy's secret
  // rules find in it redacted, as in a name: whatever the path allowlists say.
  Result<std::string> redact_secrets(std::string_view text);

  // The commit (full hex id) whose change is read next, for gitleaks
  // allowlists that name commits; empty for a change not yet committed.
  void set_commit(std::string commit);

  // Options for reading a change this policy will judge.
  ChangeOptions change_options() const;

  struct State;

 private:
  explicit Evaluator(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace agentops
