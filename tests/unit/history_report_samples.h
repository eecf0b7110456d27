// Hand-built HistoryReports for the HTML dashboard tests: deterministic
// (a fixed linear congruential sequence), shaped like a real range.
#pragma once

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "agentops/history_report.h"

namespace agentops::testing {

struct SampleShape {
  size_t weeks = 40;
  size_t commits_per_week = 10;
  size_t rules = 6;
  size_t protected_every = 7;  // every n-th commit changes a protected path
};

inline std::string sample_week(size_t index) {
  const size_t week = 10 + index;  // from 2025-W10 on, 52 weeks a year
  const size_t year = 2025 + (week - 1) / 52;
  const size_t in_year = (week - 1) % 52 + 1;
  return std::to_string(year) + "-W" + (in_year < 10 ? "0" : "") + std::to_string(in_year);
}

inline std::string sample_commit_id(size_t index) {
  static const char* kHex = "0123456789abcdef";
  std::string id(40, '0');
  std::uint64_t state = index * 2654435761u + 12345;
  for (auto& c : id) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    c = kHex[(state >> 60) & 0xF];
  }
  return id;
}

// Compliance climbs from about 50% to about 95% over the weeks.
inline HistoryReport sample_report(const SampleShape& shape = {}) {
  static const char* kRuleNames[] = {"secrets.aws-access-key", "message.conventional", "protected.paths",
                                     "message.learning-section", "size.max-files", "secrets.generic-api-key",
                                     "agents.attribution", "branch.no-direct-main"};
  HistoryReport report;
  report.range = "v1.0..main";
  report.judged_by = "the policy of v1.0";
  std::map<std::string, RuleCommits> rules;
  std::uint64_t state = 42;
  const auto next = [&](std::uint64_t bound) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return (state >> 33) % bound;
  };
  size_t index = 0;
  for (size_t w = 0; w < shape.weeks; ++w) {
    WeekCompliance week;
    week.week = sample_week(w);
    const std::uint64_t fail_percent = 50 - 45 * w / (shape.weeks > 1 ? shape.weeks - 1 : 1);
    for (size_t c = 0; c < shape.commits_per_week; ++c, ++index) {
      CommitVerdict verdict;
      verdict.commit = sample_commit_id(index);
      static const char* kSubjects[] = {"parser: accept trailing commas in arrays", "ci: cache the toolchain",
                                        "fix(auth): refresh tokens before expiry", "docs: describe the release steps",
                                        "refactor: split the scheduler into two files", "feat: export reports as CSV",
                                        "build: bump the minimum CMake version", "test: cover the empty-range case"};
      verdict.subject = std::string(kSubjects[index % 8]) + " (#" + std::to_string(100 + index) + ")";
      verdict.time = 1741000000 + static_cast<std::int64_t>(index) * 3600;
      verdict.week = week.week;
      verdict.agent = next(3) == 0;
      if (shape.rules > 0 && next(100) < fail_percent) {
        const std::string rule = kRuleNames[next(shape.rules) % 8];
        const bool gate = rule == "protected.paths";
        verdict.decision = gate ? Decision::gate : Decision::block;
        (gate ? verdict.gated_rules : verdict.blocking_rules).push_back(rule);
        static const char* kReasons[] = {"an AWS access key id in config/deploy.env (AKIA************MPLE)",
                                         "subject does not follow type(scope): summary",
                                         ".agentops/policy.toml changed without an approval",
                                         "no Learning section in the message body", "43 files changed, at most 30",
                                         "a generic API key in src/client.cpp (sk_l************9f2a)",
                                         "agent-written commit without an Agent trailer", "direct commit to main"};
        verdict.reason = kReasons[static_cast<size_t>(std::find(std::begin(kRuleNames), std::end(kRuleNames), rule) - std::begin(kRuleNames))];
        RuleCommits& tally = rules[rule];
        tally.rule = rule;
        ++(gate ? tally.gated : tally.blocked);
        ++week.rules[rule];
        if (next(4) == 0) report.bypasses.push_back(verdict);
      }
      ++week.commits;
      ++report.commits;
      CommitShare& share = verdict.agent ? report.agents : report.others;
      ++share.commits;
      if (verdict.compliant()) {
        ++week.compliant;
        ++report.compliant;
        ++share.compliant;
      }
      if (next(10) < 7) ++report.hygiene.with_body;
      if (next(10) < 4) ++report.hygiene.sections["Learning"];
      if (next(10) < 3) ++report.hygiene.sections["Context"];
      if (next(10) < 5) ++report.hygiene.trailers["Signed-off-by"];
      if (next(10) < 2) ++report.hygiene.trailers["Co-authored-by"];
      if (shape.protected_every > 0 && index % shape.protected_every == 0) {
        static const char* kStates[] = {"signed", "typed", "none"};
        const std::string approval = kStates[next(3)];
        report.protected_changes.push_back(
            {verdict.commit, ".agentops/policy.toml", approval, approval == "none" ? "" : "alice@example.org"});
      }
      report.verdicts.push_back(verdict);
    }
    report.weeks.push_back(week);
  }
  for (const auto& [name, tally] : rules) report.rules.push_back(tally);
  std::stable_sort(report.rules.begin(), report.rules.end(), [](const RuleCommits& a, const RuleCommits& b) {
    return a.blocked + a.gated > b.blocked + b.gated;
  });
  return report;
}

}  // namespace agentops::testing
