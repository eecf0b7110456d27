// Reading the local decision log (agentops/telemetry.h writes it) for
// `agentops report` without --range: commit attempts counted once however many
// hooks judged them, per-stage counts, rules that fired, and the commits
// post-commit found made past the hooks (bypasses).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "agentops/git.h"
#include "agentops/result.h"

namespace agentops {

// What ties the pre-commit and commit-msg lines of one commit attempt:
// "<tree id of the index about to be committed>:<HEAD id, or 'unborn'>".
// Empty when the index cannot be written as a tree (the line then stands alone).
std::string commit_attempt(const git::Repository& repo);

// `--since`: "YYYY-MM-DD" (midnight UTC) or "YYYY-MM-DDTHH:MM:SSZ", as the
// log's own timestamp form; an error for anything else ("yesterday",
// "2026-13-01", "2026-02-30").
Result<std::string> parse_since(std::string_view text);

struct RuleTally {
  std::uint64_t findings = 0;  // distinct findings (rule, path, line), once per commit attempt
  std::uint64_t blocking = 0;  // of which blocked or were gated without approval
};
struct StageTally {
  std::uint64_t allowed = 0;
  std::uint64_t blocked = 0;  // block, or a gate nobody approved
};
struct BypassRecord {
  std::string commit;                // full id
  std::string time;                  // when post-commit saw it
  std::string rejudged;              // allow | gate | block | unknown (could not be judged)
  std::string why;                   // what post-commit found missing
  std::vector<std::string> rules;    // blocking rules of the re-judgement, sorted, each once
};
struct DecisionLogSummary {
  std::string since;  // the normalised --since, "" for everything
  // Commit attempts (pre-commit and commit-msg lines grouped by their
  // "attempt"; a line without one is its own attempt).
  std::uint64_t attempts = 0;
  std::uint64_t attempts_allowed = 0;
  std::uint64_t attempts_blocked = 0;
  std::map<std::string, StageTally> stages;  // every decision line, by stage
  std::map<std::string, RuleTally> rules;
  std::vector<BypassRecord> bypasses;  // oldest first
  std::uint64_t lines = 0;
  std::uint64_t unreadable = 0;  // lines that are not agentops decisions
};

// Folds log text (the rotated file first, then the current one) into a
// summary; lines before `since` (normalised, see parse_since) are left out.
DecisionLogSummary summarize_decision_log(const std::vector<std::string>& texts, const std::string& since);

// The repository's log (decisions.jsonl.1 and decisions.jsonl); a missing
// log is an empty summary.
Result<DecisionLogSummary> read_decision_log(const git::Repository& repo, const std::string& since);

std::string format_decision_log_text(const DecisionLogSummary& summary, const std::string& log_path);
// {"version":1,"log":..,"since":..|null,"attempts":{..},"stages":{..},
//  "rules":[..],"bypasses":[..],"unreadable":N}, one document and a newline.
std::string format_decision_log_json(const DecisionLogSummary& summary, const std::string& log_path);

}  // namespace agentops
