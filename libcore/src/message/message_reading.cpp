// How git will record a commit message file: the invoking `git commit`
// (message/git_invocation.h), git's config as a hook sees it, and the
// cleanups git may apply.
#include "message/message_reading.h"

#include <git2.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <memory>
#include <sstream>
#include <string_view>

#include "message/git_config_list.h"
#include "message/git_invocation.h"
#include "message/git_message.h"

namespace agentops::detail {
namespace {

using ConfigPtr = std::unique_ptr<git_config, decltype(&git_config_free)>;

// The config files git reads: the repository's, and the global and system
// ones where GIT_CONFIG_GLOBAL, GIT_CONFIG_SYSTEM and GIT_CONFIG_NOSYSTEM
// (which libgit2 ignores) put them. nullptr when they cannot be read.
ConfigPtr config_files(const git::Repository& repo) {
  const char* global = std::getenv("GIT_CONFIG_GLOBAL");
  const char* system = std::getenv("GIT_CONFIG_SYSTEM");
  const char* no_system = std::getenv("GIT_CONFIG_NOSYSTEM");
  git_config* raw = nullptr;
  if (!global && !system && !no_system) {
    if (git_repository_config_snapshot(&raw, repo.get()) != 0) raw = nullptr;
    git_error_clear();
    return ConfigPtr(raw, git_config_free);
  }
  if (git_config_new(&raw) != 0) {
    git_error_clear();
    return ConfigPtr(nullptr, git_config_free);
  }
  ConfigPtr config(raw, git_config_free);
  // A file that does not exist is empty to git (GIT_ENOTFOUND here).
  auto add = [&](const std::string& path, git_config_level_t level) {
    const int added = git_config_add_file_ondisk(raw, path.c_str(), level, repo.get(), 1);
    git_error_clear();
    return added == 0 || added == GIT_ENOTFOUND;
  };
  auto found = [](int (*find)(git_buf*)) {
    git_buf buffer = GIT_BUF_INIT;
    std::string path = find(&buffer) == 0 && buffer.ptr ? buffer.ptr : "";
    git_buf_dispose(&buffer);
    git_error_clear();
    return path;
  };
  const bool skip_system = no_system && std::string_view(no_system) != "" && std::string_view(no_system) != "0" &&
                           std::string_view(no_system) != "false";
  std::vector<std::pair<std::string, git_config_level_t>> files;
  if (!skip_system) files.emplace_back(system ? system : found(git_config_find_system), GIT_CONFIG_LEVEL_SYSTEM);
  if (global) {
    files.emplace_back(global, GIT_CONFIG_LEVEL_GLOBAL);
  } else {
    files.emplace_back(found(git_config_find_xdg), GIT_CONFIG_LEVEL_XDG);
    files.emplace_back(found(git_config_find_global), GIT_CONFIG_LEVEL_GLOBAL);
  }
  files.emplace_back(std::string(git_repository_commondir(repo.get())) + "config", GIT_CONFIG_LEVEL_LOCAL);
  for (const auto& [path, level] : files)
    if (!path.empty() && !add(path, level)) return ConfigPtr(nullptr, git_config_free);
  git_config* snapshot = nullptr;
  if (git_config_snapshot(&snapshot, raw) != 0) snapshot = nullptr;
  git_error_clear();
  return ConfigPtr(snapshot, git_config_free);
}

// Config from the git running this hook (its binary through /proc, so a git
// planted in PATH or GIT_EXEC_PATH cannot answer for it); nullopt when there
// is none we can read.
// Asked once per process and repository: a hook reads several keys, and each
// `git config` run costs a process start (~2 ms).
const std::optional<std::vector<std::pair<std::string, std::string>>>& config_of_invoking_git(
    const git::Repository& repo) {
  using Listing = std::optional<std::vector<std::pair<std::string, std::string>>>;
  static std::string cached_for;
  static Listing cached;
  const std::string git_dir = git_repository_path(repo.get());
  if (cached_for.empty() || cached_for != git_dir) {
    const auto git = invoking_git();
    cached = git ? git_config_list("/proc/" + std::to_string(git->pid) + "/exe", git_dir) : Listing{};
    cached_for = git_dir;
  }
  return cached;
}

}  // namespace

// A config value as git sees it in a hook: `git -c` / GIT_CONFIG_* (which
// libgit2 does not read) over the repository's config files.
std::optional<std::string> git_config_value(const git::Repository& repo, const char* key) {
  std::string wanted = key;  // section and name are case-insensitive (the keys we read have no subsection)
  std::transform(wanted.begin(), wanted.end(), wanted.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  // git's own answer when git can tell; else libgit2 and the environment.
  if (const auto& listed = config_of_invoking_git(repo)) {
    for (auto entry = listed->rbegin(); entry != listed->rend(); ++entry)
      if (entry->first == wanted) return entry->second;
    return std::nullopt;
  }
  const auto given = environment_config();
  for (auto entry = given.rbegin(); entry != given.rend(); ++entry)
    if (entry->first == wanted) return entry->second;
  const ConfigPtr config = config_files(repo);
  if (!config) return std::nullopt;
  git_config_entry* found = nullptr;
  if (git_config_get_entry(&found, config.get(), key) != 0 || !found) {
    git_error_clear();
    return std::nullopt;
  }
  std::unique_ptr<git_config_entry, decltype(&git_config_entry_free)> entry(found, git_config_entry_free);
  // A key with no "=" ("[commit] verbose") is true to git.
  return std::string(found->value ? found->value : "true");
}

namespace {

// trailer.separators and trailer.<name>.* as git's trailer reader sees them:
// the config files, then `git -c` / GIT_CONFIG_*.
TrailerSyntax trailer_syntax(const git::Repository& repo) {
  std::vector<std::pair<std::string, std::string>> entries;
  if (const auto& listed = config_of_invoking_git(repo)) {
    for (const auto& entry : *listed)
      if (entry.first.starts_with("trailer.")) entries.push_back(entry);
  } else {
    if (const ConfigPtr config = config_files(repo))
      git_config_foreach_match(
          config.get(), "^trailer\\.",
          [](const git_config_entry* entry, void* payload) {
            static_cast<decltype(entries)*>(payload)->emplace_back(entry->name, entry->value ? entry->value : "");
            return 0;
          },
          &entries);
    git_error_clear();
    for (auto& entry : environment_config())
      if (entry.first.starts_with("trailer.")) entries.push_back(std::move(entry));
  }
  TrailerSyntax syntax;
  for (const auto& [key, value] : entries) {
    const std::string rest = key.substr(8);
    if (rest == "separators") {
      syntax.separators = value;
      continue;
    }
    const size_t dot = rest.rfind('.');
    if (dot == std::string::npos) continue;
    const std::string variable = rest.substr(dot + 1), name = rest.substr(0, dot);
    static const char* const kItemVariables[] = {"key", "command", "cmd", "where", "ifexists", "ifmissing"};
    if (std::none_of(std::begin(kItemVariables), std::end(kItemVariables), [&](const char* v) { return variable == v; }))
      continue;
    auto item = std::find_if(syntax.configured.begin(), syntax.configured.end(), [&](const auto& known) {
      return known.name.size() == name.size() &&
             std::equal(name.begin(), name.end(), known.name.begin(),
                        [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b)); });
    });
    if (item == syntax.configured.end()) item = syntax.configured.insert(item, TrailerSyntax::Configured{name, ""});
    if (variable == "key") item->key = value;
  }
  return syntax;
}

// git_config_bool_or_int: nullopt when unset or not a boolean / number.
std::optional<bool> config_bool(const std::optional<std::string>& value) {
  if (!value) return std::nullopt;
  std::string text;
  for (char c : *value) text += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (text == "true" || text == "yes" || text == "on") return true;
  if (text.empty() || text == "false" || text == "no" || text == "off") return false;
  char* end = nullptr;
  const long number = std::strtol(text.c_str(), &end, 10);
  if (end && *end == '\0') return number != 0;
  return std::nullopt;
}

// The `git commit` running this hook, when the hook runs under one we can
// read (`git <alias>` resolved through alias.<name> when it names commit).
std::optional<CommitInvocation> invoking_commit(const git::Repository& repo) {
  const auto git = invoking_git();
  if (!git) return std::nullopt;
  const auto parse = [&](const std::vector<std::string>& argv) -> std::optional<CommitInvocation> {
    if (auto commit = parse_commit_argv(argv)) return commit;
    if (git_command(argv) == "merge")
      return parse_merge_argv(argv, merge_edits_by_default(git->pid));
    return std::nullopt;
  };
  if (auto parsed = parse(git->argv)) return parsed;
  // An alias: `git ci -v` with alias.ci = "commit --amend".
  const std::vector<std::string>& argv = git->argv;
  const size_t i = git_command_index(argv);
  if (i == 0 || i >= argv.size()) return std::nullopt;  // a dashed builtin is no alias
  const auto alias = git_config_value(repo, ("alias." + argv[i]).c_str());
  if (!alias || alias->empty() || alias->front() == '!' || alias->find_first_of("'\"\\") != std::string::npos)
    return std::nullopt;
  std::vector<std::string> expanded(argv.begin(), argv.begin() + static_cast<std::ptrdiff_t>(i));
  std::istringstream words(*alias);
  for (std::string word; words >> word;) expanded.push_back(word);
  expanded.insert(expanded.end(), argv.begin() + static_cast<std::ptrdiff_t>(i + 1), argv.end());
  return parse(expanded);
}

// The cleanup mode get_cleanup_mode (sequencer.c) picks, or nullopt for a mode git refuses.
std::optional<Cleanup> cleanup_mode(const std::optional<std::string>& argument, bool use_editor) {
  if (!argument || *argument == "default") return use_editor ? Cleanup::strip : Cleanup::whitespace;
  if (*argument == "verbatim") return Cleanup::verbatim;
  if (*argument == "whitespace") return Cleanup::whitespace;
  if (*argument == "strip") return Cleanup::strip;
  if (*argument == "scissors") return use_editor ? Cleanup::scissors : Cleanup::whitespace;
  return std::nullopt;
}

}  // namespace

// `in_hook`: called from a hook git runs, so the invoking git can be read.
MessageReading read_message(const git::Repository& repo, const std::string& raw, bool in_hook) {
  MessageReading reading;
  const std::string configured_char = git_config_value(repo, "core.commentChar").value_or("");
  std::vector<char> comment_chars = comment_chars_for(configured_char, raw);
  reading.comment_char = comment_chars.front();
  reading.reader_char = reader_comment_char(configured_char);
  reading.syntax = trailer_syntax(repo);

  std::vector<CleanupOptions> modes;
  const auto invocation = in_hook ? invoking_commit(repo) : std::nullopt;
  std::optional<Cleanup> mode;
  if (invocation) {
    const auto argument = invocation->cleanup ? invocation->cleanup : git_config_value(repo, "commit.cleanup");
    mode = cleanup_mode(argument, invocation->use_editor);
  }
  if (mode) {
    reading.exact = true;
    reading.amend = invocation->amend;
    // builtin/merge.c has no "auto": its comment character stays '#'.
    if (invocation->merge && comment_chars.size() > 1) comment_chars = {'#'};
    const bool verbose = invocation->verbose ? *invocation->verbose
                                             : config_bool(git_config_value(repo, "commit.verbose")).value_or(false);
    for (char c : comment_chars) modes.push_back(CleanupOptions{*mode, c, verbose});
  } else {
    // Not under a `git commit` or `git merge` we can read (an option we do
    // not know, a shell alias, `agentops check --message`): fail closed. Every cleanup git may
    // apply is judged and the strictest outcome wins: an approval must hold
    // in all of them, a finding in any of them counts.
    for (Cleanup any : {Cleanup::strip, Cleanup::whitespace, Cleanup::verbatim})
      for (bool verbose : {false, true})
        for (char c : comment_chars) modes.push_back(CleanupOptions{any, c, verbose});
  }
  const std::string encoding = git_config_value(repo, "i18n.commitEncoding").value_or("");
  for (const auto& options : modes) {
    std::string message = as_git_stores(clean_message(raw, options), encoding);
    if (std::find(reading.messages.begin(), reading.messages.end(), message) == reading.messages.end())
      reading.messages.push_back(std::move(message));
  }
  return reading;
}

// Whether the hook runs under `git commit --amend` (pre-commit and commit-msg).
bool amending(const git::Repository& repo, bool in_hook) {
  if (!in_hook) return false;
  const auto invocation = invoking_commit(repo);
  return invocation && invocation->amend;
}

}  // namespace agentops::detail
