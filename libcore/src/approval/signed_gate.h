// The human gate under [gates] approval = "signed", as every layer applies it:
// a change's gated findings are approved only by an Agentops-Approval trailer
// that verifies against the base side's trust (verifier.h); the verdict is
// recorded on each gated finding, and a refused approval says why.
#pragma once

#include <string>
#include <vector>

#include "agentops/change.h"
#include "agentops/findings.h"
#include "agentops/message.h"
#include "agentops/policy.h"
#include "agentops/result.h"
#include "approval/verifier.h"

namespace agentops::approval {

// Who made the change, for the non-contributor rule ("Name <email>").
struct Contributors {
  std::string author;
  std::string committer;
};

// Whether `findings` hold a gated finding nobody approved yet (only then is
// a signature worth verifying).
bool needs_approval(const std::vector<Finding>& findings);

// The verdict on `trailers` for `change`, judged by `base` (the policy and
// trust of the base side: its protected paths make the payload, its signers
// decide). An error when verification could not run: callers fail closed.
Result<ApprovalVerdict> judge_signed_approval(const Change& change, const Policy& base,
                                              const std::vector<Trailer>& trailers, const Contributors& who);

// Marks the gated findings with `verdict` (approved by its principal when
// verified), and adds the refusal's finding when an approval was given and
// does not count.
void apply_verdict(const ApprovalVerdict& verdict, const GatesPolicy& gates, std::vector<Finding>& findings);

}  // namespace agentops::approval
