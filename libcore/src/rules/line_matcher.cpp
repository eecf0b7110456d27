#include "rules/line_matcher.h"

#include <mutex>
#include <unordered_map>

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

Result<std::shared_ptr<const RE2>> shared_line_regex(const std::string& pattern, const std::string& what,
                                                     bool across_lines) {
  static std::mutex mutex;
  static std::unordered_map<std::string, std::shared_ptr<const RE2>> compiled;
  const std::string key = (across_lines ? "1" : "0") + pattern;
  {
    std::lock_guard<std::mutex> lock(mutex);
    if (auto found = compiled.find(key); found != compiled.end()) return found->second;
  }
  auto regex = compile_line_regex(pattern, what, across_lines);
  if (!regex) return regex.error();
  std::shared_ptr<const RE2> shared = std::move(*regex);
  std::lock_guard<std::mutex> lock(mutex);
  return compiled.emplace(key, std::move(shared)).first->second;
}

}  // namespace agentops::rules
