// The table of agents `agentops hook` answers.
#include "agents/protocol.h"

namespace agentops::agents {

const Protocol* protocol_for(std::string_view agent) {
  for (const Protocol* protocol :
       {&claude_protocol(), &codex_protocol(), &gemini_protocol(), &cursor_protocol(), &copilot_protocol()})
    if (protocol->agent == agent) return protocol;
  return nullptr;
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

}  // namespace agentops::agents
