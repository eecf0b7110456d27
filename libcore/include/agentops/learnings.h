// Git memory as a knowledge base: the Learning (and Context) sections of a
// history's commit messages, newest first as `git log` lists them, each with
// its commit, date and the paths it touched, so that whoever starts work on
// `src/parser/**` reads what was learned there first. Sections are read with
// find_section (agentops/message.h), the rule [message] required_sections uses.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "agentops/git.h"
#include "agentops/result.h"

namespace agentops {

struct LearningsOptions {
  std::string range;               // "A..B"; empty: all of HEAD's history
  std::vector<std::string> paths;  // globs (glob.h, as policy paths); empty: every commit
  std::uint64_t limit = 0;         // stop after this many entries; 0: no limit
};

// One commit that recorded a Learning. Every text is printable (control
// characters dropped, invalid UTF-8 replaced by U+FFFD) and its secrets redacted.
struct LearningEntry {
  std::string commit;               // full hex id
  std::string date;                 // committer date, ISO 8601 with its offset (git's %cI)
  std::string subject;
  std::vector<std::string> paths;   // touched against the first parent (both sides of a rename)
  std::string learning;             // never empty
  std::optional<std::string> context;
};

struct Learnings {
  std::string range;                // as asked ("" for HEAD's history)
  std::vector<std::string> paths;   // the path globs
  std::uint64_t commits_walked = 0; // commits of the range (touching the paths) looked at
  std::uint64_t with_learning = 0;  // of those, commits with a non-empty Learning section
  std::vector<LearningEntry> entries;
  // with_learning / commits_walked, 0 when nothing was walked.
  double share() const;
};

// Walks the range newest first in `git log` order (committer date, ties in
// the order git meets them; merges' parents all followed), keeping commits that
// touch a path matching `options.paths` (merges judged against their first
// parent, a root commit against the empty tree). With a limit the walk stops at
// the limit's entry, and the counts cover the commits walked up to it.
// An unborn HEAD (no commit yet) is an empty result; a bad range or glob an error.
Result<Learnings> collect_learnings(const git::Repository& repo, const LearningsOptions& options);

// Renderings of the result: a terminal's, one JSON document (version 1), and
// Markdown to paste into an agent's context (AGENTS.md style).
std::string format_learnings_text(const Learnings& learnings);
std::string format_learnings_json(const Learnings& learnings);
std::string format_learnings_markdown(const Learnings& learnings);

}  // namespace agentops
