// Gemini CLI, https://geminicli.com/docs/hooks/reference (and
// google-gemini/gemini-cli docs/hooks/reference.md), .gemini/settings.json:
//   stdin: hook_event_name, cwd, tool_name, tool_input; tools write_file
//   {file_path, content}, replace {file_path, old_string, new_string},
//   run_shell_command {command}. AfterAgent ends a turn (stop_hook_active
//   read when present).
//   Exit codes: 0 success (stdout parsed as JSON), 2 "System Block": the
//   action is blocked and stderr is the reason, other: a warning, the CLI
//   goes on. So every deny here is exit 2 + stderr, and nothing but JSON may
//   reach stdout.
#include "agents/protocol.h"

#include "agents/tool_input.h"

namespace agentops::agents {
namespace {

bool knows_event(std::string_view event) { return event == "BeforeTool" || event == "AfterAgent"; }

Result<Action> parse(std::string_view event, const json::Value& payload) {
  auto cwd = optional_string(payload, "cwd");
  if (!cwd) return cwd.error();
  if (event == "AfterAgent") {
    auto active = optional_bool(payload, "stop_hook_active");
    if (!active) return active.error();
    Action action = make_action(ActionKind::stop, "AfterAgent");
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

HookAnswer answer(std::string_view, const Verdict& verdict) {
  HookAnswer out;
  out.stderr_text = verdict.note;
  if (!verdict.refuse) return out;
  out.exit_code = 2;
  out.stderr_text += verdict.reason;
  return out;
}

HookAnswer fail(std::string_view, const std::string& message) {
  return HookAnswer{2, "", "agentops hook: " + message + "\n"};
}

}  // namespace

const Protocol& gemini_protocol() {
  static const Protocol protocol{"gemini", knows_event, parse, answer, fail};
  return protocol;
}

}  // namespace agentops::agents
