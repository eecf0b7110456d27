#include "rules/keyword_matcher.h"

#include <algorithm>
#include <queue>

namespace agentops::rules {
namespace {

unsigned char fold(unsigned char c) { return (c >= 'A' && c <= 'Z') ? static_cast<unsigned char>(c - 'A' + 'a') : c; }

}  // namespace

void KeywordMatcher::add(const std::vector<std::string>& keywords, size_t group) {
  for (const auto& keyword : keywords) {
    if (keyword.empty()) continue;
    std::string lowered(keyword);
    for (char& c : lowered) c = static_cast<char>(fold(static_cast<unsigned char>(c)));
    keywords_.push_back(Keyword{std::move(lowered), group});
  }
}

void KeywordMatcher::build() {
  // Byte classes: one per distinct (folded) keyword byte, upper case sharing
  // its lower case letter's class; every other byte is class 0.
  for (const auto& keyword : keywords_)
    for (char c : keyword.lowered) {
      const auto byte = static_cast<unsigned char>(c);
      if (class_of_[byte] == 0) class_of_[byte] = static_cast<std::uint8_t>(classes_++);
    }
  for (int c = 'A'; c <= 'Z'; ++c) class_of_[c] = class_of_[c - 'A' + 'a'];

  // The trie: state 0 is the root; kNoState marks a missing edge until the
  // failure links fill it.
  next_.assign(classes_, kNoState);
  groups_at_.assign(1, {});
  for (const auto& keyword : keywords_) {
    std::uint32_t state = 0;
    for (char c : keyword.lowered) {
      const size_t edge = state * classes_ + class_of_[static_cast<unsigned char>(c)];
      if (next_[edge] == kNoState) {
        next_[edge] = static_cast<std::uint32_t>(groups_at_.size());
        groups_at_.emplace_back();
        next_.resize(next_.size() + classes_, kNoState);
      }
      state = next_[edge];
    }
    groups_at_[state].push_back(keyword.group);
  }

  // Breadth first: each missing edge goes where the longest proper suffix
  // would go; each state links to its longest suffix that ends a keyword.
  const size_t states = groups_at_.size();
  std::vector<std::uint32_t> failure(states, 0);
  output_link_.assign(states, kNoState);
  reports_.assign(states, 0);
  std::queue<std::uint32_t> pending;
  for (size_t c = 0; c < classes_; ++c) {
    std::uint32_t& to = next_[c];
    if (to == kNoState) to = 0;
    else pending.push(to);
  }
  while (!pending.empty()) {
    const std::uint32_t state = pending.front();
    pending.pop();
    const std::uint32_t suffix = failure[state];
    if (state != 0) output_link_[state] = groups_at_[suffix].empty() ? output_link_[suffix] : suffix;
    reports_[state] = !groups_at_[state].empty() || output_link_[state] != kNoState ? 1 : 0;
    for (size_t c = 0; c < classes_; ++c) {
      std::uint32_t& to = next_[state * classes_ + c];
      const std::uint32_t fallback = next_[suffix * classes_ + c];
      if (to == kNoState) {
        to = fallback;
      } else {
        failure[to] = fallback;
        pending.push(to);
      }
    }
  }
}

void KeywordMatcher::find(std::string_view text, std::vector<bool>& hit) const {
  if (keywords_.empty()) return;
  // A state's keywords (its own, then its suffixes') are marked once; a
  // suffix already marked has had its own suffixes marked too.
  std::vector<std::uint8_t> reported(groups_at_.size(), 0);
  std::uint32_t state = 0;
  for (char c : text) {
    state = next_[state * classes_ + class_of_[static_cast<unsigned char>(c)]];
    if (!reports_[state]) continue;
    for (std::uint32_t at = state; at != kNoState && !reported[at]; at = output_link_[at]) {
      reported[at] = 1;
      for (size_t group : groups_at_[at]) hit[group] = true;
    }
  }
}

bool KeywordMatcher::ascii_only(const std::vector<std::string>& keywords) {
  return std::all_of(keywords.begin(), keywords.end(), [](const std::string& keyword) {
    return std::all_of(keyword.begin(), keyword.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  });
}

bool KeywordMatcher::folds_to_ascii(std::string_view text) {
  // RE2's (?i) folds U+212A KELVIN SIGN to k and U+017F LATIN SMALL LETTER
  // LONG S to s (Unicode simple case folding); no other non-ASCII letter
  // folds to an ASCII one.
  return text.find("\xE2\x84\xAA") != std::string_view::npos || text.find("\xC5\xBF") != std::string_view::npos;
}

}  // namespace agentops::rules
