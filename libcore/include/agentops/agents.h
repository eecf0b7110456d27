// `agentops hook AGENT EVENT`: a coding agent's own hook protocol. The agent's
// JSON on stdin becomes an action to judge (a file write, a shell command, a
// file read, the end of a turn), judged by the same policy and rules as the
// pre-commit hook, and the verdict is answered the way that agent reads it
// (an exit code, stderr, or JSON on stdout). Nothing here prints or exits: the
// CLI writes the answer out.
//
// Agents: claude, codex, gemini, cursor, copilot. Every failure (bad stdin, an
// unknown agent or event, a policy that does not load) answers "deny" in the
// agent's protocol: a hook that fails open is no guardrail.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace agentops::agents {

// What the hook process writes and returns.
struct HookAnswer {
  int exit_code = 0;
  std::string stdout_text;
  std::string stderr_text;
};

// The most stdin a hook reads: a whole-file write of a large file fits; more is
// refused (a bound on memory and time, not a limit on the repository).
inline constexpr size_t kMaxHookInputBytes = 16u << 20;

struct HookRequest {
  std::string agent;  // "claude", "codex", "gemini", "cursor", "copilot"
  std::string event;  // the agent's own event name ("PreToolUse", "beforeShellExecution"...)
  std::string input;  // the agent's stdin
  // The directory the repository is found from when the payload names none
  // (the process's working directory).
  std::string fallback_cwd = ".";
};

HookAnswer answer_hook(const HookRequest& request);

// The deny answer for `agent`/`event` without judging anything: the CLI's own
// failures (stdin too large or unreadable). An unknown agent gets exit 2 and
// the message on stderr.
HookAnswer refuse_hook(std::string_view agent, std::string_view event, const std::string& reason);

}  // namespace agentops::agents
