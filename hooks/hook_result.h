// The end every hook executable shares: print the report where git shows it,
// record the decision, and return the exit code git acts on.
#pragma once

#include <cstdio>
#include <string>

#include "agentops/report.h"
#include "agentops/telemetry.h"

// `attempt` (pre-commit, commit-msg): agentops::commit_attempt, so the log
// counts one commit attempt once over both hooks.
inline int finish_hook(const agentops::git::Repository& repo, const agentops::Report& report,
                       const std::string& attempt = "") {
  std::fputs(agentops::format_text(report).c_str(), stderr);
  // The log is for tuning the policy, not a guardrail: failing to write it
  // never changes the decision.
  if (auto recorded = agentops::record_decision(repo, report, attempt); !recorded)
    std::fprintf(stderr, "agentops: warning: decision not recorded: %s\n", recorded.error().message.c_str());
  return agentops::exit_code(report);
}
