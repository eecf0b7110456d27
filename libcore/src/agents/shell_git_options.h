// Reading a git subcommand's arguments the way git's parse-options does:
// options permute with positional arguments, `--` ends them, short options
// cluster (-anm), a value-taking option swallows the next word or the rest of
// its cluster (`-m -n` is the message "-n"), and a long option may be
// abbreviated to a unique prefix.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace agentops::agents {

// Which options of a git subcommand take a value (so the value is not read as flags).
struct GitOptionSpec {
  std::string_view short_with_value;           // "-m msg" / "-mmsg"
  std::string_view short_with_optional_value;  // "-u<mode>": only attached
  std::vector<std::string_view> long_with_value;
};

struct GitOption {
  bool positional = false;
  char short_name = 0;    // set for a short option
  std::string long_name;  // set for a long option, without "--"
  std::string value;      // the option's value, or the positional argument
  bool has_value = false;
};

// The options and positional arguments of args[first..].
std::vector<GitOption> scan_git_options(const std::vector<std::string>& args, size_t first, const GitOptionSpec& spec);

// A long option `name` (without "--") that git would read as `full`: the whole
// name, or a prefix of at least `min_length` characters. Prefixes git calls
// ambiguous fail in git, so counting them costs nothing and errs on the safe side.
bool abbreviates(std::string_view name, std::string_view full, size_t min_length);

}  // namespace agentops::agents
