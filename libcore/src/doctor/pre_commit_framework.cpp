// The pre-commit framework: its hook script runs `pre-commit hook-impl
// --hook-type=<hook>`, which runs <hook>.legacy first when it exists
// (migration mode) and then the hooks of .pre-commit-config.yaml for that
// stage. Reads repos[].hooks[] id/entry/stages/always_run and default_stages.
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "doctor/hook_follow.h"
#include "doctor/yaml_lines.h"

namespace agentops::doctor {
namespace fs = std::filesystem;
namespace {

// The value of `--name=` in the script's templated ARGS.
std::string script_argument(const std::string& script, const std::string& name) {
  const size_t at = script.find(name + "=");
  if (at == std::string::npos) return "";
  size_t end = at + name.size() + 1;
  std::string value;
  while (end < script.size() && script[end] != ' ' && script[end] != ')' && script[end] != '\n') value += script[end++];
  if (value.size() >= 2 && (value.front() == '\'' || value.front() == '"')) value = value.substr(1, value.size() - 2);
  return value;
}

// Stage names for a hook type, the current and the old ones 3.0.4 still accepts.
bool stage_matches(const std::string& stage, const std::string& hook) {
  if (stage == hook) return true;
  return (hook == "pre-commit" && stage == "commit") || (hook == "pre-push" && stage == "push");
}

// The stage name every pre-commit release accepts: 3.0 (Debian 12) knows only
// commit and push; 3.2 added pre-commit and pre-push and still takes the old names.
std::string stage_name(const std::string& hook) {
  if (hook == "pre-commit") return "commit";
  if (hook == "pre-push") return "push";
  return hook;
}

std::string contract_snippet(const std::string& hook) {
  std::string snippet = "- repo: local\n  hooks:\n    - id: agentops-" + hook + "\n      name: agentops " + hook +
                        "\n      entry: agentops-" + hook + "\n      language: system\n      pass_filenames: " +
                        (hook == "commit-msg" ? "true" : "false") + "\n      always_run: true\n      stages: [" + stage_name(hook) + "]\n";
  return snippet;
}

}  // namespace

bool is_pre_commit_framework_script(const std::string& script) {
  return script.find("hook-impl") != std::string::npos && script.find("--hook-type=") != std::string::npos;
}

void follow_pre_commit_framework(const HookContext& context, const std::string& file, const std::string& script,
                                 HookCheck& check, int depth) {
  const std::string hook = context.hook;
  const std::string config_name = script_argument(script, "--config").empty() ? ".pre-commit-config.yaml"
                                                                              : script_argument(script, "--config");
  const std::string config = (fs::path(context.worktree) / config_name).string();
  const std::string fix = "add to the repos: of " + config_name + ":\n" + contract_snippet(hook) +
                          "then: pre-commit install --hook-type " + hook;
  // Migration mode: the hook that was there before runs first, as <hook>.legacy.
  const std::string legacy = file + ".legacy";
  if (is_executable_file(legacy)) {
    HookCheck legacy_check;
    legacy_check.hook = hook;
    follow_hook_file(context, legacy, legacy_check, depth + 1);
    if (legacy_check.reach == HookReach::reached) {
      check.via.push_back("which runs " + legacy + " first (migration mode)");
      check.via.insert(check.via.end(), legacy_check.via.begin(), legacy_check.via.end());
      check.reach = HookReach::reached;
      check.warnings.push_back("agentops runs only through the pre-commit framework's migration mode (" + legacy +
                               "): `pre-commit install -f` or `pre-commit uninstall` would delete it. Make it "
                               "durable: " + fix);
      return;
    }
  }
  if (script_argument(script, "--hook-type") != hook) {
    check.reach = HookReach::unproven;
    check.via.push_back("but it is installed for --hook-type=" + script_argument(script, "--hook-type"));
    check.fix = "pre-commit install --hook-type " + hook;
    return;
  }
  std::error_code ec;
  if (!fs::is_regular_file(config, ec)) {
    check.reach = HookReach::not_reached;
    check.via.push_back("but " + config + " does not exist (the framework then fails every commit)");
    check.fix = fix;
    return;
  }
  const YamlDocument document = read_yaml_lines(read_text(config));
  const YamlNode* default_stages = document.root.find("default_stages");
  bool found = false;
  if (const YamlNode* repos = document.root.find("repos")) {
    for (const auto& repo : repos->items) {
      const YamlNode* url = repo.find("repo");
      const bool local = url && url->kind == YamlNode::Kind::scalar && url->scalar == "local";
      const YamlNode* hooks = repo.find("hooks");
      if (!hooks) continue;
      for (const auto& entry : hooks->items) {
        const YamlNode* id = entry.find("id");
        const YamlNode* command = entry.find("entry");
        const bool named = id && id->kind == YamlNode::Kind::scalar && id->scalar == agentops_executable(hook);
        const bool runs = command && command->kind == YamlNode::Kind::scalar && command_runs_agentops(command->scalar, hook);
        // A local hook runs its own entry; a remote one the entry of agentops' .pre-commit-hooks.yaml.
        if (!(local ? runs : (named || runs))) continue;
        // `args:` come before the file names: `args: [--help]` makes the hook print its usage and exit 0.
        if (const YamlNode* args = entry.find("args"); args && !args->strings().empty() && is_help_option(args->strings().front()))
          continue;
        const YamlNode* stages = entry.find("stages");
        if (!stages) stages = default_stages;
        bool in_stage = !stages;  // no stages anywhere: the hook runs for every installed hook type
        if (stages)
          for (const auto& stage : stages->strings()) in_stage = in_stage || stage_matches(stage, hook);
        if (!stages && !local) check.warnings.push_back(config_name + ": agentops-" + hook +
                                                        " takes its stages from agentops' .pre-commit-hooks.yaml");
        if (!in_stage) continue;
        found = true;
        check.via.push_back(config_name + " runs hook " + (id ? id->scalar : std::string("(no id)")) + " for stage " + hook);
        const YamlNode* always = entry.find("always_run");
        if (local && (!always || always->scalar != "true"))
          check.warnings.push_back(config_name + ": hook " + (id ? id->scalar : std::string("agentops")) +
                                   " lacks `always_run: true`, so the framework skips it when no file matches "
                                   "(e.g. a commit that only deletes files)");
        if (const char* skip = std::getenv("SKIP"); skip && id && std::string(skip).find(id->scalar) != std::string::npos)
          check.warnings.push_back("SKIP=" + std::string(skip) + " is set in this environment: the framework skips " + id->scalar);
        break;
      }
      if (found) break;
    }
  }
  if (found) {
    if (!agentops_on_path(context, check)) return;
    check.reach = HookReach::reached;
    // `entry: bash -c 'agentops-pre-commit || true'` names agentops too.
    confirm_with_canary(context, file, check, {config},
                        "make the agentops hook's entry in " + config_name + " `agentops-" + hook +
                            "` (not wrapped in a command that swallows its failure)");
    return;
  }
  if (document.unsure) {
    check.reach = HookReach::unproven;
    check.via.push_back("and no agentops hook was found, but " + config_name + " has " + document.unsure_reason +
                        ", which doctor's small reader does not follow");
    check.fix = fix;
    return;
  }
  check.reach = HookReach::not_reached;
  check.via.push_back("but " + config_name + " has no hook running " + agentops_executable(hook) + " for stage " + hook);
  check.fix = fix;
}

}  // namespace agentops::doctor
