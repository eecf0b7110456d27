// The human gate under [gates] approval = "signed", as every layer applies it:
// a change's gated findings are approved only by an Agentops-Approval trailer
// that verifies against the base side's trust (verifier.h), and only those the
// signed payload covers: an approval of the protected paths lifts the gates on
// protected paths; an approval of the whole change (scope change) lifts them
// all. The verdict is recorded on each gated finding, and a refused approval
// says why.
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

struct GateVerdict {
  ApprovalVerdict verdict;
  bool whole_change = false;  // the signature covers every path (scope change)
};

// Whether `findings` hold a gated finding nobody approved yet (only then is
// a signature worth verifying).
bool needs_approval(const std::vector<Finding>& findings);

// The verdict on `trailers` for `change`, judged by `base` (the policy and
// trust of the base side: its protected paths make the payload, its signers
// decide). The whole-change payload is tried too when the protected one does
// not approve every pending gate of `findings`. An error when verification
// could not run: callers fail closed.
Result<GateVerdict> judge_signed_approval(const Change& change, const Policy& base,
                                          const std::vector<Trailer>& trailers, const Contributors& who,
                                          const std::vector<Finding>& findings);

// Whether a verified `gate` approves `finding`.
bool covers(const GateVerdict& gate, const Finding& finding, const Policy& base);

// Marks the gated findings with the verdict (approved by its principal where
// it covers them), and adds the refusal's finding when an approval was given
// and does not count.
void apply_verdict(const GateVerdict& gate, const Policy& base, std::vector<Finding>& findings);

}  // namespace agentops::approval
