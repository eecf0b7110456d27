// `agentops report` without --range: what the local decision log says about
// this repository's hooks (agentops/decision_log.h): commit attempts, stages,
// rules, and the commits made past the hooks.
#include <cstdio>
#include <string>

#include "agentops/decision_log.h"
#include "agentops/telemetry.h"
#include "report_command.h"

namespace agentops::cli {

int run_log_report(const Args& args) {
  git::OpenOptions open;
  std::string since, format = "text";
  for (size_t i = 0; i < args.size(); ++i) {
    const bool has_value = i + 1 < args.size();
    if (args[i] == "--repo" && has_value) {
      open = git::OpenOptions{args[++i], false};
    } else if (args[i] == "--since" && has_value) {
      auto parsed = parse_since(args[++i]);
      if (!parsed) return usage_error("report: " + parsed.error().message, kReportUsage);
      since = *parsed;
    } else if (args[i] == "--format" && has_value) {
      format = args[++i];
      if (format != "text" && format != "json")
        return usage_error("report: --format '" + format + "' is not text or json (html needs --range)", kReportUsage);
    } else {
      return usage_error("report: unknown argument '" + args[i] + "'", kReportUsage);
    }
  }
  auto repo = git::open_repository(open);
  if (!repo) return fail(repo.error().message);
  auto summary = read_decision_log(*repo, since);
  if (!summary) return fail(summary.error().message);
  const std::string log_path = telemetry_path(*repo);
  const std::string text = format == "json" ? format_decision_log_json(*summary, log_path)
                                            : format_decision_log_text(*summary, log_path);
  std::fputs(text.c_str(), stdout);
  return 0;
}

}  // namespace agentops::cli
