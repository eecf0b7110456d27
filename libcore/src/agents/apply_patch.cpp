// The apply_patch grammar of openai/codex (codex-rs/apply-patch), read from
// its documentation: markers are whole lines; hunk lines carry a one-character
// prefix, so a file whose text looks like a marker is still "+*** End Patch".
#include "agents/apply_patch.h"

#include <string>

#include "agents/text_lines.h"

namespace agentops::agents {
namespace {

constexpr std::string_view kBegin = "*** Begin Patch";
constexpr std::string_view kEnd = "*** End Patch";
constexpr std::string_view kAdd = "*** Add File: ";
constexpr std::string_view kUpdate = "*** Update File: ";
constexpr std::string_view kDelete = "*** Delete File: ";
constexpr std::string_view kMove = "*** Move to: ";
constexpr std::string_view kEndOfFile = "*** End of File";

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool is_file_marker(std::string_view line) {
  return line.starts_with(kAdd) || line.starts_with(kUpdate) || line.starts_with(kDelete) || line == kEnd;
}

Error malformed(size_t line_index, const std::string& what) {
  return Error{"apply_patch envelope, line " + std::to_string(line_index + 1) + ": " + what};
}

}  // namespace

Result<std::vector<FileWrite>> parse_apply_patch(std::string_view envelope) {
  std::vector<std::string_view> lines = line_views(envelope);
  size_t first = 0;
  while (first < lines.size() && trim(lines[first]).empty()) ++first;
  size_t last = lines.size();
  while (last > first && trim(lines[last - 1]).empty()) --last;
  if (first == last || trim(lines[first]) != kBegin) return malformed(first, "expected \"*** Begin Patch\"");
  if (last - 1 == first || trim(lines[last - 1]) != kEnd) return malformed(last - 1, "expected \"*** End Patch\" last");

  std::vector<FileWrite> writes;
  size_t i = first + 1;
  const size_t end = last - 1;
  while (i < end) {
    const std::string_view line = lines[i];
    FileWrite write;
    if (line.starts_with(kAdd)) {
      write.path = std::string(trim(line.substr(kAdd.size())));
      write.whole_content = true;
      ++i;
      while (i < end && !is_file_marker(lines[i])) {
        if (!lines[i].starts_with('+')) return malformed(i, "a line of an added file must start with '+'");
        write.content.append(lines[i].substr(1));
        write.content.push_back('\n');
        ++i;
      }
    } else if (line.starts_with(kDelete)) {
      write.path = std::string(trim(line.substr(kDelete.size())));
      write.deleted = true;
      ++i;
    } else if (line.starts_with(kUpdate)) {
      write.path = std::string(trim(line.substr(kUpdate.size())));
      ++i;
      if (i < end && lines[i].starts_with(kMove)) {
        write.moved_from = write.path;
        write.path = std::string(trim(lines[i].substr(kMove.size())));
        if (write.path.empty()) return malformed(i, "\"*** Move to:\" names no path");
        ++i;
      }
      bool hunk_seen = false;
      while (i < end && !is_file_marker(lines[i])) {
        const std::string_view hunk_line = lines[i];
        if (hunk_line.starts_with("@@")) {
          hunk_seen = true;
        } else if (hunk_line == kEndOfFile) {
        } else if (hunk_line.starts_with('+')) {
          write.added.emplace_back(hunk_line.substr(1));
          hunk_seen = true;
        } else if (hunk_line.starts_with('-') || hunk_line.starts_with(' ') || hunk_line.empty()) {
          hunk_seen = true;  // an empty line is an empty context line, as Codex reads it
        } else {
          return malformed(i, "a hunk line must start with ' ', '+', '-' or \"@@\"");
        }
        ++i;
      }
      if (!hunk_seen && write.moved_from.empty()) return malformed(i, "\"*** Update File:\" without a hunk");
    } else {
      return malformed(i, "expected \"*** Add File:\", \"*** Update File:\" or \"*** Delete File:\"");
    }
    if (write.path.empty()) return malformed(i - 1, "a file marker names no path");
    writes.push_back(std::move(write));
  }
  if (writes.empty()) return malformed(first, "the patch changes no file");
  return writes;
}

std::optional<std::string_view> find_patch_envelope(std::string_view command) {
  size_t begin = command.find(kBegin);
  while (begin != std::string_view::npos && begin > 0 && command[begin - 1] != '\n' && command[begin - 1] != '\'' &&
         command[begin - 1] != '"' && command[begin - 1] != ' ')
    begin = command.find(kBegin, begin + 1);
  if (begin == std::string_view::npos) return std::nullopt;
  // The last end marker that stands on a line of its own: a file's text holding
  // "*** End Patch" is a '+' line, never a bare one.
  size_t end = std::string_view::npos;
  for (size_t at = command.find(kEnd, begin); at != std::string_view::npos; at = command.find(kEnd, at + 1)) {
    if (command[at - 1] == '\n') end = at;
  }
  if (end == std::string_view::npos) return command.substr(begin);  // malformed: the parser says why
  return command.substr(begin, end + kEnd.size() - begin);
}

}  // namespace agentops::agents
