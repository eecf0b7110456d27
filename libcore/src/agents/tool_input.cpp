// Tool argument shapes, as each agent documents them (see protocol_*.cpp for
// the URLs): Claude Code Write/Edit/MultiEdit/NotebookEdit/Bash, Codex
// apply_patch and its shell tools, Gemini CLI write_file/replace/
// run_shell_command, Copilot CLI create/edit/bash.
#include "agents/tool_input.h"

#include <initializer_list>
#include <string>

#include "agents/apply_patch.h"

namespace agentops::agents {
namespace {

using json::Value;

// The first of `keys` present in `input`; a present key that is not a string
// is an error (a payload we misread must not pass).
Result<const Value*> string_field(const Value& input, std::initializer_list<std::string_view> keys) {
  for (std::string_view key : keys) {
    const Value* value = input.find(key);
    if (!value || value->kind == Value::Kind::null) continue;
    if (!value->is_string()) return Error{"tool_input." + std::string(key) + " is not a string"};
    return value;
  }
  return static_cast<const Value*>(nullptr);
}

Result<std::string> required_string(const Value& input, std::string_view tool,
                                    std::initializer_list<std::string_view> keys) {
  auto found = string_field(input, keys);
  if (!found) return found.error();
  if (!*found) return Error{"tool_input of " + std::string(tool) + " has no " + std::string(*keys.begin())};
  return (*found)->text;
}

bool is_one_of(std::string_view tool, std::initializer_list<std::string_view> names) {
  for (std::string_view name : names)
    if (tool == name) return true;
  return false;
}

Result<Action> whole_write(std::string_view tool, const Value& input,
                           std::initializer_list<std::string_view> content_keys) {
  auto path = required_string(input, tool, {"file_path", "path", "notebook_path", "filePath"});
  if (!path) return path.error();
  auto content = required_string(input, tool, content_keys);
  if (!content) return content.error();
  Action action = make_action(ActionKind::write, std::string(tool));
  FileWrite write;
  write.path = std::move(*path);
  write.whole_content = true;
  write.content = std::move(*content);
  action.writes.push_back(std::move(write));
  return action;
}

Result<Action> edit(std::string_view tool, const Value& input, std::initializer_list<std::string_view> new_keys,
                    std::initializer_list<std::string_view> old_keys) {
  auto path = required_string(input, tool, {"file_path", "path", "notebook_path", "filePath"});
  if (!path) return path.error();
  auto added = required_string(input, tool, new_keys);
  if (!added) return added.error();
  auto replaced = string_field(input, old_keys);
  if (!replaced) return replaced.error();
  Action action = make_action(ActionKind::write, std::string(tool));
  FileWrite write;
  write.path = std::move(*path);
  write.added = text_lines(*added);
  if (*replaced) write.replaced = (*replaced)->text;
  action.writes.push_back(std::move(write));
  return action;
}

Result<Action> multi_edit(std::string_view tool, const Value& input) {
  auto path = required_string(input, tool, {"file_path", "path", "notebook_path", "filePath"});
  if (!path) return path.error();
  const Value* edits = input.find("edits");
  if (!edits || !edits->is_array()) return Error{"tool_input of " + std::string(tool) + " has no edits array"};
  Action action = make_action(ActionKind::write, std::string(tool));
  for (const Value& one : edits->items) {
    if (!one.is_object()) return Error{"an entry of tool_input.edits is not an object"};
    auto added = required_string(one, tool, {"new_string"});
    if (!added) return added.error();
    auto replaced = string_field(one, {"old_string"});
    if (!replaced) return replaced.error();
    FileWrite write;
    write.path = *path;
    write.added = text_lines(*added);
    if (*replaced) write.replaced = (*replaced)->text;
    action.writes.push_back(std::move(write));
  }
  return action;
}

// A shell command as a string, or as an argv array (Codex's exec tools).
// `quoted`: the argv's words single-quoted, so the shell judge reads the same
// words: ["bash", "-lc", "git commit -n"] is bash running one script, not `bash -lc git`.
Result<std::string> command_text(const Value& command, bool quoted) {
  if (command.is_string()) return command.text;
  if (!command.is_array()) return Error{"tool_input.command is neither a string nor an array"};
  std::string joined;
  for (const Value& word : command.items) {
    if (!word.is_string()) return Error{"tool_input.command holds a non-string word"};
    if (!joined.empty()) joined.push_back(' ');
    if (!quoted) {
      joined += word.text;
      continue;
    }
    joined.push_back('\'');
    for (char c : word.text) {
      if (c == '\'') joined += "'\\''";
      else joined.push_back(c);
    }
    joined.push_back('\'');
  }
  return joined;
}

// A shell command; one that carries an apply_patch envelope (Codex, some
// versions) also writes the envelope's files.
Result<Action> shell(std::string_view tool, const Value& input) {
  const Value* command = input.find("command");
  if (!command) command = input.find("cmd");
  if (!command) return Error{"tool_input of " + std::string(tool) + " has no command"};
  auto text = command_text(*command, true);
  if (!text) return text.error();
  auto plain = command_text(*command, false);  // the words as they are, for a patch envelope
  if (!plain) return plain.error();
  Action action = make_action(ActionKind::shell, std::string(tool));
  action.command = std::move(*text);
  if (auto envelope = find_patch_envelope(*plain)) {
    auto writes = parse_apply_patch(*envelope);
    if (!writes) return writes.error();
    action.writes = std::move(*writes);
  }
  return action;
}

Result<Action> apply_patch(std::string_view tool, const Value& input) {
  auto patch = required_string(input, tool, {"command", "patch", "input"});
  if (!patch) return patch.error();
  auto envelope = find_patch_envelope(*patch);
  auto writes = parse_apply_patch(envelope ? *envelope : std::string_view(*patch));
  if (!writes) return writes.error();
  Action action = make_action(ActionKind::write, std::string(tool));
  action.writes = std::move(*writes);
  return action;
}

// A tool we do not know: judged by its arguments.
Result<Action> by_arguments(std::string_view tool, const Value& input) {
  auto path = string_field(input, {"file_path", "path", "notebook_path", "filePath"});
  if (!path) return path.error();
  if (*path) {
    auto whole = string_field(input, {"content", "file_text", "contents", "text"});
    if (!whole) return whole.error();
    if (*whole) return whole_write(tool, input, {"content", "file_text", "contents", "text"});
    auto added = string_field(input, {"new_string", "new_str", "new_source", "newText"});
    if (!added) return added.error();
    if (*added) return edit(tool, input, {"new_string", "new_str", "new_source", "newText"}, {"old_string", "old_str"});
  }
  if (const Value* command = input.find("command"); command && (command->is_string() || command->is_array()))
    return shell(tool, input);
  return make_action(ActionKind::other, std::string(tool));
}

}  // namespace

std::vector<std::string> text_lines(std::string_view text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.emplace_back(line);
    start = end + 1;
  }
  return lines;
}

Result<Action> action_from_tool(std::string_view tool, const Value& input) {
  if (!input.is_object()) return Error{"tool_input is not an object"};
  if (is_one_of(tool, {"Write", "write_file", "create", "Create"}))
    return whole_write(tool, input, {"content", "file_text", "contents"});
  if (is_one_of(tool, {"Edit", "replace", "edit", "str_replace", "search_replace"}))
    return edit(tool, input, {"new_string", "new_str", "newText"}, {"old_string", "old_str", "oldText"});
  if (tool == "MultiEdit") return multi_edit(tool, input);
  if (tool == "NotebookEdit") return edit(tool, input, {"new_source"}, {});
  if (tool == "apply_patch") return apply_patch(tool, input);
  if (is_one_of(tool, {"Delete", "delete_file", "delete"})) {
    // Cursor's delete tool: removing a protected file needs a person too.
    auto path = required_string(input, tool, {"file_path", "path", "target_file", "filePath"});
    if (!path) return path.error();
    Action action = make_action(ActionKind::write, std::string(tool));
    FileWrite write;
    write.path = std::move(*path);
    write.deleted = true;
    action.writes.push_back(std::move(write));
    return action;
  }
  if (is_one_of(tool, {"Bash", "bash", "run_shell_command", "Shell", "shell", "exec_command", "local_shell",
                       "container.exec", "terminal", "run_in_terminal", "powershell"}))
    return shell(tool, input);
  return by_arguments(tool, input);
}

}  // namespace agentops::agents
