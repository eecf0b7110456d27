// agentops: the command line for people, CI and servers. Option parsing and a
// table of commands; every decision is made in libcore.
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "agentops/check.h"
#include "agentops/report.h"

namespace {

using Args = std::vector<std::string>;

constexpr const char* kUsage =
    "usage: agentops <command> [options]\n"
    "  check --staged [--format text|json] [--repo DIR]\n"
    "                       check the staged change as pre-commit does\n"
    "  policy validate [FILE]\n"
    "                       validate a policy (default: .agentops/policy.toml)\n"
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

int run_check(const Args& args) {
  bool staged = false;
  agentops::Format format = agentops::Format::text;
  agentops::git::OpenOptions open;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--staged") {
      staged = true;
    } else if (args[i] == "--format" && i + 1 < args.size()) {
      const std::string& name = args[++i];
      if (name == "json") format = agentops::Format::json;
      else if (name != "text") return usage_error("unknown format '" + name + "' (text, json)");
    } else if (args[i] == "--repo" && i + 1 < args.size()) {
      open = agentops::git::OpenOptions{args[++i], false};
    } else {
      return usage_error("check: unknown argument '" + args[i] + "'");
    }
  }
  if (!staged) return usage_error("check: say what to check (--staged)");
  auto repo = agentops::git::open_repository(open);
  if (!repo) return fail(repo.error().message);
  auto report = agentops::check_staged(*repo, "check");
  if (!report) return fail(report.error().message);
  const std::string out = agentops::format_report(*report, format);
  std::fputs(out.c_str(), stdout);
  if (format == agentops::Format::text && report->findings.empty())
    std::fputs("agentops: check passed, no findings\n", stdout);
  return agentops::exit_code(*report);
}

int run_policy_validate(const Args& args) {
  std::string path = args.empty() ? agentops::kPolicyPath : args[0];
  if (args.empty()) {
    auto repo = agentops::git::open_repository({});
    if (repo && !repo->workdir().empty()) path = repo->workdir() + agentops::kPolicyPath;
    std::ifstream probe(path);
    if (!probe) {
      std::printf("agentops: no %s; the built-in baseline applies\n", agentops::kPolicyPath);
      return 0;
    }
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail("cannot read " + path + ": " + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  auto policy = agentops::load_policy(agentops::PolicySource{path, text.str()});
  if (!policy) return fail(policy.error().message);
  std::printf("agentops: %s is valid\n", path.c_str());
  return 0;
}

int run_policy(const Args& args) {
  if (!args.empty() && args[0] == "validate") return run_policy_validate(Args(args.begin() + 1, args.end()));
  return usage_error("policy: expected 'validate'");
}

struct Command {
  const char* name;
  int (*run)(const Args&);
};

constexpr Command kCommands[] = {
    {"check", run_check},
    {"policy", run_policy},
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
