// Glob matching by memoised backtracking over pattern and path; '**' is the
// only construct that may span directories.
#include "glob.h"

#include <vector>

namespace agentops {
namespace {

// Matches a character class at pattern[p] ('[' ...) against c; sets `next` past ']'.
bool class_match(std::string_view pattern, size_t p, char c, size_t& next) {
  size_t i = p + 1;
  bool negate = false;
  if (i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^')) {
    negate = true;
    ++i;
  }
  bool matched = false;
  bool first = true;
  while (i < pattern.size() && (first || pattern[i] != ']')) {
    first = false;
    char lo = pattern[i];
    char hi = lo;
    if (i + 2 < pattern.size() && pattern[i + 1] == '-' && pattern[i + 2] != ']') {
      hi = pattern[i + 2];
      i += 2;
    }
    if (lo <= c && c <= hi) matched = true;
    ++i;
  }
  next = i + 1;  // past ']' (glob_error rejects unclosed classes)
  return matched != negate && c != '/';
}

// Backtracking over pattern and path, with each (pattern, path) position that
// failed remembered: a pattern with many stars ("*a*a*a*b", found by the glob
// fuzzer) stays polynomial instead of exponential.
class Matcher {
 public:
  Matcher(std::string_view pattern, std::string_view path) : pattern_(pattern), path_(path) {}

  bool match(size_t p, size_t s) {
    if (failed_.empty()) {
      size_t stars = 0;
      for (char c : pattern_) stars += c == '*';
      if (stars > 1) failed_.assign((pattern_.size() + 1) * (path_.size() + 1), false);
    }
    if (!failed_.empty() && failed_[p * (path_.size() + 1) + s]) return false;
    const bool matched = match_uncached(p, s);
    if (!matched && !failed_.empty()) failed_[p * (path_.size() + 1) + s] = true;
    return matched;
  }

 private:
  bool match_uncached(size_t p, size_t s) {
    const std::string_view pattern = pattern_, path = path_;
    while (p < pattern.size()) {
      const char c = pattern[p];
      if (c == '*') {
        if (p + 1 < pattern.size() && pattern[p + 1] == '*') {
          // '**/' also matches zero directories; '**' anywhere matches across '/'.
          size_t rest = p + 2;
          while (rest < pattern.size() && pattern[rest] == '*') ++rest;  // "***" is "**"
          if (rest < pattern.size() && pattern[rest] == '/') {
            if (match(rest + 1, s)) return true;
          }
          for (size_t k = s; k <= path.size(); ++k)
            if (match(rest, k)) return true;
          return false;
        }
        for (size_t k = s; k <= path.size(); ++k) {
          if (match(p + 1, k)) return true;
          if (k < path.size() && path[k] == '/') break;
        }
        return false;
      }
      if (s >= path.size()) return false;
      if (c == '?') {
        if (path[s] == '/') return false;
        ++p;
        ++s;
        continue;
      }
      if (c == '[') {
        size_t next = p;
        if (!class_match(pattern, p, path[s], next)) return false;
        p = next;
        ++s;
        continue;
      }
      if (c == '\\' && p + 1 < pattern.size()) ++p;
      if (pattern[p] != path[s]) return false;
      ++p;
      ++s;
    }
    return s == path.size();
  }

  std::string_view pattern_, path_;
  std::vector<bool> failed_;  // (p, s) known not to match; empty when a pattern has one star or none
};

// What a match needs of the path's letters, checked before any backtracking:
// most (pattern, path) pairs of a policy fail here at once (path globs were
// 7% of a 2,000-file staged scan). The pattern's literal head and tail (no
// wildcard, class or escape in them) must be the path's own, and every
// literal run between wildcards must occur in it ("**/node_modules/**" needs
// "node_modules": a '/' beside "**" is not required, "**/" may match nothing).
bool literals_fit(std::string_view pattern, std::string_view path) {
  if (pattern.find('\\') != std::string_view::npos) return true;
  const size_t first = pattern.find_first_of("*?[");
  if (first == std::string_view::npos) return pattern == path;
  const size_t last = pattern.find_last_of("*?]");
  std::string_view tail = pattern.substr(last + 1);
  if (!tail.empty() && tail.front() == '/' && last > 0 && pattern[last] == '*' && pattern[last - 1] == '*')
    tail.remove_prefix(1);
  if (path.size() < first + tail.size() || !path.starts_with(pattern.substr(0, first)) || !path.ends_with(tail))
    return false;
  for (size_t at = first; at < last;) {
    const size_t special = pattern.find_first_of("*?[", at);
    if (special == std::string_view::npos || special >= last) break;
    if (pattern[special] == '[') {
      // Past the class: a ']' first (after any '!' or '^') is its member ("[]]", "[!]]").
      size_t member = special + 1;
      if (member < pattern.size() && (pattern[member] == '!' || pattern[member] == '^')) ++member;
      at = pattern.find(']', member + 1);
      if (at == std::string_view::npos) return true;
      ++at;
      continue;
    }
    const size_t run_end = pattern.find_first_of("*?[", special + 1);
    std::string_view run = pattern.substr(special + 1, (run_end == std::string_view::npos ? last : run_end) - special - 1);
    while (!run.empty() && run.front() == '/') run.remove_prefix(1);
    while (!run.empty() && run.back() == '/') run.remove_suffix(1);
    if (!run.empty() && path.find(run) == std::string_view::npos) return false;
    at = special + 1;
  }
  return true;
}

bool match_from(std::string_view pattern, std::string_view path) {
  return literals_fit(pattern, path) && Matcher(pattern, path).match(0, 0);
}

}  // namespace

std::optional<std::string> glob_error(std::string_view pattern) {
  if (pattern.empty()) return "an empty glob matches nothing";
  if (glob_is_exception(pattern)) {
    pattern.remove_prefix(1);
    if (pattern.empty()) return "'!' alone excepts nothing: write \"!pattern\" (or \"\\\\!name\" for a literal '!')";
  }
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '\\') {
      ++i;
      continue;
    }
    if (pattern[i] == '[') {
      size_t j = i + 1;
      if (j < pattern.size() && (pattern[j] == '!' || pattern[j] == '^')) ++j;
      if (j < pattern.size() && pattern[j] == ']') ++j;
      while (j < pattern.size() && pattern[j] != ']') ++j;
      if (j >= pattern.size()) return "unclosed '[' at column " + std::to_string(i + 1);
      i = j;
    }
  }
  return std::nullopt;
}

bool glob_match(std::string_view pattern, std::string_view path) {
  if (pattern.empty()) return false;
  const bool anchored = pattern.front() == '/';
  if (anchored) pattern.remove_prefix(1);
  std::string directory;
  if (!pattern.empty() && pattern.back() == '/') {
    directory = std::string(pattern) + "**";
    pattern = directory;
  }
  if (!anchored && pattern.find('/') == std::string_view::npos && pattern.find("**") == std::string_view::npos) {
    const size_t slash = path.rfind('/');
    const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
    return match_from(pattern, name);
  }
  return match_from(pattern, path);
}

bool glob_match_whole(std::string_view pattern, std::string_view text) { return match_from(pattern, text); }

bool glob_is_exception(std::string_view pattern) { return !pattern.empty() && pattern.front() == '!'; }

namespace {

// The last entry that matches decides, so the list is read from its end.
template <class MatchOne>
bool match_list(const std::vector<std::string>& patterns, std::string_view text, MatchOne match_one) {
  for (auto it = patterns.rbegin(); it != patterns.rend(); ++it) {
    const bool exception = glob_is_exception(*it);
    const std::string_view pattern = exception ? std::string_view(*it).substr(1) : std::string_view(*it);
    if (match_one(pattern, text)) return !exception;
  }
  return false;
}

}  // namespace

bool glob_match_any(const std::vector<std::string>& patterns, std::string_view path) {
  return match_list(patterns, path, [](std::string_view pattern, std::string_view p) { return glob_match(pattern, p); });
}

bool glob_match_whole_any(const std::vector<std::string>& patterns, std::string_view text) {
  return match_list(patterns, text,
                    [](std::string_view pattern, std::string_view t) { return glob_match_whole(pattern, t); });
}

}  // namespace agentops
