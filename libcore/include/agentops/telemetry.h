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
// to decisions.jsonl.1 past 8 MiB. `attempt` (pre-commit and commit-msg: see
// commit_attempt in agentops/decision_log.h) ties the stages of one commit
// attempt together, so `agentops report` counts the attempt once.
Status record_decision(const git::Repository& repo, const Report& report, const std::string& attempt = "");

// post-commit found commit `commit_hex` made past the hooks: one "bypass" line
// with the commit, why, and `judged`'s findings (what pre-push will say), or
// "decision":"unknown" when it could not be judged (`judged` null). Written
// whatever [telemetry] says unless `judged` says the policy turned it off.
Status record_bypass(const git::Repository& repo, const std::string& commit_hex, const std::string& why,
                     const Report* judged);

// Reading the log: agentops/decision_log.h.
std::string telemetry_path(const git::Repository& repo);

}  // namespace agentops
