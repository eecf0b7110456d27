// Secrets in a commit message: the message is recorded in history like a file.
#include "message/message_secrets.h"

#include <algorithm>

#include "agentops/secrets.h"

namespace agentops::detail {

// secret.* findings in the message itself, read with the policy's secret
// rules. Path allowlists never exempt a message: it has no path.
Status scan_message_for_secrets(std::string_view message, const SecretsPolicy& policy,
                                std::vector<Finding>& findings) {
  if (!policy.enabled) return Ok{};
  SecretsPolicy rules = policy;
  rules.allow_paths.clear();
  rules.allow_path_regexes.clear();
  auto scanner = SecretScanner::compile(rules);
  if (!scanner) return scanner.error();
  ChangedFile file;
  file.path = "(commit message)";
  file.status = FileStatus::added;
  file.size = message.size();
  AddedLines lines;
  std::uint32_t number = 1;
  for (size_t start = 0; start < message.size(); ++number) {
    const size_t end = std::min(message.find('\n', start), message.size());
    lines.add(number, message.substr(start, end - start));
    start = end + 1;
  }
  file.added_lines = static_cast<std::uint32_t>(lines.size());
  return scanner->scan(file, lines, findings);
}

}  // namespace agentops::detail
