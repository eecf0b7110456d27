// Telemetry: every decision a hook or check makes, appended as one JSON line to
// <git common dir>/agentops/decisions.jsonl, so a team can see which rules fire
// and tune its policy. Lines hold rule ids, severities, paths and counts; never
// messages or excerpts, so never a secret. Local only: nothing leaves the machine.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "agentops/findings.h"
#include "agentops/git.h"
#include "agentops/result.h"

namespace agentops {

// Appends `report` when its policy has [telemetry] enabled. The log is rotated
// to decisions.jsonl.1 past 8 MiB.
Status record_decision(const git::Repository& repo, const Report& report);

// What the log says, for `agentops report`.
struct RuleTally {
  std::uint64_t findings = 0;  // times the rule produced a finding
  std::uint64_t blocking = 0;  // of which blocked or were gated without approval
};
struct DecisionSummary {
  std::map<std::string, std::uint64_t> allowed;  // by stage
  std::map<std::string, std::uint64_t> blocked;  // by stage
  std::map<std::string, RuleTally> rules;
  std::uint64_t lines = 0;
  std::uint64_t unreadable = 0;  // lines that are not agentops decisions
};

// Reads the log (and its rotated predecessor); `since` is an ISO date
// ("2026-11-01") or empty for everything.
Result<DecisionSummary> summarize_decisions(const git::Repository& repo, const std::string& since);

std::string telemetry_path(const git::Repository& repo);

}  // namespace agentops
