// Following one hook file: the checks git itself makes (exists, executable),
// then the reader for the kind of script found (see hook_follow.h).
#include "doctor/hook_follow.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "agentops/install.h"
#include "process/child_process.h"

namespace agentops::doctor {
using process::find_on_path;
namespace fs = std::filesystem;
namespace {

bool word_boundary(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '&' || c == '|' || c == '(' || c == ')' || c == '"' ||
         c == '\'' || c == '`' || c == '/' || c == '{' || c == '}' || c == '=';
}

// The path in `agentops='...'` of agentops' own hook script (hook_script()).
std::string installed_executable(const std::string& script) {
  const std::string prefix = "\nagentops='";
  const size_t start = script.find(prefix);
  if (start == std::string::npos) return "";
  std::string path;
  for (size_t i = start + prefix.size(); i < script.size(); ++i) {
    if (script.compare(i, 4, "'\\''") == 0) {
      path += '\'';
      i += 3;
    } else if (script[i] == '\'') {
      return path;
    } else {
      path += script[i];
    }
  }
  return "";
}

void follow_agentops_hook(const HookContext& context, const std::string& file, const std::string& script,
                          HookCheck& check) {
  const std::string executable = installed_executable(script);
  check.via.push_back(file + " is agentops' hook script");
  const std::string expected = agentops_executable(context.hook);
  if (executable.empty()) {
    check.reach = HookReach::unproven;
    check.via.push_back("but the executable it runs cannot be read from it");
    check.fix = "agentops-install --repo " + context.worktree;
    return;
  }
  if (fs::path(executable).filename() != expected) {
    check.reach = HookReach::not_reached;
    check.via.push_back("but it runs " + executable + ", not " + expected);
    check.fix = "agentops-install --repo " + context.worktree;
    return;
  }
  if (!is_executable_file(executable)) {
    // The script fails closed (exit 2), so commits stop: loud, but still off.
    check.reach = HookReach::not_reached;
    check.via.push_back("but " + executable + " is missing or not executable (the hook blocks every commit)");
    check.fix = "rebuild or reinstall agentops, then: agentops-install --repo " + context.worktree;
    return;
  }
  // The marker is only a comment: an edited script (`exit 0` above the exec)
  // keeps it. Only the script agentops-install writes is read as such.
  const auto& specs = client_hooks();
  const auto spec = std::find_if(specs.begin(), specs.end(), [&](const HookSpec& s) { return s.hook == context.hook; });
  if (spec == specs.end() || script != hook_script(*spec, executable)) {
    check.via.push_back("but it differs from the script agentops-install writes (edited?)");
    if (context.canary) {
      run_canary(context, file, check);
    } else {
      check.reach = HookReach::unproven;
    }
    if (check.reach != HookReach::reached)
      check.fix = "agentops-install --repo " + context.worktree + " (writes agentops' hook again)";
    return;
  }
  const std::string previous = (fs::path(file).parent_path() / (context.hook + kPreviousSuffix)).string();
  std::error_code ec;
  if (is_executable_file(previous)) {
    // It runs as a child with `|| exit $?`: whatever it does, agentops runs
    // after it unless it fails, and then git stops anyway.
    check.via.push_back("which first runs " + previous + " (a kept earlier hook; a failure there stops git)");
  } else if (fs::exists(previous, ec)) {
    check.warnings.push_back(previous + " (the hook agentops kept) is not executable, so it no longer runs");
  }
  check.via.push_back("which runs " + executable);
  check.reach = HookReach::reached;
}

// The hook file is this agentops binary: a symbolic or hard link to it, or a
// copy of it (the same bytes).
bool is_this_binary(const std::string& file) {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return false;
  if (fs::equivalent(file, self, ec)) return true;
  const auto size = fs::file_size(file, ec);
  if (ec || size != fs::file_size(self, ec) || ec) return false;
  return read_text(file) == read_text(self.string());
}

// The binary runs the entry point its name names (multicall/main.cpp): git's
// hook name, or an agentops-<hook> name a symbolic link passes through, which
// wins over git's.
void follow_agentops_binary(const HookContext& context, const std::string& file, HookCheck& check) {
  const std::string expected = agentops_executable(context.hook);
  check.via.push_back(file + " is the agentops binary itself, which runs as the hook it is named for");
  fs::path link = file;
  for (int hop = 0; hop < 16; ++hop) {
    std::error_code ec;
    const fs::path target = fs::read_symlink(link, ec);
    if (ec) break;
    link = target.is_absolute() ? target : link.parent_path() / target;
    const std::string name = link.filename().string();
    const std::string stem = name.substr(0, name.find('.'));
    if (stem.starts_with("agentops-") && stem != expected) {
      check.reach = HookReach::not_reached;
      check.via.push_back("but it links to " + link.string() + ", which runs " + stem + ", not " + expected);
      check.fix = "agentops-install --repo " + context.worktree;
      return;
    }
  }
  check.via.push_back("which runs " + expected);
  check.reach = HookReach::reached;
}

}  // namespace

std::string agentops_executable(const std::string& hook) { return "agentops-" + hook; }

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

bool is_executable_file(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

bool is_help_option(const std::string& argument) {
  std::string unquoted = argument;
  if (unquoted.size() >= 2 && (unquoted.front() == '"' || unquoted.front() == '\'') && unquoted.back() == unquoted.front())
    unquoted = unquoted.substr(1, unquoted.size() - 2);
  return unquoted == "--help" || unquoted == "-h";
}

bool is_agentops_script(const std::string& text) {
  return text.starts_with("#!") && text.find(kHookMarker) != std::string::npos;
}

bool command_runs_agentops(const std::string& command, const std::string& hook) {
  const std::string name = agentops_executable(hook);
  for (size_t at = command.find(name); at != std::string::npos; at = command.find(name, at + 1)) {
    const bool starts = at == 0 || word_boundary(command[at - 1]);
    const size_t end = at + name.size();
    const bool ends = end == command.size() || word_boundary(command[end]) || command[end] == '\n';
    if (!starts || !ends) continue;
    // Its first argument: a hook asked for --help exits 0 having checked nothing.
    const size_t argument = command.find_first_not_of(" \t", end);
    const size_t argument_end = argument == std::string::npos ? argument : command.find_first_of(" \t\n;&|)`", argument);
    if (argument != std::string::npos && is_help_option(command.substr(argument, argument_end - argument))) continue;
    return true;
  }
  return false;
}

bool script_calls_agentops(const std::string& script, const std::string& hook) {
  std::istringstream lines(script);
  std::string line;
  while (std::getline(lines, line)) {
    const size_t first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    if (command_runs_agentops(line, hook)) return true;
  }
  return false;
}

bool agentops_on_path(const HookContext& context, HookCheck& check, const std::string& extra_directory) {
  const std::string name = agentops_executable(context.hook);
  std::string found;
  if (!extra_directory.empty() && is_executable_file(extra_directory + "/" + name)) found = extra_directory + "/" + name;
  if (found.empty()) found = find_on_path(name);
  if (found.empty() || !is_executable_file(found)) {
    check.reach = HookReach::not_reached;
    check.via.push_back(name + " is called by name but is not on PATH (the hook fails with 'command not found')");
    check.fix = "put the directory holding agentops' executables on PATH (e.g. export PATH=\"/usr/local/bin:$PATH\"), "
                "or install agentops (make install / the package)";
    return false;
  }
  check.via.push_back(name + " resolves on PATH to " + found);
  return true;
}

void follow_hook_file(const HookContext& context, const std::string& file, HookCheck& check, int depth) {
  std::error_code ec;
  if (depth > 4) {
    check.reach = HookReach::unproven;
    check.via.push_back("hooks chain through more than 4 wrappers; doctor stops following at " + file);
    return;
  }
  const auto status = fs::status(file, ec);
  if (!fs::exists(status)) {
    check.reach = HookReach::not_reached;
    check.via.push_back(fs::symlink_status(file, ec).type() == fs::file_type::symlink
                            ? file + " is a symbolic link to nothing: git runs no " + context.hook + " hook"
                            : "no " + file + ": git runs no " + context.hook + " hook");
    return;
  }
  if (!is_executable_file(file)) {
    check.reach = HookReach::not_reached;
    check.via.push_back(file + " is not executable: git ignores it (and says so only with advice.ignoredHook=true)");
    check.fix = "chmod +x " + file;
    return;
  }
  if (is_this_binary(file)) return follow_agentops_binary(context, file, check);
  const std::string script = read_text(file);
  if (is_agentops_script(script)) return follow_agentops_hook(context, file, script, check);
  if (is_lefthook_script(script)) {
    check.via.push_back(file + " is lefthook's hook");
    return follow_lefthook(context, file, script, check);
  }
  if (is_pre_commit_framework_script(script)) {
    check.via.push_back(file + " is the pre-commit framework's hook");
    return follow_pre_commit_framework(context, file, script, check, depth);
  }
  if (is_husky_script(script)) {
    check.via.push_back(file + " is husky's hook");
    return follow_husky(context, file, check);
  }
  check.via.push_back(file + " is a hook doctor cannot read (a custom script or another manager)");
  if (!context.canary) {
    check.reach = HookReach::unproven;
    check.fix = "run agentops doctor (with its canary) to prove it, or add a line `" +
                agentops_executable(context.hook) + (context.hook == "commit-msg" ? " \"$1\"" : context.hook == "pre-push" ? " \"$@\"" : "") +
                "` to " + file;
    return;
  }
  run_canary(context, file, check);
}

}  // namespace agentops::doctor
