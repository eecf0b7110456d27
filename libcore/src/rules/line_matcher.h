// Matching rule regexes over a file's packed added lines. Regexes are compiled
// in multi-line mode with never_nl, so one pass over AddedLines::text() finds
// the matches of every line ('^' and '$' are line boundaries; no match crosses
// a line), and each hit maps back to its line. A regex compiled across lines
// instead sees runs of consecutive lines whole (a PEM block with its body).
#pragma once

#include <re2/re2.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "agentops/change.h"
#include "agentops/result.h"

namespace agentops::rules {

// Compiles `pattern` for matching over packed lines; an error names `what`.
// With `across_lines`, a match may span line ends ('\s' matches '\n').
Result<std::unique_ptr<RE2>> compile_line_regex(const std::string& pattern, const std::string& what,
                                                bool across_lines = false);

// The same, compiled once per process and shared: loading a policy compiles
// every imported rule to validate it, and its scanner reuses that compile.
Result<std::shared_ptr<const RE2>> shared_line_regex(const std::string& pattern, const std::string& what,
                                                     bool across_lines = false);

// Group 0 (the whole match) and as many capture groups as the caller asked for.
using Groups = std::vector<re2::StringPiece>;

// Calls on_match(line_index, groups) for each match in [begin, end) of lines.text(),
// with `groups` holding group 0..group_count-1 (any number the regex has).
// Stops early when on_match returns false.
template <class OnMatch>
void for_each_match(const RE2& regex, const AddedLines& lines, size_t begin, size_t end, int group_count,
                    OnMatch on_match) {
  const re2::StringPiece text(lines.text().data(), lines.text().size());
  Groups groups(static_cast<size_t>(std::max(group_count, 1)));
  size_t position = begin;
  while (position < end && regex.Match(text, position, end, RE2::UNANCHORED, groups.data(),
                                       static_cast<int>(groups.size()))) {
    const size_t match_begin = static_cast<size_t>(groups[0].data() - text.data());
    if (!on_match(lines.index_at(match_begin), groups)) return;
    position = match_begin + std::max<size_t>(groups[0].size(), 1);
  }
}

// Calls on_run(begin, end) for each run of consecutive line numbers in
// `lines`, as a byte range of lines.text() (the last line's '\n' included):
// a match across lines must not join two added lines that the file keeps apart.
template <class OnRun>
void for_each_line_run(const AddedLines& lines, OnRun on_run) {
  size_t first = 0;
  for (size_t i = 1; i <= lines.size(); ++i) {
    if (i < lines.size() && lines.number(i) == lines.number(i - 1) + 1) continue;
    on_run(lines.begin_of(first), lines.end_of(i - 1) + 1);
    first = i;
  }
}

}  // namespace agentops::rules
