// `agentops report` without --range: what the local decision log says about
// this repository's hooks (agentops/telemetry.h).
#include <algorithm>
#include <cstdio>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "agentops/telemetry.h"
#include "report_command.h"

namespace agentops::cli {

int run_log_report(const Args& args) {
  git::OpenOptions open;
  std::string since;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--repo" && i + 1 < args.size()) open = git::OpenOptions{args[++i], false};
    else if (args[i] == "--since" && i + 1 < args.size()) since = args[++i];
    else return usage_error("report: unknown argument '" + args[i] + "'", kReportUsage);
  }
  auto repo = git::open_repository(open);
  if (!repo) return fail(repo.error().message);
  auto summary = summarize_decisions(*repo, since);
  if (!summary) return fail(summary.error().message);
  std::printf("agentops decisions%s (%s)\n", since.empty() ? "" : (" since " + since).c_str(),
              telemetry_path(*repo).c_str());
  std::set<std::string> stages;
  for (const auto& [stage, count] : summary->allowed) stages.insert(stage);
  for (const auto& [stage, count] : summary->blocked) stages.insert(stage);
  if (stages.empty()) std::printf("  none recorded yet\n");
  for (const auto& stage : stages) {
    const auto allowed = summary->allowed.count(stage) ? summary->allowed.at(stage) : 0;
    const auto blocked = summary->blocked.count(stage) ? summary->blocked.at(stage) : 0;
    std::printf("  %-12s %6llu allowed %6llu blocked\n", stage.c_str(), static_cast<unsigned long long>(allowed),
                static_cast<unsigned long long>(blocked));
  }
  std::vector<std::pair<std::string, RuleTally>> rules(summary->rules.begin(), summary->rules.end());
  std::sort(rules.begin(), rules.end(), [](const auto& a, const auto& b) { return a.second.findings > b.second.findings; });
  if (!rules.empty()) std::printf("rules that fired (findings, of which blocking):\n");
  for (const auto& [rule, tally] : rules)
    std::printf("  %-36s %6llu %6llu\n", rule.c_str(), static_cast<unsigned long long>(tally.findings),
                static_cast<unsigned long long>(tally.blocking));
  if (summary->unreadable > 0)
    std::printf("(%llu lines were not agentops decisions and were skipped)\n",
                static_cast<unsigned long long>(summary->unreadable));
  return 0;
}

}  // namespace agentops::cli
