// Judging a candidate secret's value on its own: how random it is, and
// whether it is a placeholder, a template or a documentation example rather
// than a credential.
#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <optional>
#include <string>

#include "agentops/secrets.h"

namespace agentops {

double shannon_entropy(std::string_view text) {
  if (text.empty()) return 0;
  std::array<size_t, 256> counts{};
  for (char c : text) ++counts[static_cast<unsigned char>(c)];
  double entropy = 0;
  const double length = static_cast<double>(text.size());
  for (size_t count : counts) {
    if (count == 0) continue;
    const double p = static_cast<double>(count) / length;
    entropy -= p * std::log2(p);
  }
  return entropy;
}

namespace {

// The longest counting run ("abcd", "1234") among the characters of one
// class (letters or digits) read alone, skipping the other characters.
size_t longest_count_of(std::string_view value, bool (*in_class)(unsigned char)) {
  size_t run = 0, longest = 0;
  int previous = -1;
  for (char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    if (!in_class(byte)) continue;
    run = byte == previous + 1 ? run + 1 : 1;
    previous = byte;
    longest = std::max(longest, run);
  }
  return longest;
}

bool is_letter(unsigned char c) { return std::isalpha(c) != 0; }
bool is_digit(unsigned char c) { return std::isdigit(c) != 0; }

// Whether `value` holds `mark` at least `times` times.
bool holds_repeatedly(std::string_view value, std::string_view mark, size_t times) {
  size_t found = 0;
  for (size_t at = value.find(mark); at != std::string_view::npos; at = value.find(mark, at + mark.size()))
    if (++found >= times) return true;
  return false;
}

// The text `value` decodes to as base64 (standard or URL alphabet, padded or
// not), or nothing when it is not base64.
std::optional<std::string> base64_decoded(std::string_view value) {
  while (!value.empty() && value.back() == '=') value.remove_suffix(1);
  std::string decoded;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : value) {
    int digit = -1;
    if (c >= 'A' && c <= 'Z') digit = c - 'A';
    else if (c >= 'a' && c <= 'z') digit = c - 'a' + 26;
    else if (c >= '0' && c <= '9') digit = c - '0' + 52;
    else if (c == '+' || c == '-') digit = 62;
    else if (c == '/' || c == '_') digit = 63;
    if (digit < 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<unsigned>(digit);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      decoded += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return decoded;
}

// Whether `value` is base64 of a sentence ("not my real password"): a
// credential encodes random bytes or `user:password`, never words and spaces.
bool encodes_prose(std::string_view value) {
  if (value.size() < 16) return false;
  const auto decoded = base64_decoded(value);
  if (!decoded || decoded->size() < 8) return false;
  size_t spaces = 0;
  for (char c : *decoded) {
    if (c < 0x20 || c > 0x7E) return false;
    if (c == ' ') ++spaces;
  }
  return spaces >= 2;
}

}  // namespace

bool looks_like_placeholder(std::string_view value) { return looks_like_template_or_mask(value) || looks_made_up(value); }

bool looks_like_template_or_mask(std::string_view value) {
  // Templating (${X}, {{x}}, <x>, %(x)s, $(x)), masks and redactions (****,
  // xxxx, ####: `xoxp-...-####`), and an ellipsis: a value cut short in a
  // log or a doc (`ops_eyJzaWdu...`) is not a whole credential.
  static constexpr std::string_view kTemplateMarks[] = {"${", "{{", "<", ">", "%(", "$(", "***",
                                                        "####", "...", "\u2026"};
  for (auto mark : kTemplateMarks)
    if (value.find(mark) != std::string_view::npos) return true;
  // Masked with x: `sk_live_xxxxxxxx`, a PEM body of XXXX. A random value of
  // 30 lower-case letters and digits holds "xxxx" about once in 50,000
  // (gitleaks' own samples do), so a run of four masks only a quarter of the
  // value; eight in a row always do.
  size_t run = 0, longest = 0;
  for (char c : value) {
    run = (c == 'x' || c == 'X') ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  if (longest >= 8 || (longest >= 4 && longest * 4 >= value.size())) return true;
  return encodes_prose(value);
}

bool looks_made_up(std::string_view value) {
  // One character repeated over most of the value ("aaaaaaaa...", "00000000...").
  std::array<size_t, 256> counts{};
  for (char c : value) ++counts[static_cast<unsigned char>(c)];
  if (*std::max_element(counts.begin(), counts.end()) * 10 >= value.size() * 6) return true;
  // Counting sequences ("1234567890abcdef", "abcdefghijkl"): most of the
  // value, or three runs of four (`dapi123456789012345678a9bc01234...`), or
  // "1234" twice (`xoxp-1234-1234-1234-...`). A random value almost never
  // holds them; one run alone may be a real numeric id.
  size_t run = 1, longest = 1, runs_of_four = 0;
  for (size_t i = 1; i < value.size(); ++i) {
    run = value[i] == value[i - 1] + 1 ? run + 1 : 1;
    if (run == 4) ++runs_of_four;
    longest = std::max(longest, run);
  }
  if (runs_of_four >= 3) return true;
  if (holds_repeatedly(value, "1234", 2)) return true;
  // Letters and digits counting in turn ("a1b2c3d4567890ab",
  // "1a2b3c4d-5e6f-7a8b-...", "a123b45c6d78e9f0..."): both classes read alone
  // count for four; random values do that by chance almost never.
  if (longest_count_of(value, is_letter) >= 4 && longest_count_of(value, is_digit) >= 4) return true;
  return longest >= 6 && longest * 2 >= value.size();
}

}  // namespace agentops
