// Hook managers as hosts: detecting the pre-commit framework, lefthook and
// husky 9, and adding agentops to their config between marker comments so
// that --uninstall removes exactly that. YAML is edited as lines (no YAML
// library in Debian's set we use): a block goes in only where its place is
// certain, else the installer prints it for the user to add.
#include "install/hook_managers.h"

#include <git2.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "doctor/hook_follow.h"

namespace agentops {
namespace fs = std::filesystem;

const char* manager_name(HookManager manager) {
  switch (manager) {
    case HookManager::pre_commit: return "pre-commit framework";
    case HookManager::lefthook: return "lefthook";
    case HookManager::husky: return "husky";
  }
  return "?";
}

namespace {

// The hooks a manager calls agentops from (the contract in docs/hook-managers.md):
// post-commit too, since git runs it after --no-verify (it reports bypasses).
struct ManagedHook {
  const char* hook;
  const char* executable;
};
constexpr ManagedHook kManagedHooks[] = {
    {"pre-commit", "agentops-pre-commit"},
    {"commit-msg", "agentops-commit-msg"},
    {"pre-push", "agentops-pre-push"},
    {"post-commit", "agentops-post-commit"},
};

constexpr const char* kLefthookConfigs[] = {"lefthook.yml",  ".lefthook.yml",  "lefthook.yaml", ".lefthook.yaml",
                                            "lefthook.toml", ".lefthook.toml", "lefthook.json", ".lefthook.json",
                                            ".config/lefthook.yml", ".config/lefthook.yaml"};
constexpr const char* kLefthookLocal = "lefthook-local.yml";
constexpr const char* kPreCommitConfig = ".pre-commit-config.yaml";
constexpr const char* kExcludeComment = "# agentops-install: lefthook-local.yml is a personal lefthook config";
constexpr const char* kNoFinalNewline = "# agentops-install: the file ended without a newline before";

std::optional<std::string> read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

bool contains(const fs::path& path, const std::string& text) {
  auto content = read_text(path);
  return content && content->find(text) != std::string::npos;
}

// A line of `path` (a manager's script or YAML config) that runs
// agentops-<hook>, as doctor reads it: not a comment, not `--help`.
bool calls_agentops(const fs::path& path, const std::string& hook) {
  auto content = read_text(path);
  return content && doctor::script_calls_agentops(*content, hook);
}

// Replaces `path` atomically, keeping its mode (a new file gets `mode`).
Status write_text(const fs::path& link_or_path, const std::string& content, mode_t mode = 0644) {
  // A symlinked config (lefthook.yml -> conf/lefthook.yml) stays a symlink:
  // replacing it with a file would change what the team tracks. Only a
  // target below the link's own directory is edited: a cloned repository's
  // link must not make agentops-install write to ~/.bashrc.
  std::error_code ec;
  const bool link = fs::is_symlink(link_or_path, ec);  // a file not there yet sets ec: it is no link
  ec.clear();
  const fs::path path = link ? fs::canonical(link_or_path, ec) : link_or_path;
  if (ec) return Error{"cannot follow the symlink " + link_or_path.string() + ": " + ec.message()};
  if (path != link_or_path) {
    const std::string directory = fs::canonical(link_or_path.parent_path(), ec).string() + "/";
    if (ec || !path.string().starts_with(directory))
      return Error{link_or_path.string() + " is a symlink to " + path.string() +
                   ", outside its directory: add agentops' lines to the file by hand"};
  }
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0) mode = info.st_mode & 07777;
  fs::create_directories(path.parent_path(), ec);
  const fs::path temporary = path.string() + ".agentops-tmp";
  // Whatever has that name (a symbolic link planted to another file) goes
  // first: opening it would write through the link.
  {
    std::error_code ignored;
    fs::remove(temporary, ignored);
  }
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out || !(out << content) || !out.flush())
      return Error{"cannot write " + temporary.string() + ": " + std::strerror(errno)};
  }
  if (::chmod(temporary.c_str(), mode) != 0 || std::rename(temporary.c_str(), path.c_str()) != 0) {
    const std::string reason = std::strerror(errno);
    fs::remove(temporary, ec);
    return Error{"cannot write " + path.string() + ": " + reason};
  }
  return Ok{};
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

std::string join_lines(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines) text += line + "\n";
  return text;
}

size_t indent_of(const std::string& line) { return line.find_first_not_of(' '); }
bool is_blank_or_comment(const std::string& line) {
  const size_t first = line.find_first_not_of(" \t");
  return first == std::string::npos || line[first] == '#';
}

// Whether the path (relative to the work tree) is tracked: then it is the team's file.
bool is_tracked(const git::Repository& repo, const std::string& relative) {
  auto index = repo.index();
  if (!index) return false;
  return git_index_get_bypath(index->get(), relative.c_str(), 0) != nullptr;
}

std::string relative_to_work_tree(const git::Repository& repo, const fs::path& path) {
  return path.lexically_relative(repo.workdir()).generic_string();
}

// lefthook: `<hook>: commands: agentops:` with the command's fields, at `indent`.
std::vector<std::string> lefthook_command(const std::string& hook, const std::string& indent) {
  std::vector<std::string> lines = {indent + "agentops:"};
  if (hook == "pre-commit") lines.push_back(indent + "  run: agentops-pre-commit");
  if (hook == "commit-msg") lines.push_back(indent + "  run: agentops-commit-msg {1}");
  if (hook == "pre-push") {
    lines.push_back(indent + "  run: agentops-pre-push {1} {2}");
    lines.push_back(indent + "  use_stdin: true  # git's ref updates: agentops checks what is pushed");
  }
  if (hook == "post-commit") lines.push_back(indent + "  run: agentops-post-commit");
  return lines;
}

std::vector<std::string> pre_commit_block(const std::string& indent) {
  const std::string i = indent;
  return {i + "- repo: local",
          i + "  hooks:",
          i + "  - id: agentops-pre-commit",
          i + "    name: agentops (staged change)",
          i + "    entry: agentops-pre-commit",
          i + "    language: system",
          i + "    pass_filenames: false",
          i + "    always_run: true",
          i + "    stages: [commit, merge-commit]",
          i + "  - id: agentops-commit-msg",
          i + "    name: agentops (commit message)",
          i + "    entry: agentops-commit-msg",
          i + "    language: system",
          i + "    always_run: true",
          i + "    stages: [commit-msg]",
          i + "  - id: agentops-pre-push",
          i + "    name: agentops (push)",
          i + "    entry: agentops-pre-push",
          i + "    language: system",
          i + "    pass_filenames: false",
          i + "    always_run: true",
          i + "    stages: [push]",
          i + "  - id: agentops-post-commit",
          i + "    name: agentops (commits made past the hooks)",
          i + "    entry: agentops-post-commit",
          i + "    language: system",
          i + "    pass_filenames: false",
          i + "    always_run: true",
          i + "    stages: [post-commit]"};
}

std::vector<std::string> marked(const std::vector<std::string>& block, const std::string& indent) {
  std::vector<std::string> lines = {indent + kManagerBlockBegin};
  lines.insert(lines.end(), block.begin(), block.end());
  lines.push_back(indent + kManagerBlockEnd);
  return lines;
}

// Adds agentops' command for `hook` to a lefthook YAML config; nullopt when
// the place for it is not certain (the hook's value is written inline).
std::optional<std::string> add_lefthook_command(const std::string& text, const std::string& hook) {
  auto lines = split_lines(text);
  // lefthook reads the first YAML document only: a block added after a
  // `---` would never run, yet look installed.
  bool content_seen = false;
  for (const auto& line : lines) {
    if ((line.starts_with("---") || line.starts_with("...")) && content_seen) return std::nullopt;
    content_seen = content_seen || !is_blank_or_comment(line);
  }
  size_t hook_line = lines.size();
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (!line.starts_with(hook + ":")) continue;
    const std::string rest = line.substr(hook.size() + 1);
    if (!is_blank_or_comment(rest)) return std::nullopt;  // `pre-commit: {...}`
    hook_line = i;
    break;
  }
  if (hook_line == lines.size()) {
    auto block = marked({}, "");
    std::vector<std::string> body = {hook + ":", "  commands:"};
    for (auto& line : lefthook_command(hook, "    ")) body.push_back(line);
    block.insert(block.begin() + 1, body.begin(), body.end());
    lines.insert(lines.end(), block.begin(), block.end());
    return join_lines(lines);
  }
  size_t section_end = hook_line + 1;
  while (section_end < lines.size() && (is_blank_or_comment(lines[section_end]) || indent_of(lines[section_end]) > 0))
    ++section_end;
  size_t child_indent = 0;
  for (size_t i = hook_line + 1; i < section_end && !child_indent; ++i)
    if (!is_blank_or_comment(lines[i])) child_indent = indent_of(lines[i]);
  if (!child_indent) child_indent = 2;
  for (size_t i = hook_line + 1; i < section_end; ++i) {
    const std::string& line = lines[i];
    if (is_blank_or_comment(line) || indent_of(line) != child_indent) continue;
    const std::string key = line.substr(child_indent);
    if (!key.starts_with("commands:")) continue;
    if (!is_blank_or_comment(key.substr(9))) return std::nullopt;  // `commands: {}`
    size_t entry_indent = child_indent + 2;
    for (size_t k = i + 1; k < section_end; ++k)
      if (!is_blank_or_comment(lines[k])) {
        if (indent_of(lines[k]) > child_indent) entry_indent = indent_of(lines[k]);
        break;
      }
    const std::string pad(entry_indent, ' ');
    auto block = marked(lefthook_command(hook, pad), pad);
    lines.insert(lines.begin() + static_cast<long>(i) + 1, block.begin(), block.end());
    return join_lines(lines);
  }
  const std::string pad(child_indent, ' ');
  std::vector<std::string> body = {pad + "commands:"};
  for (auto& line : lefthook_command(hook, pad + pad)) body.push_back(line);
  auto block = marked(body, pad);
  lines.insert(lines.begin() + static_cast<long>(hook_line) + 1, block.begin(), block.end());
  return join_lines(lines);
}

// Adds the `repo: local` block as the first item of `repos:`; nullopt when
// `repos:` is not a block list there.
std::optional<std::string> add_pre_commit_block(const std::string& text) {
  auto lines = split_lines(text);
  for (size_t i = 0; i < lines.size(); ++i) {
    if (!lines[i].starts_with("repos:")) continue;
    if (!is_blank_or_comment(lines[i].substr(6))) return std::nullopt;  // `repos: []`
    std::string item_indent;
    for (size_t k = i + 1; k < lines.size(); ++k) {
      if (is_blank_or_comment(lines[k])) continue;
      const size_t indent = indent_of(lines[k]);
      if (lines[k].compare(indent, 1, "-") != 0) return std::nullopt;
      item_indent = std::string(indent, ' ');
      break;
    }
    auto block = marked(pre_commit_block(item_indent), item_indent);
    lines.insert(lines.begin() + static_cast<long>(i) + 1, block.begin(), block.end());
    return join_lines(lines);
  }
  lines.push_back("repos:");
  for (auto& line : marked(pre_commit_block(""), "")) lines.push_back(line);
  return join_lines(lines);
}

std::string husky_line(const std::string& hook) {
  if (hook == "pre-commit") return "agentops-pre-commit";
  if (hook == "commit-msg") return "agentops-commit-msg \"$1\"";
  if (hook == "post-commit") return "agentops-post-commit";
  return "agentops-pre-push \"$@\"";
}

// Whether a husky script runs `executable` for certain: a line calling it
// before any line that may end the script (`exit 0`, `exec ...`) or one
// that may read the stdin it needs. A mention in a comment, an echo or after
// an exit runs nothing.
bool husky_calls(const fs::path& script, const std::string& executable, const std::string& hook) {
  const auto text = read_text(script);
  if (!text) return false;
  for (const auto& line : split_lines(*text)) {
    const size_t first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    const std::string content = line.substr(first);
    // The first command must be agentops-<hook> itself, not asked for --help:
    // another command first may exit or read stdin, so agentops' line goes first.
    return content.starts_with(executable) && doctor::command_runs_agentops(content, hook);
  }
  return false;
}

// `line` as the first command of a husky script (after a #! line): husky runs
// the script with `sh -e`, so a line after `exit 0`, after a failing command
// or after one that reads stdin would never run or see nothing.
std::string with_first_line(const std::string& text, const std::string& line) {
  if (!text.starts_with("#!")) return line + "\n" + text;
  const size_t end = text.find('\n');
  if (end == std::string::npos) return text + "\n" + line + "\n";
  return text.substr(0, end + 1) + line + "\n" + text.substr(end + 1);
}

// `text` with its last line ended, so lines can follow; a note says the
// newline was added, for uninstall to take it away again.
std::string with_last_line_ended(const std::string& text) {
  if (text.empty() || text.ends_with("\n")) return text;
  return text + "\n" + kNoFinalNewline + "\n";
}

// Removes the blocks between the markers and the lines ending in the line marker.
std::string without_agentops(const std::string& text, bool& changed) {
  std::vector<std::string> kept;
  bool inside = false, unterminated = false;
  for (const auto& line : split_lines(text)) {
    const size_t first = line.find_first_not_of(' ');
    const std::string content = first == std::string::npos ? "" : line.substr(first);
    if (content == kManagerBlockBegin) {
      inside = true;
      changed = true;
      continue;
    }
    if (inside) {
      if (content == kManagerBlockEnd) inside = false;
      continue;
    }
    if (line.ends_with(std::string(" ") + kManagerLineMarker) || line == kExcludeComment) {
      changed = true;
      continue;
    }
    if (line == kNoFinalNewline) {
      changed = true;
      unterminated = true;
      continue;
    }
    kept.push_back(line);
  }
  std::string restored = join_lines(kept);
  // A file that ended without a newline ends so again.
  if ((unterminated || (!text.empty() && !text.ends_with("\n"))) && restored.ends_with("\n")) restored.pop_back();
  return restored;
}

// The manager's script for `hook` in the hooks directory git runs.
bool manager_script_present(HookManager manager, const fs::path& hooks, const std::string& hook) {
  const fs::path script = hooks / hook;
  switch (manager) {
    case HookManager::lefthook: return contains(script, "lefthook");
    case HookManager::pre_commit: return contains(script, "pre-commit.com");
    case HookManager::husky: return fs::exists(script);
  }
  return false;
}

std::string reinstall_command(HookManager manager) {
  switch (manager) {
    case HookManager::lefthook: return "lefthook install";
    case HookManager::pre_commit:
      return "pre-commit install --hook-type pre-commit --hook-type commit-msg --hook-type pre-push --hook-type "
             "post-commit";
    case HookManager::husky: return "npx husky (or the \"prepare\" script: npm install)";
  }
  return "";
}

// Keeps the personal lefthook-local.yml out of commits (.git/info/exclude is never shared).
Status exclude_lefthook_local(const git::Repository& repo) {
  int ignored = 0;
  if (git_ignore_path_is_ignored(&ignored, repo.get(), kLefthookLocal) == 0 && ignored) return Ok{};
  git_error_clear();
  const fs::path exclude = fs::path(git_repository_commondir(repo.get())) / "info" / "exclude";
  std::string text = read_text(exclude).value_or("");
  if (!text.empty() && !text.ends_with("\n")) text += "\n";
  text += std::string(kExcludeComment) + "\n/" + kLefthookLocal + "\n";
  return write_text(exclude, text);
}

}  // namespace

std::string manager_snippet(HookManager manager, const std::string& hook, const std::string& indent) {
  switch (manager) {
    case HookManager::lefthook: {
      std::vector<std::string> body = {indent + hook + ":", indent + "  commands:"};
      for (auto& line : lefthook_command(hook, indent + "    ")) body.push_back(line);
      return join_lines(body);
    }
    case HookManager::pre_commit: return join_lines(pre_commit_block(indent));
    case HookManager::husky: return indent + husky_line(hook) + " " + kManagerLineMarker + "\n";
  }
  return "";
}

Result<std::vector<ManagerFound>> detect_hook_managers(const git::Repository& repo) {
  std::vector<ManagerFound> found;
  if (repo.is_bare()) return found;
  auto hooks_dir = hooks_directory(repo);
  if (!hooks_dir) return hooks_dir.error();
  const fs::path hooks = *hooks_dir;
  const fs::path root = repo.workdir();
  auto scripts_say = [&](const std::string& text) {
    for (const auto& managed : kManagedHooks)
      if (contains(hooks / managed.hook, text)) return true;
    return false;
  };
  // husky 9: core.hooksPath=.husky/_, where `h` runs .husky/<hook>.
  std::error_code ec;
  if (hooks.filename() == "_" && fs::exists(hooks / "h", ec))
    found.push_back(ManagerFound{HookManager::husky, hooks.parent_path().string(), true});
  std::string lefthook_config;
  for (const char* name : kLefthookConfigs)
    if (fs::exists(root / name, ec)) {
      lefthook_config = (root / name).string();
      break;
    }
  const bool lefthook_scripts = scripts_say("lefthook");
  if (!lefthook_config.empty() || lefthook_scripts)
    found.push_back(ManagerFound{HookManager::lefthook, lefthook_config, lefthook_scripts});
  const bool pre_commit_scripts = scripts_say("pre-commit.com");
  if (fs::exists(root / kPreCommitConfig, ec) || pre_commit_scripts)
    found.push_back(ManagerFound{HookManager::pre_commit,
                                 fs::exists(root / kPreCommitConfig, ec) ? (root / kPreCommitConfig).string() : "",
                                 pre_commit_scripts});
  return found;
}

namespace detail {

std::string find_on_path(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::istringstream directories(path ? path : "");
  std::string directory;
  while (std::getline(directories, directory, ':')) {
    if (directory.empty()) directory = ".";
    const std::string candidate = directory + "/" + name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return "";
}

Result<std::vector<HookAction>> integrate_with_managers(const git::Repository& repo,
                                                        const std::vector<ManagerFound>& managers,
                                                        const InstallOptions& options) {
  auto hooks_dir = hooks_directory(repo);
  if (!hooks_dir) return hooks_dir.error();
  const fs::path hooks = *hooks_dir;
  const fs::path root = repo.workdir();
  // A manager that owns the hook scripts is the one git runs; one with only a
  // config comes next (its scripts are not installed yet).
  const ManagerFound* host = nullptr;
  for (const auto& manager : managers)
    if (manager.owns_hooks && !host) host = &manager;
  if (!host) host = &managers.front();
  const HookManager manager = host->manager;
  const std::string name = manager_name(manager);
  // Editing the team's config, or the tracked .husky/ scripts, only when asked
  // (--into-working-tree asks for that too).
  const bool may_edit = options.write_manager_config || options.into_working_tree;
  std::vector<HookAction> actions;

  for (const auto& other : managers)
    if (&other != host)
      actions.push_back(HookAction{"(all)", other.config, std::string(manager_name(other.manager)) +
                                       " is configured here too; agentops was added to " + name +
                                       ", which runs git's hooks. Add it to " + manager_name(other.manager) +
                                       " as well if you switch (docs/hook-managers.md)", "", true});

  for (const auto& managed : kManagedHooks) {
    const std::string hook = managed.hook;
    HookAction action{hook, "", "", "", true};
    if (manager == HookManager::husky) {
      const fs::path script = fs::path(host->config) / hook;
      action.path = script.string();
      if (husky_calls(script, managed.executable, hook)) {
        action.action = "husky already calls " + std::string(managed.executable);
      } else if (may_edit) {
        const std::string text =
            with_first_line(read_text(script).value_or(""), husky_line(hook) + " " + kManagerLineMarker);
        if (auto written = write_text(script, text, 0755); !written) return written.error();
        action.action = "added a line calling " + std::string(managed.executable) + " (husky runs it from .husky/_/" + hook + ")";
      } else {
        action.reached = false;
        action.action = "not reached: " + relative_to_work_tree(repo, script) +
                        " is tracked by the team: add this line to it (or run agentops-install --write-manager-config)";
        action.snippet = manager_snippet(manager, hook);
      }
    } else if (manager == HookManager::lefthook) {
      // The untracked lefthook-local.yml is lefthook's place for one person's
      // additions: installing there changes nothing the team shares, and
      // lefthook merges it over lefthook.yml.
      const bool local_is_tracked = is_tracked(repo, kLefthookLocal);
      fs::path target = root / kLefthookLocal;
      const fs::path team_config = host->config;
      if (options.write_manager_config && (team_config.extension() == ".yml" || team_config.extension() == ".yaml"))
        target = team_config;  // a TOML or JSON lefthook config: the YAML lefthook-local.yml, which lefthook merges
      const bool target_editable = (target == root / kLefthookLocal && !local_is_tracked) || options.write_manager_config;
      action.path = target.string();
      const bool yaml = target.extension() == ".yml" || target.extension() == ".yaml";
      if (calls_agentops(target, hook) || (!host->config.empty() && calls_agentops(host->config, hook))) {
        action.action = "lefthook already calls " + std::string(managed.executable);
      } else if (target_editable && yaml) {
        auto updated = add_lefthook_command(with_last_line_ended(read_text(target).value_or("")), hook);
        if (!updated) {
          action.reached = false;
          action.action = "not reached: the " + hook + " section of " + target.filename().string() +
                          " is written inline (or the file holds several YAML documents); add agentops' command to it by hand";
          action.snippet = manager_snippet(manager, hook);
        } else {
          if (auto written = write_text(target, *updated); !written) return written.error();
          if (target == root / kLefthookLocal)
            if (auto excluded = exclude_lefthook_local(repo); !excluded) return excluded.error();
          action.action = "added lefthook command agentops (" + std::string(managed.executable) + ") to " +
                          target.filename().string();
        }
      } else {
        action.reached = false;
        action.action = "not reached: add this to " + target.filename().string() +
                        " (or run agentops-install --write-manager-config)";
        action.snippet = manager_snippet(manager, hook);
      }
    } else {
      const fs::path config = root / kPreCommitConfig;
      action.path = config.string();
      if (contains(config, "id: " + std::string(managed.executable))) {
        action.action = "the pre-commit config already has hook id " + std::string(managed.executable);
      } else if (options.write_manager_config) {
        // A block an earlier agentops-install wrote (without post-commit) is replaced whole.
        std::string text = read_text(config).value_or("");
        bool had_block = false;
        if (text.find(kManagerBlockBegin) != std::string::npos) text = without_agentops(text, had_block);
        auto updated = add_pre_commit_block(with_last_line_ended(text));
        if (!updated) {
          action.reached = false;
          action.action = "not reached: `repos:` in .pre-commit-config.yaml is not a block list; add this item to it";
          action.snippet = manager_snippet(manager, hook);
        } else {
          if (auto written = write_text(config, *updated); !written) return written.error();
          action.action = "added hook id " + std::string(managed.executable) + " (repo: local) to .pre-commit-config.yaml";
        }
      } else {
        action.reached = false;
        action.action = "not reached: .pre-commit-config.yaml is the team's file: add this item under `repos:` "
                        "(or run agentops-install --write-manager-config)";
        action.snippet = manager_snippet(manager, hook, "");
      }
    }
    // The config names agentops; git runs it only through the manager's script.
    if (action.reached && !manager_script_present(manager, hooks, hook) && contains(hooks / hook, kHookMarker)) {
      action.action += "; agentops' own " + hook + " script runs it until `" + reinstall_command(manager) +
                       "` puts " + name + "'s in its place";
    } else if (action.reached && !manager_script_present(manager, hooks, hook)) {
      action.reached = false;
      action.action += "; not reached yet: " + name + "'s " + hook + " script is not in " + hooks.string() +
                       ": run `" + reinstall_command(manager) + "`";
    }
    // Where managers put a script they found in their way: lefthook renames it
    // <hook>.old (and runs it no more), pre-commit <hook>.legacy (and runs it
    // first, so agentops would run twice).
    if (contains(hooks / (hook + ".old"), kHookMarker))
      action.action += "; an earlier agentops hook was renamed " + hook + ".old by lefthook and no longer runs "
                       "(delete it)";
    if (contains(hooks / (hook + ".legacy"), kHookMarker))
      action.action += "; an earlier agentops hook still runs as " + hook + ".legacy (pre-commit's migration mode): "
                       "delete it, agentops now runs from the config";
    actions.push_back(std::move(action));
  }
  // The pre-commit block holds all three hooks: print it once.
  if (manager == HookManager::pre_commit) {
    bool shown = false;
    for (auto& action : actions) {
      if (action.snippet.empty()) continue;
      if (shown) action.snippet.clear();
      shown = true;
    }
  }

  for (const auto& managed : kManagedHooks) {
    const std::string found = find_on_path(managed.executable);
    if (!found.empty()) {
      std::error_code ec;
      const fs::path expected = fs::path(options.bin_dir) / managed.executable;
      if (fs::exists(expected, ec) && !fs::equivalent(found, expected, ec))
        actions.push_back(HookAction{managed.hook, found,
                                     std::string("note: PATH finds ") + managed.executable + " here, not the one in " +
                                         fs::absolute(options.bin_dir).string() + "; the manager runs this one",
                                     "", true});
      continue;
    }
    actions.push_back(HookAction{managed.hook, managed.executable,
                                 std::string("not reached: ") + managed.executable + " is not on PATH, so " + name +
                                     " cannot run it and the " + managed.hook + " hook fails. Put " +
                                     fs::absolute(options.bin_dir).string() +
                                     " on PATH (export PATH=...:$PATH in your shell profile) or install agentops",
                                 "", false});
  }
  return actions;
}

Result<std::vector<HookAction>> remove_from_managers(const git::Repository& repo) {
  std::vector<HookAction> actions;
  if (repo.is_bare()) return actions;
  const fs::path root = repo.workdir();
  std::vector<fs::path> candidates = {root / kLefthookLocal, root / kPreCommitConfig};
  for (const char* name : kLefthookConfigs) candidates.push_back(root / name);
  auto hooks_dir = hooks_directory(repo);
  if (hooks_dir && fs::path(*hooks_dir).filename() == "_")
    for (const auto& managed : kManagedHooks) candidates.push_back(fs::path(*hooks_dir).parent_path() / managed.hook);
  candidates.push_back(fs::path(git_repository_commondir(repo.get())) / "info" / "exclude");
  for (const auto& path : candidates) {
    auto text = read_text(path);
    if (!text) continue;
    bool changed = false;
    const std::string kept = without_agentops(*text, changed);
    if (!changed) continue;
    std::error_code ec;
    // A file agentops created holds nothing else: it goes entirely.
    if (kept.find_first_not_of(" \n\t") == std::string::npos && path.filename() != "exclude") {
      fs::remove(path, ec);
      if (ec) return Error{"cannot remove " + path.string() + ": " + ec.message()};
      actions.push_back(HookAction{"(config)", path.string(), "removed (it held only agentops)", "", true});
      continue;
    }
    std::string cleaned = kept;
    if (path.filename() == "exclude") {  // the pattern line after the comment
      const std::string pattern = std::string("/") + kLefthookLocal + "\n";
      if (const size_t at = cleaned.rfind(pattern); at != std::string::npos) cleaned.erase(at, pattern.size());
    }
    if (auto written = write_text(path, cleaned); !written) return written.error();
    actions.push_back(HookAction{"(config)", path.string(), "removed agentops' lines", "", true});
  }
  return actions;
}

}  // namespace detail
}  // namespace agentops
