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

struct Finding {
  std::string rule;        // stable dotted id: "secret.aws-access-key-id", "limit.file-bytes"
  Severity severity = Severity::block;
  std::string path;        // empty for change-wide findings
  std::uint32_t line = 0;  // 0 when not about one line
  std::string message;     // what is wrong
  std::string hint;        // how to fix it
  std::string excerpt;     // redacted evidence, never a whole secret
  std::string commit;      // the commit id, for range checks; empty for the staged change
};

// Where the human gate stands for the change being judged.
enum class GateState {
  pending,   // pre-commit: the message is not written yet; commit-msg decides
  approved,  // the approval trailer from an allowed approver is present
  missing,   // no valid approval: gate findings block
};

enum class Decision { allow, block };

const char* to_string(Decision decision);

// Block when any finding blocks, or needs a gate that is missing; warnings allow.
Decision decide(const std::vector<Finding>& findings, GateState gate);

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
  bool gate_on_terminal = false;  // [gates] mode = "tty": the hook may ask a person
  bool record = true;             // [telemetry] enabled: append the decision to the log
  std::vector<Finding> findings;
  Stats stats;
};

// The exit code every agentops executable uses for a report: 0 allow, 1 block.
int exit_code(const Report& report);

}  // namespace agentops
