// agentops doctor: for each worktree, where git runs hooks from (asked of
// git itself: `rev-parse --git-path hooks` applies core.hooksPath, `~`, a path
// relative to the work tree root and per-worktree config exactly as git's
// hook runner does), then each hook followed to agentops (hook_follow.h), and
// what displaced agentops when it is not reached.
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <sstream>

#include "agentops/doctor.h"
#include "agentops/install.h"
#include "process/child_process.h"
#include "doctor/hook_follow.h"

namespace agentops {
namespace fs = std::filesystem;
namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

// The same directory by its real path (symbolic links resolved, never throwing).
std::string real_path(const std::string& path) {
  std::error_code ec;
  const fs::path resolved = fs::weakly_canonical(path, ec);
  return ec ? path : resolved.string();
}

bool is_agentops_hook_file(const std::string& path) {
  return doctor::is_agentops_script(doctor::read_text(path));
}

// Explains what put agentops out of the path, from the traces each manager leaves.
void explain_displacement(const doctor::HookContext& context, const WorktreeCheck& worktree, HookCheck& check) {
  const std::string hook = context.hook;
  const std::string file = check.file;
  const std::string script = doctor::read_text(file);
  const std::string default_hooks = (fs::path(context.common_dir) / "hooks").string();
  const std::string default_file = (fs::path(default_hooks) / hook).string();
  if (is_agentops_hook_file(file + ".old") && doctor::is_lefthook_script(script)) {
    check.displaced_by = "lefthook's hook replaced agentops' hook; agentops' hook was renamed to " + hook + ".old";
  } else if (doctor::is_pre_commit_framework_script(script)) {
    check.displaced_by = is_agentops_hook_file(file + ".legacy")
                             ? "the pre-commit framework's hook replaced agentops' hook (kept as " + hook + ".legacy)"
                             : "the pre-commit framework's hook replaced agentops' hook (`pre-commit install -f` deletes "
                               "the hook it replaces)";
  } else if (!worktree.core_hooks_path.empty() &&
             real_path(worktree.hooks_directory) != real_path(default_hooks) &&
             is_agentops_hook_file(default_file)) {
    const bool husky = fs::path(worktree.hooks_directory).filename() == "_" &&
                       fs::path(worktree.hooks_directory).parent_path().filename() == ".husky";
    check.displaced_by = std::string(husky ? "husky set core.hooksPath=" : "core.hooksPath=") + worktree.core_hooks_path +
                         ", so git runs hooks from " + worktree.hooks_directory + " and no longer runs agentops' hook " +
                         default_file;
  } else if (is_agentops_hook_file(file + ".old")) {
    check.displaced_by = "agentops' hook was renamed to " + hook + ".old (lefthook does this when it installs)";
  }
  if (check.fix.empty()) {
    std::error_code ec;
    const bool directory_missing = !fs::is_directory(worktree.hooks_directory, ec);
    const bool inside_git_dir = real_path(worktree.hooks_directory).starts_with(real_path(context.common_dir));
    const bool file_missing = !fs::exists(file, ec);
    const bool framework_configured =
        doctor::read_text((fs::path(context.worktree) / ".pre-commit-config.yaml").string()).find(
            doctor::agentops_executable(hook)) != std::string::npos;
    const bool lefthook_configured =
        doctor::read_text((fs::path(context.worktree) / "lefthook.yml").string()).find(
            doctor::agentops_executable(hook)) != std::string::npos;
    if (directory_missing && !worktree.core_hooks_path.empty()) {
      check.via.push_back("core.hooksPath=" + worktree.core_hooks_path + " names " + worktree.hooks_directory +
                          ", which does not exist");
      check.fix = "git config --unset core.hooksPath (then agentops-install --repo " + context.worktree +
                  "), or create " + worktree.hooks_directory + " with a " + hook + " hook calling " +
                  doctor::agentops_executable(hook);
    } else if (file_missing && framework_configured) {
      check.via.push_back(".pre-commit-config.yaml names " + doctor::agentops_executable(hook) +
                          ", but the framework's " + hook + " hook is not installed");
      check.fix = "pre-commit install --hook-type " + hook;
    } else if (file_missing && lefthook_configured) {
      check.via.push_back("lefthook.yml names " + doctor::agentops_executable(hook) + ", but lefthook's " + hook +
                          " hook is not installed");
      check.fix = "lefthook install";
    } else if (inside_git_dir) {
      check.fix = "agentops-install --repo " + context.worktree;
    } else {
      check.fix = "add a line `" + doctor::agentops_executable(hook) +
                  (hook == "commit-msg" ? " \"$1\"" : hook == "pre-push" ? " \"$@\"" : "") + "` to " + file +
                  " (chmod +x it), or: agentops-install --repo " + context.worktree + " --into-working-tree";
    }
  }
}

// core.hooksPath set by this process's environment (GIT_CONFIG_COUNT/KEY/VALUE,
// or GIT_CONFIG_PARAMETERS as `git -c` exports it): every git command run from
// it takes its hooks from there. doctor's own git children do not inherit these
// variables (they describe a hook's git, see child_process.cpp), so it is read here.
std::optional<std::string> hooks_path_from_environment() {
  auto lower = [](std::string text) {
    for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
  };
  std::optional<std::string> value;
  if (const char* count = std::getenv("GIT_CONFIG_COUNT")) {
    const int entries = std::atoi(count);
    for (int n = 0; n < entries; ++n) {
      const char* key = std::getenv(("GIT_CONFIG_KEY_" + std::to_string(n)).c_str());
      const char* entry = std::getenv(("GIT_CONFIG_VALUE_" + std::to_string(n)).c_str());
      if (key && entry && lower(key) == "core.hookspath") value = entry;
    }
  }
  if (const char* parameters = std::getenv("GIT_CONFIG_PARAMETERS");
      parameters && lower(parameters).find("core.hookspath") != std::string::npos && !value)
    value = "(set by GIT_CONFIG_PARAMETERS)";
  return value;
}

struct WorktreeEntry {
  std::string path;
  bool prunable = false;
};

Result<std::vector<WorktreeEntry>> list_worktrees(const std::string& repo_path) {
  auto listed = process::git_in(repo_path, {"worktree", "list", "--porcelain"});
  if (!listed) return listed.error();
  std::vector<WorktreeEntry> worktrees;
  bool bare = false;
  for (const auto& line : lines_of(*listed + "\n")) {
    if (line.starts_with("worktree ")) {
      worktrees.push_back({line.substr(9)});
      bare = false;
    } else if (line == "bare" && !worktrees.empty()) {
      bare = true;
      worktrees.pop_back();
    } else if (line.starts_with("prunable") && !worktrees.empty() && !bare) {
      worktrees.back().prunable = true;
    }
  }
  return worktrees;
}

Result<WorktreeCheck> check_worktree(const std::string& path, const DoctorOptions& options) {
  auto described = process::git_in(
      path, {"rev-parse", "--path-format=absolute", "--show-toplevel", "--git-common-dir", "--git-path", "hooks"});
  if (!described) return described.error();
  const auto lines = lines_of(*described);
  if (lines.size() < 3) return Error{"git rev-parse gave an unexpected answer in " + path};
  WorktreeCheck worktree;
  worktree.path = lines[0];
  worktree.hooks_directory = lines[2];
  process::ChildRun config;
  config.argv = {"git", "-C", path, "config", "--get", "core.hooksPath"};
  if (auto value = process::run_child(config); value && value->exit_code == 0) {
    worktree.core_hooks_path = value->out;
    while (!worktree.core_hooks_path.empty() && worktree.core_hooks_path.back() == '\n')
      worktree.core_hooks_path.pop_back();
  }
  for (const auto& hook : options.hooks) {
    doctor::HookContext context{worktree.path, worktree.hooks_directory, lines[1], hook, options.canary,
                                options.canary_timeout_ms};
    HookCheck check;
    check.hook = hook;
    check.file = (fs::path(worktree.hooks_directory) / hook).string();
    doctor::follow_hook_file(context, check.file, check);
    if (check.reach != HookReach::reached) explain_displacement(context, worktree, check);
    if (const auto overridden = hooks_path_from_environment()) {
      check.reach = HookReach::not_reached;
      check.via.push_back("but this environment sets core.hooksPath=" + *overridden +
                          " (GIT_CONFIG_COUNT/GIT_CONFIG_KEY_n or GIT_CONFIG_PARAMETERS), so git run from it takes "
                          "hooks from there, not from " + worktree.hooks_directory);
      check.fix = "unset GIT_CONFIG_COUNT GIT_CONFIG_PARAMETERS (and the GIT_CONFIG_KEY_n/GIT_CONFIG_VALUE_n they "
                  "count) in the shell, agent or CI job that commits";
    }
    worktree.hooks.push_back(std::move(check));
  }
  return worktree;
}

}  // namespace

const char* to_string(HookReach reach) {
  switch (reach) {
    case HookReach::reached: return "reached";
    case HookReach::not_reached: return "not-reached";
    case HookReach::unproven: return "unproven";
  }
  return "unproven";
}

Result<DoctorReport> run_doctor(const DoctorOptions& options) {
  auto top = process::git_in(options.repo_path, {"rev-parse", "--path-format=absolute", "--git-common-dir"});
  if (!top) return top.error();
  DoctorReport report;
  report.repository = lines_of(*top).empty() ? options.repo_path : lines_of(*top)[0];
  std::vector<std::string> paths;
  if (options.all_worktrees) {
    auto worktrees = list_worktrees(options.repo_path);
    if (!worktrees) return worktrees.error();
    for (const auto& entry : *worktrees) {
      if (entry.prunable) continue;  // its directory is gone: nothing commits there
      paths.push_back(entry.path);
    }
  } else {
    paths.push_back(options.repo_path);
  }
  if (paths.empty())
    return Error{options.repo_path + " is a bare repository without worktrees: commit hooks do not run there "
                 "(a server's pre-receive is checked by agentops-install's report)"};
  for (const auto& path : paths) {
    auto worktree = check_worktree(path, options);
    if (!worktree) return worktree.error();
    report.worktrees.push_back(std::move(*worktree));
  }
  return report;
}

int doctor_exit_code(const DoctorReport& report) {
  for (const auto& worktree : report.worktrees)
    for (const auto& hook : worktree.hooks)
      if (hook.reach != HookReach::reached) return 1;
  return 0;
}

std::vector<std::string> displaced_commit_hook_warnings(const git::Repository& repo) {
  std::vector<std::string> warnings;
  if (repo.is_bare() || repo.workdir().empty()) return warnings;
  DoctorOptions options;
  options.repo_path = repo.workdir();
  options.hooks = {"pre-commit", "commit-msg"};
  options.all_worktrees = false;
  options.canary = false;
  auto report = run_doctor(options);
  if (!report || report->worktrees.empty()) return warnings;
  for (const auto& check : report->worktrees.front().hooks) {
    if (check.reach != HookReach::not_reached) continue;
    std::string reason = check.displaced_by.empty() ? (check.via.empty() ? "" : check.via.back()) : check.displaced_by;
    warnings.push_back("local " + check.hook + " hook does not reach agentops (" + reason +
                       "); commits made here are checked only now and in CI. Run `agentops doctor` for the fix");
  }
  return warnings;
}

}  // namespace agentops
