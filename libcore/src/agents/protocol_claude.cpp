// Claude Code and OpenAI Codex: the same hook wire format.
//
// Claude Code, https://code.claude.com/docs/en/hooks (hooks reference):
//   stdin: hook_event_name, cwd, tool_name, tool_input (file paths absolute);
//   Write {file_path, content}, Edit {file_path, old_string, new_string,
//   replace_all}, MultiEdit {file_path, edits[]}, NotebookEdit {notebook_path,
//   new_source}, Bash {command}; Stop carries stop_hook_active.
//   PreToolUse: exit 2 blocks the call and stderr is fed to Claude as the
//   reason; any other non-zero exit is a non-blocking error (the call goes
//   ahead). JSON hookSpecificOutput.permissionDecision "deny" is read only on
//   exit 0, so a deny here is exit 2 + stderr alone (the JSON would be ignored).
//   Stop: {"decision":"block","reason":...} on stdout (exit 0) keeps Claude
//   working; stop_hook_active is true when Claude already continues from a
//   stop hook, and then we let it stop.
// Codex, https://developers.openai.com/codex/hooks (.codex/hooks.json): the
//   Claude envelope and exit codes; file edits are tool_name "apply_patch"
//   with the raw patch in tool_input.command (openai/codex PR #18391; some
//   adapters document tool_input.patch, read too); shell tools are "Bash" with
//   tool_input.command; older versions send the envelope inside a shell
//   command (`apply_patch <<'EOF'`), read by tool_input.cpp.
#include "agents/protocol.h"

#include "agents/tool_input.h"

namespace agentops::agents {
namespace {

bool knows_event(std::string_view event) { return event == "PreToolUse" || event == "Stop"; }

Result<Action> parse(std::string_view event, const json::Value& payload) {
  return parse_tool_payload(event, "Stop", payload);
}

// Stop is the one event Claude reads a JSON answer to (a deny of a tool call
// must be exit 2: its JSON is read only on exit 0).
HookAnswer answer(std::string_view event, const Verdict& verdict) {
  if (!verdict.refuse || event != "Stop") return answer_by_exit_2(event, verdict);
  HookAnswer out;
  out.stderr_text = verdict.note;
  out.stdout_text = "{\"decision\":\"block\",\"reason\":" + json::quote(verdict.reason) + "}\n";
  return out;
}

}  // namespace

const Protocol& claude_protocol() {
  static const Protocol protocol{"claude", knows_event, parse, answer, fail_by_exit_2};
  return protocol;
}

const Protocol& codex_protocol() {
  static const Protocol protocol{"codex", knows_event, parse, answer, fail_by_exit_2};
  return protocol;
}

}  // namespace agentops::agents
