#include "rules/line_matcher.h"

namespace agentops::rules {

Result<std::unique_ptr<RE2>> compile_line_regex(const std::string& pattern, const std::string& what,
                                                bool across_lines) {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_never_nl(!across_lines);
  options.set_max_mem(32 << 20);  // room for the DFA on long files: fewer fallbacks to the NFA
  auto regex = std::make_unique<RE2>("(?m)" + pattern, options);
  if (!regex->ok()) return Error{what + ": invalid regex: " + regex->error()};
  return regex;
}

}  // namespace agentops::rules
