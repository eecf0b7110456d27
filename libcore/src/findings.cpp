// Severities, decisions and exit codes: the vocabulary every rule and output shares.
#include "agentops/findings.h"

namespace agentops {

const char* to_string(Severity severity) {
  switch (severity) {
    case Severity::off: return "off";
    case Severity::warn: return "warn";
    case Severity::gate: return "gate";
    case Severity::block: return "block";
  }
  return "block";
}

std::optional<Severity> parse_severity(std::string_view text) {
  if (text == "off") return Severity::off;
  if (text == "warn") return Severity::warn;
  if (text == "gate") return Severity::gate;
  if (text == "block") return Severity::block;
  return std::nullopt;
}

const char* to_string(Decision decision) {
  return decision == Decision::block ? "block" : "allow";
}

Decision decide(const std::vector<Finding>& findings, GateState gate) {
  for (const auto& finding : findings) {
    if (finding.severity == Severity::block) return Decision::block;
    if (finding.severity == Severity::gate && gate == GateState::missing) return Decision::block;
  }
  return Decision::allow;
}

int exit_code(const Report& report) { return report.decision == Decision::block ? 1 : 0; }

}  // namespace agentops
