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
  switch (decision) {
    case Decision::allow: return "allow";
    case Decision::gate: return "gate";
    case Decision::block: return "block";
  }
  return "block";
}

Decision decide(const std::vector<Finding>& findings, GateState gate) {
  Decision decision = Decision::allow;
  for (const auto& finding : findings) {
    if (finding.baselined) continue;  // known and accepted: neither blocks nor gates
    if (finding.severity == Severity::block) return Decision::block;
    if (finding.severity == Severity::gate && finding.approved_by.empty() && gate != GateState::approved)
      decision = Decision::gate;
  }
  return decision;
}

void hint_next_steps(std::vector<Finding>& findings, Decision decision) {
  for (auto& finding : findings) {
    if (!finding.approved_by.empty() || finding.baselined) finding.hint.clear();
    else if (finding.severity == Severity::gate && decision == Decision::block)
      finding.hint = "approval will not help while another finding blocks: fix the blocking findings first";
  }
}

Decision stricter(Decision a, Decision b) { return static_cast<int>(a) > static_cast<int>(b) ? a : b; }

int exit_code(const Report& report) { return report.decision == Decision::allow ? 0 : 1; }

}  // namespace agentops
