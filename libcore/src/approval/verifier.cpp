#include "approval/verifier.h"

namespace agentops::approval {

const char* to_string(ApprovalState) { return "none"; }

Result<ApprovalVerdict> verify_approval(const ApprovalSubject&, const TrustFiles&, const GatesPolicy&) {
  return Error{"signed approvals are not implemented"};
}

Finding refusal_finding(const ApprovalVerdict&, const GatesPolicy&) { return Finding{}; }

}  // namespace agentops::approval
