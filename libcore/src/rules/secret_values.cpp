// Judging a candidate secret's value on its own: how random it is, and
// whether it is a placeholder, a template or a documentation example rather
// than a credential.
#include <algorithm>
#include <array>
#include <cmath>

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

bool looks_like_placeholder(std::string_view value) {
  static constexpr std::string_view kTemplateMarks[] = {"${", "{{", "<", ">", "%(", "$(", "***", "xxxx", "XXXX"};
  for (auto mark : kTemplateMarks)
    if (value.find(mark) != std::string_view::npos) return true;
  // One character repeated over most of the value ("aaaaaaaa...", "00000000...").
  std::array<size_t, 256> counts{};
  for (char c : value) ++counts[static_cast<unsigned char>(c)];
  if (*std::max_element(counts.begin(), counts.end()) * 10 >= value.size() * 6) return true;
  // Mostly a counting sequence ("1234567890abcdef", "abcdefghijkl").
  size_t run = 1, longest = 1;
  for (size_t i = 1; i < value.size(); ++i) {
    run = value[i] == value[i - 1] + 1 ? run + 1 : 1;
    longest = std::max(longest, run);
  }
  return longest >= 6 && longest * 2 >= value.size();
}

}  // namespace agentops
