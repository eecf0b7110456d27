// lefthook: its hook script runs `lefthook run <hook>`, which runs the
// commands of that hook in lefthook's config (lefthook.yml and friends, with
// lefthook-local.yml over it). Reads only the keys lefthook documents for a
// command and that the integration contract uses (docs/doctor.md).
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "process/child_process.h"
#include "doctor/hook_follow.h"
#include "doctor/yaml_lines.h"

namespace agentops::doctor {
using process::find_on_path;
namespace fs = std::filesystem;
namespace {

// lefthook's own search order for the main and the local config.
const char* const kMainConfigs[] = {"lefthook", ".lefthook", ".config/lefthook"};
const char* const kLocalConfigs[] = {"lefthook-local", ".lefthook-local", ".config/lefthook-local"};
const char* const kExtensions[] = {".yml", ".yaml", ".toml", ".json", ".jsonc"};

std::string find_config(const std::string& root, const char* const (&stems)[3]) {
  std::error_code ec;
  for (const char* stem : stems)
    for (const char* extension : kExtensions) {
      const fs::path candidate = fs::path(root) / (std::string(stem) + extension);
      if (fs::is_regular_file(candidate, ec)) return candidate.string();
    }
  return "";
}

bool is_false(const YamlNode* node) {
  return !node || (node->kind == YamlNode::Kind::scalar && (node->scalar == "false" || node->scalar == "no"));
}

// The `run:` of the integration contract.
std::string contract_command(const std::string& hook) {
  if (hook == "commit-msg") return "agentops-commit-msg {1}";
  if (hook == "pre-push") return "agentops-pre-push {1} {2}";
  return "agentops-pre-commit";
}

std::string contract_snippet(const std::string& hook) {
  if (hook == "commit-msg") return "commit-msg:\n  commands:\n    agentops:\n      run: agentops-commit-msg {1}\n";
  if (hook == "pre-push")
    return "pre-push:\n  commands:\n    agentops:\n      run: agentops-pre-push {1} {2}\n      use_stdin: true\n";
  return "pre-commit:\n  commands:\n    agentops:\n      run: agentops-pre-commit\n";
}

// One lefthook command (or job) that runs agentops-<hook>, checked for the
// keys that would skip it or starve it.
struct Found {
  bool runs = false;
  bool skipped = false;
  std::vector<std::string> warnings;
  std::string where;
  std::string name;                         // the command (or job) that runs agentops
  std::vector<std::string> skipped_names;   // commands any config sets `skip: true` on
};

bool skip_is_true(const YamlNode* skip) {
  return skip && skip->kind == YamlNode::Kind::scalar && (skip->scalar == "true" || skip->scalar == "yes");
}

void inspect_command(const std::string& hook, const std::string& name, const YamlNode& command, Found& found,
                     const std::string& config) {
  if (skip_is_true(command.find("skip"))) found.skipped_names.push_back(name);
  const YamlNode* run = command.find("run");
  if (!run || run->kind != YamlNode::Kind::scalar || !command_runs_agentops(run->scalar, hook)) return;
  found.runs = true;
  found.name = name;
  found.where = config + ": " + hook + " -> " + name + " runs `" + run->scalar + "`";
  if (!is_false(command.find("skip"))) {
    const YamlNode* skip = command.find("skip");
    if (skip->kind == YamlNode::Kind::scalar && (skip->scalar == "true" || skip->scalar == "yes"))
      found.skipped = true;
    else
      found.warnings.push_back(config + ": the agentops command of " + hook + " is skipped in some states (skip:)");
  }
  for (const char* filter : {"glob", "files", "only", "exclude", "root", "tags"})
    if (command.find(filter))
      found.warnings.push_back(config + ": the agentops command of " + hook + " has `" + filter +
                               ":`, so it may not run for every commit; remove it");
  if (hook == "pre-push") {
    const YamlNode* stdin_flag = command.find("use_stdin");
    if (!stdin_flag || stdin_flag->kind != YamlNode::Kind::scalar || stdin_flag->scalar != "true")
      found.warnings.push_back(config + ": the agentops pre-push command lacks `use_stdin: true`, so agentops-pre-push "
                               "gets no ref updates and cannot re-check the pushed commits");
  }
}

// Looks for agentops in one config file's section for `hook`.
void inspect_config(const std::string& hook, const std::string& config, Found& found, bool& unsure,
                    std::string& unsure_reason, bool& hook_skipped) {
  const YamlDocument document = read_yaml_lines(read_text(config));
  if (document.unsure) {
    unsure = true;
    unsure_reason = config + " has " + document.unsure_reason + ", which doctor's small reader does not follow";
  }
  const YamlNode* section = document.root.find(hook);
  if (!section) return;
  if (!is_false(section->find("skip"))) {
    const YamlNode* skip = section->find("skip");
    if (skip->kind == YamlNode::Kind::scalar && (skip->scalar == "true" || skip->scalar == "yes"))
      hook_skipped = true;
    else
      found.warnings.push_back(config + ": the whole " + hook + " hook is skipped in some states (skip:)");
  }
  if (const YamlNode* commands = section->find("commands"))
    for (const auto& [name, command] : commands->entries) inspect_command(hook, name, command, found, config);
  if (const YamlNode* jobs = section->find("jobs"))
    for (const auto& job : jobs->items) {
      const YamlNode* name = job.find("name");
      inspect_command(hook, name && name->kind == YamlNode::Kind::scalar ? name->scalar : "(job)", job, found, config);
      if (job.find("group")) {
        unsure = true;
        unsure_reason = config + ": a job group in " + hook + " (not followed by doctor)";
      }
    }
}

// Whether the script finds a lefthook binary; when it does not, lefthook's
// script prints "Can't find lefthook in PATH" and exits 0: a silent pass.
bool lefthook_runs(const HookContext& context, const std::string& script) {
  if (!find_on_path("lefthook").empty()) return true;
  std::istringstream lines(script);
  std::string line;
  while (std::getline(lines, line)) {
    size_t at = line.find('/');
    const size_t end = line.find(" -h");
    if (at == std::string::npos || end == std::string::npos || end < at) continue;
    const std::string path = line.substr(at, end - at);
    if (path.find('$') == std::string::npos && path.find(' ') == std::string::npos && is_executable_file(path))
      return true;
  }
  std::error_code ec;
  return fs::exists(fs::path(context.worktree) / "node_modules" / "lefthook" / "bin" / "index.js", ec);
}

}  // namespace

bool is_lefthook_script(const std::string& script) {
  return script.find("lefthook") != std::string::npos &&
         (script.find("call_lefthook") != std::string::npos || script.find("lefthook run") != std::string::npos);
}

void follow_lefthook(const HookContext& context, const std::string& file, const std::string& script, HookCheck& check) {
  const std::string hook = context.hook;
  if (script.find("run \"" + hook + "\"") == std::string::npos) {
    check.reach = HookReach::unproven;
    check.via.push_back("but it does not run lefthook's " + hook + " section");
    check.fix = "lefthook install";
    return;
  }
  const std::string main_config = find_config(context.worktree, kMainConfigs);
  const std::string local_config = find_config(context.worktree, kLocalConfigs);
  const std::string fix_snippet = "add to " + (main_config.empty() ? std::string("lefthook.yml") : fs::path(main_config).filename().string()) +
                                  " (or the untracked lefthook-local.yml):\n" + contract_snippet(hook);
  Found found;
  bool unsure = false, hook_skipped = false;
  std::string unsure_reason;
  for (const std::string& config : {main_config, local_config}) {
    if (config.empty()) continue;
    const std::string extension = fs::path(config).extension().string();
    if (extension != ".yml" && extension != ".yaml") {
      unsure = true;
      unsure_reason = config + " is not YAML; doctor reads only lefthook's YAML configs";
      continue;
    }
    inspect_config(hook, config, found, unsure, unsure_reason, hook_skipped);
    if (read_text(config).find("\nextends:") != std::string::npos || read_text(config).find("\nremotes:") != std::string::npos ||
        read_text(config).starts_with("extends:") || read_text(config).starts_with("remotes:")) {
      if (!found.runs) {
        unsure = true;
        unsure_reason = config + " extends other configs (extends:/remotes:), which doctor does not read";
      }
    }
  }
  if (main_config.empty() && local_config.empty()) {
    check.reach = HookReach::not_reached;
    check.via.push_back("but there is no lefthook config in " + context.worktree + " (lefthook runs nothing)");
    check.fix = fix_snippet;
    return;
  }
  if (!lefthook_runs(context, script)) {
    check.reach = HookReach::not_reached;
    check.via.push_back("but lefthook itself is not found (its hook then prints \"Can't find lefthook in PATH\" and exits 0)");
    check.fix = "install lefthook on PATH (npm install lefthook, or your package manager), then run lefthook install";
    return;
  }
  if (found.runs) {
    check.via.push_back(found.where);
    check.warnings.insert(check.warnings.end(), found.warnings.begin(), found.warnings.end());
    // lefthook-local.yml may set `skip: true` on the command lefthook.yml defines.
    for (const auto& name : found.skipped_names) found.skipped = found.skipped || name == found.name;
    if (hook_skipped || found.skipped) {
      check.reach = HookReach::not_reached;
      check.via.push_back("but it is skipped (skip: true)");
      check.fix = "remove `skip: true` from the " + hook + " section or the agentops command in lefthook's config";
      return;
    }
    if (const char* lefthook_switch = std::getenv("LEFTHOOK"); lefthook_switch && std::string(lefthook_switch) == "0")
      check.warnings.push_back("LEFTHOOK=0 is set in this environment: lefthook's hooks exit 0 without running anything");
    if (!agentops_on_path(context, check)) return;
    check.reach = HookReach::reached;
    // `run:` is a shell command: `agentops-pre-commit || true` or `echo
    // agentops-pre-commit` names agentops without its verdict counting.
    std::vector<std::string> configs;
    for (const std::string& config : {main_config, local_config})
      if (!config.empty()) configs.push_back(config);
    confirm_with_canary(context, file, check, configs,
                        "make the agentops command of " + hook + " in lefthook's config `run: " + contract_command(hook) +
                            "` with nothing that swallows its failure (`|| true`) and no `glob:`/`files:`/`exclude:` "
                            "that skips a commit");
    return;
  }
  if (unsure) {
    check.reach = HookReach::unproven;
    check.via.push_back("and no agentops command was found, but " + unsure_reason);
    check.fix = fix_snippet;
    return;
  }
  check.reach = HookReach::not_reached;
  check.via.push_back("but lefthook's config has no command running " + agentops_executable(hook) + " for " + hook);
  check.fix = fix_snippet;
}

}  // namespace agentops::doctor
