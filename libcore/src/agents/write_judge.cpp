// The pre-write judge. A write becomes a one-file Change (added or modified,
// with its size and added lines) and runs through the Evaluator exactly as a
// staged file does; nothing of the index or HEAD is read, so a write costs one
// policy load and one file scan.
#include "agents/write_judge.h"

#include <git2.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <unordered_set>

#include "agentops/evaluator.h"
#include "agents/agent_files.h"
#include "agents/text_lines.h"
#include "glob.h"

namespace agentops::agents {
namespace {

namespace fs = std::filesystem;

// How many symbolic links a path may pass through, as the kernel's ELOOP bound.
constexpr int kMaxSymlinkHops = 40;

// `path` with symbolic links resolved, as a write through it would land.
// weakly_canonical stops at the first component that does not exist, and a
// dangling symbolic link counts as one; but a write through it creates its
// target (`ln -s .git/hooks/pre-commit x`, then Write x), so one is followed
// by hand and the rest resolved again.
std::string resolved(const std::string& path) {
  fs::path current(path);
  fs::path canonical;
  for (int hop = 0; hop <= kMaxSymlinkHops; ++hop) {
    std::error_code error;
    canonical = fs::weakly_canonical(current, error);
    if (error) {
      canonical = current.lexically_normal();
      break;
    }
    fs::path prefix;
    fs::path rest;
    bool followed = false;
    for (const fs::path& part : canonical) {
      if (followed) {
        rest /= part;
        continue;
      }
      prefix /= part;
      if (fs::exists(prefix, error)) continue;
      if (!fs::is_symlink(fs::symlink_status(prefix, error))) break;
      const fs::path target = fs::read_symlink(prefix, error);
      if (error) break;
      prefix = target.is_absolute() ? target : prefix.parent_path() / target;
      followed = true;
    }
    if (!followed) break;
    current = rest.empty() ? prefix : prefix / rest;
  }
  std::string text = canonical.generic_string();
  while (text.size() > 1 && text.back() == '/') text.pop_back();
  return text;
}

// `path` below `root`: the rest, or nullopt.
std::optional<std::string> below(const std::string& root, const std::string& path) {
  if (root.empty() || path.size() <= root.size() || !path.starts_with(root) || path[root.size()] != '/')
    return std::nullopt;
  return path.substr(root.size() + 1);
}

// A file's current text; nullopt when there is none. Larger files are not
// read (their size still is).
struct Existing {
  bool exists = false;
  std::uint64_t size = 0;
  std::string text;
  bool read = false;
};

Existing read_existing(const std::string& absolute, std::uint64_t max_bytes) {
  Existing existing;
  std::error_code error;
  if (!fs::is_regular_file(absolute, error)) return existing;
  existing.exists = true;
  existing.size = fs::file_size(absolute, error);
  if (error || existing.size > max_bytes) return existing;
  std::ifstream in(absolute, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  existing.text = text.str();
  existing.read = true;
  return existing;
}

bool is_change_wide(const Finding& finding) {
  return finding.rule == "limit.files-changed" || finding.rule == "limit.lines-changed" ||
         finding.rule == "change.size-gate" || finding.rule == "change.tests-removed";
}

const std::vector<std::string>& agent_config_globs() {
  static const std::vector<std::string> globs(kAgentConfigGlobs.begin(), kAgentConfigGlobs.end());
  return globs;
}

// A write inside git's own directory: hooks (agent.hooks-write), the config
// that names the hooks path (agent.hooks-path, as the shell judge calls it),
// anything else git reads (agent.git-dir). Severities as [severity] sets them.
Finding git_dir_finding(const WriteContext& context, const Target& target) {
  const bool hooks = target.relative.starts_with("hooks/") || target.relative == "hooks";
  const bool config = target.relative == "config" || target.relative.starts_with("config.");
  const std::string rule = hooks ? "agent.hooks-write" : config ? "agent.hooks-path" : "agent.git-dir";
  return Finding{rule,
                 severity_of(*context.policy, rule),
                 ".git/" + target.relative,
                 0,
                 hooks    ? "a write to git's hooks directory replaces the checks every commit runs"
                 : config ? "a write to git's config can change or switch off the hooks every commit runs"
                          : "a write inside git's own directory changes how git behaves",
                 "a person must make this change; use git commands for repository state",
                 "",
                 ""};
}

// The files outside any work tree that decide whether the checks run: git's
// global and system config (core.hooksPath, include.path) and the agents'
// user-level settings (their hooks, and whether project hooks run at all).
// A write to one is refused like a write to .git/config: it would switch the
// checks off for every repository at once.
struct UserConfigFile {
  std::string path;  // resolved
  std::string shown; // as the reason names it
  bool git = false;
};

std::vector<UserConfigFile> user_config_files() {
  std::vector<UserConfigFile> files;
  const auto add = [&](const std::string& path, const std::string& shown, bool git) {
    if (!path.empty()) files.push_back(UserConfigFile{resolved(path), shown, git});
  };
  const char* home = std::getenv("HOME");
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  const std::string config_home = xdg && *xdg ? xdg : home && *home ? std::string(home) + "/.config" : "";
  if (home && *home) {
    add(std::string(home) + "/.gitconfig", "~/.gitconfig", true);
    for (const char* agent_file : {"/.claude/settings.json", "/.claude/settings.local.json", "/.codex/config.toml",
                                   "/.codex/hooks.json", "/.gemini/settings.json", "/.cursor/hooks.json",
                                   "/.copilot/config.json", "/.aider.conf.yml"})
      add(std::string(home) + agent_file, std::string("~") + agent_file, false);
  }
  if (!config_home.empty()) add(config_home + "/git/config", "$XDG_CONFIG_HOME/git/config", true);
  if (const char* global = std::getenv("GIT_CONFIG_GLOBAL"); global && *global) add(global, "GIT_CONFIG_GLOBAL", true);
  add("/etc/gitconfig", "/etc/gitconfig", true);
  return files;
}

std::optional<Finding> user_config_finding(const WriteContext& context, const Target& target) {
  // Copilot CLI also loads every ~/.copilot/hooks/*.json.
  const char* home = std::getenv("HOME");
  const bool copilot_hooks = home && *home && target.absolute.ends_with(".json") &&
                             fs::path(target.absolute).parent_path().generic_string() ==
                                 resolved(std::string(home) + "/.copilot/hooks");
  for (const UserConfigFile& file : user_config_files()) {
    if (file.path != target.absolute && !(copilot_hooks && file.shown == "~/.copilot/config.json")) continue;
    const std::string rule = file.git ? "agent.hooks-path" : "path.protected";
    return Finding{rule,
                   file.git ? severity_of(*context.policy, rule) : Severity::gate,
                   file.shown,
                   0,
                   file.git ? "a write to git's global config can change or switch off the hooks of every repository"
                            : "an agent's user settings decide which hooks run: editing them changes what runs on "
                              "every project",
                   "a person must make this change",
                   "",
                   ""};
  }
  return std::nullopt;
}

std::uint32_t line_of(std::string_view text, size_t offset) {
  return static_cast<std::uint32_t>(1 + std::count(text.begin(), text.begin() + static_cast<long>(offset), '\n'));
}

// `text` with the edit applied: its old text replaced by its new lines (every
// occurrence for replace_all); nullopt when the old text is not there (the
// agent's tool would fail, or its edit is not a plain replacement).
std::optional<std::string> apply_edit(const std::string& text, const FileWrite& write) {
  if (write.replaced.empty()) return std::nullopt;
  const std::string& added = write.new_text;
  std::string result;
  size_t from = 0;
  size_t at = text.find(write.replaced);
  if (at == std::string::npos) return std::nullopt;
  while (at != std::string::npos) {
    result.append(text, from, at - from);
    result += added;
    from = at + write.replaced.size();
    if (!write.replace_all) break;
    at = text.find(write.replaced, from);
  }
  result.append(text, from, std::string::npos);
  return result;
}

// The lines of `after` that `before` does not hold, numbered as in `after`.
AddedLines lines_not_in(const std::string& before, const std::string& after) {
  std::unordered_set<std::string> known;
  for (auto& line : text_lines(before)) known.insert(std::move(line));
  AddedLines lines;
  const std::vector<std::string> new_lines = text_lines(after);
  for (size_t i = 0; i < new_lines.size(); ++i)
    if (!known.contains(new_lines[i])) lines.add(static_cast<std::uint32_t>(i + 1), new_lines[i]);
  return lines;
}

}  // namespace

Result<WriteContext> write_context(const git::Repository& repo, const Policy& policy, const std::string& cwd) {
  WriteContext context;
  context.repo = &repo;
  context.policy = &policy;
  context.cwd = cwd;
  const std::string workdir = repo.workdir();
  if (workdir.empty()) return Error{"the repository is bare: there is no work tree to write to"};
  context.workdir = resolved(workdir);
  context.git_dirs.push_back(resolved(repo.git_dir()));
  if (const char* common = git_repository_commondir(repo.get()); common) context.git_dirs.push_back(resolved(common));
  // The other work trees: the main one (the common dir's parent, when this is
  // a linked one) and every linked one git knows.
  const auto add_workdir = [&](const std::string& path) {
    const std::string root = resolved(path);
    if (!root.empty() && root != context.workdir &&
        std::find(context.other_workdirs.begin(), context.other_workdirs.end(), root) == context.other_workdirs.end())
      context.other_workdirs.push_back(root);
  };
  if (git_repository_is_worktree(repo.get()) == 1 && context.git_dirs.size() > 1 &&
      fs::path(context.git_dirs.back()).filename() == ".git")
    add_workdir(fs::path(context.git_dirs.back()).parent_path().string());
  git_strarray names{};
  if (git_worktree_list(&names, repo.get()) == 0) {
    for (size_t i = 0; i < names.count; ++i) {
      git_worktree* raw = nullptr;
      if (git_worktree_lookup(&raw, repo.get(), names.strings[i]) != 0) continue;
      std::unique_ptr<git_worktree, decltype(&git_worktree_free)> worktree(raw, git_worktree_free);
      if (const char* path = git_worktree_path(raw); path) add_workdir(path);
    }
    git_strarray_dispose(&names);
  }
  git_error_clear();
  return context;
}

Target locate(const WriteContext& context, const std::string& path) {
  Target target;
  const std::string absolute = path.starts_with('/') ? path : context.cwd + "/" + path;
  target.absolute = resolved(absolute);
  for (const auto& git_dir : context.git_dirs) {
    if (target.absolute == git_dir) {
      target.place = Target::Place::git_dir;
      return target;
    }
    if (auto rest = below(git_dir, target.absolute)) {
      target.place = Target::Place::git_dir;
      target.relative = *rest;
      return target;
    }
  }
  std::optional<std::string> rest = below(context.workdir, target.absolute);
  std::string root = context.workdir;
  for (size_t i = 0; !rest && i < context.other_workdirs.size(); ++i) {
    rest = below(context.other_workdirs[i], target.absolute);
    root = context.other_workdirs[i];
  }
  if (rest) {
    target.place = Target::Place::work_tree;
    target.relative = *rest;
    // The innermost nested repository on the way: a directory holding .git.
    std::error_code error;
    for (size_t slash = target.relative.find('/'); slash != std::string::npos;
         slash = target.relative.find('/', slash + 1)) {
      if (fs::exists(root + "/" + target.relative.substr(0, slash) + "/.git", error))
        target.nested_relative = target.relative.substr(slash + 1);
    }
    // A ".git" file or directory below the root is a nested repository's: its
    // hooks run too.
    if (target.relative == ".git" || target.relative.starts_with(".git/") ||
        target.relative.find("/.git/") != std::string::npos) {
      const size_t at = target.relative.starts_with(".git") ? 0 : target.relative.find("/.git/") + 1;
      target.place = Target::Place::git_dir;
      target.relative = target.relative.size() > at + 5 ? target.relative.substr(at + 5) : "";
    }
  }
  return target;
}

Result<std::vector<Finding>> judge_writes(const WriteContext& context, const std::vector<FileWrite>& writes) {
  std::vector<Finding> findings;
  // The change the writes make: one entry per path (a MultiEdit edits one
  // file several times), judged by one Evaluator, as one staged change is.
  struct PendingFile {
    ChangedFile file;
    AddedLines lines;
    // The file's text before this tool call and after the writes so far, while
    // every edit could be applied to it (its old text found): then the added
    // lines are the result's lines the file did not hold, so a key split over
    // two edits of one MultiEdit, or completed on a line that already holds
    // half of it, is seen whole, as the commit would see it.
    std::optional<std::string> before;
    std::optional<std::string> after;
  };
  std::vector<PendingFile> pending;
  std::vector<std::pair<std::string, std::string>> nested_paths;  // a work-tree path, its path in its nested repository
  const std::uint64_t max_read = ChangeOptions{}.max_scan_bytes;
  for (const FileWrite& write : writes) {
    const Target target = locate(context, write.path);
    if (target.place == Target::Place::git_dir) {
      findings.push_back(git_dir_finding(context, target));
      continue;
    }
    if (!target.nested_relative.empty()) nested_paths.emplace_back(target.relative, target.nested_relative);
    std::string old_relative;
    if (!write.moved_from.empty()) {
      const Target from = locate(context, write.moved_from);
      if (from.place == Target::Place::git_dir) {
        findings.push_back(git_dir_finding(context, from));
        continue;
      }
      if (from.place == Target::Place::work_tree) old_relative = from.relative;
      if (!from.nested_relative.empty()) nested_paths.emplace_back(from.relative, from.nested_relative);
    }
    if (target.place == Target::Place::outside && old_relative.empty()) {
      if (auto finding = user_config_finding(context, target)) findings.push_back(std::move(*finding));
      continue;
    }

    const bool moved_out = target.place == Target::Place::outside;  // the old path is all the tree sees
    const std::string path = moved_out ? old_relative : target.relative;
    auto same =
        std::find_if(pending.begin(), pending.end(), [&](const PendingFile& entry) { return entry.file.path == path; });
    if (same == pending.end()) {
      pending.emplace_back();
      same = pending.end() - 1;
    }
    ChangedFile& file = same->file;
    AddedLines& lines = same->lines;
    const bool first_write = file.path.empty();
    file.path = path;
    file.old_path = old_relative.empty() ? path : old_relative;
    file.mode = 0100644;
    const Existing existing =
        read_existing(old_relative.empty() ? target.absolute : context.workdir + "/" + old_relative, max_read);
    file.old_mode = existing.exists ? 0100644 : 0;
    if (write.deleted || moved_out) {
      file.status = FileStatus::deleted;
      file.mode = 0;
      file.size = 0;
      continue;
    }
    file.status = file.old_path != file.path ? FileStatus::renamed
                  : existing.exists          ? FileStatus::modified
                                             : FileStatus::added;
    if (first_write && (existing.read || !existing.exists)) same->before = same->after = existing.text;
    if (same->after) {
      if (write.whole_content)
        same->after = write.content;
      else if (auto edited = apply_edit(*same->after, write))
        same->after = std::move(*edited);
      else
        same->after.reset();
    }
    if (write.whole_content) {
      // A whole-file write adds the lines the file does not already hold.
      std::unordered_set<std::string_view> known;
      const std::vector<std::string> old_lines = text_lines(existing.text);
      for (const auto& line : old_lines) known.insert(line);
      const std::vector<std::string> new_lines = text_lines(write.content);
      for (size_t i = 0; i < new_lines.size(); ++i)
        if (!known.contains(new_lines[i])) lines.add(static_cast<std::uint32_t>(i + 1), new_lines[i]);
      file.size = write.content.size();
    } else {
      // An edit adds its new text where its old text stands (line 1 when unknown).
      std::uint32_t first = 1;
      if (!write.replaced.empty())
        if (size_t at = existing.text.find(write.replaced); at != std::string::npos) first = line_of(existing.text, at);
      std::uint64_t new_bytes = 0;
      for (size_t i = 0; i < write.added.size(); ++i) {
        lines.add(first + static_cast<std::uint32_t>(i), write.added[i]);
        new_bytes += write.added[i].size() + 1;
      }
      const std::uint64_t before = first_write ? existing.size : file.size;
      file.size = before - std::min<std::uint64_t>(write.replaced.size(), before) + new_bytes;
    }
    file.added_lines = static_cast<std::uint32_t>(lines.size());
  }
  // A path named here (a write into .git, say) is printed: a secret in its
  // name is redacted as the Evaluator redacts the names it reports.
  const auto redacted_paths = [&](std::vector<Finding>& named) -> Status {
    if (named.empty()) return Ok{};
    auto redactor = Evaluator::create(*context.policy);
    if (!redactor) return redactor.error();
    for (Finding& finding : named) {
      auto path = redactor->redact_secrets(finding.path);
      if (!path) return path.error();
      finding.path = std::move(*path);
    }
    return Ok{};
  };
  if (pending.empty()) {
    if (auto redacted = redacted_paths(findings); !redacted) return redacted.error();
    return findings;
  }

  auto evaluator = Evaluator::create(*context.policy);
  if (!evaluator) return evaluator.error();
  const ChangeOptions options = evaluator->change_options();
  Change change;
  for (PendingFile& entry : pending) {
    if (entry.before && entry.after && entry.file.status != FileStatus::deleted) {
      entry.lines = lines_not_in(*entry.before, *entry.after);
      entry.file.size = entry.after->size();
      entry.file.added_lines = static_cast<std::uint32_t>(entry.lines.size());
    }
    entry.file.not_scanned = entry.file.size > options.max_scan_bytes;
    for (size_t i = 0; i < entry.lines.size(); ++i) change.added_bytes += entry.lines.line(i).size() + 1;
    if (!entry.file.not_scanned && !entry.lines.empty())
      if (auto visited = evaluator->visit(entry.file, entry.lines); !visited) return visited.error();
    change.files.push_back(entry.file);
  }
  std::vector<Finding> judged = evaluator->finish(change);
  std::erase_if(judged, is_change_wide);

  // The agents' own hook files run commands: refused whatever the policy's
  // protected list says (the presets list them too); inside a nested
  // repository, its own ones as well.
  for (const ChangedFile& file : change.files) {
    const bool agent_file = glob_match_any(agent_config_globs(), file.path) ||
                            (file.old_path != file.path && glob_match_any(agent_config_globs(), file.old_path)) ||
                            std::any_of(nested_paths.begin(), nested_paths.end(), [&](const auto& entry) {
                              return entry.first == file.path && glob_match_any(agent_config_globs(), entry.second);
                            });
    auto shown = evaluator->redact_secrets(file.path);
    if (!shown) return shown.error();
    const bool already = std::any_of(judged.begin(), judged.end(), [&](const Finding& finding) {
      return finding.rule == "path.protected" && finding.path == *shown &&
             (finding.severity == Severity::gate || finding.severity == Severity::block);
    });
    if (agent_file && !already)
      judged.push_back(Finding{"path.protected", Severity::gate, *shown, 0,
                               "an agent's hook or settings file, or agentops' own: editing it changes what runs on "
                               "every machine",
                               "a person must make this change", "", ""});
  }
  if (auto redacted = redacted_paths(findings); !redacted) return redacted.error();
  for (auto& finding : judged) findings.push_back(std::move(finding));
  return findings;
}

Result<std::vector<Finding>> judge_read(const WriteContext& context, const std::string& path,
                                        const std::string& content) {
  const Target target = locate(context, path);
  auto evaluator = Evaluator::create(*context.policy);
  if (!evaluator) return evaluator.error();
  ChangedFile file;
  // A file outside the work tree is named by its own path: the policy's path
  // allowlists cannot exempt it.
  file.path = target.place == Target::Place::work_tree ? target.relative : target.absolute;
  file.old_path = file.path;
  file.status = FileStatus::added;
  file.mode = 0100644;
  file.size = content.size();
  AddedLines lines;
  const std::vector<std::string> all = text_lines(content);
  for (size_t i = 0; i < all.size(); ++i) lines.add(static_cast<std::uint32_t>(i + 1), all[i]);
  if (!lines.empty())
    if (auto visited = evaluator->visit(file, lines); !visited) return visited.error();
  Change change;
  change.files.push_back(file);
  std::vector<Finding> findings = evaluator->finish(change);
  std::erase_if(findings, [](const Finding& finding) { return !finding.rule.starts_with("secret."); });
  return findings;
}

}  // namespace agentops::agents
