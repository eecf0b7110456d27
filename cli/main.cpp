// agentops: the command line for people, CI and servers. Option parsing and a
// table of commands; every decision is made in libcore.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <algorithm>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "agentops/check.h"
#include "agentops/report.h"
#include "agentops/rules.h"
#include "agentops/telemetry.h"
#include "agentops_version.h"
#include "progress_line.h"

namespace {

using Args = std::vector<std::string>;

constexpr const char* kUsage =
    "usage: agentops <command> [options]\n"
    "  check --staged [--format text|json|sarif] [--repo DIR]\n"
    "                       check the staged change as the pre-commit hook does\n"
    "  check --range BASE..HEAD [--format text|json|sarif] [--repo DIR]\n"
    "                       check every commit of a range against BASE's policy (CI)\n"
    "  check --message FILE [--format text|json|sarif] [--repo DIR]\n"
    "                       check a commit message (and the gate) as the commit-msg hook does\n"
    "  policy validate [FILE]\n"
    "                       validate a policy (default: .agentops/policy.toml in the work tree)\n"
    "  policy show [--preset NAME] [--repo DIR]\n"
    "                       print the effective policy (staged), each value with its origin\n"
    "  explain RULE         what a rule checks, why, and how to fix a finding\n"
    "  scan --history [REV] [--format text|json|sarif] [--repo DIR]\n"
    "                       scan every commit reachable from REV (HEAD) for secrets\n"
    "  report [--since YYYY-MM-DD] [--repo DIR]\n"
    "                       which rules fired in this repository's hooks (the decision log)\n"
    "  version              print the version\n"
    "exit codes: 0 allowed, 1 blocked by policy, 2 usage, configuration or internal error\n";

int usage_error(const std::string& message) {
  std::fprintf(stderr, "agentops: %s\n%s", message.c_str(), kUsage);
  return 2;
}

int fail(const std::string& message) {
  std::fprintf(stderr, "agentops: error: %s\n", message.c_str());
  return 2;
}

// Why `range` cannot be checked as BASE..HEAD, or "" when it can. git reads an
// empty side as HEAD, so "..HEAD" (an unset BASE variable in CI) would check
// nothing and pass: a range must name both of its sides.
std::string range_problem(const std::string& range) {
  const size_t dots = range.find("..");
  if (dots == std::string::npos) return "'" + range + "' is not a range: give BASE..HEAD";
  if (range.compare(dots, 3, "...") == 0)
    return "'" + range + "' is a symmetric range (A...B), which check does not support: give BASE..HEAD";
  if (dots == 0)
    return "'" + range + "' has an empty BASE (an unset variable in CI?): give BASE..HEAD with both sides";
  if (dots + 2 == range.size())
    return "'" + range + "' has an empty HEAD (an unset variable in CI?): give BASE..HEAD with both sides";
  return "";
}

// Options every command accepts: --repo DIR.
struct CommonOptions {
  agentops::git::OpenOptions open;
  bool take(const Args& args, size_t& i) {
    if (args[i] == "--repo" && i + 1 < args.size()) {
      open = agentops::git::OpenOptions{args[++i], false};
      return true;
    }
    return false;
  }
};

int run_check(const Args& args) {
  CommonOptions common;
  bool staged = false;
  std::string range, message_file;
  bool range_given = false;  // `--range ""` (an unset CI variable) is given, and wrong
  agentops::Format format = agentops::Format::text;
  for (size_t i = 0; i < args.size(); ++i) {
    if (common.take(args, i)) continue;
    if (args[i] == "--staged") {
      staged = true;
    } else if (args[i] == "--range" && i + 1 < args.size()) {
      range = args[++i];
      range_given = true;
    } else if (args[i] == "--message" && i + 1 < args.size()) {
      message_file = args[++i];
    } else if (args[i] == "--format" && i + 1 < args.size()) {
      const std::string& name = args[++i];
      if (name == "json") format = agentops::Format::json;
      else if (name == "sarif") format = agentops::Format::sarif;
      else if (name != "text") return usage_error("unknown format '" + name + "' (text, json, sarif)");
    } else {
      return usage_error("check: unknown argument '" + args[i] + "'");
    }
  }
  if (staged + range_given + !message_file.empty() != 1)
    return usage_error("check: give exactly one of --staged, --range BASE..HEAD or --message FILE");
  if (range_given) {
    if (auto problem = range_problem(range); !problem.empty()) return usage_error("check --range: " + problem);
  }
  auto repo = agentops::git::open_repository(common.open);
  if (!repo) return fail(repo.error().message);
  auto report = staged                 ? agentops::check_staged(*repo, "check")
                : range_given          ? agentops::check_range(*repo, range, progress_line())
                                       : agentops::check_commit_message(*repo, message_file, "check");
  if (!report) return fail(report.error().message);
  std::fputs(agentops::format_report(*report, format).c_str(), stdout);
  if (format == agentops::Format::text && report->findings.empty())
    std::fputs("agentops: check passed, no findings\n", stdout);
  return agentops::exit_code(*report);
}

int run_policy_validate(const Args& args) {
  std::string path;
  if (args.size() > 1) return usage_error("policy validate: at most one FILE");
  if (args.empty()) {
    auto repo = agentops::git::open_repository({});
    if (!repo) return fail(repo.error().message);
    path = repo->workdir() + agentops::kPolicyPath;
    // Only an absent file means the baseline; a directory or unreadable file is an error below.
    std::error_code absent;
    if (!std::filesystem::exists(std::filesystem::symlink_status(path, absent))) {
      std::printf("agentops: no %s; the built-in baseline applies\n", agentops::kPolicyPath);
      return 0;
    }
  } else {
    path = args[0];
  }
  auto policy = agentops::load_policy_file(path);
  if (!policy) return fail(policy.error().message);
  std::printf("agentops: %s is valid\n", path.c_str());
  return 0;
}

int run_policy_show(const Args& args) {
  CommonOptions common;
  std::string preset;
  for (size_t i = 0; i < args.size(); ++i) {
    if (common.take(args, i)) continue;
    if (args[i] == "--preset" && i + 1 < args.size()) preset = args[++i];
    else return usage_error("policy show: unknown argument '" + args[i] + "'");
  }
  agentops::Result<agentops::Policy> policy = agentops::Error{""};
  if (!preset.empty()) {
    policy = agentops::load_preset(preset);
  } else {
    auto repo = agentops::git::open_repository(common.open);
    if (!repo) return fail(repo.error().message);
    auto index = repo->index();
    if (!index) return fail(index.error().message);
    policy = agentops::staged_policy(*repo, index->get());
  }
  if (!policy) return fail(policy.error().message);
  std::fputs(agentops::describe_policy(*policy).c_str(), stdout);
  return 0;
}

int run_policy(const Args& args) {
  const Args rest = args.empty() ? Args{} : Args(args.begin() + 1, args.end());
  if (!args.empty() && args[0] == "validate") return run_policy_validate(rest);
  if (!args.empty() && args[0] == "show") return run_policy_show(rest);
  return usage_error("policy: expected 'validate' or 'show'");
}

int run_explain(const Args& args) {
  if (args.size() != 1) return usage_error("explain: name one rule, e.g. agentops explain path.protected");
  // Explain against the repository's policy when there is one, else the baseline.
  agentops::Result<agentops::Policy> policy = agentops::load_preset("baseline");
  if (auto repo = agentops::git::open_repository({})) {
    if (auto index = repo->index()) policy = agentops::staged_policy(*repo, index->get());
  }
  if (!policy) return fail(policy.error().message);
  auto rule = agentops::explain_rule(*policy, args[0]);
  if (!rule) {
    std::string known;
    for (const auto& builtin : agentops::builtin_rules()) known += "\n  " + builtin.id;
    return fail("no rule '" + args[0] + "' in the effective policy; built-in rules:" + known +
                "\n  secret.<id>, content.<id>, validator.<name> (see agentops policy show)");
  }
  std::printf("%s (severity: %s)\n  checks: %s\n  why:    %s\n  fix:    %s\n", rule->id.c_str(),
              agentops::to_string(rule->default_severity), rule->summary.c_str(), rule->why.c_str(),
              rule->fix.c_str());
  return 0;
}

int run_scan(const Args& args) {
  CommonOptions common;
  bool history = false;
  std::string revision = "HEAD";
  agentops::Format format = agentops::Format::text;
  for (size_t i = 0; i < args.size(); ++i) {
    if (common.take(args, i)) continue;
    if (args[i] == "--history") {
      history = true;
    } else if (args[i] == "--format" && i + 1 < args.size()) {
      const std::string& name = args[++i];
      if (name == "json") format = agentops::Format::json;
      else if (name == "sarif") format = agentops::Format::sarif;
      else if (name != "text") return usage_error("unknown format '" + name + "' (text, json, sarif)");
    } else if (!args[i].starts_with("-")) {
      revision = args[i];
    } else {
      return usage_error("scan: unknown argument '" + args[i] + "'");
    }
  }
  if (!history) return usage_error("scan: say what to scan (--history)");
  auto repo = agentops::git::open_repository(common.open);
  if (!repo) return fail(repo.error().message);
  auto report = agentops::scan_history(*repo, revision, progress_line());
  if (!report) return fail(report.error().message);
  std::fputs(agentops::format_report(*report, format).c_str(), stdout);
  if (format == agentops::Format::text && report->findings.empty())
    std::printf("agentops: no secrets in %llu commits\n", static_cast<unsigned long long>(report->stats.commits));
  return agentops::exit_code(*report);
}

int run_report(const Args& args) {
  CommonOptions common;
  std::string since;
  for (size_t i = 0; i < args.size(); ++i) {
    if (common.take(args, i)) continue;
    if (args[i] == "--since" && i + 1 < args.size()) since = args[++i];
    else return usage_error("report: unknown argument '" + args[i] + "'");
  }
  auto repo = agentops::git::open_repository(common.open);
  if (!repo) return fail(repo.error().message);
  auto summary = agentops::summarize_decisions(*repo, since);
  if (!summary) return fail(summary.error().message);
  std::printf("agentops decisions%s (%s)\n", since.empty() ? "" : (" since " + since).c_str(),
              agentops::telemetry_path(*repo).c_str());
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
  std::vector<std::pair<std::string, agentops::RuleTally>> rules(summary->rules.begin(), summary->rules.end());
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

struct Command {
  const char* name;
  int (*run)(const Args&);
};

constexpr Command kCommands[] = {
    {"check", run_check},
    {"policy", run_policy},
    {"explain", run_explain},
    {"scan", run_scan},
    {"report", run_report},
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage_error("no command given");
  const std::string name = argv[1];
  const Args args(argv + 2, argv + argc);
  if (name == "-h" || name == "--help" || name == "help") {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (name == "version" || name == "--version") {
    std::printf("agentops %s\n", AGENTOPS_VERSION);
    return 0;
  }
  for (const auto& command : kCommands)
    if (name == command.name) return command.run(args);
  return usage_error("unknown command '" + name + "'");
}
