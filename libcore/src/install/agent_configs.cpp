// agentops-install --agents: plans every file first (so a file that cannot be
// merged changes nothing anywhere), then writes each one atomically. The bytes
// a file had before agentops touched it, and the bytes agentops left, are kept
// under <git dir>/agentops/agents/ so that uninstalling gives back exactly what
// was there when the user changed nothing since.
#include "install/agent_configs.h"

#include <fcntl.h>
#include <git2.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "agentops/git.h"
#include "agents/json.h"
#include "install/agent_aider_config.h"
#include "install/agent_json_edit.h"

namespace agentops {
namespace fs = std::filesystem;

const char* agent_name(Agent agent) {
  switch (agent) {
    case Agent::claude: return "claude";
    case Agent::codex: return "codex";
    case Agent::gemini: return "gemini";
    case Agent::cursor: return "cursor";
    case Agent::copilot: return "copilot";
    case Agent::aider: return "aider";
  }
  return "?";
}

namespace {

constexpr Agent kAllAgents[] = {Agent::claude, Agent::codex, Agent::gemini, Agent::cursor, Agent::copilot, Agent::aider};

std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// The agent's stop event: a missing agentops there is reported, not a refusal,
// since refusing to stop would only make the agent try to stop again, forever.
bool is_stop_event(const std::string& event) {
  return event == "Stop" || event == "AfterAgent" || event == "stop" || event == "agentStop";
}

}  // namespace

Result<std::vector<Agent>> parse_agent_list(const std::string& list) {
  std::vector<Agent> agents;
  auto add = [&](Agent agent) {
    for (Agent known : agents)
      if (known == agent) return;
    agents.push_back(agent);
  };
  std::stringstream names(list);
  std::string name;
  while (std::getline(names, name, ',')) {
    if (name == "all") {
      for (Agent agent : kAllAgents) add(agent);
      continue;
    }
    bool known = false;
    for (Agent agent : kAllAgents)
      if (name == agent_name(agent)) {
        add(agent);
        known = true;
      }
    if (!known)
      return Error{"unknown agent '" + name + "' in --agents: use claude, codex, gemini, cursor, copilot, aider or all"};
  }
  if (agents.empty()) return Error{"--agents needs a list: claude, codex, gemini, cursor, copilot, aider or all"};
  return agents;
}

std::string agent_hook_command(Agent agent, const std::string& event, const std::string& agent_command) {
  const std::string program = agent_command == "agentops" ? agent_command : shell_quote(agent_command);
  const std::string name = agent_name(agent);
  std::string shown = agent_command;
  std::erase(shown, '\'');
  std::erase(shown, '"');
  std::erase(shown, '\\');
  const std::string missing = shown + " is not on PATH: install agentops (docs/agents.md), or remove this hook with "
                                      "agentops-install --uninstall --agents " + name;
  const std::string check = "command -v " + program + " >/dev/null 2>&1 || { ";
  const std::string call = program + " hook " + name + " " + event;
  if (is_stop_event(event)) return check + "echo '" + missing + "' >&2; exit 1; }; " + call;
  switch (agent) {
    case Agent::cursor:
      return check + "echo '{\"permission\":\"deny\",\"user_message\":\"" + missing + "\",\"agent_message\":\"" +
             missing + "\"}'; exit 2; }; exec " + call;
    case Agent::copilot:
      return check + "echo '{\"permissionDecision\":\"deny\",\"permissionDecisionReason\":\"" + missing +
             "\"}'; exit 2; }; exec " + call;
    default:
      // Exit 2 is the only refusal these agents read; any other failure of
      // the hook (a crash, a signal) would let the action through.
      return check + "echo '" + missing + "' >&2; exit 2; }; " + call + " || exit 2";
  }
}

namespace install {

AgentConfigFile agent_config_file(Agent agent, const std::string& agent_command) {
  auto command = [&](const std::string& event) { return json::quote(agent_hook_command(agent, event, agent_command)); };
  // Claude-style groups: {"matcher": ..., "hooks": [{"type": "command", "command": ...}]}.
  auto group = [&](const std::string& matcher, const std::string& event, const std::string& extra = "") {
    std::string entry = "{";
    if (!matcher.empty()) entry += "\"matcher\":" + json::quote(matcher) + ",";
    return entry + "\"hooks\":[{" + extra + "\"type\":\"command\",\"command\":" + command(event) + "}]}";
  };
  switch (agent) {
    case Agent::claude:
      return {agent, ".claude/settings.json", "{}",
              {{"PreToolUse", group("Write|Edit|MultiEdit|NotebookEdit|Bash", "PreToolUse")},
               {"Stop", group("", "Stop")}}};
    case Agent::codex:
      return {agent, ".codex/hooks.json", "{}",
              {{"PreToolUse", group("Bash|apply_patch", "PreToolUse")}, {"Stop", group("", "Stop")}}};
    case Agent::gemini:
      return {agent, ".gemini/settings.json", "{}",
              {{"BeforeTool", group("write_file|replace|run_shell_command", "BeforeTool", "\"name\":\"agentops\",")},
               {"AfterAgent", group("", "AfterAgent", "\"name\":\"agentops\",")}}};
    case Agent::cursor:
      return {agent, ".cursor/hooks.json", "{\"version\":1}",
              {{"preToolUse", "{\"command\":" + command("preToolUse") + ",\"failClosed\":true}"},
               {"beforeShellExecution", "{\"command\":" + command("beforeShellExecution") + ",\"failClosed\":true}"},
               {"beforeReadFile", "{\"command\":" + command("beforeReadFile") + ",\"failClosed\":true}"},
               {"stop", "{\"command\":" + command("stop") + "}"}}};
    case Agent::copilot:
      return {agent, ".github/hooks/agentops.json", "{\"version\":1}",
              {{"preToolUse", "{\"type\":\"command\",\"bash\":" + command("preToolUse") + ",\"timeoutSec\":30}"}}};
    case Agent::aider:
      return {agent, ".aider.conf.yml", "", {}};
  }
  return {agent, "", "", {}};
}

namespace {

// The commands an element runs (values of "command" and "bash", at any depth).
void collect_commands(const json::Value& value, std::vector<std::string>& commands) {
  for (const auto& member : value.members) {
    if ((member.key == "command" || member.key == "bash") && member.value.is_string())
      commands.push_back(member.value.text);
    else
      collect_commands(member.value, commands);
  }
  for (const auto& item : value.items) collect_commands(item, commands);
}

// An element is agentops' when every command it runs is an agentops hook of
// this agent as agentops-install writes it (whatever --agent-command): it
// opens with the check that the program is on PATH. A user's own command that
// merely mentions "hook claude" (a wrapper, an echo) is theirs: it is never
// replaced or removed.
bool is_agentops_entry(const json::Value& element, Agent agent) {
  std::vector<std::string> commands;
  collect_commands(element, commands);
  if (commands.empty()) return false;
  const std::string call = std::string(" hook ") + agent_name(agent) + " ";
  for (const auto& command : commands)
    if (!command.starts_with("command -v ") || command.find(" >/dev/null 2>&1 || { ") == std::string::npos ||
        command.find(call) == std::string::npos)
      return false;
  return true;
}

// The same JSON value, whatever the layout and the order of an object's keys.
bool same_json(const json::Value& a, const json::Value& b) {
  if (a.kind != b.kind || a.text != b.text || a.boolean != b.boolean || a.items.size() != b.items.size() ||
      a.members.size() != b.members.size())
    return false;
  for (size_t i = 0; i < a.items.size(); ++i)
    if (!same_json(a.items[i], b.items[i])) return false;
  for (const auto& member : a.members) {
    const json::Value* other = b.find(member.key);
    if (!other || !same_json(member.value, *other)) return false;
  }
  return true;
}

Result<json::Value> parse_settings(std::string_view text, const std::string& path) {
  auto parsed = json::parse(text);
  if (parsed) {
    if (!parsed->is_object()) return Error{path + " does not hold a JSON object: agentops merges into an object only"};
    return parsed;
  }
  json::ParseOptions comments;
  comments.allow_comments = true;
  if (json::parse(text, comments))
    return Error{path + " has comments (JSONC): agentops edits strict JSON only, so that it never drops a byte of "
                        "yours; remove the comments or add the entries by hand (docs/agents.md)"};
  return Error{path + " does not parse as JSON (" + parsed.error().message + "): fix it first; nothing was changed"};
}

const json::Value* find_member(const json::Value& object, std::string_view key) { return object.find(key); }

json::Value parse_entry(const std::string& text) {
  auto parsed = json::parse(text);
  return parsed ? *parsed : json::Value{};
}

}  // namespace

Result<std::string> merge_agent_hooks(std::string_view original, const AgentConfigFile& file) {
  std::string text(original);
  const JsonStyle style = detect_json_style(text);
  auto root = parse_settings(text, file.path);
  if (!root) return root.error();
  if (!find_member(*root, "hooks")) {
    json::Value empty;
    empty.kind = json::Value::Kind::object;
    text = insert_member(text, *root, "hooks", empty, style);
  }
  for (const auto& entry : file.entries) {
    root = parse_settings(text, file.path);
    if (!root) return root.error();
    const json::Value* hooks = find_member(*root, "hooks");
    if (!hooks || !hooks->is_object()) return Error{file.path + ": \"hooks\" is not an object; fix it first"};
    const json::Value item = parse_entry(entry.entry_json);
    const json::Value* events = find_member(*hooks, entry.event);
    if (!events) {
      json::Value array;
      array.kind = json::Value::Kind::array;
      array.items.push_back(item);
      text = insert_member(text, *hooks, entry.event, array, style);
      continue;
    }
    if (!events->is_array())
      return Error{file.path + ": hooks." + entry.event + " is not an array; fix it first"};
    bool present = false;
    for (const auto& element : events->items) present = present || same_json(element, item);
    if (present) continue;
    // An agentops entry that is not exactly this one (written with another
    // --agent-command, or edited since: a changed matcher or command) is
    // replaced, so that what runs is what agentops-install says it installed.
    bool replaced_one = true;
    while (replaced_one) {
      replaced_one = false;
      for (size_t i = 0; i < events->items.size(); ++i) {
        if (!is_agentops_entry(events->items[i], file.agent)) continue;
        text = remove_element(text, *events, i);
        root = parse_settings(text, file.path);
        if (!root) return root.error();
        events = find_member(*find_member(*root, "hooks"), entry.event);
        replaced_one = true;
        break;
      }
    }
    text = append_item(text, *events, item, style);
  }
  return text;
}

Result<RemovedHooks> remove_agent_hooks(std::string_view original, const AgentConfigFile& file) {
  RemovedHooks result{std::string(original), 0};
  for (;;) {
    auto root = parse_settings(result.text, file.path);
    if (!root) return root.error();
    const json::Value* hooks = find_member(*root, "hooks");
    if (!hooks || !hooks->is_object()) return result;
    bool removed_one = false;
    for (size_t m = 0; m < hooks->members.size() && !removed_one; ++m) {
      const json::Value& events = hooks->members[m].value;
      if (!events.is_array()) continue;
      for (size_t i = 0; i < events.items.size(); ++i) {
        if (!is_agentops_entry(events.items[i], file.agent)) continue;
        result.text = events.items.size() == 1 ? remove_element(result.text, *hooks, m)
                                               : remove_element(result.text, events, i);
        removed_one = true;
        ++result.removed;
        break;
      }
    }
    if (removed_one) continue;
    if (result.removed > 0 && hooks->members.empty()) {
      for (size_t m = 0; m < root->members.size(); ++m)
        if (&root->members[m].value == hooks) {
          result.text = remove_element(result.text, *root, m);
          break;
        }
    }
    return result;
  }
}

}  // namespace install

namespace {

using install::AgentConfigFile;

Result<std::string> read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"cannot read " + path.string() + ": " + std::strerror(errno)};
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

// Written to a temporary name next to `path`, then renamed over it. The
// temporary is created afresh (O_EXCL, O_NOFOLLOW): whatever already has that
// name, a symbolic link an agent planted to ~/.bashrc say, is removed, never
// written through.
Status write_bytes(const fs::path& path, const std::string& content, std::optional<mode_t> mode) {
  const fs::path temporary = path.string() + ".agentops-tmp";
  std::error_code ignored;
  fs::remove(temporary, ignored);  // a link itself, not what it points to
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
  if (fd < 0) return Error{"cannot write " + temporary.string() + ": " + std::strerror(errno)};
  size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string reason = std::strerror(errno);
      ::close(fd);
      fs::remove(temporary, ignored);
      return Error{"cannot write " + temporary.string() + ": " + reason};
    }
    written += static_cast<size_t>(n);
  }
  if (::close(fd) != 0 || (mode && ::chmod(temporary.c_str(), *mode) != 0) ||
      std::rename(temporary.c_str(), path.c_str()) != 0) {
    const std::string reason = std::strerror(errno);
    fs::remove(temporary, ignored);
    return Error{"cannot write " + path.string() + ": " + reason};
  }
  return Ok{};
}

// What uninstall needs: the bytes before agentops' edit (none when agentops
// created the file, with the directories it created), and the bytes after it.
struct SavedState {
  bool created = false;
  std::string before;
  std::string after;
  std::vector<std::string> created_dirs;  // relative to the work tree, deepest first
};

class StateStore {
 public:
  explicit StateStore(fs::path directory) : directory_(std::move(directory)) {}

  std::optional<SavedState> load(const std::string& relative) const {
    const fs::path base = directory_ / key(relative);
    auto after = read_bytes(base.string() + ".after");
    if (!after) return std::nullopt;
    SavedState state;
    state.after = *after;
    if (auto created = read_bytes(base.string() + ".created")) {
      state.created = true;
      std::stringstream lines(*created);
      for (std::string line; std::getline(lines, line);)
        if (!line.empty()) state.created_dirs.push_back(line);
    } else if (auto before = read_bytes(base.string() + ".before")) {
      state.before = *before;
    } else {
      return std::nullopt;
    }
    return state;
  }

  Status save(const std::string& relative, const SavedState& state) const {
    std::error_code ec;
    fs::create_directories(directory_, ec);
    if (ec) return Error{"cannot create " + directory_.string() + ": " + ec.message()};
    clear(relative);
    const std::string base = (directory_ / key(relative)).string();
    if (state.created) {
      std::string dirs;
      for (const auto& dir : state.created_dirs) dirs += dir + "\n";
      if (auto status = write_bytes(base + ".created", dirs, std::nullopt); !status) return status;
    } else if (auto status = write_bytes(base + ".before", state.before, std::nullopt); !status) {
      return status;
    }
    return write_bytes(base + ".after", state.after, std::nullopt);
  }

  void clear(const std::string& relative) const {
    std::error_code ignored;
    const std::string base = (directory_ / key(relative)).string();
    for (const char* suffix : {".before", ".after", ".created"}) fs::remove(base + suffix, ignored);
  }

 private:
  // One flat name per file: '/' cannot appear in a file name, '%' stands for it.
  static std::string key(const std::string& relative) {
    std::string name = relative;
    for (char& c : name)
      if (c == '/') c = '%';
    return name;
  }
  fs::path directory_;
};

// One file's planned change, computed before anything is written.
struct Plan {
  const AgentConfigFile* file = nullptr;
  fs::path path;
  enum class Op { none, write, remove } op = Op::none;
  std::string content;
  std::optional<mode_t> mode;
  std::vector<std::string> dirs_to_create;  // relative, outermost first
  std::vector<std::string> dirs_to_remove;  // relative, deepest first (removed when empty)
  std::optional<SavedState> save;           // state to record after writing
  bool clear_state = false;
  HookAction action;
};

struct Target {
  bool exists = false;
  mode_t mode = 0;
  std::vector<std::string> missing_dirs;  // outermost first
};

// Refuses what agentops must not write through or over: a symlink (the file
// or a directory on the way), a directory or other non-file, a read-only file.
Result<Target> inspect(const fs::path& work_tree, const std::string& relative) {
  Target target;
  fs::path walked = work_tree;
  const fs::path rel(relative);
  std::vector<fs::path> parts(rel.begin(), rel.end());
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    walked /= parts[i];
    struct stat info {};
    if (::lstat(walked.c_str(), &info) != 0) {
      fs::path missing = fs::path(walked).lexically_relative(work_tree);
      target.missing_dirs.push_back(missing.string());
      continue;
    }
    const std::string shown = walked.lexically_relative(work_tree).string();
    if (S_ISLNK(info.st_mode))
      return Error{shown + " is a symbolic link: agentops does not write through it; add the entries by hand "
                           "(docs/agents.md)"};
    if (!S_ISDIR(info.st_mode)) return Error{shown + " is not a directory, so " + relative + " cannot be written"};
  }
  struct stat info {};
  if (::lstat((work_tree / rel).c_str(), &info) != 0) return target;
  if (S_ISLNK(info.st_mode))
    return Error{relative + " is a symbolic link: agentops does not write through it; edit the file it points to "
                            "by hand (docs/agents.md) or replace the link with a file"};
  if (S_ISDIR(info.st_mode)) return Error{relative + " is a directory where the agent reads a settings file"};
  if (!S_ISREG(info.st_mode)) return Error{relative + " is not a regular file"};
  if ((info.st_mode & S_IWUSR) == 0)
    return Error{relative + " is read-only: make it writable (chmod u+w) to let agentops merge its entries"};
  target.exists = true;
  target.mode = info.st_mode & 07777;
  return target;
}

struct Merged {
  std::string text;
  std::vector<std::string> notes;
};

Result<Merged> merge(const AgentConfigFile& file, std::string_view text, const std::string& agent_command) {
  if (file.agent == Agent::aider) {
    auto aider = install::merge_aider_config(text, agent_command);
    return Merged{aider.text, aider.notes};
  }
  auto merged = install::merge_agent_hooks(text, file);
  if (!merged) return merged.error();
  return Merged{*merged, {}};
}

Result<std::optional<std::string>> remove(const AgentConfigFile& file, std::string_view text) {
  if (file.agent == Agent::aider) return install::remove_aider_block(text);
  auto removed = install::remove_agent_hooks(text, file);
  if (!removed) return removed.error();
  if (removed->removed == 0) return std::optional<std::string>();
  return std::optional<std::string>(removed->text);
}

std::string events_of(const AgentConfigFile& file) {
  if (file.entries.empty()) return "git-commit-verify and lint-cmd";
  std::string events;
  for (const auto& entry : file.entries) events += (events.empty() ? "" : ", ") + entry.event;
  return events + " hooks";
}

// The content agentops gives a file it creates.
Result<std::string> created_content(const AgentConfigFile& file, const std::string& agent_command) {
  std::string skeleton = file.skeleton;
  if (!file.entries.empty()) {
    // Laid out on several lines (an empty object as "{\n}"), so the entries are too.
    auto parsed = json::parse(skeleton);
    if (parsed) skeleton = parsed->members.empty() ? "{\n}\n" : install::render_json(*parsed, install::JsonStyle{}, "") + "\n";
  }
  auto merged = merge(file, skeleton, agent_command);
  if (!merged) return merged.error();
  return merged->text;
}

// `dir` is a directory on the way to `file` ("a" or "a/b" for "a/b/c.json").
bool is_ancestor_of(const std::string& dir, const std::string& file) {
  return !dir.empty() && file.size() > dir.size() && file.starts_with(dir) && file[dir.size()] == '/';
}

// `value` without what agentops' removal drops besides its entries: empty
// event arrays under "hooks", and "hooks" when empty.
json::Value without_empty_hooks(json::Value value) {
  std::erase_if(value.members, [](json::Value::Member& member) {
    if (member.key != "hooks" || !member.value.is_object()) return false;
    std::erase_if(member.value.members,
                  [](const json::Value::Member& event) { return event.value.is_array() && event.value.items.empty(); });
    return member.value.members.empty();
  });
  return value;
}

// `current` is `plain` plus agentops' entries and nothing else: `plain` holds
// no agentops entry, and taking agentops' entries out of `current` leaves the
// same settings (the same JSON; for aider, the same lines).
bool only_agentops_added(const AgentConfigFile& file, const std::string& plain, const std::string& current) {
  if (file.agent == Agent::aider) {
    if (plain.find(install::kAiderBlockBegin) != std::string::npos) return false;
    auto removed = install::remove_aider_block(current);
    return removed && (*removed == plain || *removed == plain + "\n" || *removed == plain + "\r\n");
  }
  auto plain_value = json::parse(plain);
  auto plain_removed = install::remove_agent_hooks(plain, file);
  auto removed = install::remove_agent_hooks(current, file);
  if (!plain_value || !plain_removed || plain_removed->removed != 0 || !removed) return false;
  auto removed_value = json::parse(removed->text);
  return removed_value && install::same_json(without_empty_hooks(*removed_value), without_empty_hooks(*plain_value));
}

// The saved state for `file` when it is the one agentops' own install leaves:
// the file is as agentops left it (`current`), and differs from the saved
// "before" bytes (for a file agentops created, from its skeleton) by
// agentops' entries alone, with only directories on the file's way recorded
// as created. Anything else, a corrupted state or bytes someone else put
// under the git directory (an agent can write there with a shell command), is
// not trusted: restoring it would write whatever was planted into the agent's
// config, or delete the user's file.
std::optional<SavedState> trusted_state(const StateStore& store, const AgentConfigFile& file,
                                        const std::string& current) {
  auto saved = store.load(file.path);
  if (!saved || saved->after != current) return std::nullopt;
  if (saved->created)
    for (const auto& dir : saved->created_dirs)
      if (!is_ancestor_of(dir, file.path)) return std::nullopt;
  if (!only_agentops_added(file, saved->created ? file.skeleton : saved->before, current)) return std::nullopt;
  return saved;
}

Result<Plan> plan_install(const fs::path& work_tree, const StateStore& store, const AgentConfigFile& file,
                          const std::string& agent_command) {
  Plan plan;
  plan.file = &file;
  plan.path = work_tree / file.path;
  plan.action = HookAction{agent_name(file.agent), file.path, "", "", true};
  auto target = inspect(work_tree, file.path);
  if (!target) return target.error();
  if (!target->exists) {
    auto content = created_content(file, agent_command);
    if (!content) return content.error();
    plan.op = Plan::Op::write;
    plan.content = *content;
    plan.dirs_to_create = target->missing_dirs;
    SavedState state;
    state.created = true;
    state.created_dirs.assign(target->missing_dirs.rbegin(), target->missing_dirs.rend());
    state.after = plan.content;
    plan.save = state;
    plan.action.action = "created with agentops' " + events_of(file);
    return plan;
  }
  auto text = read_bytes(plan.path);
  if (!text) return text.error();
  auto merged = merge(file, *text, agent_command);
  if (!merged) return merged.error();
  if (file.agent == Agent::codex) {
    // Codex reads inline [hooks] tables of config.toml too, and warns when one
    // layer has both forms.
    auto config = read_bytes(work_tree / ".codex/config.toml");
    if (config && (config->find("\n[hooks") != std::string::npos || config->rfind("[hooks", 0) == 0 ||
                   config->find("[[hooks") != std::string::npos))
      plan.action.snippet += "  .codex/config.toml has [hooks] tables too: Codex runs both and warns that the layer "
                             "has two forms; move yours into .codex/hooks.json to silence it\n";
  }
  for (const auto& note : merged->notes) {
    plan.action.snippet += "  " + note + "\n";
    plan.action.reached = false;
  }
  if (merged->text == *text) {
    plan.action.action = merged->notes.empty() ? "agentops' entries already there" : "left as it is";
    return plan;
  }
  plan.op = Plan::Op::write;
  plan.content = merged->text;
  plan.mode = target->mode;
  // The bytes from before agentops' first edit stay valid while the file is
  // as agentops left it; once the user changed it, the current bytes are "before".
  SavedState state;
  auto saved = trusted_state(store, file, *text);
  if (saved) {
    state = *saved;
  } else {
    // Without a state to trust, "before" is the file without any agentops
    // entry already in it (one written by an earlier install whose state is
    // gone), so that uninstalling never brings an agentops entry back.
    auto removed = remove(file, *text);
    state.before = removed && *removed ? **removed : *text;
  }
  state.after = plan.content;
  plan.save = state;
  plan.action.action = "merged agentops' " + events_of(file) + ", keeping everything else";
  return plan;
}

Result<Plan> plan_uninstall(const fs::path& work_tree, const StateStore& store, const AgentConfigFile& file) {
  Plan plan;
  plan.file = &file;
  plan.path = work_tree / file.path;
  plan.action = HookAction{agent_name(file.agent), file.path, "", "", true};
  plan.clear_state = true;
  auto target = inspect(work_tree, file.path);
  if (!target) return target.error();
  if (!target->exists) {
    plan.action.action = "not there, nothing to remove";
    return plan;
  }
  auto text = read_bytes(plan.path);
  if (!text) return text.error();
  auto saved = trusted_state(store, file, *text);
  if (saved) {
    if (saved->created) {
      plan.op = Plan::Op::remove;
      plan.dirs_to_remove = saved->created_dirs;
      plan.action.action = "removed (agentops created it)";
    } else {
      plan.op = Plan::Op::write;
      plan.content = saved->before;
      plan.mode = target->mode;
      plan.action.action = "restored byte for byte as it was before agentops-install";
    }
    return plan;
  }
  auto removed = remove(file, *text);
  if (!removed) return removed.error();
  if (!*removed) {
    plan.action.action = "no agentops entries in it, left as it is";
    return plan;
  }
  plan.op = Plan::Op::write;
  plan.content = **removed;
  plan.mode = target->mode;
  plan.action.action = "removed agentops' entries, kept yours";
  return plan;
}

Status apply(const fs::path& work_tree, const StateStore& store, const Plan& plan) {
  std::error_code ec;
  for (const auto& dir : plan.dirs_to_create) {
    fs::create_directory(work_tree / dir, ec);
    if (ec) return Error{"cannot create " + dir + ": " + ec.message()};
  }
  if (plan.op == Plan::Op::write) {
    if (auto status = write_bytes(plan.path, plan.content, plan.mode); !status) return status;
  } else if (plan.op == Plan::Op::remove) {
    if (!fs::remove(plan.path, ec) && ec) return Error{"cannot remove " + plan.path.string() + ": " + ec.message()};
    for (const auto& dir : plan.dirs_to_remove) {
      std::error_code ignored;
      if (fs::is_empty(work_tree / dir, ignored)) fs::remove(work_tree / dir, ignored);
    }
  }
  if (plan.save) return store.save(plan.file->path, *plan.save);
  if (plan.clear_state) store.clear(plan.file->path);
  return Ok{};
}

struct Context {
  fs::path work_tree;
  fs::path state_dir;
};

Result<Context> open_context(const AgentInstallOptions& options) {
  auto repo = git::open_repository(git::OpenOptions{options.repo_path, false});
  if (!repo) return repo.error();
  if (repo->is_bare())
    return Error{"--agents needs a work tree: the agents' settings files live in it, and " + options.repo_path +
                 " is a bare repository"};
  if (options.agent_command.empty()) return Error{"--agent-command needs a command"};
  std::string work_tree = repo->workdir();
  if (work_tree.size() > 1 && work_tree.back() == '/') work_tree.pop_back();
  return Context{fs::path(work_tree), fs::path(repo->git_dir()) / "agentops" / "agents"};
}

template <class Planner>
Result<std::vector<HookAction>> run(const AgentInstallOptions& options, Planner planner) {
  auto context = open_context(options);
  if (!context) return context.error();
  const StateStore store(context->state_dir);
  std::vector<AgentConfigFile> files;
  for (Agent agent : options.agents) files.push_back(install::agent_config_file(agent, options.agent_command));
  std::vector<Plan> plans;
  for (const auto& file : files) {
    auto plan = planner(context->work_tree, store, file);
    if (!plan) return Error{plan.error().message + " (no agent config was changed)"};
    plans.push_back(std::move(*plan));
  }
  std::vector<HookAction> actions;
  for (const auto& plan : plans) {
    if (auto status = apply(context->work_tree, store, plan); !status) return status.error();
    actions.push_back(plan.action);
  }
  return actions;
}

}  // namespace

Result<std::vector<HookAction>> install_agent_configs(const AgentInstallOptions& options) {
  return run(options, [&](const fs::path& work_tree, const StateStore& store, const AgentConfigFile& file) {
    return plan_install(work_tree, store, file, options.agent_command);
  });
}

Result<std::vector<HookAction>> uninstall_agent_configs(const AgentInstallOptions& options) {
  return run(options, [&](const fs::path& work_tree, const StateStore& store, const AgentConfigFile& file) {
    return plan_uninstall(work_tree, store, file);
  });
}

}  // namespace agentops
