#include "approval/signer.h"

namespace agentops::approval {

Result<SigningKey> signing_key(const git::Repository&, const std::string&) { return Error{"not implemented"}; }
Result<std::string> sign_payload(const SigningKey&, const std::string&, const std::string&) {
  return Error{"not implemented"};
}

}  // namespace agentops::approval
