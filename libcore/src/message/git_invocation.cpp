// Reads the invoking git process from /proc and its command line the way
// builtin/commit.c (git 2.39) and parse-options.c do.
#include "message/git_invocation.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string_view>
#include <tuple>

namespace agentops::detail {
namespace {

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string basename_of(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// The parent of `pid` from /proc/<pid>/stat ("pid (comm) state ppid ..."; comm may hold spaces and ')').
long parent_of(long pid) {
  const std::string stat = read_all("/proc/" + std::to_string(pid) + "/stat");
  const size_t close = stat.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream fields(stat.substr(close + 1));
  std::string state;
  long ppid = 0;
  if (!(fields >> state >> ppid)) return 0;
  return ppid;
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// git lower-cases the section and the key name, not a subsection.
std::string normalize_key(const std::string& key) {
  const size_t first = key.find('.'), last = key.rfind('.');
  if (first == std::string::npos) return lower(key);
  return lower(key.substr(0, first)) + key.substr(first, last - first) + lower(key.substr(last));
}

void add_entry(std::vector<std::pair<std::string, std::string>>& out, const std::string& entry) {
  const size_t equals = entry.find('=');
  if (equals == std::string::npos) out.emplace_back(normalize_key(entry), "true");
  else out.emplace_back(normalize_key(entry.substr(0, equals)), entry.substr(equals + 1));
}

struct LongOption {
  const char* name;
  int argument;  // 0: none, 1: required, 2: optional (attached with '=' only)
  bool negatable;
};

// builtin/commit.c's options (2.39).
constexpr LongOption kLongOptions[] = {
    {"quiet", 0, true},          {"verbose", 0, true},          {"file", 1, true},
    {"author", 1, true},         {"date", 1, true},             {"message", 1, true},
    {"reedit-message", 1, true}, {"reuse-message", 1, true},    {"fixup", 1, true},
    {"squash", 1, true},         {"reset-author", 0, true},     {"trailer", 1, true},
    {"signoff", 0, true},        {"template", 1, true},         {"edit", 0, true},
    {"cleanup", 1, true},        {"status", 0, true},           {"gpg-sign", 2, true},
    {"dry-run", 0, true},        {"short", 0, true},            {"branch", 0, true},
    {"ahead-behind", 0, true},   {"porcelain", 0, true},        {"long", 0, true},
    {"null", 0, true},           {"amend", 0, true},            {"post-rewrite", 0, true},
    {"untracked-files", 2, true}, {"all", 0, true},             {"include", 0, true},
    {"interactive", 0, true},    {"patch", 0, true},            {"only", 0, true},
    {"verify", 0, true},         {"allow-empty", 0, true},      {"allow-empty-message", 0, true},
    {"pathspec-from-file", 1, true}, {"pathspec-file-nul", 0, true},
};

// builtin/merge.c's options (2.39).
constexpr LongOption kMergeLongOptions[] = {
    {"stat", 0, true},          {"summary", 0, true},         {"compact-summary", 0, true},
    {"log", 2, true},           {"squash", 0, true},          {"commit", 0, true},
    {"edit", 0, true},          {"cleanup", 1, true},         {"ff", 0, true},
    {"ff-only", 0, true},       {"rerere-autoupdate", 0, true}, {"verify-signatures", 0, true},
    {"strategy", 1, true},      {"strategy-option", 1, true}, {"message", 1, true},
    {"file", 1, true},          {"into-name", 1, true},       {"verbose", 0, true},
    {"quiet", 0, true},         {"abort", 0, true},           {"quit", 0, true},
    {"continue", 0, true},      {"allow-unrelated-histories", 0, true}, {"progress", 0, true},
    {"gpg-sign", 2, true},      {"autostash", 0, true},       {"overwrite-ignore", 0, true},
    {"signoff", 0, true},       {"verify", 0, true},
};

// The option `given` names (exactly, or as parse-options' unique abbreviation), with its negation.
template <size_t N>
std::optional<std::pair<const LongOption*, bool>> find_long(const LongOption (&options)[N], const std::string& given) {
  std::vector<std::pair<const LongOption*, bool>> matches;
  for (const auto& option : options) {
    const std::string name = option.name;
    if (given == name) return std::make_pair(&option, false);
    if (option.negatable && given == "no-" + name) return std::make_pair(&option, true);
    if (name.starts_with(given)) matches.emplace_back(&option, false);
    else if (option.negatable && ("no-" + name).starts_with(given) && given.size() > 3) matches.emplace_back(&option, true);
  }
  if (matches.size() == 1) return matches.front();
  return std::nullopt;
}

// The long option argv[i] names ("--cleanup=strip", "--no-edit", "--file F"),
// as parse-options reads it: {name, negated, value}; `i` moves past a separate
// value. nullopt for an option git would refuse.
template <size_t N>
std::optional<std::tuple<std::string, bool, std::optional<std::string>>> read_long_option(
    const LongOption (&options)[N], const std::vector<std::string>& argv, size_t& i) {
  const std::string& arg = argv[i];
  const size_t equals = arg.find('=');
  const auto found = find_long(options, arg.substr(2, equals == std::string::npos ? std::string::npos : equals - 2));
  if (!found) return std::nullopt;
  const auto [option, negated] = *found;
  std::optional<std::string> value;
  if (equals != std::string::npos) {
    if (option->argument == 0 || negated) return std::nullopt;
    value = arg.substr(equals + 1);
  } else if (option->argument == 1 && !negated) {
    if (++i >= argv.size()) return std::nullopt;
    value = argv[i];
  }
  return std::make_tuple(std::string(option->name), negated, value);
}

struct Parsed {
  bool have_m = false, logfile = false, use_message = false, fixup_plain = false;
  int edit_flag = -1;
  std::optional<std::string> cleanup;
  std::optional<bool> verbose;
  bool amend = false;
  std::vector<std::string> messages;
  std::optional<std::string> message_file, reuse_commit;
};

void apply(Parsed& parsed, const std::string& name, bool negated, const std::optional<std::string>& value) {
  if (name == "message") {
    parsed.have_m = !negated;
    if (negated) parsed.messages.clear();
    else parsed.messages.push_back(value.value_or(""));
  } else if (name == "file") {
    parsed.logfile = !negated;
    parsed.message_file = negated ? std::nullopt : value;
  } else if (name == "reuse-message") {
    parsed.use_message = !negated;
    parsed.reuse_commit = negated ? std::nullopt : value;
  } else if (name == "reedit-message") parsed.reuse_commit = negated ? std::nullopt : value;
  else if (name == "fixup") {
    // --fixup=<commit> takes no editor; --fixup=amend:<commit> / reword:<commit> do.
    const std::string text = value.value_or("");
    size_t alpha = 0;
    while (alpha < text.size() && std::isalpha(static_cast<unsigned char>(text[alpha]))) ++alpha;
    parsed.fixup_plain = !negated && !(alpha > 0 && alpha < text.size() && text[alpha] == ':');
  } else if (name == "edit") parsed.edit_flag = negated ? 0 : 1;
  else if (name == "cleanup") {
    if (negated) parsed.cleanup.reset();
    else parsed.cleanup = value;
  } else if (name == "verbose") parsed.verbose = !negated;
  else if (name == "amend") parsed.amend = !negated;
}

// The index in `argv` of git's command, after git's own options; 0 for a
// dashed builtin run as itself (/usr/lib/git-core/git-commit --amend).
size_t command_index(const std::vector<std::string>& argv) {
  if (!argv.empty() && basename_of(argv[0]).starts_with("git-")) return 0;
  size_t i = 1;
  while (i < argv.size() && argv[i].starts_with("-")) {
    const std::string& option = argv[i];
    if (option == "-c" || option == "-C" || option == "--git-dir" || option == "--work-tree" ||
        option == "--namespace" || option == "--config-env" || option == "--super-prefix")
      ++i;
    ++i;
  }
  return i;
}

std::string command_of(const std::vector<std::string>& argv) {
  const size_t i = command_index(argv);
  if (i >= argv.size()) return "";
  return i == 0 ? basename_of(argv[0]).substr(4) : argv[i];
}

// Whether the process running `exe` may stand between git and this hook: a
// shell or hook manager installed in a system directory. Anything else (a
// renamed copy of git, a program an agent wrote, an exe /proc does not show)
// might be the git that runs the hook, so the walk must not pass it.
bool hook_runner_between(const std::string& exe) {
  static const std::string_view kDirectories[] = {"/bin/", "/usr/bin/", "/usr/local/bin/", "/sbin/", "/usr/sbin/"};
  static const std::string_view kRunners[] = {"sh",  "dash", "bash", "zsh",      "ksh",  "mksh", "ash",
                                              "env", "node", "npm",  "npx",      "nice", "nohup", "timeout",
                                              "lefthook", "pre-commit", "busybox"};
  const std::string name = basename_of(exe);
  if (std::none_of(std::begin(kDirectories), std::end(kDirectories),
                   [&](std::string_view dir) { return exe == std::string(dir) + name; }))
    return false;
  return name.starts_with("python3") ||
         std::any_of(std::begin(kRunners), std::end(kRunners), [&](std::string_view runner) { return name == runner; });
}

// lefthook installed by npm, go or a release download lives outside the
// system directories. A process is taken for it only when its program is
// named lefthook and it runs as `lefthook run <hook>` (how lefthook's hook
// scripts call it); a renamed copy of git would have to be called so to
// commit, which it cannot, and invoking_git() also checks it is no copy of
// git by size.
bool lefthook_between(const std::string& exe, const std::vector<std::string>& argv) {
  return basename_of(exe) == "lefthook" && argv.size() > 2 && argv[1] == "run";
}

// The real uid of a process from /proc/<pid>/status; -1 when unknown.
long uid_of(long pid) {
  std::istringstream status(read_all("/proc/" + std::to_string(pid) + "/status"));
  std::string line;
  while (std::getline(status, line))
    if (line.starts_with("Uid:")) {
      std::istringstream fields(line.substr(4));
      long uid = -1;
      fields >> uid;
      return uid;
    }
  return -1;
}

long long file_size(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  return in ? static_cast<long long>(in.tellg()) : -1;
}

}  // namespace

size_t git_command_index(const std::vector<std::string>& argv) { return command_index(argv); }

std::string git_command(const std::vector<std::string>& argv) { return command_of(argv); }

std::optional<InvokingGit> invoking_git() {
  long pid = static_cast<long>(getppid());
  const long own_uid = static_cast<long>(getuid());
  std::vector<std::string> lefthooks_passed;  // their programs, to compare with git's
  // Bounded, and only through processes of this user: another user's process
  // is nothing this hook's git started.
  for (int depth = 0; depth < 32 && pid > 1; ++depth) {
    if (uid_of(pid) != own_uid) return std::nullopt;
    const std::string dir = "/proc/" + std::to_string(pid);
    const std::string cmdline = read_all(dir + "/cmdline");
    std::vector<std::string> argv;
    for (size_t start = 0; start < cmdline.size();) {
      const size_t end = std::min(cmdline.find('\0', start), cmdline.size());
      argv.push_back(cmdline.substr(start, end - start));
      start = end + 1;
    }
    char exe_path[4096];
    const ssize_t length = readlink((dir + "/exe").c_str(), exe_path, sizeof exe_path - 1);
    const std::string exe = length > 0 ? std::string(exe_path, static_cast<size_t>(length)) : "";
    // The kernel's exe, not argv[0], which any process may set to "git".
    if (basename_of(exe) == "git") {
      // `git hook run` (a hook manager built on git) runs hooks for the git above it.
      if (command_of(argv) != "hook") {
        const long long git_size = file_size(exe);
        for (const auto& lefthook : lefthooks_passed)
          if (file_size(lefthook) == git_size) return std::nullopt;  // a copy of git named lefthook
        return InvokingGit{pid, std::move(argv)};
      }
    } else if (lefthook_between(exe, argv)) {
      lefthooks_passed.push_back(exe);
    } else if (!hook_runner_between(exe)) {
      return std::nullopt;
    }
    pid = parent_of(pid);
  }
  return std::nullopt;
}

std::optional<std::string> started_in(long pid) {
  const std::string environ = read_all("/proc/" + std::to_string(pid) + "/environ");
  for (size_t start = 0; start < environ.size();) {
    const size_t end = std::min(environ.find('\0', start), environ.size());
    if (environ.compare(start, 4, "PWD=") == 0 && end > start + 4) return environ.substr(start + 4, end - start - 4);
    start = end + 1;
  }
  return std::nullopt;
}

bool merge_edits_by_default(long pid) {
  if (const char* autoedit = std::getenv("GIT_MERGE_AUTOEDIT")) {
    std::string value = lower(autoedit);
    return value == "true" || value == "yes" || value == "on" || value == "1";
  }
  auto target = [&](int fd) {
    char path[4096];
    const ssize_t length = readlink(("/proc/" + std::to_string(pid) + "/fd/" + std::to_string(fd)).c_str(), path,
                                    sizeof path - 1);
    return length > 0 ? std::string(path, static_cast<size_t>(length)) : std::string();
  };
  const std::string in = target(0), out = target(1);
  return !in.empty() && in == out && (in.starts_with("/dev/pts/") || in.starts_with("/dev/tty"));
}

std::optional<CommitInvocation> parse_merge_argv(const std::vector<std::string>& argv, bool edits_by_default) {
  // builtin/merge.c: cleanup = get_cleanup_mode(cleanup_arg, 0 < option_edit);
  // no -v; option_edit from -e/--no-edit, else none with -m/-F, else
  // default_edit_option() (GIT_MERGE_AUTOEDIT, or a terminal), which the
  // caller supplies as `edits_by_default`.
  bool have_message = false;
  int edit_flag = -1;
  std::optional<std::string> cleanup;
  for (size_t i = command_index(argv) + 1; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    if (arg == "--") break;
    if (arg.size() < 2 || arg[0] != '-') continue;  // a commit to merge
    if (arg.starts_with("--")) {
      const auto long_option = read_long_option(kMergeLongOptions, argv, i);
      if (!long_option) return std::nullopt;
      const auto& [name, negated, value] = *long_option;
      if (name == "message" || name == "file") have_message = !negated;
      else if (name == "edit") edit_flag = negated ? 0 : 1;
      else if (name == "cleanup") cleanup = negated ? std::nullopt : value;
      continue;
    }
    for (size_t k = 1; k < arg.size(); ++k) {
      const char c = arg[k];
      if (c == 'm' || c == 'F' || c == 's' || c == 'X') {
        if (k + 1 == arg.size() && ++i >= argv.size()) return std::nullopt;
        if (c == 'm' || c == 'F') have_message = true;
        break;
      }
      if (c == 'S') break;  // optional argument, attached
      if (c == 'e') edit_flag = 1;
      else if (std::string_view("nvq").find(c) == std::string_view::npos) return std::nullopt;
    }
  }
  CommitInvocation invocation;
  invocation.use_editor = edit_flag >= 0 ? edit_flag == 1 : (!have_message && edits_by_default);
  invocation.cleanup = cleanup;
  invocation.verbose = false;
  invocation.merge = true;
  return invocation;
}

std::optional<CommitInvocation> parse_commit_argv(const std::vector<std::string>& argv) {
  size_t i = command_index(argv);  // git's own options come before the command
  if (command_of(argv) != "commit") return std::nullopt;
  Parsed parsed;
  for (++i; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    if (arg == "--") break;
    if (arg.size() < 2 || arg[0] != '-') continue;  // a pathspec
    if (arg.starts_with("--")) {
      const auto long_option = read_long_option(kLongOptions, argv, i);
      if (!long_option) return std::nullopt;
      const auto& [name, negated, value] = *long_option;
      apply(parsed, name, negated, value);
      continue;
    }
    // Bundled short options: -am msg, -vF file, -mmsg.
    for (size_t k = 1; k < arg.size(); ++k) {
      const char c = arg[k];
      const std::string rest = arg.substr(k + 1);
      auto take = [&]() -> std::optional<std::string> {
        if (!rest.empty()) return rest;
        if (i + 1 < argv.size()) return argv[++i];
        return std::nullopt;
      };
      if (c == 'm' || c == 'F' || c == 'c' || c == 'C' || c == 't') {
        const auto value = take();
        if (!value) return std::nullopt;
        if (c == 'm') {
          parsed.have_m = true;
          parsed.messages.push_back(*value);
        }
        if (c == 'F') {
          parsed.logfile = true;
          parsed.message_file = *value;
        }
        if (c == 'C') parsed.use_message = true;
        if (c == 'C' || c == 'c') parsed.reuse_commit = *value;
        break;
      }
      if (c == 'S' || c == 'u') break;  // optional argument, attached
      if (c == 'v') parsed.verbose = true;
      else if (c == 'e') parsed.edit_flag = 1;
      else if (std::string_view("qsnzaiop").find(c) == std::string_view::npos) return std::nullopt;
    }
  }
  CommitInvocation invocation;
  invocation.use_editor = !(parsed.logfile || parsed.have_m || parsed.use_message || parsed.fixup_plain);
  if (parsed.edit_flag >= 0) invocation.use_editor = parsed.edit_flag == 1;
  invocation.cleanup = parsed.cleanup;
  invocation.verbose = parsed.verbose;
  invocation.amend = parsed.amend;
  invocation.messages = std::move(parsed.messages);
  invocation.message_file = std::move(parsed.message_file);
  invocation.reuse_commit = std::move(parsed.reuse_commit);
  return invocation;
}

std::optional<std::vector<std::pair<std::string, std::string>>> parse_config_parameters(const std::string& text) {
  // Shell-quoted words: 'key=value' or 'key'='value', separated by spaces.
  std::vector<std::pair<std::string, std::string>> out;
  size_t i = 0;
  auto quoted = [&](std::string& word) {
    if (i >= text.size() || text[i] != '\'') return false;
    ++i;
    while (true) {
      const size_t close = text.find('\'', i);
      if (close == std::string::npos) return false;
      word += text.substr(i, close - i);
      i = close + 1;
      if (text.compare(i, 3, "\\''") == 0) {  // '\'' is a quote inside the word
        word += '\'';
        i += 3;
        continue;
      }
      return true;
    }
  };
  while (true) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i >= text.size()) return out;
    std::string first;
    if (!quoted(first)) return std::nullopt;
    if (i < text.size() && text[i] == '=') {
      ++i;
      std::string value;
      if (i < text.size() && text[i] == '\'') {
        if (!quoted(value)) return std::nullopt;
        out.emplace_back(normalize_key(first), value);
      } else {
        out.emplace_back(normalize_key(first), "true");  // 'key'= with nothing: git reads it as no value
      }
      continue;
    }
    add_entry(out, first);
  }
}

std::vector<std::pair<std::string, std::string>> environment_config() {
  // config.c git_config_from_parameters: GIT_CONFIG_COUNT's pairs, then
  // GIT_CONFIG_PARAMETERS (`git -c`), so the latter win.
  std::vector<std::pair<std::string, std::string>> out;
  if (const char* count_text = std::getenv("GIT_CONFIG_COUNT")) {
    const long count = std::strtol(count_text, nullptr, 10);
    for (long n = 0; n < count && n < 10000; ++n) {
      const char* key = std::getenv(("GIT_CONFIG_KEY_" + std::to_string(n)).c_str());
      const char* value = std::getenv(("GIT_CONFIG_VALUE_" + std::to_string(n)).c_str());
      if (key && value) out.emplace_back(normalize_key(key), value);
    }
  }
  if (const char* parameters = std::getenv("GIT_CONFIG_PARAMETERS")) {
    if (auto parsed = parse_config_parameters(parameters))
      for (auto& entry : *parsed) out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace agentops::detail
