#include "approval/commit_signature.h"

namespace agentops::approval {

const char* to_string(SignatureState) { return "unsigned"; }

Result<SignatureVerdict> verify_commit_signature(const git::Repository&, const git_oid&, const TrustFiles&) {
  return Error{"commit signature verification is not implemented"};
}

}  // namespace agentops::approval
