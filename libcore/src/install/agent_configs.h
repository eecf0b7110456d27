// What agentops-install --agents writes for each agent: the project config
// file, the events, and the entry for each, merged into the file as text.
// Sources relied on are listed in docs/agents.md.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "agentops/install.h"
#include "agentops/result.h"

namespace agentops::install {

struct AgentHookEntry {
  std::string event;       // the key under "hooks": "PreToolUse", "BeforeTool", "preToolUse", ...
  std::string entry_json;  // the element agentops appends to that event's array
};

struct AgentConfigFile {
  Agent agent;
  std::string path;      // relative to the work tree
  std::string skeleton;  // the file's content when agentops creates it, before the entries
  std::vector<AgentHookEntry> entries;  // empty for aider (a YAML file, agent_aider_config.h)
};
AgentConfigFile agent_config_file(Agent agent, const std::string& agent_command);

// `text` with every entry of `file` present: each missing one appended to its
// event's array (created when absent). An entry counts as present when an
// element of that array runs only agentops hooks of this agent. Errors: the
// text does not parse as strict JSON (also when it uses comments), or a value
// on the way is not of the type the agent reads (root and "hooks" objects,
// events arrays).
Result<std::string> merge_agent_hooks(std::string_view text, const AgentConfigFile& file);

struct RemovedHooks {
  std::string text;
  int removed = 0;
};
// `text` without agentops' entries for this agent; an event array left empty
// goes with them, and so does "hooks" when nothing is left in it.
Result<RemovedHooks> remove_agent_hooks(std::string_view text, const AgentConfigFile& file);

}  // namespace agentops::install
