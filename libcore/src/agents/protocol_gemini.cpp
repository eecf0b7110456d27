// Gemini CLI, https://geminicli.com/docs/hooks/reference (the same text as
// google-gemini/gemini-cli docs/hooks/reference.md, read at commit 06c0d81),
// .gemini/settings.json:
//   stdin: session_id, transcript_path, cwd, hook_event_name, timestamp.
//   BeforeTool: tool_name, tool_input; tools write_file {file_path, content},
//   replace {file_path, old_string, new_string}, run_shell_command {command}.
//   "Exit Code 2 (Block Tool): prevents execution, stderr is the reason sent to
//   the agent; the turn continues."
//   AfterAgent: prompt, prompt_response, stop_hook_active ("already running as
//   part of a retry sequence"). "Exit Code 2 (Retry): rejects the response and
//   triggers an automatic retry turn using stderr as the feedback prompt."
//   Any other non-zero exit is a warning and the CLI goes on: every deny here
//   is exit 2 + stderr, and nothing but JSON may reach stdout.
#include "agents/protocol.h"

#include "agents/tool_input.h"

namespace agentops::agents {
namespace {

bool knows_event(std::string_view event) { return event == "BeforeTool" || event == "AfterAgent"; }

Result<Action> parse(std::string_view event, const json::Value& payload) {
  return parse_tool_payload(event, "AfterAgent", payload);
}

}  // namespace

const Protocol& gemini_protocol() {
  static const Protocol protocol{"gemini", knows_event, parse, answer_by_exit_2, fail_by_exit_2};
  return protocol;
}

}  // namespace agentops::agents
