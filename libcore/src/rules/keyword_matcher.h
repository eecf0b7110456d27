// Which of many literal keywords occur in a text, ASCII case-insensitively, in
// one pass (Aho-Corasick over byte classes). The secret catalogue's ~200 rules
// name their keywords; building this takes a fraction of what an RE2::Set of
// the same keywords costs to compile (case folding makes every literal a
// character class), and a pass reads each byte once.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace agentops::rules {

class KeywordMatcher {
 public:
  static constexpr std::uint32_t kNoState = UINT32_MAX;

  // Keywords of group `group` (groups are numbered by the caller, from 0).
  // Only ASCII keywords are exact here: see ascii_only().
  void add(const std::vector<std::string>& keywords, size_t group);
  // After the last add; before the first find.
  void build();
  // Marks hit[g] for every group g with a keyword in `text` (hit is sized by
  // the caller to cover every group).
  void find(std::string_view text, std::vector<bool>& hit) const;

  // Whether ASCII folding finds what RE2's (?i) would: every keyword is ASCII,
  // and `text` holds no non-ASCII letter that folds to one (KELVIN SIGN to k,
  // LONG S to s).
  static bool ascii_only(const std::vector<std::string>& keywords);
  static bool folds_to_ascii(std::string_view text);

 private:
  struct Keyword {
    std::string lowered;
    size_t group;
  };
  std::vector<Keyword> keywords_;
  std::uint8_t class_of_[256] = {};  // byte -> class; 0 is "no keyword byte"
  size_t classes_ = 1;
  std::vector<std::uint32_t> next_;            // state * classes_ + class -> state
  std::vector<std::vector<size_t>> groups_at_;  // groups whose keyword ends exactly at state
  // The longest proper suffix state that ends a keyword (kNoState: none), and
  // whether the state or one of its suffixes ends a keyword at all.
  std::vector<std::uint32_t> output_link_;
  std::vector<std::uint8_t> reports_;
};

}  // namespace agentops::rules
