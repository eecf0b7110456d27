// The files through which a coding agent runs commands of the repository's
// choosing: its hook and settings files. Editing one is code execution on the
// next person's (or agent's) machine, so an agent's write to them is refused
// like a write to .agentops/, and every preset lists them as protected paths.
#pragma once

#include <array>
#include <string_view>

namespace agentops::agents {

// Globs in the policy's path syntax (docs/policy.md).
inline constexpr std::array<std::string_view, 11> kAgentConfigGlobs = {
    "/.claude/settings.json",   "/.claude/settings.local.json", "/.codex/hooks.json",
    "/.codex/config.toml",      "/.gemini/settings.json",       "/.cursor/hooks.json",
    "/.github/hooks/*.json",    "/.aider.conf.yml",             "/.agentops/**",
    "/.husky/**",               "/lefthook.yml",
};

}  // namespace agentops::agents
