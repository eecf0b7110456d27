// `agentops policy init`: placeholder, filled in below.
#include "agentops/policy_tools.h"

namespace agentops {

Result<std::string> propose_policy(const git::Repository&, const StarterOptions&) {
  return Error{"policy init is not implemented yet"};
}

}  // namespace agentops
