// Shared CLI plumbing (command_support.h).
#include "command_support.h"

#include <cstdio>

namespace agentops::cli {

int usage_error(const std::string& message, const std::string& usage) {
  std::fprintf(stderr, "agentops: %s\n%s", message.c_str(), usage.c_str());
  return 2;
}

int fail(const std::string& message) {
  std::fprintf(stderr, "agentops: error: %s\n", message.c_str());
  return 2;
}

std::string range_problem(const std::string& range) {
  const size_t dots = range.find("..");
  if (dots == std::string::npos) return "'" + range + "' is not a range: give BASE..HEAD";
  if (range.compare(dots, 3, "...") == 0)
    return "'" + range + "' is a symmetric range (A...B), which check does not support: give BASE..HEAD";
  if (dots == 0)
    return "'" + range + "' has an empty BASE (an unset variable in CI?): give BASE..HEAD with both sides";
  if (dots + 2 == range.size())
    return "'" + range + "' has an empty HEAD (an unset variable in CI?): give BASE..HEAD with both sides";
  return "";
}

}  // namespace agentops::cli
