// The text a binary file carries. Binary is decided by content alone (a NUL in
// the first 8000 bytes, git's own test): attributes (-diff, binary, a diff
// driver) come from files the change itself controls, so they never decide.
// A binary file still holds text (a source file with one stray NUL, UTF-16
// and UTF-32 strings, strings in an executable); rules read that text, and its
// lines count toward the line limits. docs/rules.md describes the rules.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace agentops::detail {

// A NUL in the first 8000 bytes.
bool is_binary(std::string_view content);
// A NUL anywhere: then the content is read as binary text (below), binary or
// not. Text that passes git's test may still hold UTF-16 further on (a script
// whose characters have no zero byte, Cyrillic or CJK, comes first).
bool holds_nul(std::string_view content);

// The text of a binary file, one line after another.
class BinaryText {
 public:
  struct Line {
    std::uint32_t number;  // 1 + the '\n' bytes before it in the file
    bool counted;          // counts toward the line limits
    std::uint32_t begin;   // its bytes in text()
    std::uint32_t length;
  };

  // Replaces the text with that of `content`.
  void extract(std::string_view content);

  // Every line, each followed by '\n' (the form a line diff reads).
  std::string_view text() const { return text_; }
  const std::vector<Line>& lines() const { return lines_; }
  std::string_view line_text(size_t i) const {
    return std::string_view(text_).substr(lines_[i].begin, lines_[i].length);
  }

 private:
  void add(std::uint32_t number, bool counted, std::string_view text);
  // Returns the bytes its runs span.
  size_t add_wide_runs(std::string_view content, size_t nuls);

  std::string text_;
  std::vector<Line> lines_;
};

}  // namespace agentops::detail
