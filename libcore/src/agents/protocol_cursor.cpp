// Cursor, https://cursor.com/docs/agent/hooks (.cursor/hooks.json, version 1):
//   every payload: hook_event_name, conversation_id, generation_id,
//   workspace_roots[]. preToolUse {tool_name, tool_input (an object; read
//   also when sent as a JSON string)}, beforeShellExecution {command, cwd},
//   beforeReadFile {file_path, content}, afterFileEdit {file_path, edits[]}
//   (after the fact: nothing to block), stop {status, loop_count}.
//   Answers are JSON on stdout: {"permission":"allow"|"deny"|"ask",
//   "user_message", "agent_message"}; beforeReadFile reads permission only;
//   stop may return {"followup_message"} to send the agent back to work
//   (loop_count counts such follow-ups; Cursor caps them): we follow up only
//   when loop_count is 0. Exit code 2 also denies; a hook entry's
//   "failClosed": true makes a crashed hook deny (set by agentops-install).
//   An allow is "{}": the hook takes nothing away, and grants nothing Cursor's
//   own approval flow would ask for (an explicit "allow" could skip it).
#include "agents/protocol.h"

#include "agents/tool_input.h"

namespace agentops::agents {
namespace {

bool knows_event(std::string_view event) {
  return event == "preToolUse" || event == "beforeShellExecution" || event == "beforeReadFile" ||
         event == "afterFileEdit" || event == "stop";
}

// The working directory: cwd, else the first workspace root.
Result<std::string> working_directory(const json::Value& payload) {
  auto cwd = optional_string(payload, "cwd");
  if (!cwd || !cwd->empty()) return cwd;
  const json::Value* roots = payload.find("workspace_roots");
  if (!roots || roots->kind == json::Value::Kind::null) return std::string();
  if (!roots->is_array()) return Error{"workspace_roots is not an array"};
  if (roots->items.empty()) return std::string();
  if (!roots->items.front().is_string()) return Error{"workspace_roots holds a non-string"};
  return roots->items.front().text;
}

Result<Action> parse(std::string_view event, const json::Value& payload) {
  auto cwd = working_directory(payload);
  if (!cwd) return cwd.error();
  Action action;
  if (event == "stop") {
    const json::Value* loops = payload.find("loop_count");
    if (loops && loops->kind != json::Value::Kind::null && loops->kind != json::Value::Kind::number)
      return Error{"loop_count is not a number"};
    action = make_action(ActionKind::stop, "stop");
    action.stop_loop_active = loops && loops->kind == json::Value::Kind::number && loops->text != "0";
  } else if (event == "beforeShellExecution") {
    const json::Value* command = payload.find("command");
    if (!command || !command->is_string()) return Error{"the payload has no command string"};
    json::Value input;
    input.kind = json::Value::Kind::object;
    input.members.push_back({"command", 0, *command});
    auto shell = action_from_tool("Shell", input);
    if (!shell) return shell.error();
    action = std::move(*shell);
  } else if (event == "beforeReadFile") {
    const json::Value* path = payload.find("file_path");
    if (!path || !path->is_string()) return Error{"the payload has no file_path string"};
    auto content = optional_string(payload, "content");
    if (!content) return content.error();
    action = make_action(ActionKind::read, "read");
    action.read_path = path->text;
    action.read_content = std::move(*content);
  } else if (event == "afterFileEdit") {
    action = make_action(ActionKind::other, "afterFileEdit");
  } else {
    const json::Value* tool = payload.find("tool_name");
    if (!tool || !tool->is_string()) return Error{"the payload has no tool_name string"};
    const json::Value* input = payload.find("tool_input");
    json::Value reparsed;
    if (input && input->is_string()) {
      auto inner = json::parse(input->text);
      if (!inner) return Error{"tool_input is a string that is not JSON: " + inner.error().message};
      reparsed = std::move(*inner);
      input = &reparsed;
    }
    if (!input || !input->is_object()) return Error{"the payload has no tool_input object"};
    auto tool_action = action_from_tool(tool->text, *input);
    if (!tool_action) return tool_action.error();
    action = std::move(*tool_action);
  }
  action.cwd = std::move(*cwd);
  return action;
}

std::string deny_json(const std::string& reason) {
  return "{\"permission\":\"deny\",\"user_message\":" + json::quote(reason) +
         ",\"agent_message\":" + json::quote(reason) + "}\n";
}

HookAnswer answer(std::string_view event, const Verdict& verdict) {
  HookAnswer out;
  out.stderr_text = verdict.note;
  if (event == "stop") {
    out.stdout_text = verdict.refuse ? "{\"followup_message\":" + json::quote(verdict.reason) + "}\n" : "{}\n";
    return out;
  }
  if (!verdict.refuse) {
    out.stdout_text = "{}\n";
    return out;
  }
  out.stdout_text = event == "beforeReadFile" ? "{\"permission\":\"deny\"}\n" : deny_json(verdict.reason);
  if (event == "beforeReadFile") out.stderr_text += verdict.reason;
  return out;
}

HookAnswer fail(std::string_view, const std::string& message) {
  const std::string reason = "agentops hook: " + message;
  return HookAnswer{2, deny_json(reason), reason + "\n"};
}

}  // namespace

const Protocol& cursor_protocol() {
  static const Protocol protocol{"cursor", knows_event, parse, answer, fail};
  return protocol;
}

}  // namespace agentops::agents
