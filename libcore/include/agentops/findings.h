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
};

enum class Decision { allow, block };

const char* to_string(Decision decision);

// Block when any finding blocks (or needs a gate nobody approved); warnings allow.
Decision decide(const std::vector<Finding>& findings);

struct Stats {
  std::uint64_t files = 0;
  std::uint64_t bytes = 0;
  double duration_ms = 0;
};

// What a check hands to a formatter.
struct Report {
  std::string stage;  // "pre-commit", "check"
  Decision decision = Decision::allow;
  std::vector<Finding> findings;
  Stats stats;
};

// The exit code every agentops executable uses for a report: 0 allow, 1 block.
int exit_code(const Report& report);

}  // namespace agentops
