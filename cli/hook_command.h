// `agentops hook AGENT EVENT`: a coding agent's hook (agentops/agents.h).
#pragma once

#include <string>
#include <vector>

namespace agentops::cli {

inline constexpr const char* kHookUsage =
    "  hook AGENT EVENT     answer a coding agent's hook (claude, codex, gemini, cursor, copilot):\n"
    "                       reads the agent's JSON on stdin, judges the write or command with the\n"
    "                       staged policy, answers in the agent's protocol; any failure denies\n";

int run_hook(const std::vector<std::string>& args);

}  // namespace agentops::cli
