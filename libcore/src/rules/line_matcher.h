// Matching rule regexes over a file's packed added lines. Regexes are compiled
// in multi-line mode with never_nl, so one pass over AddedLines::text() finds
// the matches of every line ('^' and '$' are line boundaries; no match crosses
// a line), and each hit maps back to its line.
#pragma once

#include <re2/re2.h>

#include <array>
#include <memory>
#include <string>

#include "agentops/change.h"
#include "agentops/result.h"

namespace agentops::rules {

// Compiles `pattern` for matching over packed lines; an error names `what`.
// With `across_lines`, a match may span line ends ('\s' matches '\n').
Result<std::unique_ptr<RE2>> compile_line_regex(const std::string& pattern, const std::string& what,
                                                bool across_lines = false);

inline constexpr int kMaxGroups = 10;
using Groups = std::array<re2::StringPiece, kMaxGroups>;

// Calls on_match(line_index, groups) for each match in [begin, end) of lines.text(),
// with `groups` holding group 0..group_count-1. Stops early when on_match returns false.
template <class OnMatch>
void for_each_match(const RE2& regex, const AddedLines& lines, size_t begin, size_t end, int group_count,
                    OnMatch on_match) {
  const re2::StringPiece text(lines.text().data(), lines.text().size());
  Groups groups;
  size_t position = begin;
  while (position < end &&
         regex.Match(text, position, end, RE2::UNANCHORED, groups.data(), group_count)) {
    const size_t match_begin = static_cast<size_t>(groups[0].data() - text.data());
    if (!on_match(lines.index_at(match_begin), groups)) return;
    position = match_begin + std::max<size_t>(groups[0].size(), 1);
  }
}

}  // namespace agentops::rules
