// Commit messages as git stores them, and their trailers (`Key: value` lines
// in the last paragraph, as `git interpret-trailers` reads them).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agentops/policy.h"

namespace agentops {

struct Trailer {
  std::string key;
  std::string value;
};

// The message git will record: comment lines dropped (comment_char), everything
// from the scissors line of `git commit -v` on cut, trailing blank lines removed.
std::string clean_message(std::string_view raw, char comment_char = '#');

// Trailers of a cleaned message; empty when its last paragraph is not a trailer block.
std::vector<Trailer> parse_trailers(std::string_view message);

// The approval trailer's value when present and from an allowed approver.
std::optional<std::string> find_approval(const std::vector<Trailer>& trailers, const GatesPolicy& gates);

}  // namespace agentops
