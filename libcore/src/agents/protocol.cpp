// The table of agents `agentops hook` answers.
#include "agents/protocol.h"
#include "agents/tool_input.h"

namespace agentops::agents {

const Protocol* protocol_for(std::string_view agent) {
  for (const Protocol* protocol :
       {&claude_protocol(), &codex_protocol(), &gemini_protocol(), &cursor_protocol(), &copilot_protocol()})
    if (protocol->agent == agent) return protocol;
  return nullptr;
}

HookAnswer answer_by_exit_2(std::string_view, const Verdict& verdict) {
  HookAnswer out;
  out.stderr_text = verdict.note;
  if (!verdict.refuse) return out;
  out.exit_code = 2;
  out.stderr_text += verdict.reason;
  return out;
}

HookAnswer fail_by_exit_2(std::string_view, const std::string& message) {
  return HookAnswer{2, "", "agentops hook: " + message + "\n"};
}

Result<std::string> optional_string(const json::Value& payload, std::string_view key) {
  const json::Value* value = payload.find(key);
  if (!value || value->kind == json::Value::Kind::null) return std::string();
  if (!value->is_string()) return Error{std::string(key) + " is not a string"};
  return value->text;
}

Result<bool> optional_bool(const json::Value& payload, std::string_view key) {
  const json::Value* value = payload.find(key);
  if (!value || value->kind == json::Value::Kind::null) return false;
  if (value->kind != json::Value::Kind::boolean) return Error{std::string(key) + " is not a boolean"};
  return value->boolean;
}

Result<Action> parse_tool_payload(std::string_view event, std::string_view stop_event, const json::Value& payload) {
  auto cwd = optional_string(payload, "cwd");
  if (!cwd) return cwd.error();
  if (event == stop_event) {
    auto active = optional_bool(payload, "stop_hook_active");
    if (!active) return active.error();
    Action action = make_action(ActionKind::stop, std::string(stop_event));
    action.cwd = std::move(*cwd);
    action.stop_loop_active = *active;
    return action;
  }
  const json::Value* tool = payload.find("tool_name");
  if (!tool || !tool->is_string()) return Error{"the payload has no tool_name string"};
  const json::Value* input = payload.find("tool_input");
  if (!input || !input->is_object()) return Error{"the payload has no tool_input object"};
  auto action = action_from_tool(tool->text, *input);
  if (!action) return action.error();
  action->cwd = std::move(*cwd);
  return action;
}

}  // namespace agentops::agents
