// The message template and trailer insertion used by the prepare-commit-msg
// and commit-msg hooks.
#include <fmt/format.h>

#include "agentops/message.h"
#include "message/git_message.h"

namespace agentops {

std::string message_template(const Policy& policy, char comment_char) {
  const MessagePolicy& m = policy.message;
  std::vector<std::string> lines;
  if (m.format == MessageFormat::conventional) {
    std::string types;
    for (const auto& type : m.types) types += (types.empty() ? "" : ", ") + type;
    lines.push_back("subject: type(scope): description" + (types.empty() ? "" : "   types: " + types));
  } else if (m.format == MessageFormat::regex) {
    lines.push_back("subject matching: " + m.pattern);
  }
  if (m.subject_max > 0) lines.push_back(fmt::format("subject: at most {} characters", m.subject_max));
  if (!m.required_sections.empty()) {
    lines.push_back("body: one paragraph per section, starting with its name:");
    for (const auto& section : m.required_sections) lines.push_back("  " + section + ": ...");
  }
  if (!m.required_trailers.empty()) {
    lines.push_back("trailers, in the last paragraph:");
    for (const auto& trailer : m.required_trailers) lines.push_back("  " + trailer);
  }
  lines.push_back("a gated change (protected path, large change) needs, in the last paragraph:");
  lines.push_back("  " + policy.gates.approval_trailer + ": Name <email>");
  if (lines.size() == 2) return "";  // nothing beyond the gate: keep git's template as it is
  std::string text = "\n";
  fmt::format_to(std::back_inserter(text), "{} agentops: this repository's policy asks for\n", comment_char);
  for (const auto& line : lines) fmt::format_to(std::back_inserter(text), "{}   {}\n", comment_char, line);
  return text;
}

std::string add_trailer(std::string_view message, std::string_view key, std::string_view value, char comment_char) {
  // Below the message proper, above git's trailing comments, a "Conflicts:"
  // block and the scissors line (and the diff of -v under it): where git's
  // trailer reader looks, in every cleanup git may apply.
  const size_t end = message_end(message, comment_char);
  std::string body(message.substr(0, end));
  while (!body.empty() && (body.back() == '\n' || body.back() == ' ' || body.back() == '\t')) body.pop_back();
  const auto trailers = parse_trailers(body + "\n", comment_char);
  body += trailers.empty() ? "\n\n" : "\n";
  body += std::string(key) + ": " + std::string(value) + "\n";
  if (end < message.size()) body += "\n" + std::string(message.substr(end));
  return body;
}

}  // namespace agentops
