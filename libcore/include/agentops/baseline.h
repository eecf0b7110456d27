// Baselines of known findings: .agentops/baseline lists findings a team has
// accepted (an old, rotated key still in history) so that they stop blocking
// while every new finding still does. A finding is named by rule, path and a
// fingerprint: HMAC-SHA-256 under the file's own random key of the rule and
// the matched text, so the file holds no secret, no line number, no date, and
// a line that moves within its file keeps its fingerprint. The baseline is
// read from the base side, like the policy: a change cannot baseline itself.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "agentops/findings.h"
#include "agentops/git.h"
#include "agentops/result.h"

struct git_tree;

namespace agentops {

inline constexpr const char* kBaselinePath = ".agentops/baseline";
inline constexpr const char* kDefaultBaselineReason = "accepted by baseline write";

struct BaselineEntry {
  std::string rule;
  std::string path;
  std::string fingerprint;  // 64 lower-case hex
  std::string reason;       // free text a person may edit
};

struct Baseline {
  std::string key;                     // the HMAC key: 32 raw bytes (64 hex in the file)
  std::vector<BaselineEntry> entries;  // sorted by rule, path, fingerprint; unique
  // `baseline write`'s scan: fingerprint every finding and keep all of a
  // file's (not only the first hundred per rule), so one write records them all.
  bool record_all = false;
  // The entry for (rule, path, fingerprint), or nullptr.
  const BaselineEntry* find(std::string_view rule, std::string_view path, std::string_view fingerprint) const;
};

// Strict: every problem is an error naming `name` and the line. Unknown
// versions, bad keys, malformed or duplicate entries are refused.
Result<Baseline> parse_baseline(std::string_view text, std::string_view name = kBaselinePath);
// The file's text: header, version, key, then the entries sorted.
std::string serialize_baseline(const Baseline& baseline);

// 32 bytes from /dev/urandom.
Result<std::string> random_baseline_key();

// hex HMAC-SHA-256(key, rule '\0' matched): the fingerprint of a finding whose
// matched text (the secret) is known where the finding is made.
std::string matched_text_fingerprint(std::string_view key, std::string_view rule, std::string_view matched);
// For a finding without matched text (a path rule, a message rule): over rule,
// path, message and the (redacted) excerpt. An empty key stands for the
// public key "agentops/v1" (SARIF without a baseline: nothing secret is hashed).
std::string finding_fingerprint(std::string_view key, const Finding& finding);

// Fills the fingerprint of each finding lacking one (under `baseline`'s key)
// and marks those the baseline lists as baselined, with its reason. Only a
// finding fingerprinted by its matched text can be baselined: one found by
// its path alone (a key file's name) would stay baselined whatever new key
// the file came to hold.
void apply_baseline(const Baseline& baseline, std::vector<Finding>& findings);
// Whether `finding`'s fingerprint was taken of its matched text (not made up
// from rule, path and message by finding_fingerprint).
bool has_matched_text_fingerprint(const Baseline& baseline, const Finding& finding);

// The baseline in `tree` (nullptr: none), or nullptr when it holds no
// .agentops/baseline. A malformed file is an error.
Result<std::shared_ptr<const Baseline>> baseline_in_tree(const git::Repository& repo, git_tree* tree);

// `agentops baseline write [REV]`: the findings of `scan --history REV`
// recorded in the working tree's .agentops/baseline (key and reasons of an
// existing file kept), written atomically.
struct BaselineWriteOptions {
  std::string revision = "HEAD";
  std::string reason = kDefaultBaselineReason;  // for findings not yet listed
  std::function<void(size_t, size_t)> progress;
};
struct BaselineWriteSummary {
  std::string path;     // the file written
  size_t recorded = 0;  // entries now in the file
  size_t added = 0;     // of those, not in the file before
  size_t dropped = 0;   // entries of the old file no longer found
  size_t unbaselinable = 0;  // findings with no matched text (a path rule): they keep blocking
  std::uint64_t commits = 0;
};
Result<BaselineWriteSummary> write_baseline(const git::Repository& repo, const BaselineWriteOptions& options);

}  // namespace agentops
