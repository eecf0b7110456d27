// Findings (what a rule saw) and the Decision they add up to. Rules produce
// findings; nothing here prints. Excerpts are always redacted before they get here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace agentops {

// Every rule has a severity. `gate` blocks unless a human approves.
enum class Severity { off, warn, gate, block };

const char* to_string(Severity severity);
std::optional<Severity> parse_severity(std::string_view text);

// Where a gated finding's signed approval stands ([gates] approval = "signed"):
// verified by whom with which key, or why not. The state names are
// approval::to_string(ApprovalState): "verified", "none", "typed", "unknown-key", ...
struct ApprovalRecord {
  std::string state;
  std::string principal;
  std::string key;     // "SHA256:..." fingerprint, when known
  std::string reason;  // why it does not count; empty when verified
};

struct Finding {
  std::string rule;        // stable dotted id: "secret.aws-access-key-id", "limit.file-bytes"
  Severity severity = Severity::block;
  std::string path;        // empty for change-wide findings
  std::uint32_t line = 0;  // 0 when not about one line
  std::string message;     // what is wrong
  std::string hint;        // how to fix it
  std::string excerpt;     // redacted evidence, never a whole secret
  std::string commit;      // the commit id, for range checks; empty for the staged change
  // A gated finding a person approved: who (the approval trailer's value).
  // It no longer counts towards the decision and has no fix to make.
  std::string approved_by = {};
  // Under approval = "signed": the approval's state for this finding.
  std::optional<ApprovalRecord> approval = {};
  // Hex HMAC-SHA-256 naming the finding across runs and moved lines (see
  // agentops/baseline.h); empty until a baseline or the SARIF writer fills it.
  std::string fingerprint = {};
  // Listed in the base side's .agentops/baseline: reported, never counted.
  bool baselined = false;
  std::string baseline_reason = {};
};

// Where the human gate stands for the change being judged.
enum class GateState {
  pending,   // pre-commit: the message is not written yet; commit-msg decides
  approved,  // the approval trailer from an allowed approver is present
  missing,   // no valid approval: gate findings block
};

// What happens to the change, in the order of strictness: allowed (warnings
// may be printed), `gate` (blocked unless a person approves: the only next step
// is an approval) or `block` (blocked: approval does not help).
enum class Decision { allow, gate, block };

const char* to_string(Decision decision);

// Baselined findings count for nothing. block when any finding blocks; gate when a gated finding is not approved
// (by its own `approved_by` or by `gate`); else allow. A pending gate
// (nothing decided it yet) is a gate: the change is not fine as it stands.
Decision decide(const std::vector<Finding>& findings, GateState gate);

// Each hint the next step that works for findings decided `decision`: an
// approved finding has nothing to fix; under a block, approval does not help,
// so a gated finding says to fix the blocking ones first.
void hint_next_steps(std::vector<Finding>& findings, Decision decision);

// The stricter of two decisions (a range is as strict as its strictest commit).
Decision stricter(Decision a, Decision b);

struct Stats {
  std::uint64_t files = 0;
  std::uint64_t bytes = 0;
  std::uint64_t commits = 0;  // range checks only
  double duration_ms = 0;
};

// What a check hands to a formatter.
struct Report {
  std::string stage;  // "pre-commit", "commit-msg", "check", "range"
  Decision decision = Decision::allow;
  GateState gate = GateState::missing;
  std::string approval_trailer = "Human-Approved-by";  // named in gate hints
  std::vector<std::string> approvers;                  // [gates] approvers, named in gate hints; empty: anyone
  // A value of the approval trailer that [gates] approvers does not accept
  // (the hint then names who may approve); empty when there was none.
  std::string unlisted_approver;
  // pre-commit: gated findings left to the commit-msg hook, which judges them
  // once the message is written (they are not in `findings`: said once, there).
  std::uint64_t gates_for_commit_msg = 0;
  bool gate_on_terminal = false;  // [gates] mode = "tty": the hook may ask a person
  bool signed_approval = false;   // [gates] approval = "signed": approvals are `agentops approve` signatures
  bool record = true;             // [telemetry] enabled: append the decision to the log
  std::vector<Finding> findings;
  Stats stats;
};

// The exit code every agentops executable uses for a report: 0 allow, 1 gate
// or block (a change refused without approval is not fine for an agent).
int exit_code(const Report& report);

}  // namespace agentops
