#include "approval/signed_gate.h"

#include <algorithm>

#include "approval/payload.h"

namespace agentops::approval {

bool needs_approval(const std::vector<Finding>& findings) {
  return std::any_of(findings.begin(), findings.end(),
                     [](const Finding& f) { return f.severity == Severity::gate && f.approved_by.empty(); });
}

Result<ApprovalVerdict> judge_signed_approval(const Change& change, const Policy& base,
                                              const std::vector<Trailer>& trailers, const Contributors& who) {
  const ApprovalSubject subject{approval_payload(change, base), trailers, who.author, who.committer};
  return verify_approval(subject, base.trust, base.gates);
}

void apply_verdict(const ApprovalVerdict& verdict, const GatesPolicy& gates, std::vector<Finding>& findings) {
  const bool verified = verdict.state == ApprovalState::verified;
  ApprovalRecord record{to_string(verdict.state), verdict.principal, verdict.fingerprint,
                        verified ? "" : verdict.detail};
  for (auto& finding : findings) {
    if (finding.severity != Severity::gate || !finding.approved_by.empty()) continue;
    finding.approval = record;
    if (verified) finding.approved_by = verdict.principal;
  }
  // No approval given: the gated findings' hints say how to give one. One
  // given that does not count is a finding of its own, saying why.
  if (!verified && verdict.state != ApprovalState::none) findings.push_back(refusal_finding(verdict, gates));
}

}  // namespace agentops::approval
