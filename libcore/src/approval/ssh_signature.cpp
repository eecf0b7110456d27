#include "approval/ssh_signature.h"

namespace agentops::approval {

Result<std::string> one_line(std::string_view) { return Error{"not implemented"}; }
std::string armored(std::string_view) { return ""; }
Result<SshSignature> parse_signature(std::string_view) { return Error{"not implemented"}; }
Result<std::string> base64_decode(std::string_view) { return Error{"not implemented"}; }

}  // namespace agentops::approval
