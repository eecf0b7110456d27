// Splitting a POSIX shell command line the way a shell would, far enough to see
// which programs it runs with which words: quotes (' " $'...'), backslashes,
// operators (&& || ; | & newline), groups, comments, redirections, here-documents,
// variables assigned earlier on the same line, ${NAME:-default}, $IFS as a blank,
// and one level of brace expansion (--{no-verify,x}). Command substitutions
// ($( ) and backticks) stay in their word as text and are listed separately,
// so the judge can read them as scripts of their own. Never fails: an unclosed
// quote takes the rest of the text, and `complete` says so.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace agentops::agents {

struct ShellRedirection {
  std::string op;      // ">", ">>", ">|", "&>", "&>>", "<>", ">&", "<", "<<<", ...
  std::string target;  // the word after the operator (a file, a fd, a here-string)
};

struct ShellSimpleCommand {
  std::vector<std::string> words;  // after quote removal; leading NAME=value words included
  std::vector<ShellRedirection> redirections;
  std::vector<std::string> heredoc_bodies;  // what `<<EOF ... EOF` feeds the command
  bool piped = false;                       // its input is the previous command's output (`a | b`)
};

struct ShellScript {
  std::vector<ShellSimpleCommand> commands;
  std::vector<std::string> substitutions;  // the text inside each $( ) and `...`
  // NAME() { body; }: each function's body text, so a call can be read with its
  // arguments in "$@" (the body is also split as commands of its own, in place).
  std::vector<std::pair<std::string, std::string>> functions;
  bool complete = true;  // false: an unclosed quote or substitution
};

ShellScript parse_shell_script(std::string_view text);

}  // namespace agentops::agents
