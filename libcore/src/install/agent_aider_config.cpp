// Aider's .aider.conf.yml, edited as lines between marker comments.
#include "install/agent_aider_config.h"

#include <algorithm>
#include <cctype>

namespace agentops::install {
namespace {

std::string trim(std::string_view text) {
  size_t begin = 0, end = text.size();
  while (begin < end && std::isspace(static_cast<unsigned char>(text[begin]))) ++begin;
  while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
  return std::string(text.substr(begin, end - begin));
}

// The value of top-level `key` as written (comment and quotes dropped), or
// nullopt when the file does not set it. A key at column 0 is top-level.
std::optional<std::string> top_level_value(std::string_view text, std::string_view key) {
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(pos, end - pos);
    if (line.substr(0, key.size()) == key) {
      const std::string rest = trim(line.substr(key.size()));
      if (!rest.empty() && rest[0] == ':') {
        std::string value = trim(std::string_view(rest).substr(1));
        const size_t comment = value.find(" #");
        if (comment != std::string::npos) value = trim(value.substr(0, comment));
        if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front())
          value = value.substr(1, value.size() - 2);
        return value;
      }
    }
    pos = end + 1;
  }
  return std::nullopt;
}

bool yaml_true(std::string value) {
  std::transform(value.begin(), value.end(), value.begin(), [](unsigned char c) { return std::tolower(c); });
  return value == "true" || value == "yes" || value == "on";
}

}  // namespace

namespace {
// `text` as one word of a POSIX shell, whatever it holds.
std::string shell_word(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}
}  // namespace

std::string aider_lint_command(const std::string& agent_command) {
  // Quoted twice: once for the script sh -c runs, once for the shell that
  // runs sh (a path with a space, a quote or a $ stays one word, unexpanded).
  const bool plain = agent_command.find_first_of(" \t\n\"'\\$`;&|<>()*?[]{}~#!") == std::string::npos;
  const bool double_quotable = agent_command.find_first_of("\"'\\$`\n") == std::string::npos;
  const std::string program = plain             ? agent_command
                              : double_quotable ? "\"" + agent_command + "\""
                                                : shell_word(agent_command);
  return "sh -c " + shell_word(program + " check --worktree") + " agentops-lint";
}

AiderMerge merge_aider_config(std::string_view text, const std::string& agent_command) {
  AiderMerge merge{std::string(text), {}};
  if (text.find(kAiderBlockBegin) != std::string_view::npos) return merge;
  const std::string newline = text.find("\r\n") != std::string_view::npos ? "\r\n" : "\n";
  std::vector<std::string> lines;
  if (auto verify = top_level_value(text, "git-commit-verify")) {
    if (!yaml_true(*verify))
      merge.notes.push_back("git-commit-verify is set to '" + *verify +
                            "': aider then commits with --no-verify, skipping agentops' git hooks; set it to true");
  } else {
    lines.push_back("git-commit-verify: true");
  }
  const std::string lint = aider_lint_command(agent_command);
  if (auto existing = top_level_value(text, "lint-cmd")) {
    if (existing->find("check --worktree") == std::string::npos)
      merge.notes.push_back("lint-cmd is already set: add \"" + lint +
                            "\" to it (aider runs one lint command per language)");
  } else {
    std::string quoted;
    for (char c : lint)
      quoted += c == '\n' ? std::string("\\n") : (c == '"' || c == '\\') ? std::string("\\") + c : std::string(1, c);
    lines.push_back("lint-cmd: \"" + quoted + "\"");
  }
  if (lines.empty()) return merge;
  if (!merge.text.empty() && merge.text.back() != '\n') merge.text += newline;
  merge.text += std::string(kAiderBlockBegin) + newline;
  for (const auto& line : lines) merge.text += line + newline;
  merge.text += std::string(kAiderBlockEnd) + newline;
  return merge;
}

std::optional<std::string> remove_aider_block(std::string_view text) {
  const size_t begin = text.find(kAiderBlockBegin);
  if (begin == std::string_view::npos || (begin > 0 && text[begin - 1] != '\n')) return std::nullopt;
  const size_t end_marker = text.find(kAiderBlockEnd, begin);
  if (end_marker == std::string_view::npos) return std::nullopt;
  size_t end = text.find('\n', end_marker);
  end = end == std::string_view::npos ? text.size() : end + 1;
  std::string out(text);
  out.erase(begin, end - begin);
  return out;
}

}  // namespace agentops::install
