// A tool call's name and arguments as an Action. The agents name their tools
// differently (Claude's Write, Gemini's write_file, Copilot's create) but the
// arguments come in a few shapes; one table reads them all.
#pragma once

#include <string_view>

#include "agentops/result.h"
#include "agents/action.h"
#include "agents/json.h"

namespace agentops::agents {

// `input` must be an object. A tool not in the table is judged by what its
// arguments hold: a path with text is a write, a command is a shell command,
// anything else passes.
Result<Action> action_from_tool(std::string_view tool, const json::Value& input);

}  // namespace agentops::agents
