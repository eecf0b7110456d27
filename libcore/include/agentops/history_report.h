// `agentops report --range A..B`: every commit of a range judged by the same
// engine as `check --range` (CommitJudge, the base's policy or a dry run's),
// then folded into the figures a team shows: compliance overall, per week, per
// rule, agent-attributed against other commits, the protected-path ledger with
// approval states, the commits that reached the range while breaking the
// policy, and message hygiene. Holds ids, rule names, paths, dates and redacted
// subjects only: never file contents, never a secret.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "agentops/findings.h"
#include "agentops/git.h"
#include "agentops/policy.h"
#include "agentops/result.h"

namespace agentops {

// One commit of the range and what the policy said about it.
struct CommitVerdict {
  std::string commit;          // full hex id
  std::string subject;         // first line of the message, secrets redacted, control characters dropped
  std::int64_t time = 0;       // committer time, seconds since the epoch (UTC)
  std::string week;            // ISO week of `time`: "2026-W49"
  bool agent = false;          // marked agent-written by the [agents] markers
  Decision decision = Decision::allow;
  std::vector<std::string> blocking_rules;  // rules with a blocking finding, sorted, each once
  std::vector<std::string> gated_rules;     // rules gated without an approval, sorted, each once
  std::string reason;          // one line: the first blocking or gated finding's message
  bool compliant() const { return decision == Decision::allow; }
};

// A change to a protected path and where its approval stands.
struct ProtectedChange {
  std::string commit;
  std::string path;
  // "signed" (an `agentops approve` signature verified), "typed" (an approval
  // trailer accepted under approval = "trailer" or "tty"), "none".
  std::string approval;
  std::string approver;  // the principal or trailer value; empty for "none"
};

// How many commits one rule blocked or gated (a commit counts once per rule).
struct RuleCommits {
  std::string rule;
  std::uint64_t blocked = 0;
  std::uint64_t gated = 0;
};

struct WeekCompliance {
  std::string week;  // "2026-W49"
  std::uint64_t commits = 0;
  std::uint64_t compliant = 0;
  // Commits per rule that blocked or gated in this week (the heatmap's cells).
  std::map<std::string, std::uint64_t> rules;
};

struct CommitShare {
  std::uint64_t commits = 0;
  std::uint64_t compliant = 0;
};

// Message hygiene over the range: how many commits recorded what.
struct MessageHygiene {
  std::uint64_t with_body = 0;
  std::map<std::string, std::uint64_t> sections;  // "Learning", "Context", ...: commits with that section
  std::map<std::string, std::uint64_t> trailers;  // trailer key -> commits carrying it
};

struct HistoryReport {
  std::string range;      // as given: "A..B"
  std::string judged_by;  // "the policy of A", "the preset twelve-factor", ...
  bool dry_run = false;
  std::uint64_t commits = 0;    // commits judged
  std::uint64_t compliant = 0;  // commits with no blocking finding and every gate satisfied
  std::vector<RuleCommits> rules;          // most commits first, then by name
  std::vector<WeekCompliance> weeks;       // oldest week first
  CommitShare agents;                      // commits marked by [agents] markers
  CommitShare others;
  std::vector<ProtectedChange> protected_changes;  // in commit order
  // Commits that reached the range while breaking the policy: each got past
  // (or never met) the local hooks. In commit order, oldest first.
  std::vector<CommitVerdict> bypasses;
  MessageHygiene hygiene;
  std::vector<CommitVerdict> verdicts;  // every commit, oldest first
  double duration_ms = 0;
};

// Judges every commit of `range` (BASE..HEAD, both sides named) by BASE's
// policy, or by `judged_by` (a dry run, under the organisation floor), and
// folds the verdicts. `progress` is called with (judged, total).
Result<HistoryReport> report_range(const git::Repository& repo, const std::string& range,
                                   const std::function<void(size_t, size_t)>& progress = {},
                                   const Policy* judged_by = nullptr, const std::string& judged_by_name = "");

// Text for a terminal: "commits: 10, compliant: 6 (60.0%)" first, then the rest.
std::string format_history_text(const HistoryReport& report);
// One JSON document (version 1) and a newline; keys documented in docs/report.md.
std::string format_history_json(const HistoryReport& report);
// One self-contained HTML file (inline CSS and SVG, nothing fetched), the
// same bytes for the same report.
std::string format_history_html(const HistoryReport& report);

}  // namespace agentops
