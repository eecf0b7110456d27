// One agent's hook protocol: which events it sends, how its payload reads as
// an Action, and how a verdict is answered so that the agent acts on it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "agentops/agents.h"
#include "agentops/result.h"
#include "agents/action.h"
#include "agents/json.h"

namespace agentops::agents {

// What the judge decided about an action.
struct Verdict {
  bool refuse = false;  // deny the tool call, or (stop) keep the agent working
  std::string reason;   // for the agent: rule ids, path:line, what to do; never a secret
  std::string note;     // for the person only (stderr where the agent shows it)
};

struct Protocol {
  std::string_view agent;
  bool (*knows_event)(std::string_view event);
  Result<Action> (*parse)(std::string_view event, const json::Value& payload);
  HookAnswer (*answer)(std::string_view event, const Verdict& verdict);
  // A failure (bad input, unknown event, no policy): deny, as the agent reads a deny.
  HookAnswer (*fail)(std::string_view event, const std::string& message);
};

const Protocol* protocol_for(std::string_view agent);

const Protocol& claude_protocol();
const Protocol& codex_protocol();
const Protocol& gemini_protocol();
const Protocol& cursor_protocol();
const Protocol& copilot_protocol();

// Claude Code, Codex and Gemini CLI read a deny as exit 2 with the reason on
// stderr (any other non-zero exit lets the call go ahead): the answer to a
// verdict, the note first on stderr and nothing on stdout.
HookAnswer answer_by_exit_2(std::string_view event, const Verdict& verdict);
// Their failure: exit 2 and the message on stderr.
HookAnswer fail_by_exit_2(std::string_view event, const std::string& message);

// Shared reading helpers for the protocol files.
// The string at `key`, "" when absent; an error when present and not a string.
Result<std::string> optional_string(const json::Value& payload, std::string_view key);
Result<bool> optional_bool(const json::Value& payload, std::string_view key);

// The payload Claude Code set out and Codex and Gemini CLI follow: `cwd`;
// for `stop_event`, `stop_hook_active`; else `tool_name` and a `tool_input` object.
Result<Action> parse_tool_payload(std::string_view event, std::string_view stop_event, const json::Value& payload);

}  // namespace agentops::agents
