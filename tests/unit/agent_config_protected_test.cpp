// The files agentops-install --agents writes run commands on the next
// machine: each must be on the agents' config list (what `agentops hook`
// refuses an agent's write to) and protected by every preset.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "agentops/policy.h"
#include "agents/agent_files.h"
#include "glob.h"
#include "install/agent_configs.h"

namespace agentops::install {
namespace {

constexpr Agent kAgents[] = {Agent::claude, Agent::codex, Agent::gemini, Agent::cursor, Agent::copilot, Agent::aider};

TEST(AgentConfigProtected, EveryInstalledFileIsOnTheAgentsConfigList) {
  const std::vector<std::string> globs(agents::kAgentConfigGlobs.begin(), agents::kAgentConfigGlobs.end());
  for (Agent agent : kAgents) {
    const std::string path = agent_config_file(agent, "agentops").path;
    EXPECT_TRUE(glob_match_any(globs, path)) << path;
  }
  EXPECT_TRUE(glob_match_any(globs, ".github/hooks/someone-elses.json"));
  EXPECT_FALSE(glob_match_any(globs, "src/.claude/settings.json"));
}

TEST(AgentConfigProtected, EveryPresetProtectsEveryInstalledFileAndNotAnUnrelatedOne) {
  for (const char* preset : {"baseline", "strict", "ai-agents", "twelve-factor"}) {
    auto policy = load_preset(preset);
    ASSERT_TRUE(policy) << preset << ": " << policy.error().message;
    const auto& protected_paths = policy->paths.protected_paths;
    for (Agent agent : kAgents) {
      const std::string path = agent_config_file(agent, "agentops").path;
      EXPECT_TRUE(glob_match_any(protected_paths, path)) << preset << " does not protect " << path;
    }
    EXPECT_FALSE(glob_match_any(protected_paths, "src/main.cpp")) << preset;
    EXPECT_FALSE(glob_match_any(protected_paths, "docs/settings.json")) << preset;
  }
}

}  // namespace
}  // namespace agentops::install
