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
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "agentops/check.h"
#include "agentops/doctor.h"
#include "agentops/policy_tools.h"
#include "agentops/report.h"
#include "agentops/rules.h"
#include "agentops_version.h"
#include "approve_command.h"
#include "baseline_command.h"
#include "command_support.h"
#include "hook_command.h"
#include "learnings_command.h"
#include "report_command.h"
#include "progress_line.h"

namespace {

using agentops::cli::Args;

// Each command's usage, printed by `agentops COMMAND --help` and, all
// together, by `agentops --help`. A new command adds one string and one row
// to kCommands (or kPolicyCommands).
constexpr const char* kCheckUsage =
    "  check --staged [--format text|json|sarif] [--repo DIR]\n"
    "                       check the staged change as the pre-commit hook does\n"
    "  check --range BASE..HEAD [--format text|json|sarif] [--repo DIR]\n"
    "                       check every commit of a range against BASE's policy (CI)\n"
    "  check --worktree [--format text|json|sarif] [--repo DIR] [PATH...]\n"
    "                       check the working tree as `git add -A [PATH...]` would stage it (tracked\n"
    "                       changes, untracked files git does not ignore), without touching the index\n"
    "  check --message FILE [--format text|json|sarif] [--repo DIR]\n"
    "                       check a commit message (and the gate) as the commit-msg hook does\n"
    "  check --staged|--worktree|--range BASE..HEAD --policy FILE | --preset NAME ...\n"
    "                       dry run: judge with that policy instead of the repository's (the floor still applies)\n"
    "                       decision: allow (exit 0), gate = blocked until a person approves (exit 1),\n"
    "                       block (exit 1); JSON on stdout says which (\"decision\")\n";
constexpr const char* kPolicyValidateUsage =
    "  policy validate [--worktree | --staged | FILE] [--repo DIR]\n"
    "                       validate a policy, list every problem, warn about globs matching\n"
    "                       no path (default: the working-tree .agentops/policy.toml)\n";
constexpr const char* kPolicyShowUsage =
    "  policy show [--staged | --worktree | FILE | --preset NAME] [--repo DIR]\n"
    "                       print the effective policy, each value with its origin\n"
    "                       (default: the staged file, which the hooks use)\n";
constexpr const char* kPolicyInitUsage =
    "  policy init [--preset NAME] [--commits N] [--write] [--repo DIR]\n"
    "                       propose a starter policy from this repository's history\n";
constexpr const char* kExplainUsage = "  explain RULE         what a rule checks, why, and how to fix a finding\n";
constexpr const char* kScanUsage =
    "  scan --history [REV] [--format text|json|sarif] [--repo DIR]\n"
    "                       scan every commit reachable from REV (HEAD) for secrets; findings listed in\n"
    "                       REV's .agentops/baseline are reported as baselined and do not block\n";
constexpr const char* kDoctorUsage =
    "  doctor [--repo DIR] [--format text|json] [--no-canary]\n"
    "                       prove that every commit hook git runs (each worktree) reaches agentops;\n"
    "                       exit 1 names what displaced it and the fix\n";
constexpr const char* kVersionUsage = "  version              print the version\n";
constexpr const char* kHelpUsage = "  help [COMMAND]       this text, or one command's (also COMMAND --help, -h)\n";
constexpr const char* kExitCodes =
    "exit codes: 0 allowed, 1 blocked by policy (gate or block), 2 usage, configuration or internal error\n";

std::string usage_text();

int usage_error(const std::string& message) { return agentops::cli::usage_error(message, usage_text()); }

// `--help` or `-h` among a command's arguments: its usage, never the command.
bool wants_help(const Args& args) {
  return std::any_of(args.begin(), args.end(), [](const std::string& arg) { return arg == "--help" || arg == "-h"; });
}

int print_usage(const std::string& usage) {
  std::printf("usage:\n%s%s", usage.c_str(), kExitCodes);
  return 0;
}

using agentops::cli::fail;
using agentops::cli::range_problem;

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
  bool staged = false, worktree = false;
  std::vector<std::string> paths;  // --worktree PATH...: pathspecs, as git reads them
  std::string range, message_file;
  bool range_given = false;  // `--range ""` (an unset CI variable) is given, and wrong
  std::string policy_file, preset;  // a dry run: judge with this policy instead
  agentops::Format format = agentops::Format::text;
  for (size_t i = 0; i < args.size(); ++i) {
    if (common.take(args, i)) continue;
    if (args[i] == "--staged") {
      staged = true;
    } else if (args[i] == "--worktree") {
      worktree = true;
    } else if (args[i] == "--") {  // what follows is paths, even "-x"
      paths.insert(paths.end(), args.begin() + static_cast<std::ptrdiff_t>(i) + 1, args.end());
      break;
    } else if (!args[i].starts_with("-")) {
      paths.push_back(args[i]);
    } else if (args[i] == "--range" && i + 1 < args.size()) {
      range = args[++i];
      range_given = true;
    } else if (args[i] == "--message" && i + 1 < args.size()) {
      message_file = args[++i];
    } else if (args[i] == "--policy" && i + 1 < args.size()) {
      policy_file = args[++i];
    } else if (args[i] == "--preset" && i + 1 < args.size()) {
      preset = args[++i];
    } else if (args[i] == "--format" && i + 1 < args.size()) {
      const std::string& name = args[++i];
      if (name == "json") format = agentops::Format::json;
      else if (name == "sarif") format = agentops::Format::sarif;
      else if (name != "text") return usage_error("unknown format '" + name + "' (text, json, sarif)");
    } else {
      return usage_error("check: unknown argument '" + args[i] + "'");
    }
  }
  if (staged + worktree + range_given + !message_file.empty() != 1)
    return usage_error("check: give exactly one of --staged, --worktree, --range BASE..HEAD or --message FILE");
  if (!paths.empty() && !worktree) return usage_error("check: paths go with --worktree (got '" + paths[0] + "')");
  if (range_given) {
    if (auto problem = range_problem(range); !problem.empty()) return usage_error("check --range: " + problem);
  }
  if (!policy_file.empty() && !preset.empty()) return usage_error("check: give at most one of --policy FILE or --preset NAME");
  const bool dry_run = !policy_file.empty() || !preset.empty();
  if (dry_run && !message_file.empty())
    return usage_error("check: --policy and --preset go with --staged, --worktree or --range (a dry run of a change)");
  std::optional<agentops::Policy> judged_by;
  std::string judged_by_name;
  if (dry_run) {
    auto loaded = preset.empty() ? agentops::load_policy_file(policy_file) : agentops::load_preset(preset);
    if (!loaded) return fail(loaded.error().message);
    judged_by = std::move(*loaded);
    judged_by_name = preset.empty() ? "the policy file " + policy_file : "the preset " + preset;
  }
  auto repo = agentops::git::open_repository(common.open);
  if (!repo) return fail(repo.error().message);
  const agentops::Policy* override_policy = judged_by ? &*judged_by : nullptr;
  auto report = staged      ? agentops::check_staged(*repo, "check", override_policy)
                : worktree  ? agentops::check_worktree(*repo, paths, override_policy)
                : range_given ? agentops::check_range(*repo, range, progress_line(), override_policy)
                              : agentops::check_commit_message(*repo, message_file, "check");
  if (!report) return fail(report.error().message);
  // Said on stderr, so that JSON and SARIF on stdout stay one document.
  if (dry_run)
    std::fprintf(stderr, "agentops: dry run: judged by %s, not the repository's policy (an organisation floor still applies)\n",
                 judged_by_name.c_str());
  std::fputs(agentops::format_report(*report, format).c_str(), stdout);
  if (format == agentops::Format::text && report->findings.empty())
    std::fputs("agentops: check passed, no findings\n", stdout);
  return agentops::exit_code(*report);
}

// What `policy validate` and `policy show` read: the working-tree file, the
// staged one (what the hooks use), a FILE, or (show only) a preset. Both take
// the same options, and both say which they read.
struct PolicyTarget {
  CommonOptions common;
  std::optional<agentops::PolicyCopy> copy;
  std::string file, preset;
  // Reads one option; false when args[i] is not one of them.
  bool take(const Args& args, size_t& i) {
    if (common.take(args, i)) return true;
    if (args[i] == "--staged") copy = agentops::PolicyCopy::staged;
    else if (args[i] == "--worktree") copy = agentops::PolicyCopy::worktree;
    else if (args[i] == "--preset" && i + 1 < args.size()) preset = args[++i];
    else if (!args[i].starts_with("-") && file.empty()) file = args[i];
    else return false;
    return true;
  }
  int conflict(const std::string& command) const {
    if ((copy.has_value()) + !file.empty() + !preset.empty() > 1)
      return usage_error(command + ": give one of --staged, --worktree, FILE or --preset NAME");
    return 0;
  }
};

void print_warnings(const std::vector<std::string>& warnings) {
  for (const auto& warning : warnings) std::fprintf(stderr, "agentops: warning: %s\n", warning.c_str());
}

// Globs of the repository's own policy that match nothing, when a repository is at hand.
std::vector<std::string> glob_warnings(const agentops::Policy& policy, const agentops::git::OpenOptions& open) {
  auto repo = agentops::git::open_repository(open);
  if (!repo) return {};
  auto paths = agentops::repository_paths(*repo);
  if (!paths) return {"cannot list the repository's paths to check the policy's globs: " + paths.error().message};
  return agentops::unmatched_glob_warnings(policy, *paths);
}

// The policy a target names, with the sentence saying what was read.
agentops::Result<agentops::Policy> load_target(const PolicyTarget& target, agentops::PolicyCopy default_copy,
                                               const std::string& verb, std::string& notice) {
  if (!target.preset.empty()) {
    notice = verb + " the preset " + target.preset;
    return agentops::load_preset(target.preset);
  }
  if (!target.file.empty()) {
    notice = verb + " the file " + target.file +
             " (a draft: the hooks use the staged .agentops/policy.toml; dry-run it with agentops check --staged --policy " +
             target.file + ")";
    return agentops::load_policy_file(target.file);
  }
  auto repo = agentops::git::open_repository(target.common.open);
  if (!repo) return repo.error();
  auto state = agentops::policy_file_state(*repo);
  if (!state) return state.error();
  const agentops::PolicyCopy copy = target.copy.value_or(default_copy);
  notice = agentops::policy_copy_notice(copy, *state, verb);
  if (copy == agentops::PolicyCopy::worktree) {
    if (repo->is_bare()) return agentops::Error{"a bare repository has no working tree: use --staged"};
    return agentops::worktree_policy(*repo);
  }
  auto index = repo->index();
  if (!index) return index.error();
  return agentops::staged_policy(*repo, index->get());
}

int run_policy_validate(const Args& args) {
  PolicyTarget target;
  for (size_t i = 0; i < args.size(); ++i)
    if (!target.take(args, i)) return usage_error("policy validate: unknown argument '" + args[i] + "'");
  if (int code = target.conflict("policy validate")) return code;
  std::string notice;
  // With no argument, the working-tree file (the one being edited), as before.
  auto policy = load_target(target, agentops::PolicyCopy::worktree, "validating", notice);
  std::fprintf(stderr, "agentops: %s\n", notice.c_str());
  if (!policy) return fail(policy.error().message);
  // What the gitleaks import merged, so that nobody has to guess which rule judges.
  for (const auto& note : policy->secrets.import_notes) std::printf("agentops: gitleaks import: %s\n", note.c_str());
  const auto warnings = glob_warnings(*policy, target.common.open);
  print_warnings(warnings);
  std::printf("agentops: the policy is valid%s\n",
              warnings.empty() ? "" : (" (" + std::to_string(warnings.size()) + " warnings above)").c_str());
  return 0;
}

int run_policy_show(const Args& args) {
  PolicyTarget target;
  for (size_t i = 0; i < args.size(); ++i)
    if (!target.take(args, i)) return usage_error("policy show: unknown argument '" + args[i] + "'");
  if (int code = target.conflict("policy show")) return code;
  std::string notice;
  // With no argument, the staged file: what the hooks will judge by.
  auto policy = load_target(target, agentops::PolicyCopy::staged, "showing", notice);
  if (!policy) {
    std::fprintf(stderr, "agentops: %s\n", notice.c_str());
    return fail(policy.error().message);
  }
  std::printf("# %s\n", notice.c_str());
  std::fputs(agentops::describe_policy(*policy).c_str(), stdout);
  if (target.preset.empty()) print_warnings(glob_warnings(*policy, target.common.open));
  return 0;
}

int run_policy_init(const Args& args) {
  CommonOptions common;
  agentops::StarterOptions options;
  bool write = false;
  for (size_t i = 0; i < args.size(); ++i) {
    if (common.take(args, i)) continue;
    if (args[i] == "--preset" && i + 1 < args.size()) {
      options.preset = args[++i];
    } else if (args[i] == "--commits" && i + 1 < args.size()) {
      const std::string& count = args[++i];
      if (count.empty() || count.size() > 7 || !std::all_of(count.begin(), count.end(), ::isdigit) || count == "0")
        return usage_error("policy init: --commits takes a number from 1 to 9999999");
      options.max_commits = std::stoul(count);
    } else if (args[i] == "--write") {
      write = true;
    } else {
      return usage_error("policy init: unknown argument '" + args[i] + "'");
    }
  }
  auto repo = agentops::git::open_repository(common.open);
  if (!repo) return fail(repo.error().message);
  auto proposal = agentops::propose_policy(*repo, options);
  if (!proposal) return fail(proposal.error().message);
  if (!write) {
    std::fputs(proposal->c_str(), stdout);
    std::fprintf(stderr, "agentops: a proposal only; write it with --write (only where no %s exists)\n",
                 agentops::kPolicyPath);
    return 0;
  }
  if (repo->is_bare()) return fail("a bare repository has no working tree to write " + std::string(agentops::kPolicyPath) + " in");
  const std::string path = repo->workdir() + agentops::kPolicyPath;
  std::error_code ec;
  if (std::filesystem::exists(std::filesystem::symlink_status(path, ec)))
    return fail(std::string(agentops::kPolicyPath) + " exists already; policy init never overwrites a policy "
                "(print the proposal without --write and merge what you want)");
  std::filesystem::create_directories(repo->workdir() + ".agentops", ec);
  std::ofstream out(path, std::ios::binary);
  out << *proposal;
  if (!out.flush()) return fail("cannot write " + path);
  std::printf("agentops: wrote %s; review it, then `agentops policy validate`, `git add %s` and commit it on its own "
              "(a person approves a policy change)\n",
              agentops::kPolicyPath, agentops::kPolicyPath);
  return 0;
}

struct Command {
  const char* name;
  int (*run)(const Args&);
  const char* usage;
};

constexpr Command kPolicyCommands[] = {
    {"validate", run_policy_validate, kPolicyValidateUsage},
    {"show", run_policy_show, kPolicyShowUsage},
    {"init", run_policy_init, kPolicyInitUsage},
};

std::string policy_usage() {
  std::string usage;
  for (const auto& command : kPolicyCommands) usage += command.usage;
  return usage;
}

int run_policy(const Args& args) {
  const Args rest = args.empty() ? Args{} : Args(args.begin() + 1, args.end());
  for (const auto& command : kPolicyCommands)
    if (!args.empty() && args[0] == command.name) return wants_help(rest) ? print_usage(command.usage) : command.run(rest);
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) return print_usage(policy_usage());
  std::string names;
  for (const auto& command : kPolicyCommands) names += std::string(names.empty() ? "" : " or ") + "'" + command.name + "'";
  return usage_error("policy: expected " + names);
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

int run_doctor(const Args& args) {
  agentops::DoctorOptions options;
  bool json = false;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--repo" && i + 1 < args.size()) {
      options.repo_path = args[++i];
    } else if (args[i] == "--format" && i + 1 < args.size()) {
      const std::string& name = args[++i];
      if (name == "json") json = true;
      else if (name != "text") return usage_error("doctor: unknown format '" + name + "' (text, json)");
    } else if (args[i] == "--no-canary") {
      options.canary = false;
    } else {
      return usage_error("doctor: unknown argument '" + args[i] + "'");
    }
  }
  auto report = agentops::run_doctor(options);
  if (!report) return fail(report.error().message);
  std::fputs((json ? agentops::format_doctor_json(*report) : agentops::format_doctor_text(*report)).c_str(), stdout);
  return agentops::doctor_exit_code(*report);
}

int run_version(const Args& args) {
  if (!args.empty()) return usage_error("version: takes no arguments");
  std::printf("agentops %s\n", AGENTOPS_VERSION);
  return 0;
}

int run_help(const Args& args);

// `policy`'s usage is its subcommands' (kPolicyCommands), filled in by usage_of.
constexpr Command kCommands[] = {
    {"check", run_check, kCheckUsage},
    {"policy", run_policy, nullptr},
    {"explain", run_explain, kExplainUsage},
    {"scan", run_scan, kScanUsage},
    {"report", agentops::cli::run_report, agentops::cli::kReportUsage},
    {"learnings", agentops::cli::run_learnings, agentops::cli::kLearningsUsage},
    {"doctor", run_doctor, kDoctorUsage},
    {"hook", agentops::cli::run_hook, agentops::cli::kHookUsage},
    {"approve", agentops::cli::run_approve, agentops::cli::kApproveUsage},
    {"baseline", agentops::cli::run_baseline, agentops::cli::kBaselineUsage},
    {"version", run_version, kVersionUsage},
    {"help", run_help, kHelpUsage},
};

std::string usage_of(const Command& command) { return command.usage ? command.usage : policy_usage(); }

std::string usage_text() {
  std::string usage = "usage: agentops <command> [options]\n";
  for (const auto& command : kCommands) usage += usage_of(command);
  return usage + kExitCodes;
}

int run_help(const Args& args) {
  if (args.empty() || wants_help(args)) {
    std::fputs(usage_text().c_str(), stdout);
    return 0;
  }
  for (const auto& command : kCommands)
    if (args[0] == command.name) return print_usage(usage_of(command));
  return usage_error("help: unknown command '" + args[0] + "'");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage_error("no command given");
  const std::string name = argv[1];
  const Args args(argv + 2, argv + argc);
  if (name == "-h" || name == "--help") return run_help({});
  if (name == "--version") return run_version({});
  for (const auto& command : kCommands) {
    if (name != command.name) continue;
    // policy reads its subcommand first, and `help --help` is help.
    if (command.run != run_policy && command.run != run_help && wants_help(args)) return print_usage(usage_of(command));
    return command.run(args);
  }
  return usage_error("unknown command '" + name + "'");
}
