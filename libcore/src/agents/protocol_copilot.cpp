// GitHub Copilot CLI and Copilot coding agent,
// https://docs.github.com/en/copilot/reference/hooks-configuration
// (.github/hooks/*.json, version 1, event preToolUse):
//   stdin: timestamp, cwd, toolName, toolArgs: toolArgs is a JSON *string*
//   holding the tool's arguments (the SDK's in-process hook gets an object:
//   read too). Tools: bash / powershell {command}, edit {path, old_str,
//   new_str}, create {path, file_text}; other writers (write...) are judged by
//   their arguments (a path with text).
//   Answer: JSON on stdout {"permissionDecision":"deny",
//   "permissionDecisionReason":...}; no output lets the tool run (we never
//   answer "allow": a guardrail takes permission away, it grants none).
#include "agents/protocol.h"

#include "agents/tool_input.h"

namespace agentops::agents {
namespace {

bool knows_event(std::string_view event) { return event == "preToolUse"; }

Result<Action> parse(std::string_view, const json::Value& payload) {
  auto cwd = optional_string(payload, "cwd");
  if (!cwd) return cwd.error();
  const json::Value* tool = payload.find("toolName");
  if (!tool || !tool->is_string()) return Error{"the payload has no toolName string"};
  const json::Value* args = payload.find("toolArgs");
  json::Value reparsed;
  if (args && args->is_string()) {
    auto inner = json::parse(args->text);
    if (!inner) return Error{"toolArgs is not JSON: " + inner.error().message};
    reparsed = std::move(*inner);
    args = &reparsed;
  }
  if (!args || !args->is_object()) return Error{"the payload has no toolArgs object"};
  auto action = action_from_tool(tool->text, *args);
  if (!action) return action.error();
  action->cwd = std::move(*cwd);
  return action;
}

std::string deny_json(const std::string& reason) {
  return "{\"permissionDecision\":\"deny\",\"permissionDecisionReason\":" + json::quote(reason) + "}\n";
}

HookAnswer answer(std::string_view, const Verdict& verdict) {
  HookAnswer out;
  out.stderr_text = verdict.note;
  if (verdict.refuse) out.stdout_text = deny_json(verdict.reason);
  return out;
}

HookAnswer fail(std::string_view, const std::string& message) {
  const std::string reason = "agentops hook: " + message;
  return HookAnswer{2, deny_json(reason), reason + "\n"};
}

}  // namespace

const Protocol& copilot_protocol() {
  static const Protocol protocol{"copilot", knows_event, parse, answer, fail};
  return protocol;
}

}  // namespace agentops::agents
