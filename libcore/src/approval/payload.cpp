#include "approval/payload.h"

namespace agentops::approval {

std::string approval_payload(const Change&, const Policy&) { return kPayloadHeader; }

}  // namespace agentops::approval
