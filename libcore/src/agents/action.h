// What an agent is about to do, read from its hook payload: the one shape every
// agent's protocol is parsed into, so that one judge decides for all of them.
#pragma once

#include <string>
#include <vector>

namespace agentops::agents {

// One file a tool call writes. `path` is as the agent gave it (absolute, or
// relative to the payload's cwd).
struct FileWrite {
  std::string path;
  std::string moved_from;          // a patch's "*** Move to:": the old path
  bool whole_content = false;      // `content` is the whole new file (Write, Add File)
  bool deleted = false;            // a patch's "*** Delete File:"
  std::string content;             // the whole new file, when whole_content
  std::vector<std::string> added;  // the lines added (Edit, Update File), in order
  std::string replaced;            // an Edit's old text, to place the added lines
  std::string new_text;            // an Edit's new text as sent (`added` is its lines)
  bool replace_all = false;        // the Edit replaces every occurrence of `replaced`
};

enum class ActionKind { write, shell, read, stop, other };

struct Action {
  ActionKind kind = ActionKind::other;
  std::string tool;               // the agent's tool name, for messages
  std::string cwd;                // the payload's working directory ("" when absent)
  std::vector<FileWrite> writes;  // write
  std::string command;            // shell
  std::string read_path;          // read
  std::string read_content;       // read: the file's text as the agent would see it
  bool stop_loop_active = false;  // stop: the agent is already continuing from a block
};

inline Action make_action(ActionKind kind, std::string tool) {
  Action action;
  action.kind = kind;
  action.tool = std::move(tool);
  return action;
}

}  // namespace agentops::agents
