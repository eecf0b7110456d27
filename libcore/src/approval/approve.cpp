// `agentops approve` (agentops/approval.h).
#include "agentops/approval.h"

namespace agentops {

Result<Approval> approve(const git::Repository&, const ApproveOptions&) { return Error{"not implemented"}; }

}  // namespace agentops
