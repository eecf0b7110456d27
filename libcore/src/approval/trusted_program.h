// Where the programs that judge signatures (ssh-keygen, gpg) are found.
#pragma once

#include <string>

namespace agentops::approval {

// `name` as found in PATH's absolute directories only, or "" when none holds
// it. An empty entry, "." or a relative one ("node_modules/.bin") names a
// directory of the working tree the hooks run in, which the change under
// judgement writes: a program it carries there would judge its own approval.
std::string find_trusted_program(const std::string& name);

}  // namespace agentops::approval
