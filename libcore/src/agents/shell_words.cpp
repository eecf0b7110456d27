// A one-pass shell word splitter: linear in the text, no recursion (the judge
// parses substitutions itself, under its depth limit).
#include "agents/shell_words.h"

#include <cctype>
#include <map>

namespace agentops::agents {
namespace {

bool is_name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// NAME=value: the length of NAME, or 0 when `word` is no assignment.
size_t assignment_name_length(std::string_view word) {
  if (word.empty() || !is_name_start(word[0])) return 0;
  size_t i = 1;
  while (i < word.size() && is_name_char(word[i])) ++i;
  if (i < word.size() && word[i] == '+' && i + 1 < word.size() && word[i + 1] == '=') return i;  // NAME+=
  return i < word.size() && word[i] == '=' ? i : 0;
}

class Splitter {
 public:
  explicit Splitter(std::string_view text) : text_(text), expansion_budget_(4 * text.size() + 65536) {}

  ShellScript run() {
    while (pos_ < text_.size()) step();
    finish_command();
    return std::move(script_);
  }

 private:
  void step() {
    const char c = text_[pos_];
    switch (c) {
      case ' ':
      case '\t':
      case '\r':
        finish_word();
        ++pos_;
        return;
      case '\n':
        finish_command();
        pipe_pending_ = false;
        ++pos_;
        read_heredoc_bodies();
        return;
      case '|':
        finish_command();
        if (next_is(1, '|')) {  // ||
          pos_ += 2;
          return;
        }
        pipe_pending_ = true;
        pos_ += next_is(1, '&') ? size_t{2} : size_t{1};  // | and |&
        return;
      case '(':
        if (word_started_ && !word_quoted_ && word_.ends_with('=') && assignment_name_length(word_) + 1 == word_.size())
          return read_array();  // NAME=(a b c)
        if (word_started_ && !word_quoted_ && next_is(1, ')')) return read_function_header();  // NAME() { ... }
        [[fallthrough]];
      case ';':
      case ')':
        finish_command();
        pipe_pending_ = false;
        ++pos_;
        return;
      case '&':
        if (next_is(1, '>')) return read_redirection();  // &> and &>>
        finish_command();
        pipe_pending_ = false;
        ++pos_;
        return;
      case '<':
      case '>':
        return read_redirection();
      case '#':
        if (!word_started_) {  // a comment runs to the end of the line
          while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
          return;
        }
        break;
      case '\\':
        word_started_ = true;
        if (pos_ + 1 < text_.size()) {
          if (text_[pos_ + 1] != '\n') word_ += text_[pos_ + 1];  // backslash-newline joins lines
          pos_ += 2;
        } else {
          ++pos_;
        }
        return;
      case '\'':
        return read_single_quoted();
      case '"':
        return read_double_quoted();
      case '$':
        return read_dollar(false);
      case '`':
        return read_backticks(false);
      default:
        break;
    }
    word_started_ = true;
    if (c == '{') word_has_brace_ = true;
    word_ += c;
    ++pos_;
  }

  // NAME() followed by a { ... } body: the body's text is remembered under NAME,
  // and splitting goes on inside the body as usual.
  void read_function_header() {
    const std::string name = word_;
    word_.clear();
    word_started_ = false;
    word_has_brace_ = false;
    finish_command();
    pos_ += 2;
    size_t open = pos_;
    while (open < text_.size() && std::isspace(static_cast<unsigned char>(text_[open]))) ++open;
    if (open >= text_.size() || text_[open] != '{') return;
    int depth = 0;
    char quote = 0;
    size_t close = open;
    for (; close < text_.size(); ++close) {
      const char c = text_[close];
      if (quote != 0) {
        if (c == quote) quote = 0;
        else if (c == '\\' && quote == '"') ++close;
        continue;
      }
      if (c == '\\') {
        ++close;
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '{') {
        ++depth;
      } else if (c == '}' && --depth == 0) {
        break;
      }
    }
    if (close < text_.size()) script_.functions.emplace_back(name, std::string(text_.substr(open + 1, close - open - 1)));
  }

  // NAME=(words...): kept as the words joined by blanks, the way ${NAME[@]} expands.
  void read_array() {
    size_t end = pos_ + 1;
    char quote = 0;
    while (end < text_.size() && (quote != 0 || text_[end] != ')')) {
      if (quote == 0 && (text_[end] == '\'' || text_[end] == '"')) quote = text_[end];
      else if (quote != 0 && text_[end] == quote) quote = 0;
      ++end;
    }
    const std::string_view inner = text_.substr(pos_ + 1, end - pos_ - 1);
    pos_ = std::min(end + 1, text_.size());
    if (inner.find_first_of("$`(") != std::string_view::npos) {  // computed: kept as text
      word_.append(inner);
      return;
    }
    const ShellScript parsed = parse_shell_script(inner);
    std::string joined;
    for (const auto& command : parsed.commands)
      for (const auto& element : command.words) (joined += joined.empty() ? "" : " ") += element;
    word_ += joined;
  }

  bool next_is(size_t offset, char c) const { return pos_ + offset < text_.size() && text_[pos_ + offset] == c; }

  void finish_word() {
    if (!word_started_) return;
    if (!pending_op_.empty()) {
      if (pending_op_ == "<<" || pending_op_ == "<<-") {
        pending_heredocs_.push_back({word_, pending_op_ == "<<-", current_index()});
      } else {
        command_.redirections.push_back({pending_op_, word_});
      }
      pending_op_.clear();
    } else if (word_has_brace_) {
      expand_braces(word_);
    } else {
      command_.words.push_back(word_);
    }
    word_.clear();
    word_started_ = false;
    word_quoted_ = false;
    word_has_brace_ = false;
  }

  // prefix{a,b}suffix -> prefixa prefixb..., for the first group with a comma
  // (one level: enough to see `git commit --{no-verify,quiet}`).
  void expand_braces(const std::string& word) {
    const size_t open = word.find('{');
    size_t close = std::string::npos;
    std::vector<size_t> commas;
    int depth = 0;
    for (size_t k = open; open != std::string::npos && k < word.size(); ++k) {
      if (word[k] == '{') ++depth;
      if (word[k] == '}' && --depth == 0) {
        close = k;
        break;
      }
      if (word[k] == ',' && depth == 1) commas.push_back(k);
    }
    if (close == std::string::npos || commas.empty()) {
      command_.words.push_back(word);
      return;
    }
    const std::string prefix = word.substr(0, open);
    const std::string suffix = word.substr(close + 1);
    size_t start = open + 1;
    commas.push_back(close);
    for (size_t comma : commas) {
      command_.words.push_back(prefix + word.substr(start, comma - start) + suffix);
      start = comma + 1;
    }
  }

  size_t current_index() const { return script_.commands.size(); }

  void finish_command() {
    finish_word();
    pending_op_.clear();
    if (command_.words.empty() && command_.redirections.empty() && pending_heredocs_.empty()) return;
    remember_assignments();
    command_.piped = pipe_pending_;
    pipe_pending_ = false;
    script_.commands.push_back(std::move(command_));
    command_ = {};
  }

  // Variables assigned on the line (A=x; export B=y) expand later words, so
  // `F=--no-verify; git commit $F` is read as the shell would run it.
  void remember_assignments() {
    const auto& words = command_.words;
    size_t first = 0;
    if (!words.empty() && (words[0] == "export" || words[0] == "declare" || words[0] == "typeset" ||
                           words[0] == "local" || words[0] == "readonly"))
      first = 1;
    else if (!words.empty() && assignment_name_length(words.back()) == 0)
      return;  // A=x cmd: the assignment is for cmd only
    for (size_t i = first; i < words.size(); ++i) {
      const size_t name_length = assignment_name_length(words[i]);
      if (name_length == 0) continue;
      const bool append = words[i][name_length] == '+';
      const std::string name = words[i].substr(0, name_length);
      const std::string value = words[i].substr(name_length + (append ? 2 : 1));
      variables_[name] = append ? variables_[name] + value : value;
    }
  }

  void read_heredoc_bodies() {
    for (const auto& heredoc : pending_heredocs_) {
      std::string body;
      while (pos_ < text_.size()) {
        size_t end = text_.find('\n', pos_);
        if (end == std::string_view::npos) end = text_.size();
        std::string_view line = text_.substr(pos_, end - pos_);
        pos_ = end < text_.size() ? end + 1 : end;
        if (heredoc.strip_tabs)
          while (!line.empty() && line[0] == '\t') line.remove_prefix(1);
        if (line == heredoc.delimiter) break;
        body.append(line);
        body += '\n';
      }
      if (heredoc.command_index < script_.commands.size())
        script_.commands[heredoc.command_index].heredoc_bodies.push_back(std::move(body));
    }
    pending_heredocs_.clear();
  }

  void read_redirection() {
    // A word of digits right before the operator is a file descriptor, not a word.
    bool digits = word_started_ && !word_quoted_ && !word_.empty();
    for (char d : word_) digits = digits && std::isdigit(static_cast<unsigned char>(d));
    if (digits) {
      word_.clear();
      word_started_ = false;
    } else {
      finish_word();
    }
    std::string op(1, text_[pos_++]);
    auto take = [&](char c) {
      if (pos_ < text_.size() && text_[pos_] == c) {
        op += c;
        ++pos_;
        return true;
      }
      return false;
    };
    if (op == "&") {
      take('>');
      take('>');
    } else if (op == ">") {
      take('>') || take('|') || take('&');
    } else if (take('<')) {
      take('<') || take('-');
    } else {
      take('&') || take('>');
    }
    pending_op_ = op;
    word_quoted_ = false;
  }

  void read_single_quoted() {
    word_started_ = true;
    word_quoted_ = true;
    const size_t end = text_.find('\'', pos_ + 1);
    if (end == std::string_view::npos) {
      word_.append(text_.substr(pos_ + 1));
      pos_ = text_.size();
      script_.complete = false;
      return;
    }
    word_.append(text_.substr(pos_ + 1, end - pos_ - 1));
    pos_ = end + 1;
  }

  void read_double_quoted() {
    word_started_ = true;
    word_quoted_ = true;
    ++pos_;
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == '"') {
        ++pos_;
        return;
      }
      if (c == '\\' && pos_ + 1 < text_.size()) {
        const char next = text_[pos_ + 1];
        if (next == '$' || next == '`' || next == '"' || next == '\\') word_ += next;
        else if (next != '\n') (word_ += '\\') += next;
        pos_ += 2;
      } else if (c == '$') {
        read_dollar(true);
      } else if (c == '`') {
        read_backticks(true);
      } else {
        word_ += c;
        ++pos_;
      }
    }
    script_.complete = false;
  }

  // $'...' (ANSI-C quoting), $( ), ${NAME}, $NAME; anything else stays as text.
  void read_dollar(bool in_double_quotes) {
    word_started_ = true;
    if (!in_double_quotes && next_is(1, '\'')) return read_ansi_c_quoted();
    if (!in_double_quotes && next_is(1, '"')) {  // $"..." (locale translation) reads as "..."
      ++pos_;
      return read_double_quoted();
    }
    if (next_is(1, '(')) return read_dollar_parenthesis(in_double_quotes);
    if (next_is(1, '{')) {
      const size_t end = text_.find('}', pos_ + 2);
      if (end == std::string_view::npos) {
        word_.append(text_.substr(pos_));
        pos_ = text_.size();
        script_.complete = false;
        return;
      }
      const std::string_view inner = text_.substr(pos_ + 2, end - pos_ - 2);
      const std::string_view whole = text_.substr(pos_, end + 1 - pos_);
      pos_ = end + 1;
      return expand(inner, whole, in_double_quotes);
    }
    if (pos_ + 1 < text_.size() && is_name_start(text_[pos_ + 1])) {
      size_t end = pos_ + 2;
      while (end < text_.size() && is_name_char(text_[end])) ++end;
      const std::string_view name = text_.substr(pos_ + 1, end - pos_ - 1);
      const std::string_view whole = text_.substr(pos_, end - pos_);
      pos_ = end;
      return expand(name, whole, in_double_quotes);
    }
    word_ += '$';
    ++pos_;
  }

  void expand(std::string_view name, std::string_view whole, bool in_double_quotes) {
    // ${NAME:-word} / ${NAME-word}: the default when NAME is not known here.
    std::string_view fallback;
    bool has_fallback = false;
    size_t name_end = 0;
    while (name_end < name.size() && is_name_char(name[name_end])) ++name_end;
    if (name_end < name.size()) {
      const std::string_view rest = name.substr(name_end);
      if (rest.starts_with(":-") || rest.starts_with("-")) {
        fallback = rest.substr(rest.starts_with(":-") ? 2 : 1);
        has_fallback = true;
        name = name.substr(0, name_end);
      }
    }
    // ${NAME[@]}, ${NAME[*]}: every element; ${NAME[N]}: the N-th; arrays are kept blank-joined.
    std::string element;
    bool subscripted = false;
    if (const size_t open = name.find('['); open != std::string_view::npos && name.ends_with(']')) {
      const std::string_view subscript = name.substr(open + 1, name.size() - open - 2);
      name = name.substr(0, open);
      subscripted = true;
      if (subscript != "@" && subscript != "*") {
        const auto array = variables_.find(std::string(name));
        size_t index = 0;
        for (char d : subscript) if (std::isdigit(static_cast<unsigned char>(d)) && index < 100000) index = index * 10 + static_cast<size_t>(d - '0');
        if (array != variables_.end()) {
          size_t field = 0, at = 0;
          const std::string& value = array->second;
          while (at < value.size() && field < index) {
            at = value.find(' ', at);
            if (at == std::string::npos) break;
            ++at;
            ++field;
          }
          if (at != std::string::npos && at <= value.size() && field == index) element = value.substr(at, value.find(' ', at) - at);
          word_started_ = true;
          word_ += element;
          return;
        }
      }
    }
    if (subscripted) in_double_quotes = false;  // "${a[@]}" is one word per element
    const auto known = variables_.find(std::string(name));
    // A budget keeps `A=$A$A; A=$A$A; ...` from doubling its way to gigabytes:
    // past it, variables stay as their text.
    if (known != variables_.end() && known->second.size() > expansion_budget_) {
      word_.append(whole);
      return;
    }
    if (known != variables_.end()) expansion_budget_ -= known->second.size();
    if (known == variables_.end()) {
      if (name == "IFS") {  // unset or default IFS: blanks, so `git${IFS}commit` is two words
        if (in_double_quotes) word_ += ' ';
        else finish_word();
      } else if (has_fallback) {
        word_.append(fallback);
      } else {
        word_.append(whole);  // unknown: the text itself, so a reader still sees "$GIT_DIR/hooks"
      }
      return;
    }
    if (in_double_quotes) {
      word_ += known->second;
      return;
    }
    for (char c : known->second) {  // unquoted: split into fields at blanks
      if (c == ' ' || c == '\t' || c == '\n') {
        finish_word();
      } else {
        word_started_ = true;
        word_ += c;
      }
    }
  }

  void read_ansi_c_quoted() {
    word_quoted_ = true;
    pos_ += 2;
    while (pos_ < text_.size() && text_[pos_] != '\'') {
      const char c = text_[pos_++];
      if (c != '\\' || pos_ >= text_.size()) {
        word_ += c;
        continue;
      }
      const char e = text_[pos_++];
      auto digits = [&](int base, size_t max_count) {
        int value = 0;
        size_t count = 0;
        while (count < max_count && pos_ < text_.size()) {
          const char d = static_cast<char>(std::tolower(static_cast<unsigned char>(text_[pos_])));
          int digit = -1;
          if (d >= '0' && d <= '9') digit = d - '0';
          else if (d >= 'a' && d <= 'f') digit = d - 'a' + 10;
          if (digit < 0 || digit >= base) break;
          value = value * base + digit;
          ++pos_;
          ++count;
        }
        return value;
      };
      switch (e) {
        case 'n': word_ += '\n'; break;
        case 't': word_ += '\t'; break;
        case 'r': word_ += '\r'; break;
        case 'a': word_ += '\a'; break;
        case 'b': word_ += '\b'; break;
        case 'e':
        case 'E': word_ += '\x1b'; break;
        case 'f': word_ += '\f'; break;
        case 'v': word_ += '\v'; break;
        case 'x': word_ += static_cast<char>(digits(16, 2)); break;
        case 'u':
        case 'U': {  // ASCII is what matters for option names; others pass as '?'
          const int code = digits(16, e == 'u' ? 4 : 8);
          word_ += code < 0x80 ? static_cast<char>(code) : '?';
          break;
        }
        case 'c':
          if (pos_ < text_.size()) word_ += static_cast<char>(text_[pos_++] & 0x1f);
          break;
        default:
          if (e >= '0' && e <= '7') {
            --pos_;
            word_ += static_cast<char>(digits(8, 3));
          } else {
            word_ += e;  // \\ \' \" \?
          }
      }
    }
    if (pos_ >= text_.size()) script_.complete = false;
    else ++pos_;
  }

  // $( ... ) and $(( ... )): the text to the matching parenthesis, skipping
  // quotes, comments and here-document bodies (agents write commit messages as
  // "$(cat <<'EOF' ... EOF)", whose apostrophes must not be read as quotes).
  void read_dollar_parenthesis(bool in_double_quotes) {
    const size_t start = pos_ + 2;
    size_t i = start;
    int depth = 1;
    std::vector<std::string> heredoc_delimiters;
    auto at_word_start = [&](size_t k) {
      if (k == start) return true;
      const char before = text_[k - 1];
      return before == ' ' || before == '\t' || before == '\n' || before == ';' || before == '&' ||
             before == '|' || before == '(';
    };
    while (i < text_.size() && depth > 0) {
      const char c = text_[i];
      if (c == '\\') {
        i += 2;
        continue;
      }
      if (c == '\'') {
        const size_t end = text_.find('\'', i + 1);
        i = end == std::string_view::npos ? text_.size() : end + 1;
        continue;
      }
      if (c == '"') {
        ++i;
        while (i < text_.size() && text_[i] != '"') i += text_[i] == '\\' ? size_t{2} : size_t{1};
        ++i;
        continue;
      }
      if (c == '#' && at_word_start(i)) {
        while (i < text_.size() && text_[i] != '\n') ++i;
        continue;
      }
      if (c == '<' && i + 2 < text_.size() && text_[i + 1] == '<' && text_[i + 2] != '<') {
        size_t k = i + 2;
        if (text_[k] == '-') ++k;
        while (k < text_.size() && (text_[k] == ' ' || text_[k] == '\t')) ++k;
        std::string delimiter;
        while (k < text_.size() && !std::isspace(static_cast<unsigned char>(text_[k])) && text_[k] != ';' &&
               text_[k] != ')' && text_[k] != '&' && text_[k] != '|' && text_[k] != '<' && text_[k] != '>') {
          if (text_[k] != '\'' && text_[k] != '"' && text_[k] != '\\') delimiter += text_[k];
          ++k;
        }
        if (!delimiter.empty()) heredoc_delimiters.push_back(delimiter);
        i = k;
        continue;
      }
      if (c == '\n' && !heredoc_delimiters.empty()) {
        ++i;
        for (const auto& delimiter : heredoc_delimiters) {
          while (i < text_.size()) {
            size_t line_end = text_.find('\n', i);
            if (line_end == std::string_view::npos) line_end = text_.size();
            std::string_view line = text_.substr(i, line_end - i);
            i = std::min(line_end + 1, text_.size());
            while (!line.empty() && line[0] == '\t') line.remove_prefix(1);
            if (line == delimiter) break;
          }
        }
        heredoc_delimiters.clear();
        continue;
      }
      if (c == '(') ++depth;
      if (c == ')') --depth;
      ++i;
    }
    if (depth > 0) script_.complete = false;
    const size_t end = std::min(i, text_.size());
    const size_t inner_end = depth > 0 ? end : end - 1;
    const std::string_view inner = text_.substr(start, inner_end > start ? inner_end - start : 0);
    script_.substitutions.emplace_back(inner);
    if (depth == 0 && !append_printed(inner, in_double_quotes)) word_.append(text_.substr(pos_, end - pos_));
    pos_ = end;
  }

  // $(echo --no-verify), `printf %s -n`: a substitution whose output is plain
  // in its text becomes that output, so `git commit $(echo --no-verify)` is
  // read as git reads it. Anything else stays as its text (false).
  bool append_printed(std::string_view inner, bool in_double_quotes) {
    if (inner.find_first_of("$`|;&<>\n(") != std::string_view::npos) return false;  // one plain command only
    const ShellScript parsed = parse_shell_script(inner);  // no substitution inside: no deeper recursion
    if (parsed.commands.size() != 1 || !parsed.complete) return false;
    const auto& words = parsed.commands[0].words;
    if (words.empty() || (words[0] != "echo" && words[0] != "printf")) return false;
    std::string output;
    size_t i = 1;
    if (words[0] == "echo") {
      while (i < words.size() && (words[i] == "-n" || words[i] == "-e" || words[i] == "-E")) ++i;
      for (size_t k = i; k < words.size(); ++k) (output += k == i ? "" : " ") += words[k];
    } else {
      if (i < words.size() && words[i] == "--") ++i;
      if (i >= words.size()) return false;
      const std::string& format = words[i++];
      for (size_t k = 0; k < format.size(); ++k) {
        if (format[k] == '%' && k + 1 < format.size() && (format[k + 1] == 's' || format[k + 1] == 'b')) {
          if (i < words.size()) output += words[i++];
          ++k;
        } else if (format[k] == '\\' && k + 1 < format.size() && format[k + 1] == 'n') {
          output += '\n';
          ++k;
        } else {
          output += format[k];
        }
      }
    }
    while (!output.empty() && output.back() == '\n') output.pop_back();
    append_value(output, in_double_quotes);
    return true;
  }

  // A value expanded into the current word: whole in double quotes, split into
  // fields at blanks outside them.
  void append_value(std::string_view value, bool in_double_quotes) {
    word_started_ = true;
    if (in_double_quotes) {
      word_.append(value);
      return;
    }
    for (char c : value) {
      if (c == ' ' || c == '\t' || c == '\n') {
        finish_word();
      } else {
        word_started_ = true;
        word_ += c;
      }
    }
  }

  void read_backticks(bool in_double_quotes) {
    word_started_ = true;
    std::string inner;
    size_t i = pos_ + 1;
    while (i < text_.size() && text_[i] != '`') {
      if (text_[i] == '\\' && i + 1 < text_.size() &&
          (text_[i + 1] == '`' || text_[i + 1] == '\\' || text_[i + 1] == '$')) {
        inner += text_[i + 1];
        i += 2;
        continue;
      }
      inner += text_[i++];
    }
    if (i >= text_.size()) script_.complete = false;
    const size_t end = std::min(i + 1, text_.size());
    if (i >= text_.size() || !append_printed(inner, in_double_quotes)) word_.append(text_.substr(pos_, end - pos_));
    script_.substitutions.push_back(std::move(inner));
    pos_ = end;
  }

  struct PendingHeredoc {
    std::string delimiter;
    bool strip_tabs = false;
    size_t command_index = 0;
  };

  std::string_view text_;
  size_t pos_ = 0;
  ShellScript script_;
  ShellSimpleCommand command_;
  std::string word_;
  bool word_started_ = false;
  bool word_quoted_ = false;
  bool word_has_brace_ = false;  // an unquoted '{': a candidate for brace expansion
  bool pipe_pending_ = false;    // the next command reads the previous one's output
  std::string pending_op_;
  std::vector<PendingHeredoc> pending_heredocs_;
  std::map<std::string, std::string> variables_;
  size_t expansion_budget_;
};

}  // namespace

ShellScript parse_shell_script(std::string_view text) { return Splitter(text).run(); }

}  // namespace agentops::agents
