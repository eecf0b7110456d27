#include "approval/ssh_keygen.h"

namespace agentops::approval {

Result<std::string> ssh_sign(const std::string&, const std::string&, const std::string&) {
  return Error{"not implemented"};
}
Result<SshVerdict> ssh_verify(const std::string&, const std::string&, const std::string&, const std::string&,
                              const std::string&, std::optional<long long>) {
  return Error{"not implemented"};
}
Result<SshVerdict> ssh_check_novalidate(const std::string&, const std::string&, const std::string&) {
  return Error{"not implemented"};
}
Result<std::vector<std::string>> ssh_find_principals(const std::string&, const std::string&) {
  return Error{"not implemented"};
}

}  // namespace agentops::approval
