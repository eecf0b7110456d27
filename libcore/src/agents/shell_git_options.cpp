// git's parse-options, as far as the shell judge needs it (see the header).
#include "agents/shell_git_options.h"

#include <algorithm>

namespace agentops::agents {

bool abbreviates(std::string_view name, std::string_view full, size_t min_length) {
  return name.size() >= std::min(min_length, full.size()) && full.starts_with(name);
}

std::vector<GitOption> scan_git_options(const std::vector<std::string>& args, size_t first,
                                        const GitOptionSpec& spec) {
  std::vector<GitOption> options;
  for (size_t i = first; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") {
      for (size_t j = i + 1; j < args.size(); ++j) options.push_back({true, 0, {}, args[j], true});
      break;
    }
    if (arg.size() < 2 || arg[0] != '-') {
      options.push_back({true, 0, {}, arg, true});
      continue;
    }
    if (arg[1] == '-') {
      GitOption option;
      const size_t equals = arg.find('=');
      option.long_name = arg.substr(2, equals == std::string::npos ? std::string::npos : equals - 2);
      if (equals != std::string::npos) {
        option.value = arg.substr(equals + 1);
        option.has_value = true;
      } else if (!option.long_name.empty()) {
        for (std::string_view with_value : spec.long_with_value) {
          if (!with_value.starts_with(option.long_name)) continue;
          if (i + 1 < args.size()) {
            option.value = args[++i];
            option.has_value = true;
          }
          break;
        }
      }
      options.push_back(std::move(option));
      continue;
    }
    for (size_t k = 1; k < arg.size(); ++k) {
      GitOption option;
      option.short_name = arg[k];
      const bool takes_value = spec.short_with_value.find(arg[k]) != std::string_view::npos;
      const bool takes_optional = spec.short_with_optional_value.find(arg[k]) != std::string_view::npos;
      if (takes_value || takes_optional) {
        if (k + 1 < arg.size()) {
          option.value = arg.substr(k + 1);
          option.has_value = true;
        } else if (takes_value && i + 1 < args.size()) {
          option.value = args[++i];
          option.has_value = true;
        }
        options.push_back(std::move(option));
        break;
      }
      options.push_back(std::move(option));
    }
  }
  return options;
}

}  // namespace agentops::agents
