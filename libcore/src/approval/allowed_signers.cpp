#include "approval/allowed_signers.h"

namespace agentops::approval {

Result<std::vector<AllowedSigner>> parse_allowed_signers(std::string_view) { return Error{"not implemented"}; }
bool principal_matches(const AllowedSigner&, std::string_view) { return false; }
bool allows_namespace(const AllowedSigner&, std::string_view) { return false; }
bool expired(const AllowedSigner&, std::int64_t) { return true; }
bool not_yet_valid(const AllowedSigner&, std::int64_t) { return true; }
std::vector<std::string> principals_for(const std::vector<AllowedSigner>&, std::string_view) { return {}; }

}  // namespace agentops::approval
