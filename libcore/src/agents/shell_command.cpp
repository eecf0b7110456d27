// Placeholder until the shell command judge lands: refuses nothing.
#include "agents/shell_command.h"

namespace agentops::agents {

std::vector<ShellRefusal> judge_shell_command(std::string_view, const ShellContext&) { return {}; }

}  // namespace agentops::agents
