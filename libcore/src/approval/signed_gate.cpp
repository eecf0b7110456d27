#include "approval/signed_gate.h"

#include <algorithm>

#include "approval/payload.h"
#include "rules/rule_families.h"

namespace agentops::approval {
namespace {

bool pending(const Finding& finding) { return finding.severity == Severity::gate && finding.approved_by.empty(); }

// A gate about a protected path: what a scope protected approval covers.
bool on_protected_path(const Finding& finding, const Policy& base) {
  return finding.rule == "path.protected" || (!finding.path.empty() && rules::is_protected_path(base, finding.path));
}

}  // namespace

bool needs_approval(const std::vector<Finding>& findings) {
  return std::any_of(findings.begin(), findings.end(), pending);
}

bool covers(const GateVerdict& gate, const Finding& finding, const Policy& base) {
  return gate.verdict.state == ApprovalState::verified && (gate.whole_change || on_protected_path(finding, base));
}

Result<GateVerdict> judge_signed_approval(const Change& change, const Policy& base,
                                          const std::vector<Trailer>& trailers, const Contributors& who,
                                          const std::vector<Finding>& findings) {
  const std::string automatic = approval_payload(change, base);
  const std::string whole = approval_payload(change, base, PayloadScope::change);
  auto first = verify_approval(ApprovalSubject{automatic, trailers, who.author, who.committer}, base.trust, base.gates);
  if (!first) return first.error();
  GateVerdict gate{std::move(*first), automatic == whole};
  if (gate.whole_change) return gate;
  // Scope protected: enough when it verified and every pending gate is on a
  // protected path; else a signature of the whole change may be what was given.
  const bool all_covered = std::all_of(findings.begin(), findings.end(), [&](const Finding& f) {
    return !pending(f) || on_protected_path(f, base);
  });
  if (gate.verdict.state == ApprovalState::verified && all_covered) return gate;
  auto second = verify_approval(ApprovalSubject{whole, trailers, who.author, who.committer}, base.trust, base.gates);
  if (!second) return second.error();
  if (second->state == ApprovalState::verified) return GateVerdict{std::move(*second), true};
  return gate;
}

void apply_verdict(const GateVerdict& gate, const Policy& base, std::vector<Finding>& findings) {
  const ApprovalVerdict& verdict = gate.verdict;
  const bool verified = verdict.state == ApprovalState::verified;
  const ApprovalRecord record{to_string(verdict.state), verdict.principal, verdict.fingerprint,
                              verified ? "" : verdict.detail};
  for (auto& finding : findings) {
    if (!pending(finding)) continue;
    if (covers(gate, finding, base)) {
      finding.approval = record;
      finding.approved_by = verdict.principal;
    } else if (verified) {
      // Verified, for the protected paths only: this gate is off them.
      finding.approval = ApprovalRecord{"not-covered", verdict.principal, verdict.fingerprint,
                                        "the approval by " + verdict.principal +
                                            " signs the protected paths only; this gate needs an approval of the "
                                            "whole change (agentops approve --whole-change)"};
      finding.hint = "a person in the allowed signers approves the whole change: agentops approve --whole-change";
    } else {
      finding.approval = record;
    }
  }
  // No approval given: the gated findings' hints say how to give one. One
  // given that does not count is a finding of its own, saying why.
  if (!verified && verdict.state != ApprovalState::none) findings.push_back(refusal_finding(verdict, base.gates));
}

}  // namespace agentops::approval
