// Extracting the text of binary content: text lines, printable runs elsewhere,
// and UTF-16 / UTF-32 strings of either byte order wherever they start.
#include "git/binary_text.h"

#include "utf8.h"

namespace agentops::detail {
namespace {

// Runs shorter than this are noise in binary data (strings(1) uses 4 too).
constexpr size_t kMinRun = 4;
// In a file that is mostly binary, a text line counts toward the line limits
// only from this length: random bytes form shorter "lines" now and then.
constexpr std::uint32_t kMinCountedInBinary = 8;

bool printable(unsigned char c) { return (c >= 0x20 && c < 0x7f) || c == '\t'; }

// A character of a UTF-16 or UTF-32 run: ASCII text and line breaks, and
// Latin-1 (U+00A0..U+00FF). Other characters end a run.
bool wide_char(unsigned char c) { return printable(c) || c == '\r' || c == '\n' || c >= 0xa0; }

// The length of the text character at line[i] (printable ASCII, a tab, a
// well-formed UTF-8 sequence), or 0 for any other byte.
size_t text_length(std::string_view line, size_t i) {
  const auto c = static_cast<unsigned char>(line[i]);
  if (printable(c)) return 1;
  if (c < 0xc2 || c > 0xf4) return 0;  // never the first byte of a UTF-8 sequence
  return utf8_sequence_length(line, i);
}

std::string_view without_cr(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

}  // namespace

bool is_binary(std::string_view content) { return content.substr(0, 8000).find('\0') != std::string_view::npos; }

bool holds_nul(std::string_view content) { return content.find('\0') != std::string_view::npos; }

void BinaryText::add(std::uint32_t number, bool counted, std::string_view text) {
  lines_.push_back(
      Line{number, counted, static_cast<std::uint32_t>(text_.size()), static_cast<std::uint32_t>(text.size())});
  text_.append(text);
  text_ += '\n';
}

void BinaryText::extract(std::string_view content) {
  text_.clear();
  lines_.clear();
  size_t text_bytes = 0;  // bytes of text lines and of decoded runs
  // Single bytes: a line (cut at '\n') that is text but for at most one byte
  // in five is kept whole; from other lines, runs of text bytes.
  std::uint32_t number = 0;
  std::vector<std::pair<size_t, size_t>> runs;  // [begin, end) of the text runs of one line
  for (size_t start = 0; start < content.size();) {
    const size_t newline = content.find('\n', start);
    const size_t end = newline == std::string_view::npos ? content.size() : newline;
    ++number;
    const std::string_view line = without_cr(content.substr(start, end - start));
    runs.clear();
    size_t other = 0, run_begin = 0;
    for (size_t i = 0; i < line.size();) {
      const size_t length = text_length(line, i);
      if (length > 0) {
        i += length;
        continue;
      }
      ++other;
      if (i - run_begin >= kMinRun) runs.emplace_back(run_begin, i);
      run_begin = ++i;
    }
    if (line.size() - run_begin >= kMinRun) runs.emplace_back(run_begin, line.size());
    if (other * 5 <= line.size()) {
      add(number, true, line);
      text_bytes += end - start + 1;
    } else {
      for (const auto& [begin, run_end] : runs) add(number, false, line.substr(begin, run_end - begin));
    }
    start = end + 1;
  }
  text_bytes += add_wide_runs(content, 1);  // UTF-16
  text_bytes += add_wide_runs(content, 3);  // UTF-32
  const bool mostly_text = 2 * text_bytes >= content.size();
  if (!mostly_text) {
    // A line holding a NUL there is a piece of a string table, not a text line.
    for (Line& line : lines_)
      line.counted = line.counted && line.length >= kMinCountedInBinary &&
                     std::string_view(text_).substr(line.begin, line.length).find('\0') == std::string_view::npos;
  }
}

// Runs of `kMinRun` or more wide characters, each followed by exactly `nuls`
// NUL bytes before the next: ASCII and Latin-1 in UTF-16 (nuls = 1) or UTF-32
// (nuls = 3), little- or big-endian, at any offset, with or without a BOM.
// Each run is cut into lines at its line feeds; a line counts when a line feed
// or the end of the file ends it (strings embedded in binary data do not).
size_t BinaryText::add_wide_runs(std::string_view content, size_t nuls) {
  const size_t step = nuls + 1;
  const size_t size = content.size();
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(content[i]); };
  // Whether the character at i is followed by exactly `nuls` NULs and another character.
  const auto continues = [&](size_t i) {
    if (i + step >= size) return false;
    for (size_t k = 1; k <= nuls; ++k)
      if (byte(i + k) != 0) return false;
    return wide_char(byte(i + step));
  };
  std::uint32_t number = 1;  // the line at `counted_to`
  size_t counted_to = 0, spanned = 0;
  std::string segment;
  for (size_t i = 0; i < size;) {
    // A run's first character is followed by a NUL: jump to the next one.
    const size_t nul = content.find('\0', i);
    if (nul == std::string_view::npos) break;
    if (nul > i) i = nul - 1;
    if (!wide_char(byte(i)) || !continues(i)) {
      i = nul + 1;
      continue;
    }
    size_t last = i, chars = 1;
    while (continues(last)) {
      last += step;
      ++chars;
    }
    if (chars >= kMinRun) {
      for (; counted_to < i; ++counted_to) number += content[counted_to] == '\n';
      segment.clear();
      for (size_t at = i; at <= last; at += step) {
        const unsigned char c = byte(at);
        if (c == '\n') {
          add(number++, true, without_cr(segment));
          segment.clear();
        } else if (c < 0x80) {
          segment += static_cast<char>(c);
        } else {  // Latin-1 as UTF-8
          segment += static_cast<char>(0xc0 | (c >> 6));
          segment += static_cast<char>(0x80 | (c & 0x3f));
        }
      }
      const bool reaches_end = size - (last + 1) <= nuls;
      if (!segment.empty()) add(number, reaches_end, without_cr(segment));
      counted_to = last + 1;
      spanned += chars * step;
    }
    i = last + 1;
  }
  return spanned;
}

}  // namespace agentops::detail
