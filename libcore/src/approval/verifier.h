// Whether a commit (or a staged change) carries a signed approval a person
// gave: an Agentops-Approval trailer whose signature ssh-keygen verifies,
// under namespace agentops-approval@v1, against the base side's allowed
// signers, over exactly this change's payload, by a principal who is neither
// the change's author nor its committer (the non-contributor rule), with a
// key that is still valid now.
#pragma once

#include <string>
#include <vector>

#include "agentops/findings.h"
#include "agentops/message.h"
#include "agentops/policy.h"
#include "agentops/result.h"

namespace agentops::approval {

inline constexpr const char* kApprovalNamespace = "agentops-approval@v1";
inline constexpr const char* kApprovalTrailer = "Agentops-Approval";

// Why an approval does or does not count; the names are the JSON contract.
enum class ApprovalState {
  verified,       // a good signature by an allowed non-contributor over this payload
  none,           // no Agentops-Approval trailer
  typed,          // only the typed [gates] approval_trailer, which does not count under approval = "signed"
  malformed,      // the trailer is not "<principal> <base64 SSH signature>"
  unknown_key,    // the key, or the principal for it, is not in the base's allowed signers (for this namespace)
  other_content,  // the signature covers another payload (the change is not what was approved)
  self_approval,  // the principal (or its key) is the change's author or committer
  expired,        // valid-before has passed (or valid-after not yet reached)
  no_signers,     // the base side has no allowed signers file
};
const char* to_string(ApprovalState state);  // "verified", "none", "typed", "malformed", "unknown-key", ...

struct ApprovalVerdict {
  ApprovalState state = ApprovalState::none;
  std::string principal;    // the approving principal (the one claimed, when refused)
  std::string fingerprint;  // "SHA256:..." of the signing key, when known
  std::string detail;       // one line: what was refused and why, naming the principal
  std::vector<std::string> approvers;  // who may approve: the base's principals for the namespace
};

struct ApprovalSubject {
  std::string payload;             // approval_payload() of the change
  std::vector<Trailer> trailers;   // the message's trailers, as git reads them
  std::string author;              // "Name <email>" of the change's author
  std::string committer;           // and committer
};

// The best verdict over every Agentops-Approval trailer of `subject`:
// verified when one verifies; otherwise the refusal of the last one (or
// `typed`/`none`). `trust` is the base side's (Policy::trust); `gates` names
// the typed trailer and the signers file for messages. An error only when
// verification could not run (ssh-keygen absent, failed, timed out): callers
// fail closed.
Result<ApprovalVerdict> verify_approval(const ApprovalSubject& subject, const TrustFiles& trust,
                                        const GatesPolicy& gates);

// The finding a refused approval adds (rule gate.signed-approval, severity
// gate): which refusal it is and who may approve.
Finding refusal_finding(const ApprovalVerdict& verdict, const GatesPolicy& gates);

}  // namespace agentops::approval
