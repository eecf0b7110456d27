// Judging a shell command: split it as a shell would (shell_words.h), find the
// programs that really run (behind env, sudo, sh -c, eval, $( ), git aliases...),
// and read git's own arguments the way git does (shell_git_options.h).
//
// What a shell can always hide (a string computed at run time and eval'ed, a
// script written to a file and run, another language's file writes) passes here;
// the git hooks, CI and the server still judge the commit itself.
#include "agents/shell_command.h"

#include <algorithm>
#include <fnmatch.h>

#include <cctype>
#include <set>

#include "agents/shell_git_options.h"
#include "agents/shell_words.h"
#include "glob.h"

namespace agentops::agents {
namespace {

// sh -c inside sh -c inside eval ... deeper than this is judged as plain text.
constexpr int kMaxDepth = 8;
constexpr size_t kMaxRefusals = 16;

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view basename(std::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

bool is_assignment(std::string_view word) {
  if (word.empty() || !(std::isalpha(static_cast<unsigned char>(word[0])) || word[0] == '_')) return false;
  for (size_t i = 1; i < word.size(); ++i) {
    if (word[i] == '=') return true;
    if (!(std::isalnum(static_cast<unsigned char>(word[i])) || word[i] == '_')) return false;
  }
  return false;
}

const GitOptionSpec kCommitOptions{"mFCct", "uS",
                                   {"message", "file", "reuse-message", "reedit-message", "template", "author",
                                    "date", "fixup", "squash", "trailer", "cleanup", "pathspec-from-file"}};
const GitOptionSpec kPushOptions{"o", "", {"repo", "receive-pack", "exec", "push-option"}};
const GitOptionSpec kMergeOptions{"mFsX", "S", {"message", "file", "strategy", "strategy-option", "into-name", "cleanup"}};
const GitOptionSpec kPullOptions{"sX", "S", {"strategy", "strategy-option", "depth", "deepen", "shallow-since",
                                             "shallow-exclude", "upload-pack", "negotiation-tip"}};
const GitOptionSpec kRebaseOptions{"sXx", "SC", {"onto", "strategy", "strategy-option", "exec", "whitespace",
                                                 "empty", "rebase-merges"}};
const GitOptionSpec kAmOptions{"", "pCS", {"patch-format", "exclude", "include", "directory", "whitespace",
                                           "resolvemsg", "quoted-cr", "empty"}};
const GitOptionSpec kConfigOptions{"f", "", {"file", "blob", "type", "default", "comment", "value", "url"}};

// A config key that changes where git looks for hooks: core.hooksPath, or an
// include (include.path, includeIf.<cond>.path) that pulls in a file which can set it.
bool key_reaches_hooks_path(std::string_view folded_key) {
  return folded_key == "core.hookspath" ||
         (folded_key.starts_with("include.") && folded_key.ends_with(".path")) ||
         (folded_key.starts_with("includeif.") && folded_key.ends_with(".path"));
}

// --no-verify, its abbreviations (git takes "--no-veri"; shorter ones are
// ambiguous with --no-verbose and fail in git) and --verify / --no-no-verify,
// which turn the hooks back on: the last one wins, as in git.
enum class VerifyFlag { none, skip, restore };
VerifyFlag verify_flag(std::string_view long_name) {
  if (abbreviates(long_name, "no-verify", 4)) return VerifyFlag::skip;
  // --no-ver* is a glob: `touch ./--no-verify` in the same command makes the shell expand it to --no-verify.
  if (long_name.find_first_of("*?[") != std::string_view::npos &&
      fnmatch(("--" + std::string(long_name)).c_str(), "--no-verify", 0) == 0)
    return VerifyFlag::skip;
  if (long_name == "no-no-verify" || abbreviates(long_name, "verify", 5)) return VerifyFlag::restore;
  return VerifyFlag::none;
}

class Judge {
 public:
  explicit Judge(const ShellContext& context) : context_(context), working_directory_(context.working_directory) {
    for (const auto& [name, value] : context.git_aliases) aliases_[lower(name)] = value;
    // The hooks directory relative to the worktree when it lies inside it; husky 9's
    // core.hooksPath is .husky/_, whose scripts run the user's .husky/<hook>: both count.
    std::string hooks = context.hooks_directory;
    if (!context.worktree_root.empty() && hooks.starts_with(context.worktree_root + "/"))
      hooks = hooks.substr(context.worktree_root.size() + 1);
    if (!hooks.empty()) {
      auto components = path_components(hooks);
      if (!components.empty()) hooks_directories_.push_back(components);
      if (components.size() >= 2 && components.back() == "_") {
        components.pop_back();
        hooks_directories_.push_back(components);
      }
    }
  }

  std::vector<ShellRefusal> take() { return std::move(refusals_); }

  void script(std::string_view text, int depth) {
    if (depth > kMaxDepth) return judge_as_text(text);
    const ShellScript parsed = parse_shell_script(text);
    for (const auto& [name, body] : parsed.functions) functions_[name] = body;
    const ShellSimpleCommand* outer_previous = previous_;
    previous_ = nullptr;
    for (const auto& command : parsed.commands) {
      simple_command(command, depth);
      previous_ = &command;
    }
    previous_ = outer_previous;
    for (const auto& substitution : parsed.substitutions) script(substitution, depth + 1);
  }

 private:
  // Each reason once; a few reasons are enough for the agent to act on.
  void refuse(std::string rule, std::string message, std::string hint) {
    if (refusals_.size() >= kMaxRefusals || !reported_.insert(rule + '\n' + message).second) return;
    refusals_.push_back({std::move(rule), std::move(message), std::move(hint)});
  }

  // Past the depth limit: only the plain forms, as text.
  void judge_as_text(std::string_view text) {
    const std::string folded = lower(text);
    if (folded.find("git") == std::string::npos) return;
    if (folded.find("--no-verify") != std::string::npos)
      refuse("agent.skip-hooks", "the command runs git with --no-verify, which skips git's hooks",
             "run git without --no-verify; fix what the hook reports");
    if (folded.find("core.hookspath") != std::string::npos)
      refuse("agent.hooks-path", "the command changes core.hooksPath, so git would not run agentops' hooks",
             "leave core.hooksPath alone; fix what the hook reports");
  }

  // ---- commands -------------------------------------------------------------

  void simple_command(const ShellSimpleCommand& command, int depth) {
    if (depth > kMaxDepth) return;
    command_environment_.clear();
    for (const auto& redirection : command.redirections) judge_redirection(redirection);
    const std::vector<std::string>& words = command.words;
    // Keywords and group braces before the program (`if git ...; then`, `{ git ...; }`).
    static const std::set<std::string, std::less<>> kKeywords = {
        "{", "}", "!", "if", "then", "else", "elif", "fi", "do", "done", "while", "until", "coproc"};
    size_t i = 0;
    // A loop, not recursion, through wrappers: `nice nice nice ... git` may be a megabyte long.
    for (;;) {
      for (;;) {
        while (i < words.size() && kKeywords.contains(words[i])) ++i;
        if (i < words.size() && words[i] == "function") {  // function NAME { ...
          i += 2;
          continue;
        }
        while (i < words.size() && is_assignment(words[i])) judge_environment_word(words[i++]);
        if (i >= words.size() || !kKeywords.contains(words[i])) break;
      }
      if (i >= words.size()) return;
      const std::string program(basename(words[i]));
      if (words[i] == "set" && i + 1 < words.size() && (words[i + 1] == "--" || !words[i + 1].starts_with('-'))) {
        // set -- WORDS: the script's "$@" from here on.
        const size_t first = i + (words[i + 1] == "--" ? 2 : 1);
        positionals_.assign(words.begin() + static_cast<std::ptrdiff_t>(first), words.end());
        positionals_size_ = 0;
        for (const auto& word : positionals_) positionals_size_ += word.size() + 1;
        return;
      }
      if (!positionals_.empty() && std::any_of(words.begin() + static_cast<std::ptrdiff_t>(i), words.end(), is_positional) &&
          spend(positionals_size_)) {
        ShellSimpleCommand expanded = rest_of(expand_positionals(words, i), 0, command);
        expanded.redirections = command.redirections;
        const std::vector<std::string> saved = std::move(positionals_);
        positionals_.clear();
        simple_command(expanded, depth + 1);
        positionals_ = saved;
        return;
      }
      if (auto function = functions_.find(words[i]);
          function != functions_.end() && function_calls_ < 64 && spend(function->second.size())) {
        // A call of a function defined in the command: its body with these arguments in "$@".
        ++function_calls_;
        const std::vector<std::string> arguments(words.begin() + static_cast<std::ptrdiff_t>(i + 1), words.end());
        return script(with_positionals(function->second, arguments), depth + 1);
      }
      if (is_git_program(words[i])) return git(words, i + 1, depth);
      if (program.size() > 4 && program.starts_with("git-")) {  // /usr/lib/git-core/git-commit: git's own dashed form
        std::vector<std::string> dashed = {"git", program.substr(4)};
        dashed.insert(dashed.end(), words.begin() + static_cast<std::ptrdiff_t>(i + 1), words.end());
        return git(dashed, 1, depth);
      }
      if (program == "watch") return watch(words, i + 1, depth);
      if (program == "parallel") return parallel(words, i + 1, depth);
      if (program == "expect") return expect(words, i + 1, command, depth);
      if (program == "xargs") return xargs(words, i + 1, command, depth);
      if (is_interpreter(program)) return interpreter(words, i + 1, command, depth);
      if (program == "pwsh" || program == "powershell") {  // pwsh -c / -Command 'script': its git words read as a shell's
        for (size_t k = i + 1; k + 1 < words.size(); ++k)
          if (lower(words[k]) == "-c" || lower(words[k]) == "-command") return script(join(words, k + 1), depth + 1);
        return;
      }
      if (program == "cd" || program == "pushd") return change_directory(words, i + 1);
      if (program == "env") {
        i = env(words, i + 1, depth);
        continue;
      }
      if (program == "export" || program == "declare" || program == "typeset" || program == "local" ||
          program == "readonly") {
        for (size_t k = i + 1; k < words.size(); ++k)
          if (is_assignment(words[k])) {
            judge_environment_word(words[k]);
            const size_t equals = words[k].find('=');
            exported_environment_[words[k].substr(0, equals)] = words[k].substr(equals + 1);
          }
        return;
      }
      if (program == "eval") return script(join(words, i + 1), depth + 1);
      if (program == "sh" || program == "bash" || program == "zsh" || program == "dash" || program == "ksh" ||
          program == "ash" || program == "mksh" || program == "busybox" || program == "fish" || program == "csh" ||
          program == "tcsh" || program == "yash" || program == "posh")
        return shell(words, i + 1, command, depth);
      if (program == "find") return find(words, i + 1, command, depth);
      if (program == "su" || program == "runuser" || program == "script" || program == "flock") {
        for (size_t k = i + 1; k + 1 < words.size(); ++k)  // su -c 'script', script -c 'script' ...
          if (words[k] == "--command" ||
              (words[k].size() >= 2 && words[k][0] == '-' && words[k][1] != '-' && words[k].back() == 'c'))
            return script(words[k + 1], depth + 1);
        return;
      }
      const size_t next = skip_wrapper(program, words, i + 1);
      if (next == 0) return judge_file_writer(program, words, i + 1);
      i = next;
    }
  }

  // git, /usr/bin/git, or git found at run time: $(which git), `command -v git`.
  static bool is_git_program(std::string_view word) {
    if (basename(word) == "git") return true;
    return (word.starts_with("$(") || word.starts_with("`")) && (word.ends_with(" git)") || word.ends_with(" git`"));
  }

  // cd .git/hooks && echo > pre-commit: later relative paths are read from there.
  void change_directory(const std::vector<std::string>& words, size_t i) {
    while (i < words.size() && words[i].starts_with('-') && words[i] != "-") ++i;
    if (i >= words.size() || words[i] == "-" || words[i].starts_with('~')) {
      working_directory_.clear();  // home or back: not the repository's .git, as far as we know
      return;
    }
    const std::string& target = words[i];
    working_directory_ = target.starts_with('/') || working_directory_.empty() ? target : working_directory_ + "/" + target;
  }

  static std::string join(const std::vector<std::string>& words, size_t first) {
    std::string text;
    for (size_t k = first; k < words.size(); ++k) (text += k == first ? "" : " ") += words[k];
    return text;
  }

  // The words from `first` on as a command of their own (a wrapper's command);
  // redirections and here-documents stay with it.
  static ShellSimpleCommand rest_of(const std::vector<std::string>& words, size_t first,
                                    const ShellSimpleCommand& command) {
    ShellSimpleCommand rest;
    for (size_t k = first; k < words.size(); ++k) rest.words.push_back(words[k]);
    rest.heredoc_bodies = command.heredoc_bodies;
    for (const auto& redirection : command.redirections)
      if (redirection.op == "<<<") rest.redirections.push_back(redirection);
    return rest;
  }

  // Programs that run the command in their arguments: the index of that
  // command's first word, or 0 when `program` is no such wrapper.
  size_t skip_wrapper(std::string_view program, const std::vector<std::string>& words, size_t i) {
    struct Wrapper {
      std::string_view name;
      std::string_view options_with_value;  // short options whose value is the next word
      bool takes_operand;                   // timeout DURATION
    };
    static const Wrapper kWrappers[] = {
        {"command", "", false}, {"exec", "a", false},        {"builtin", "", false},  {"nice", "n", false},
        {"nohup", "", false},   {"timeout", "sk", true},     {"sudo", "ugCDhprtUT", false},
        {"doas", "uC", false},  {"xargs", "adEeIiLlnPs", false}, {"stdbuf", "ioe", false},
        {"setsid", "", false},  {"ionice", "cnp", false},    {"chronic", "", false},  {"unbuffer", "", false},
        {"caffeinate", "", false}, {"time", "fo", false},    {"strace", "eoosSpuE", false},
        {"spawn", "", false},  // expect's spawn (expect -c 'spawn git ...')
    };
    const Wrapper* wrapper = nullptr;
    for (const auto& candidate : kWrappers)
      if (candidate.name == program) wrapper = &candidate;
    if (wrapper == nullptr) return 0;
    if (program == "command")  // command -v / -V only print where a program is
      for (size_t k = i; k < words.size() && words[k].starts_with('-'); ++k)
        if (words[k].find_first_of("vV") != std::string::npos) return words.size();
    while (i < words.size()) {
      const std::string& word = words[i];
      if (word == "--") {
        ++i;
        break;
      }
      if (word.size() < 2 || word[0] != '-') {
        if (program == "sudo" && is_assignment(word)) {  // sudo VAR=value cmd: the command's environment
          judge_environment_word(word);
          ++i;
          continue;
        }
        break;
      }
      if (word[1] != '-' && word.size() == 2 && wrapper->options_with_value.find(word[1]) != std::string_view::npos)
        ++i;  // the option's value
      ++i;
    }
    if (wrapper->takes_operand && i < words.size()) ++i;
    return i;
  }

  // env [-i] [-u NAME] [NAME=value]... [-S 'command words'] command: the index
  // of the command's first word (the end when -S took the rest as a script).
  size_t env(const std::vector<std::string>& words, size_t i, int depth) {
    while (i < words.size()) {
      const std::string& word = words[i];
      if (word == "-u" || word == "-C" || word == "--unset" || word == "--chdir") {
        i += 2;
      } else if (word == "-S" || word == "--split-string") {
        if (i + 1 < words.size()) script(words[i + 1] + " " + join(words, i + 2), depth + 1);
        return words.size();
      } else if (word.starts_with("--split-string=") || (word.starts_with("-S") && word.size() > 2)) {
        const size_t start = word.starts_with("-S") ? 2 : word.find('=') + 1;
        script(word.substr(start) + " " + join(words, i + 1), depth + 1);
        return words.size();
      } else if (word == "--") {
        return i + 1;
      } else if (word.starts_with('-')) {
        ++i;
      } else if (is_assignment(word)) {
        judge_environment_word(word);
        ++i;
      } else {
        break;
      }
    }
    return i;
  }

  // sh -c 'script' / bash -lc "..." / bash <<EOF / bash <<< '...'
  void shell(const std::vector<std::string>& words, size_t i, const ShellSimpleCommand& command, int depth) {
    if (i < words.size() && basename(words[i - 1]) == "busybox") ++i;  // busybox sh -c
    bool reads_string = false;
    for (; i < words.size(); ++i) {
      const std::string& word = words[i];
      if (word == "--") {
        ++i;
        break;
      }
      if (word.size() < 2 || (word[0] != '-' && word[0] != '+')) break;
      if (word == "-o" || word == "+o" || word == "--rcfile" || word == "--init-file") {
        ++i;
        continue;
      }
      if (word[1] != '-' && word.find('c') != std::string::npos) reads_string = true;
    }
    if (reads_string) {
      if (i >= words.size()) return;
      // sh -c 'git commit "$1"' sh --no-verify: the words after the script are $0, $1, ...
      const std::vector<std::string> arguments(words.begin() + static_cast<std::ptrdiff_t>(std::min(i + 2, words.size())), words.end());
      script(arguments.empty() ? words[i] : with_positionals(words[i], arguments), depth + 1);
      return;
    }
    if (i < words.size()) return;  // a script file: its text is not in the command
    for (const auto& body : command.heredoc_bodies) script(body, depth + 1);
    for (const auto& redirection : command.redirections)
      if (redirection.op == "<<<") script(redirection.target, depth + 1);
    if (command.piped && previous_ != nullptr) judge_piped_script(*previous_, depth);
  }

  static bool is_positional(const std::string& word) {
    return word == "$@" || word == "$*" || (word.size() == 2 && word[0] == '$' && word[1] >= '1' && word[1] <= '9') ||
           (word.size() == 4 && word.starts_with("${") && word[2] >= '1' && word[2] <= '9' && word[3] == '}');
  }

  // words[first..] with $@, $*, $N replaced by the words `set --` gave.
  std::vector<std::string> expand_positionals(const std::vector<std::string>& words, size_t first) const {
    std::vector<std::string> out;
    for (size_t k = first; k < words.size(); ++k) {
      const std::string& word = words[k];
      if (word == "$@" || word == "$*") {
        out.insert(out.end(), positionals_.begin(), positionals_.end());
      } else if (is_positional(word)) {
        const size_t index = static_cast<size_t>(word[word.size() == 2 ? 1 : 2] - '1');
        if (index < positionals_.size()) out.push_back(positionals_[index]);
      } else {
        out.push_back(word);
      }
    }
    return out;
  }

  // `text` with "$@", $*, "$1", ${2} ... replaced by the (single-quoted) arguments.
  // Spends `size` of the expansion budget; false (and nothing spent) when it is gone.
  bool spend(size_t size) {
    if (size > expansion_budget_) return false;
    expansion_budget_ -= size;
    return true;
  }

  // `text` with the arguments in place of "$@" ..., or `text` itself once the budget is spent.
  std::string with_positionals(std::string_view text, const std::vector<std::string>& arguments) {
    std::string out = substitute_positionals(text, arguments, expansion_budget_);
    return spend(out.size()) ? out : std::string(text);
  }

  // Stops (with the text so far) once the result is longer than `limit`.
  static std::string substitute_positionals(std::string_view text, const std::vector<std::string>& arguments,
                                            size_t limit) {
    auto quoted = [](const std::string& word) {
      std::string out = "'";
      for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
      return out + "'";
    };
    std::string all;
    for (const auto& argument : arguments) (all += all.empty() ? "" : " ") += quoted(argument);
    std::string out;
    for (size_t k = 0; k < text.size();) {
      const bool in_quotes = text[k] == '"' && k + 1 < text.size() && text[k + 1] == '$';
      size_t at = in_quotes ? k + 1 : k;
      if (text[at] != '$' || at + 1 >= text.size()) {
        out += text[k++];
        continue;
      }
      size_t end = at + 1;
      const bool braced = text[end] == '{';
      if (braced) ++end;
      std::string replacement;
      if (end < text.size() && (text[end] == '@' || text[end] == '*')) {
        replacement = all;
        ++end;
      } else if (end < text.size() && text[end] >= '1' && text[end] <= '9') {
        const size_t index = static_cast<size_t>(text[end] - '1');
        replacement = index < arguments.size() ? quoted(arguments[index]) : "''";
        ++end;
      } else {
        out += text[k++];
        continue;
      }
      if (braced) {
        if (end >= text.size() || text[end] != '}') {
          out += text[k++];
          continue;
        }
        ++end;
      }
      if (in_quotes) {
        if (end >= text.size() || text[end] != '"') {
          out += text[k++];
          continue;
        }
        ++end;
      }
      out += replacement;
      k = end;
      if (out.size() > limit) break;
    }
    return out;
  }

  // echo 'git commit -n' | sh, printf ... | bash, cat <<EOF | sh: the text the
  // previous command prints is the script.
  void judge_piped_script(const ShellSimpleCommand& source, int depth) {
    for (const auto& body : source.heredoc_bodies) script(body, depth + 1);
    for (const auto& redirection : source.redirections)
      if (redirection.op == "<<<") script(redirection.target, depth + 1);
    const auto& words = source.words;
    size_t i = 0;
    while (i < words.size() && is_assignment(words[i])) ++i;
    if (i >= words.size()) return;
    const std::string_view program = basename(words[i]);
    if (program != "echo" && program != "printf") return;
    script(echoed_text(words, i), depth + 1);
  }

  // What `echo ...` / `printf ...` at words[i] prints (\n read as a newline).
  static std::string echoed_text(const std::vector<std::string>& words, size_t i) {
    const bool echo = basename(words[i]) == "echo";
    ++i;
    if (echo)
      while (i < words.size() && (words[i] == "-n" || words[i] == "-e" || words[i] == "-E")) ++i;
    else if (i < words.size() && words[i] == "--")
      ++i;
    std::string text = join(words, i);
    for (size_t at = text.find("\\n"); at != std::string::npos; at = text.find("\\n", at)) text.replace(at, 2, "\n");
    return text;
  }

  // The text a command feeds the next one's input or its own: here-documents,
  // here-strings, and what echo / printf print.
  static std::string input_text(const ShellSimpleCommand& source, bool printed) {
    std::string text;
    for (const auto& body : source.heredoc_bodies) (text += body) += '\n';
    for (const auto& redirection : source.redirections)
      if (redirection.op == "<<<") (text += redirection.target) += '\n';
    if (!printed) return text;
    size_t i = 0;
    while (i < source.words.size() && is_assignment(source.words[i])) ++i;
    if (i < source.words.size() && (basename(source.words[i]) == "echo" || basename(source.words[i]) == "printf"))
      text += echoed_text(source.words, i);
    return text;
  }

  static std::vector<std::string> blank_separated(std::string_view text) {
    std::vector<std::string> words;
    std::string word;
    for (char c : text) {
      if (c == ' ' || c == '\t' || c == '\n') {
        if (!word.empty()) words.push_back(std::move(word));
        word.clear();
      } else {
        word += c;
      }
    }
    if (!word.empty()) words.push_back(std::move(word));
    return words;
  }

  // xargs [options] command...: the command runs with the words of its input
  // appended (or in place of -I's string): `echo --no-verify | xargs git commit`.
  void xargs(const std::vector<std::string>& words, size_t i, const ShellSimpleCommand& command, int depth) {
    std::string replace;
    while (i < words.size() && words[i].size() >= 2 && words[i][0] == '-') {
      const std::string& word = words[i];
      if (word == "--") {
        ++i;
        break;
      }
      if (word == "-I" && i + 1 < words.size()) replace = words[++i];
      else if (word.starts_with("-I")) replace = word.substr(2);
      else if (word == "-i" || word == "--replace") replace = "{}";
      else if (word.starts_with("-i")) replace = word.substr(2);
      else if (word.size() == 2 && std::string_view("adEeLlnPs").find(word[1]) != std::string_view::npos)
        ++i;  // the option's value
      ++i;
    }
    std::string input = input_text(command, false);
    if (command.piped && previous_ != nullptr) input += input_text(*previous_, true);
    ShellSimpleCommand run;
    for (size_t k = i; k < words.size(); ++k) run.words.push_back(words[k]);
    if (run.words.empty()) run.words.emplace_back("echo");
    const std::vector<std::string> arguments = blank_separated(input);
    if (!replace.empty()) {
      const std::string joined = join(arguments, 0);
      size_t uses = 0;
      for (const auto& word : run.words)
        for (size_t at = word.find(replace); at != std::string::npos; at = word.find(replace, at + replace.size())) ++uses;
      if (uses > 0 && !spend(uses * joined.size())) return simple_command(run, depth + 1);  // too large: the command alone
      for (auto& word : run.words)
        for (size_t at = word.find(replace); at != std::string::npos; at = word.find(replace, at + joined.size()))
          word.replace(at, replace.size(), joined);
    } else {
      run.words.insert(run.words.end(), arguments.begin(), arguments.end());
    }
    simple_command(run, depth + 1);
  }

  // watch [options] command...: run through `sh -c` with the words joined.
  void watch(const std::vector<std::string>& words, size_t i, int depth) {
    while (i < words.size() && words[i].starts_with('-')) {
      if (words[i] == "--") {
        ++i;
        break;
      }
      if (words[i] == "-n" || words[i] == "--interval") ++i;
      ++i;
    }
    script(join(words, i), depth + 1);
  }

  // parallel [options] command ::: arguments: each argument appended to the
  // command (or run as a command of its own when there is none).
  void parallel(const std::vector<std::string>& words, size_t i, int depth) {
    static const std::set<std::string, std::less<>> kWithValue = {"-j", "-N", "-n", "-L", "-S", "-a", "-d", "-I", "-E",
                                                                  "-P", "-C", "--jobs", "--sshlogin", "--arg-file",
                                                                  "--delimiter", "--colsep"};
    while (i < words.size() && words[i].starts_with('-')) {
      if (kWithValue.contains(words[i])) ++i;
      ++i;
    }
    std::vector<std::string> command_words;
    while (i < words.size() && !words[i].starts_with(":::")) command_words.push_back(words[i++]);
    const std::string command = join(command_words, 0);
    std::vector<std::string> arguments;
    for (; i < words.size(); ++i)
      if (!words[i].starts_with(":::")) arguments.push_back(words[i]);
    if (command.empty()) {
      for (const auto& argument : arguments) script(argument, depth + 1);
      return;
    }
    script(command, depth + 1);
    for (const auto& argument : arguments) script(command + " " + argument, depth + 1);
  }

  // expect -c 'spawn git ...' / expect <<EOF: Tcl read with the shell's splitter
  // (its words and `;` match for the commands that matter), spawn as a wrapper.
  void expect(const std::vector<std::string>& words, size_t i, const ShellSimpleCommand& command, int depth) {
    for (; i + 1 < words.size(); ++i)
      if (words[i] == "-c") script(words[i + 1], depth + 1);
    script(input_text(command, false), depth + 1);
  }

  static bool is_interpreter(std::string_view program) {
    return program.starts_with("python") || program.starts_with("pypy") || program == "perl" || program == "ruby" ||
           program == "node" || program == "nodejs" || program == "bun" || program == "deno" || program == "php" ||
           program == "lua";
  }

  // python -c / perl -e / ruby -e / node -e / php -r CODE (or the code on its
  // input): refused when the code plainly runs a refused git command, as a
  // string (os.system("git commit -n")) or as an argument list
  // (subprocess.run(["git", "commit", "-n"])). Computed strings pass: the
  // git layers judge what they do.
  void interpreter(const std::vector<std::string>& words, size_t i, const ShellSimpleCommand& command, int depth) {
    const std::string_view program = basename(words[i - 1]);
    const bool python = program.starts_with("python") || program.starts_with("pypy");
    if (program == "perl" || program == "ruby") judge_file_writer(program, words, i);  // perl -pi -e ... FILE
    std::vector<std::string> code;
    bool script_file = false;
    for (; i < words.size(); ++i) {
      const std::string& word = words[i];
      if (word == "--eval" || word == "--print" || (word == "eval" && program == "deno")) {
        if (i + 1 < words.size()) code.push_back(words[++i]);
        continue;
      }
      if (word.size() >= 2 && word[0] == '-' && word[1] != '-') {
        const size_t flag = word.find_first_of(python ? "c" : (program == "php" ? "r" : "eEp"), 1);
        if (flag != std::string::npos) {
          if (flag + 1 < word.size()) code.push_back(word.substr(flag + 1));  // -e'code'
          else if (i + 1 < words.size()) code.push_back(words[++i]);
          break;  // what follows is the code's own arguments
        }
        continue;
      }
      if (word != "-" && !word.starts_with('-')) {
        script_file = true;
        break;
      }
    }
    if (code.empty() && !script_file) {
      code.push_back(input_text(command, false));
      if (command.piped && previous_ != nullptr) code.push_back(input_text(*previous_, true));
    }
    for (const auto& text : code) judge_program_text(text, depth);
  }

  void judge_program_text(std::string_view code, int depth) {
    static constexpr std::string_view kRunners[] = {"system", "exec", "popen", "spawn", "subprocess", "child_process",
                                                    "`", "qx", "call(", "run(", "check_output", "Open3", "passthru",
                                                    "proc_open", "execute"};
    if (std::none_of(std::begin(kRunners), std::end(kRunners),
                     [&](std::string_view runner) { return code.find(runner) != std::string_view::npos; }))
      return;
    // String literals in order, with the text between them.
    struct Literal {
      std::string text;
      size_t begin, end;
    };
    std::vector<Literal> literals;
    for (size_t k = 0; k < code.size() && literals.size() < 4096;) {
      const char quote = code[k];
      if (quote != '\'' && quote != '"' && quote != '`') {
        ++k;
        continue;
      }
      const bool triple = k + 2 < code.size() && code[k + 1] == quote && code[k + 2] == quote;
      const size_t begin = k;
      k += triple ? 3 : 1;
      std::string text;
      while (k < code.size()) {
        if (code[k] == '\\' && k + 1 < code.size()) {
          const char e = code[k + 1];
          text += e == 'n' ? '\n' : e == 't' ? '\t' : e;
          k += 2;
          continue;
        }
        if (code[k] == quote && (!triple || (k + 2 < code.size() && code[k + 1] == quote && code[k + 2] == quote))) {
          k += triple ? 3 : 1;
          break;
        }
        text += code[k++];
      }
      literals.push_back({std::move(text), begin, k});
    }
    for (const auto& literal : literals)
      if (literal.text.find("git") != std::string::npos) script(literal.text, depth + 1);
    // ["git", "commit", "-n"]: literals separated only by commas, blanks and brackets are one argument list.
    for (size_t first = 0; first < literals.size();) {
      size_t last = first;
      while (last + 1 < literals.size()) {
        const std::string_view between = code.substr(literals[last].end, literals[last + 1].begin - literals[last].end);
        if (between.find_first_not_of(" \t\n,[(") != std::string_view::npos) break;
        ++last;
      }
      // The list read from its first word, and from each "git" in it (execvp("git", ["git", ...])).
      for (size_t start = first; last > first && start < last; ++start) {
        if (start != first && basename(literals[start].text) != "git") continue;
        std::string argv;
        bool mentions_git = false;
        for (size_t k = start; k <= last; ++k) {
          mentions_git = mentions_git || basename(literals[k].text) == "git";
          std::string quoted = literals[k].text;
          for (size_t at = quoted.find('\''); at != std::string::npos; at = quoted.find('\'', at + 4))
            quoted.replace(at, 1, "'\\''");
          (argv += argv.empty() ? "'" : " '") += quoted + "'";
        }
        if (mentions_git && spend(argv.size())) script(argv, depth + 1);
      }
      first = last + 1;
    }
  }

  // find ... -exec cmd args ; / -execdir / -ok / -okdir
  void find(const std::vector<std::string>& words, size_t i, const ShellSimpleCommand& command, int depth) {
    // find .git/hooks -delete (or -exec rm {} ...): the starting points are what it changes.
    size_t expression = i;
    while (expression < words.size() && !words[expression].starts_with('-') && words[expression] != "(" &&
           words[expression] != "!")
      ++expression;
    const bool changes = std::any_of(words.begin() + static_cast<std::ptrdiff_t>(expression), words.end(),
                                     [](const std::string& word) {
                                       return word == "-delete" || word.starts_with("-exec") || word.starts_with("-ok");
                                     });
    if (changes)
      for (size_t k = i; k < expression; ++k) judge_write_target("find", words[k], true);  // find .git -delete
    for (; i < words.size(); ++i) {
      if (words[i] != "-exec" && words[i] != "-execdir" && words[i] != "-ok" && words[i] != "-okdir") continue;
      size_t end = i + 1;
      while (end < words.size() && words[end] != ";" && words[end] != "+") ++end;
      ShellSimpleCommand inner = rest_of(std::vector<std::string>(words.begin() + static_cast<std::ptrdiff_t>(i + 1),
                                                                  words.begin() + static_cast<std::ptrdiff_t>(end)),
                                         0, command);
      simple_command(inner, depth + 1);
      i = end;
    }
  }

  // ---- environment ----------------------------------------------------------

  void judge_environment_word(std::string_view word) {
    const size_t equals = word.find('=');
    std::string_view name = word.substr(0, equals);
    if (name.ends_with('+')) name.remove_suffix(1);
    command_environment_[std::string(name)] = std::string(word.substr(equals + 1));
    judge_environment(name, word.substr(equals + 1));
  }

  void judge_environment(std::string_view name, std::string_view value) {
    const std::string folded = lower(value);
    if (name == "GIT_CONFIG_PARAMETERS" &&
        (folded.find("core.hookspath") != std::string::npos || folded.find("include") != std::string::npos))
      refuse("agent.hooks-path", "GIT_CONFIG_PARAMETERS sets core.hooksPath, so git would not run agentops' hooks",
             "run git without changing core.hooksPath; fix what the hook reports");
    if (name.starts_with("GIT_CONFIG_KEY_") && key_reaches_hooks_path(folded))
      refuse("agent.hooks-path",
             std::string(name) + "=" + std::string(value) +
                 " changes where git looks for hooks (core.hooksPath, or an included config file), so agentops' hooks would not run",
             "run git without changing core.hooksPath; fix what the hook reports");
    if (name == "GIT_CONFIG_GLOBAL" || name == "GIT_CONFIG_SYSTEM")
      refuse("agent.hooks-path",
             std::string(name) + " makes git read another config file, which can set (or drop) core.hooksPath",
             "run git with its usual config files; fix what the hook reports");
    const bool off = folded == "0" || folded == "false" || folded == "no" || folded == "off";
    if (name == "HUSKY" && off)
      refuse("agent.skip-hooks", "HUSKY=0 switches husky's hooks off, agentops' among them",
             "leave HUSKY unset; fix what the hook reports");
    if (name == "HUSKY_SKIP_HOOKS" && !off && !folded.empty())  // husky 4
      refuse("agent.skip-hooks", "HUSKY_SKIP_HOOKS switches husky's hooks off, agentops' among them",
             "leave HUSKY_SKIP_HOOKS unset; fix what the hook reports");
    if (name == "LEFTHOOK" && off)
      refuse("agent.skip-hooks", "LEFTHOOK=0 switches lefthook's hooks off, agentops' among them",
             "leave LEFTHOOK unset; fix what the hook reports");
    if ((name == "LEFTHOOK_EXCLUDE" || name == "SKIP") && folded.find("agentops") != std::string::npos)
      refuse("agent.skip-hooks", std::string(name) + " names agentops' hook, so the hook manager skips it",
             "do not skip agentops' hook; fix what it reports");
  }


  // The value NAME has for the command being judged: its own NAME=value, or an export.
  const std::string* environment_value(const std::string& name) const {
    if (auto own = command_environment_.find(name); own != command_environment_.end()) return &own->second;
    if (auto exported = exported_environment_.find(name); exported != exported_environment_.end())
      return &exported->second;
    return nullptr;
  }

  // git's configuration from the environment (GIT_CONFIG_COUNT/KEY_n/VALUE_n and
  // GIT_CONFIG_PARAMETERS), keys lower-cased: aliases and push settings live there too.
  std::map<std::string, std::string> environment_config() const {
    std::map<std::string, std::string> config;
    if (const std::string* count = environment_value("GIT_CONFIG_COUNT")) {
      int entries = 0;
      for (char c : *count) entries = std::isdigit(static_cast<unsigned char>(c)) && entries < 1000 ? entries * 10 + (c - '0') : entries;
      for (int n = 0; n < std::min(entries, 64); ++n) {
        const std::string* key = environment_value("GIT_CONFIG_KEY_" + std::to_string(n));
        const std::string* value = environment_value("GIT_CONFIG_VALUE_" + std::to_string(n));
        if (key != nullptr) config[lower(*key)] = value != nullptr ? *value : "";
      }
    }
    // 'key'='value' 'key2=value2' ...: single-quoted words, '\'' inside them.
    if (const std::string* parameters = environment_value("GIT_CONFIG_PARAMETERS")) {
      std::vector<std::string> words;
      std::string word;
      bool quoted = false, any = false;
      for (size_t k = 0; k < parameters->size(); ++k) {
        const char c = (*parameters)[k];
        if (c == '\'') {
          quoted = !quoted;
          any = true;
        } else if (!quoted && c == '\\' && k + 1 < parameters->size()) {
          word += (*parameters)[++k];
        } else if (!quoted && (c == ' ' || c == '\t')) {
          if (any) words.push_back(std::move(word));
          word.clear();
          any = false;
        } else {
          word += c;
          any = true;
        }
      }
      if (any) words.push_back(std::move(word));
      for (const std::string& entry : words) {
        const size_t equals = entry.find('=');
        config[lower(entry.substr(0, equals))] = equals == std::string::npos ? "true" : entry.substr(equals + 1);
      }
    }
    return config;
  }

  // HOME or XDG_CONFIG_HOME set for a git command that runs hooks: git reads
  // ~/.gitconfig from there, and a config file the same command writes can set core.hooksPath.
  void judge_config_files_redirected(std::string_view subcommand) {
    for (const char* name : {"HOME", "XDG_CONFIG_HOME"})
      if (command_environment_.contains(name) || exported_environment_.contains(name))
        refuse("agent.hooks-path",
               std::string(name) + " set for `git " + std::string(subcommand) +
                   "` makes git read another user's config file, which can set core.hooksPath",
               "run git with your own HOME; fix what the hook reports");
  }

  // ---- writes ---------------------------------------------------------------

  static std::vector<std::string> path_components(std::string_view path) {
    std::vector<std::string> components;
    size_t start = 0;
    while (start <= path.size()) {
      size_t end = path.find('/', start);
      if (end == std::string_view::npos) end = path.size();
      const std::string_view part = path.substr(start, end - start);
      if (part == "..") {
        if (!components.empty() && components.back() != "..") components.pop_back();
        else components.emplace_back(part);
      } else if (!part.empty() && part != ".") {
        components.emplace_back(part);
      }
      start = end + 1;
    }
    return components;
  }

  // The git directory as a path component: ".git", or a shell word that
  // computes it ($GIT_DIR, $(git rev-parse --git-dir)).
  static bool names_git_dir(std::string_view component) {
    return lower(component) == ".git" || component == "$GIT_DIR" || component == "${GIT_DIR}" ||
           component.ends_with("--git-dir)") || component.ends_with("--git-common-dir)") ||
           component.ends_with("--absolute-git-dir)") || component.ends_with("--git-dir`") ||
           component.ends_with("--git-common-dir`");
  }

  // Under the hooks directory (or the directory itself); `whole_git_dir`: the git
  // directory itself counts too (rm -r .git, mv .git elsewhere).
  bool is_hooks_path(std::string_view path, bool whole_git_dir) const {
    if (path.find("--git-path hooks") != std::string_view::npos) return true;
    const auto components = path_components(path);
    for (size_t k = 1; k < components.size(); ++k)
      if (lower(components[k]) == "hooks" && names_git_dir(components[k - 1])) return true;
    if (whole_git_dir && !components.empty() && names_git_dir(components.back())) return true;
    // Inside the worktree: the path relative to its root, as hooks_directories_ are.
    std::vector<std::string> relative = components;
    if (path.starts_with('/') && !context_.worktree_root.empty()) {
      const auto root = path_components(context_.worktree_root);
      if (components.size() >= root.size() && std::equal(root.begin(), root.end(), components.begin()))
        relative.erase(relative.begin(), relative.begin() + static_cast<std::ptrdiff_t>(root.size()));
    }
    for (const auto& hooks : hooks_directories_)
      for (const std::vector<std::string>* candidate : {&components, static_cast<const std::vector<std::string>*>(&relative)})
        if (candidate->size() >= hooks.size() && std::equal(hooks.begin(), hooks.end(), candidate->begin()))
          return true;
    return false;
  }

  // A file git reads its configuration from: .git/config (and config.worktree,
  // worktrees/*/config*, modules/*/config), ~/.gitconfig, $XDG_CONFIG_HOME/git/config, /etc/gitconfig.
  static bool is_git_config_file(std::string_view path) {
    const auto components = path_components(path);
    if (components.empty()) return false;
    const std::string last = lower(components.back());
    if (last == ".gitconfig" || (last == "gitconfig" && components.size() >= 2 && components[components.size() - 2] == "etc"))
      return true;
    if (last != "config" && last != "config.worktree") return false;
    if (last == "config" && components.size() >= 3 && lower(components[components.size() - 2]) == "git" &&
        (components[components.size() - 3] == ".config" || components[components.size() - 3].starts_with('$')))
      return true;
    return std::any_of(components.begin(), components.end() - 1, [](const std::string& c) { return names_git_dir(c); });
  }

  void judge_write_target(std::string_view program, std::string_view written, bool whole_git_dir) {
    const std::string target = written.starts_with('/') || working_directory_.empty()
                                   ? std::string(written)
                                   : working_directory_ + "/" + std::string(written);
    if (is_hooks_path(target, whole_git_dir))
      refuse("agent.hooks-write",
             std::string(program) + " writes to " + target +
                 ": hook files decide what every commit runs",
             "leave the hooks alone; a person installs them with agentops-install");
    else if (is_git_config_file(target))
      refuse("agent.hooks-path",
             std::string(program) + " writes git's config file " + target +
                 " directly, which can set core.hooksPath",
             "change settings with `git config`; leave core.hooksPath alone");
  }

  void judge_redirection(const ShellRedirection& redirection) {
    static const std::set<std::string, std::less<>> kWriting = {">", ">>", ">|", "&>", "&>>", "<>", ">&"};
    if (!kWriting.contains(redirection.op)) return;
    const std::string& target = redirection.target;
    if (redirection.op == ">&" &&
        (target == "-" || std::all_of(target.begin(), target.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })))
      return;  // 2>&1: a file descriptor, not a file
    judge_write_target("the redirection " + redirection.op, target, false);
  }

  void judge_file_writer(std::string_view program, const std::vector<std::string>& words, size_t first) {
    // tar -x -C DIR / unzip -d DIR: the archive's files land in DIR.
    if (program == "tar" || program == "unzip" || program == "bsdtar") {
      bool extracts = program == "unzip";
      for (size_t k = first; k < words.size(); ++k) {
        const std::string& word = words[k];
        if (word == "--extract" || word == "--get" ||
            (!word.starts_with("--") && word.find('x') != std::string::npos && (k == first || word.starts_with('-'))))
          extracts = true;
      }
      for (size_t k = first; extracts && k < words.size(); ++k) {
        const std::string& word = words[k];
        std::string directory;
        if ((word == "-C" || word == "--directory" || (program == "unzip" && word == "-d")) && k + 1 < words.size())
          directory = words[k + 1];
        else if (word.starts_with("--directory="))
          directory = word.substr(12);
        else if (word.starts_with("-C") && word.size() > 2)
          directory = word.substr(2);
        if (!directory.empty()) judge_write_target(program, directory, true);
      }
      return;
    }
    // Programs that write, remove or change every file they name.
    static const std::set<std::string, std::less<>> kEveryOperand = {
        "rm", "unlink", "shred", "truncate", "touch", "chmod", "chown", "chgrp", "tee", "mv", "ln", "rmdir", "setfacl"};
    // Programs that write only their last operand (or -t DIR).
    static const std::set<std::string, std::less<>> kLastOperand = {"cp", "install", "rsync", "scp"};
    // Programs that write the files they name only with -i.
    static const std::set<std::string, std::less<>> kInPlace = {"sed", "perl", "ruby"};
    std::vector<std::string> operands;
    std::string target_directory;
    bool in_place = false;
    bool options_end = false;
    for (size_t k = first; k < words.size(); ++k) {
      const std::string& word = words[k];
      if (!options_end && word == "--") {
        options_end = true;
      } else if (!options_end && word.size() > 1 && word[0] == '-') {
        if (word == "-t" && k + 1 < words.size()) target_directory = words[++k];
        else if (word.starts_with("--target-directory=")) target_directory = word.substr(19);
        else if ((word == "-e" || word == "-f" || word == "-s" || word == "-m" || word == "-o" || word == "-g") &&
                 program != "rm" && program != "ln" && program != "mv" && program != "touch" && k + 1 < words.size())
          ++k;  // sed -e SCRIPT, truncate -s SIZE, install -m MODE ...
        if (word.starts_with("--in-place") || (word[1] != '-' && word.find('i') != std::string::npos)) in_place = true;
      } else if (program == "dd") {
        if (word.starts_with("of=")) judge_write_target(program, word.substr(3), false);
      } else {
        operands.push_back(word);
      }
    }
    if (kEveryOperand.contains(program)) {
      // The git directory itself counts: rm -r .git, mv .git, chmod -R -x .git all reach the hooks.
      for (const auto& operand : operands) judge_write_target(program, operand, true);
    } else if (kLastOperand.contains(program)) {
      // Copying into .git itself (cp -r hooks .git) writes the hooks too.
      if (!target_directory.empty()) judge_write_target(program, target_directory, true);
      else if (operands.size() >= 2) judge_write_target(program, operands.back(), true);
    } else if (kInPlace.contains(program) && in_place) {
      for (const auto& operand : operands) judge_write_target(std::string(program) + " -i", operand, false);
    }
  }

  // ---- git ------------------------------------------------------------------

  void git(const std::vector<std::string>& words, size_t i, int depth) {
    if (depth > kMaxDepth) return;
    // Configuration given on this command line (-c, GIT_CONFIG_*): aliases and
    // push settings in it count like the repository's own.
    std::map<std::string, std::string> inline_aliases = environment_config();
    if (const std::string* work_tree = environment_value("GIT_WORK_TREE")) judge_work_tree(*work_tree);
    // git's global options, before the subcommand.
    while (i < words.size() && words[i].starts_with('-')) {
      const std::string& word = words[i];
      if (word == "--work-tree" || word.starts_with("--work-tree="))
        judge_work_tree(word == "--work-tree" ? (i + 1 < words.size() ? words[i + 1] : std::string()) : word.substr(12));
      if (word == "-C" || word == "--git-dir" || word == "--work-tree" || word == "--namespace" ||
          word == "--super-prefix" || word == "--attr-source" || word == "--list-cmds") {
        i += 2;
      } else if (word == "-c") {
        if (i + 1 < words.size()) git_config_assignment(words[i + 1], inline_aliases);
        i += 2;
      } else if (word.starts_with("-c")) {  // git rejects "-ckey=value" today; judged all the same
        git_config_assignment(word.substr(2), inline_aliases);
        ++i;
      } else if (word == "--config-env") {
        if (i + 1 < words.size()) git_config_env(words[i + 1]);
        i += 2;
      } else if (word.starts_with("--config-env=")) {
        git_config_env(word.substr(13));
        ++i;
      } else if (word == "-h" || word == "--help" || word == "-v" || word == "--version") {
        return;
      } else {
        ++i;  // --no-pager, -P, --bare, --git-dir=..., --exec-path[=...] ...
      }
    }
    if (i >= words.size()) return;
    std::vector<std::string> args(words.begin() + static_cast<std::ptrdiff_t>(i), words.end());
    git_subcommand(args, inline_aliases, depth);
  }

  void git_subcommand(std::vector<std::string> args, const std::map<std::string, std::string>& inline_aliases,
                      int depth) {
    // Aliases: git runs a built-in command of the name first; an alias only for other names.
    static const std::set<std::string, std::less<>> kJudged = {"commit", "push", "merge", "pull", "rebase", "am",
                                                               "config", "cherry-pick", "revert", "submodule",
                                                               "commit-tree", "fast-import", "send-pack"};
    for (int expansions = 0; expansions < kMaxDepth && !kJudged.contains(args[0]); ++expansions) {
      const std::string name = lower(args[0]);
      const std::string* found = nullptr;
      if (auto it = inline_aliases.find("alias." + name); it != inline_aliases.end()) found = &it->second;
      else if (auto known = aliases_.find(name); known != aliases_.end()) found = &known->second;
      if (found == nullptr) break;
      const std::string expansion = *found;
      if (expansion.starts_with('!')) {  // a shell command, given the remaining arguments
        std::string text = expansion.substr(1);
        for (size_t k = 1; k < args.size(); ++k) text += " '" + args[k] + "'";
        return script(text, depth + 1);
      }
      const ShellScript parsed = parse_shell_script(expansion);
      if (parsed.commands.empty() || parsed.commands[0].words.empty()) return;
      std::vector<std::string> expanded = parsed.commands[0].words;
      expanded.insert(expanded.end(), args.begin() + 1, args.end());
      // An alias may start with global options (alias.x = "-c core.hooksPath=x commit").
      if (expanded[0].starts_with('-')) {
        expanded.insert(expanded.begin(), "git");
        return git(expanded, 1, depth + 1);
      }
      args = std::move(expanded);
    }
    const std::string& subcommand = args[0];
    static const std::set<std::string, std::less<>> kRunsHooks = {"commit", "merge", "pull", "am", "rebase",
                                                                   "cherry-pick", "revert"};
    if (subcommand == "push" || kRunsHooks.contains(subcommand)) judge_config_files_redirected(subcommand);
    if (subcommand == "commit") return git_commit(args);
    if (subcommand == "push") return git_push(args, inline_aliases);
    if (subcommand == "merge") return git_no_verify(args, kMergeOptions, "merge", "the pre-merge-commit and commit-msg hooks");
    if (subcommand == "pull") return git_no_verify(args, kPullOptions, "pull", "the pre-merge-commit and commit-msg hooks of its merge");
    // git am took --no-verify / -n in git 2.40 (Thierry Reding's patch, Documentation/git-am.txt).
    if (subcommand == "am") return git_no_verify(args, kAmOptions, "am", "the pre-applypatch and applypatch-msg hooks", 'n');
    if (subcommand == "rebase") {
      git_no_verify(args, kRebaseOptions, "rebase", "the pre-rebase hook");
      for (const auto& option : scan_git_options(args, 1, kRebaseOptions))  // rebase --exec runs a shell
        if ((option.short_name == 'x' || abbreviates(option.long_name, "exec", 3)) && option.has_value)
          script(option.value, depth + 1);
      return;
    }
    if (subcommand == "config") return git_config(args, depth);
    if (subcommand == "submodule") {  // git submodule [--quiet] foreach [--recursive] COMMAND: a shell command
      for (size_t k = 1; k < args.size(); ++k) {
        if (args[k] != "foreach") continue;
        size_t first = k + 1;
        while (first < args.size() && args[first].starts_with('-')) ++first;
        return script(join(args, first), depth + 1);
      }
    }
    // Plumbing that writes commits without any hook: the way around a refusing
    // pre-commit once --no-verify is refused.
    if (subcommand == "send-pack")
      refuse("agent.skip-hooks", "`git send-pack` pushes without running the pre-push hook",
             "push with `git push`; fix what the hook reports");
    if (subcommand == "commit-tree" || subcommand == "fast-import")
      refuse("agent.skip-hooks", "`git " + subcommand + "` makes commits without running git's hooks",
             "commit with `git commit`; fix what the hook reports");
    // cherry-pick and revert have no --no-verify (their -n is --no-commit): nothing to refuse.
  }

  // git --work-tree=.git/hooks checkout HEAD -- pre-commit writes a committed file into the hooks.
  void judge_work_tree(const std::string& directory) {
    if (!directory.empty() && is_hooks_path(working_directory_.empty() || directory.starts_with('/')
                                                ? directory
                                                : working_directory_ + "/" + directory,
                                            true))
      refuse("agent.hooks-write", "git with its work tree at " + directory + " writes files into the hooks",
             "leave the hooks alone; a person installs them with agentops-install");
  }

  void git_config_assignment(std::string_view assignment, std::map<std::string, std::string>& inline_aliases) {
    const size_t equals = assignment.find('=');
    const std::string key = lower(assignment.substr(0, equals));
    if (key == "core.hookspath")
      refuse("agent.hooks-path", "`git -c core.hooksPath=...` points git at another hooks directory, so agentops' hooks would not run",
             "run git without -c core.hooksPath; fix what the hook reports");
    else if (key_reaches_hooks_path(key))
      refuse("agent.hooks-path", "`git -c " + key + "=...` includes a config file, which can set core.hooksPath",
             "run git without -c " + key + "; fix what the hook reports");
    // `-c key` without a value is "true" to git.
    inline_aliases[key] = equals == std::string_view::npos ? "true" : std::string(assignment.substr(equals + 1));
  }

  void git_config_env(std::string_view assignment) {
    if (key_reaches_hooks_path(lower(assignment.substr(0, assignment.find('=')))))
      refuse("agent.hooks-path", "`git --config-env core.hooksPath=...` points git at another hooks directory, so agentops' hooks would not run",
             "run git without changing core.hooksPath; fix what the hook reports");
  }

  void git_commit(const std::vector<std::string>& args) {
    bool skips = false;
    for (const auto& option : scan_git_options(args, 1, kCommitOptions)) {
      if (option.short_name == 'n') skips = true;
      const VerifyFlag flag = verify_flag(option.long_name);
      if (flag != VerifyFlag::none) skips = flag == VerifyFlag::skip;
    }
    if (skips)
      refuse("agent.skip-hooks", "`git commit --no-verify` (-n) skips the pre-commit and commit-msg hooks",
             "commit without --no-verify (-n); fix what the hook reports");
  }

  // `short_no_verify`: the short option that means --no-verify (0: none; merge's
  // and rebase's -n is --no-stat).
  void git_no_verify(const std::vector<std::string>& args, const GitOptionSpec& spec, std::string_view subcommand,
                     std::string_view hooks, char short_no_verify = 0) {
    bool skips = false;
    for (const auto& option : scan_git_options(args, 1, spec)) {
      if (short_no_verify != 0 && option.short_name == short_no_verify) skips = true;
      const VerifyFlag flag = verify_flag(option.long_name);
      if (flag != VerifyFlag::none) skips = flag == VerifyFlag::skip;
    }
    if (skips)
      refuse("agent.skip-hooks", "`git " + std::string(subcommand) + " --no-verify` skips " + std::string(hooks),
             "run git " + std::string(subcommand) + " without --no-verify; fix what the hook reports");
  }

  // Case-insensitively too: on a remote whose refs live on a case-insensitive
  // file system (macOS, Windows), HEAD:Main writes the file of refs/heads/main.
  bool is_protected(std::string_view branch) const {
    if (branch.empty()) return false;
    if (glob_match_whole_any(context_.protected_branches, branch)) return true;
    std::vector<std::string> folded_patterns;
    for (const auto& pattern : context_.protected_branches) folded_patterns.push_back(lower(pattern));
    return glob_match_whole_any(folded_patterns, lower(branch));
  }

  bool any_protected() const {
    return std::any_of(context_.protected_branches.begin(), context_.protected_branches.end(),
                       [](const std::string& pattern) { return !glob_is_exception(pattern); });
  }

  // A refspec's destination as a branch name ("" when it names no branch).
  std::string branch_of(std::string_view ref) const {
    if (ref == "HEAD" || ref == "@") return context_.current_branch;
    if (ref.starts_with("refs/heads/")) return std::string(ref.substr(11));
    if (ref.starts_with("refs/")) return {};  // tags, notes ...
    // git matches a short destination against the remote's refs by suffix
    // (refname_match): "heads/main" is refs/heads/main there.
    if (ref.starts_with("heads/")) return std::string(ref.substr(6));
    return std::string(ref);
  }

  std::string protected_list() const {
    std::string list;
    for (const auto& pattern : context_.protected_branches) (list += list.empty() ? "" : ", ") += pattern;
    return list;
  }

  void git_push(const std::vector<std::string>& args, const std::map<std::string, std::string>& config) {
    // -n is --dry-run for push (not --no-verify): a dry run changes nothing, so it passes.
    bool dry_run = false;
    bool skips = false, force = false, remove = false, mirror = false, prune = false, all = false, tags = false;
    std::vector<std::string> positionals;
    for (const auto& option : scan_git_options(args, 1, kPushOptions)) {
      if (option.positional) {
        positionals.push_back(option.value);
        continue;
      }
      if (option.short_name == 'f') force = true;
      if (option.short_name == 'd') remove = true;
      if (option.short_name == 'n') dry_run = true;
      const std::string& name = option.long_name;
      if (name.empty()) continue;
      const VerifyFlag flag = verify_flag(name);
      if (flag != VerifyFlag::none) skips = flag == VerifyFlag::skip;
      // --forc is ambiguous in git (an error), counted all the same; --force-if-includes
      // alone forces nothing, it only qualifies a lease.
      if (name == "force" || name == "forc" || abbreviates(name, "force-with-lease", 7)) force = true;
      if (name == "no-force" || name == "no-force-with-lease") force = false;
      if (abbreviates(name, "delete", 3)) remove = true;
      if (abbreviates(name, "mirror", 2)) mirror = true;
      if (abbreviates(name, "prune", 3)) prune = true;
      if (name == "all" || name == "branches") all = true;
      if (name == "tags") tags = true;
      if (abbreviates(name, "dry-run", 2)) dry_run = true;
      if (name == "no-dry-run") dry_run = false;
    }
    // Push settings given on the same command line (-c, GIT_CONFIG_*) act as if written on it:
    // remote.NAME.mirror, remote.NAME.push refspecs, push.default=matching.
    bool matching = false, to_upstream = false;
    std::vector<std::string> configured_refspecs;
    for (const auto& [key, value] : config) {
      if (!key.starts_with("remote.")) {
        if (key == "push.default" && lower(value) == "matching") matching = true;
        // upstream/tracking: a branch pushes to its upstream, which may be main (checkout -b x origin/main).
        if (key == "push.default" && (lower(value) == "upstream" || lower(value) == "tracking")) to_upstream = true;
        continue;
      }
      const std::string folded = lower(value);
      if (key.ends_with(".mirror") && (folded == "true" || folded == "yes" || folded == "on" || folded == "1"))
        mirror = true;
      if (key.ends_with(".push")) configured_refspecs.push_back(value);
    }
    if (dry_run) return;
    if (skips)
      refuse("agent.skip-hooks", "`git push --no-verify` skips the pre-push hook",
             "push without --no-verify; fix what the hook reports");
    if ((mirror || prune) && any_protected())
      refuse("agent.delete-branch",
             std::string("`git push --") + (mirror ? "mirror" : "prune") +
                 "` deletes remote branches that are missing locally, protected ones (" + protected_list() + ") among them",
             "push the branches you mean by name, without --" + std::string(mirror ? "mirror" : "prune"));
    if (mirror) force = true;  // --mirror also overwrites every remote ref
    std::vector<std::string> refspecs(positionals.begin() + (positionals.empty() ? 0 : 1), positionals.end());
    if (refspecs.empty() && !all && !mirror) refspecs = configured_refspecs;
    // ":" (and "+:") pushes every branch both sides have: like --all for what it can rewrite.
    for (auto it = refspecs.begin(); it != refspecs.end();) {
      if (*it == ":" || *it == "+:") {
        matching = true;
        force = force || *it == "+:";
        it = refspecs.erase(it);
      } else {
        ++it;
      }
    }
    if (matching && force && any_protected())
      refuse("agent.force-push", "a forced push of the matching branches rewrites protected branches (" + protected_list() + ")",
             "push your feature branch by name, without --force");
    if (refspecs.empty()) {
      if (matching) return;
      if (force && to_upstream && !tags && !all && any_protected()) {
        refuse("agent.force-push",
               "a forced push with push.default=upstream goes to the current branch's upstream, which may be protected (" +
                   protected_list() + ")",
               "push your feature branch by name (git push origin HEAD:feature/x), without --force");
        return;
      }
      if (force && (all || mirror) && any_protected())
        refuse("agent.force-push", "a forced push of every branch rewrites protected branches (" + protected_list() + ")",
               "push your feature branch by name, without --force");
      else if (force && !tags && is_protected(context_.current_branch))  // --tags alone pushes only tags
        force_push_refusal(context_.current_branch);
      return;
    }
    for (const auto& refspec : refspecs) {
      std::string_view spec = refspec;
      const bool plus = spec.starts_with('+');
      if (plus) spec.remove_prefix(1);
      const size_t colon = spec.find(':');
      const std::string_view source = spec.substr(0, colon);
      const std::string_view destination = colon == std::string_view::npos ? spec : spec.substr(colon + 1);
      const bool deletes = remove || (colon != std::string_view::npos && source.empty());
      const std::string branch = branch_of(destination.empty() ? source : destination);
      if (branch.find('*') != std::string::npos) {  // a pattern refspec: any branch it reaches
        if ((deletes || force || plus) && any_protected())
          refuse(deletes ? "agent.delete-branch" : "agent.force-push",
                 "the pattern refspec " + refspec + " reaches protected branches (" + protected_list() + ")",
                 "push the branches you mean by name, without --force");
        continue;
      }
      if (deletes && is_protected(branch))
        refuse("agent.delete-branch", "the push deletes protected branch " + branch + " on the remote",
               "do not delete protected branches; a person with admin rights can if it must go");
      else if ((force || plus) && is_protected(branch))
        force_push_refusal(branch);
    }
  }

  void force_push_refusal(const std::string& branch) {
    refuse("agent.force-push", "the push forces protected branch " + branch + ", rewriting its shared history",
           "push without --force (fetch and rebase first), or push to a feature branch and open a review");
  }

  void git_config(const std::vector<std::string>& args, int depth) {
    std::vector<std::string> positionals;
    std::string action;
    for (const auto& option : scan_git_options(args, 1, kConfigOptions)) {
      if (option.positional) positionals.push_back(option.value);
      else if (option.short_name == 'l') action = "list";
      else if (option.short_name == 'e') action = "edit";
      else if (!option.long_name.empty() && !option.long_name.starts_with("no-") && option.long_name != "local" &&
               option.long_name != "global" && option.long_name != "system" && option.long_name != "worktree" &&
               !option.has_value)
        for (std::string_view known : {"get", "get-all", "get-regexp", "get-urlmatch", "get-color", "get-colorbool",
                                       "list", "edit", "unset", "unset-all", "replace-all", "add", "rename-section",
                                       "remove-section"})
          if (option.long_name == known) action = known;
    }
    static const std::set<std::string, std::less<>> kSubcommands = {"set", "unset", "get", "list", "edit",
                                                                     "rename-section", "remove-section"};
    if (action.empty() && !positionals.empty() && kSubcommands.contains(positionals[0])) {  // git 2.46's form
      action = positionals[0];
      positionals.erase(positionals.begin());
      if (action == "set" && positionals.size() < 2) action = "get";
    }
    if (positionals.empty()) return;
    if (action.empty()) action = positionals.size() >= 2 ? "set" : "get";
    const std::string key = lower(positionals[0]);
    const bool writes = action == "set" || action == "unset" || action == "unset-all" || action == "replace-all" ||
                        action == "add";
    if (writes && key != "core.hookspath" && key_reaches_hooks_path(key))
      refuse("agent.hooks-path", "`git config " + action + " " + key + "` includes a config file, which can set core.hooksPath",
             "leave git's includes and core.hooksPath alone; fix what the hook reports");
    if (writes && key == "core.hookspath")
      refuse("agent.hooks-path", "`git config " + action + " core.hooksPath` changes where git looks for hooks, so agentops' hooks would not run",
             "leave core.hooksPath alone; fix what the hook reports");
    if ((action == "remove-section" || action == "rename-section") && key == "core")
      refuse("agent.hooks-path", "`git config --" + action + " core` drops core.hooksPath with the rest of [core]",
             "change single settings with `git config KEY VALUE`, never core.hooksPath");
    // Push settings set now act on every later `git push`: judged as that push.
    if ((action == "set" || action == "add" || action == "replace-all") && key.starts_with("remote.") &&
        (key.ends_with(".push") || key.ends_with(".mirror")) && positionals.size() >= 2) {
      const size_t before = refusals_.size();
      git_push({"push"}, {{key, positionals[1]}});
      for (size_t k = before; k < refusals_.size(); ++k)
        refusals_[k].message = "`git config " + key + "` makes every later push do this: " + refusals_[k].message;
    }
    // An alias that skips the hooks, set now to be used later.
    if ((action == "set" || action == "add" || action == "replace-all") && key.starts_with("alias.") &&
        positionals.size() >= 2) {
      const std::string& expansion = positionals[1];
      const size_t before = refusals_.size();
      if (expansion.starts_with('!')) script(expansion.substr(1), depth + 1);
      else script("git " + expansion, depth + 1);
      for (size_t k = before; k < refusals_.size(); ++k)
        refusals_[k].message = "the alias " + key.substr(6) + " would run: " + refusals_[k].message;
    }
  }

  const ShellContext& context_;
  std::map<std::string, std::string> aliases_;
  std::vector<ShellRefusal> refusals_;
  std::set<std::string> reported_;
  const ShellSimpleCommand* previous_ = nullptr;  // the command before this one in its script
  std::string working_directory_;                 // where the command is, relative to the worktree root ("": the root)
  std::vector<std::vector<std::string>> hooks_directories_;  // core.hooksPath's directories, as path components
  std::map<std::string, std::string> functions_;             // NAME() { body }: the bodies, by name
  int function_calls_ = 0;                                   // calls read so far (bounds f() { f; f; }; f)
  std::vector<std::string> positionals_;                     // the words `set --` gave the script
  size_t positionals_size_ = 0;                              // their total length
  // What function calls and "$@" may add to the text judged, so a command
  // cannot make the judge's work grow faster than its own length.
  size_t expansion_budget_ = 0;

 public:
  void set_expansion_budget(size_t budget) { expansion_budget_ = budget; }
  std::map<std::string, std::string> command_environment_;   // NAME=value words before this command's program
  std::map<std::string, std::string> exported_environment_;  // `export NAME=value` earlier in the script
};

}  // namespace

std::vector<ShellRefusal> judge_shell_command(std::string_view command, const ShellContext& context) {
  Judge judge(context);
  judge.set_expansion_budget(command.size() + 65536);
  judge.script(command, 0);
  return judge.take();
}

}  // namespace agentops::agents
