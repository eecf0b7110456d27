// Tool argument shapes, as each agent documents them (see protocol_*.cpp for
// the URLs): Claude Code Write/Edit/MultiEdit/NotebookEdit/Bash, Codex
// apply_patch and its shell tools, Gemini CLI write_file/replace/
// run_shell_command, Copilot CLI create/edit/bash.
#include "agents/tool_input.h"

#include <initializer_list>
#include <string>

#include "agents/apply_patch.h"
#include "agents/text_lines.h"

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
  auto path = required_string(input, tool, {"file_path", "path", "notebook_path", "filePath", "target_file"});
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
  auto path = required_string(input, tool, {"file_path", "path", "notebook_path", "filePath", "target_file"});
  if (!path) return path.error();
  auto added = required_string(input, tool, new_keys);
  if (!added) return added.error();
  auto replaced = string_field(input, old_keys);
  if (!replaced) return replaced.error();
  Action action = make_action(ActionKind::write, std::string(tool));
  FileWrite write;
  write.path = std::move(*path);
  write.added = text_lines(*added);
  write.new_text = *added;
  if (*replaced) write.replaced = (*replaced)->text;
  if (const Value* all = input.find("replace_all"); all && all->kind == Value::Kind::boolean)
    write.replace_all = all->boolean;
  action.writes.push_back(std::move(write));
  return action;
}

Result<Action> multi_edit(std::string_view tool, const Value& input) {
  auto path = required_string(input, tool, {"file_path", "path", "notebook_path", "filePath", "target_file"});
  if (!path) return path.error();
  const Value* edits = input.find("edits");
  if (!edits || !edits->is_array()) return Error{"tool_input of " + std::string(tool) + " has no edits array"};
  Action action = make_action(ActionKind::write, std::string(tool));
  for (const Value& one : edits->items) {
    if (!one.is_object()) return Error{"an entry of tool_input.edits is not an object"};
    auto added = required_string(one, tool, {"new_string", "newText", "new_str"});
    if (!added) return added.error();
    auto replaced = string_field(one, {"old_string", "oldText", "old_str"});
    if (!replaced) return replaced.error();
    FileWrite write;
    write.path = *path;
    write.added = text_lines(*added);
    write.new_text = *added;
    if (*replaced) write.replaced = (*replaced)->text;
    if (const Value* all = one.find("replace_all"); all && all->kind == Value::Kind::boolean)
      write.replace_all = all->boolean;
    action.writes.push_back(std::move(write));
  }
  return action;
}

// `word` as one shell word: single-quoted, a quote inside as '\''.
std::string shell_quoted(std::string_view word) {
  std::string quoted = "'";
  for (char c : word) {
    if (c == '\'') quoted += "'\\''";
    else quoted.push_back(c);
  }
  return quoted + "'";
}

// A shell command as a string, or as an argv array (Codex's exec tools). The
// array's words are quoted back into one command line: joined bare,
// ["bash","-lc","git commit -n"] would read as `bash -lc git` with the rest
// as the script's arguments, and the -n would be lost.
Result<std::string> command_text(const Value& command) {
  if (command.is_string()) return command.text;
  if (!command.is_array()) return Error{"tool_input.command is neither a string nor an array"};
  std::string joined;
  for (const Value& word : command.items) {
    if (!word.is_string()) return Error{"tool_input.command holds a non-string word"};
    if (!joined.empty()) joined.push_back(' ');
    joined += shell_quoted(word.text);
  }
  return joined;
}

// The directory the command runs in, when the tool takes one: Codex's shell
// and exec_command `workdir`, Gemini's run_shell_command `directory` (newer
// versions `dir_path`), others `cwd`. Judged as a `cd` before the command, so
// `echo x > pre-commit` run in .git/hooks is a hook write.
Result<std::string> command_directory(const Value& input) {
  auto directory = string_field(input, {"workdir", "directory", "dir_path", "cwd"});
  if (!directory) return directory.error();
  if (!*directory) return std::string();
  return (*directory)->text;
}

// A shell command; one that carries an apply_patch envelope (Codex, some
// versions) also writes the envelope's files.
Result<Action> shell(std::string_view tool, const Value& input) {
  const Value* command = input.find("command");
  if (!command) command = input.find("cmd");
  if (!command) return Error{"tool_input of " + std::string(tool) + " has no command"};
  auto text = command_text(*command);
  if (!text) return text.error();
  auto directory = command_directory(input);
  if (!directory) return directory.error();
  Action action = make_action(ActionKind::shell, std::string(tool));
  action.command = directory->empty() ? *text : "cd " + shell_quoted(*directory) + " && " + *text;
  // Only a command that runs Codex's apply_patch (or its applypatch alias)
  // writes an envelope's files; `grep "*** Begin Patch" docs/` writes nothing.
  if (action.command.find("apply_patch") == std::string::npos &&
      action.command.find("applypatch") == std::string::npos)
    return action;
  // The envelope is looked for in the words as the agent sent them: quoting
  // an argv word for the shell judge would change a patch line holding a quote.
  std::vector<std::string_view> texts;
  if (command->is_array())
    for (const Value& word : command->items) texts.push_back(word.text);
  else
    texts.push_back(command->text);
  for (std::string_view one : texts) {
    if (auto envelope = find_patch_envelope(one)) {
      auto writes = parse_apply_patch(*envelope);
      if (!writes) return writes.error();
      for (auto& write : *writes) {
        // The patch's paths are relative to the directory the command runs in.
        for (std::string* path : {&write.path, &write.moved_from})
          if (!directory->empty() && !path->empty() && !path->starts_with('/')) *path = *directory + "/" + *path;
        action.writes.push_back(std::move(write));
      }
    }
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
  auto path = string_field(input, {"file_path", "path", "notebook_path", "filePath", "target_file"});
  if (!path) return path.error();
  if (*path) {
    auto whole = string_field(input, {"content", "file_text", "contents", "text"});
    if (!whole) return whole.error();
    if (*whole) return whole_write(tool, input, {"content", "file_text", "contents", "text"});
    auto added = string_field(input, {"new_string", "new_str", "new_source", "newText", "code_edit"});
    if (!added) return added.error();
    if (*added)
      return edit(tool, input, {"new_string", "new_str", "new_source", "newText", "code_edit"},
                  {"old_string", "old_str"});
    // An edits array (the MCP filesystem server's edit_file: {path, edits:
    // [{oldText, newText}]}).
    if (const Value* edits = input.find("edits"); edits && edits->is_array()) return multi_edit(tool, input);
  }
  if (const Value* command = input.find("command"); command && (command->is_string() || command->is_array()))
    return shell(tool, input);
  return make_action(ActionKind::other, std::string(tool));
}

}  // namespace

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
