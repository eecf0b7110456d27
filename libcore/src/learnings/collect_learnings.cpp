// collect_learnings: the walk, the path filter and the sections (learnings.h).
#include <git2.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <optional>
#include <string>
#include <vector>

#include "agentops/learnings.h"
#include "agentops/message.h"
#include "glob.h"
#include "learnings/log_order.h"
#include "learnings/safe_text.h"
#include "learnings/touched_paths.h"

namespace agentops {
namespace {

Result<git_oid> commit_id(const git::Repository& repo, const std::string& revision) {
  auto commit = git::lookup_commit(repo, revision);
  if (!commit) return commit.error();
  return *git_commit_id(commit->get());
}

struct Sides {
  std::optional<git_oid> tip;  // nullopt: an unborn HEAD, nothing to walk
  std::optional<git_oid> hidden;
};

Result<Sides> resolve_range(const git::Repository& repo, const std::string& range) {
  if (range.empty()) {
    if (git_repository_head_unborn(repo.get()) == 1) return Sides{};
    auto head = commit_id(repo, "HEAD");
    if (!head) return head.error();
    return Sides{*head, std::nullopt};
  }
  const size_t dots = range.find("..");
  if (dots == std::string::npos || range.compare(dots, 3, "...") == 0 || dots == 0 || dots + 2 == range.size())
    return Error{"'" + range + "' is not a range A..B with both sides"};
  auto base = commit_id(repo, range.substr(0, dots));
  if (!base) return base.error();
  auto tip = commit_id(repo, range.substr(dots + 2));
  if (!tip) return tip.error();
  return Sides{*tip, *base};
}

// git's %cI: "2024-05-01T12:34:56+02:00".
std::string iso_date(std::int64_t time, int offset_minutes) {
  const std::time_t local = static_cast<std::time_t>(time + std::int64_t{offset_minutes} * 60);
  std::tm parts{};
  if (gmtime_r(&local, &parts) == nullptr) return "";
  char date[32];
  std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &parts);
  const int offset = offset_minutes < 0 ? -offset_minutes : offset_minutes;
  char zone[16];
  std::snprintf(zone, sizeof zone, "%c%02d:%02d", offset_minutes < 0 ? '-' : '+', offset / 60, offset % 60);
  return std::string(date) + zone;
}

std::string_view subject_of(std::string_view message) {
  std::string_view subject = message.substr(0, message.find('\n'));
  if (!subject.empty() && subject.back() == '\r') subject.remove_suffix(1);
  return subject;
}

bool is_blank(std::string_view text) { return text.find_first_not_of(" \t\r\n") == std::string_view::npos; }

}  // namespace

double Learnings::share() const {
  return commits_walked == 0 ? 0.0 : static_cast<double>(with_learning) / static_cast<double>(commits_walked);
}

Result<Learnings> collect_learnings(const git::Repository& repo, const LearningsOptions& options) {
  for (const auto& pattern : options.paths)
    if (auto problem = glob_error(pattern)) return Error{"--path '" + pattern + "': " + *problem};
  Learnings learnings;
  learnings.range = options.range;
  learnings.paths = options.paths;
  auto sides = resolve_range(repo, options.range);
  if (!sides) return sides.error();
  if (!sides->tip) return learnings;
  auto safe = learnings::SafeText::create();
  if (!safe) return safe.error();

  const auto on_commit = [&](git::RawCommit& commit) -> Result<bool> {
    std::optional<std::vector<std::string>> paths;
    if (!options.paths.empty()) {
      auto touched = learnings::touched_paths(repo, commit);
      if (!touched) return touched.error();
      const bool relevant = std::any_of(touched->begin(), touched->end(),
                                        [&](const std::string& path) { return glob_match_any(options.paths, path); });
      if (!relevant) return true;
      paths = std::move(*touched);
    }
    ++learnings.commits_walked;
    const auto learning = find_section(commit.message, "Learning");
    if (!learning || is_blank(*learning)) return true;
    ++learnings.with_learning;
    if (!paths) {
      auto touched = learnings::touched_paths(repo, commit);
      if (!touched) return touched.error();
      paths = std::move(*touched);
    }
    LearningEntry entry;
    entry.commit = git::hex_of(commit.id);
    entry.date = iso_date(learnings::committer_time(commit), learnings::committer_offset_minutes(commit));
    auto subject = safe->clean(subject_of(commit.message));
    auto text = safe->clean(*learning);
    if (!subject) return subject.error();
    if (!text) return text.error();
    entry.subject = std::move(*subject);
    entry.learning = std::move(*text);
    if (const auto context = find_section(commit.message, "Context"); context && !is_blank(*context)) {
      auto cleaned = safe->clean(*context);
      if (!cleaned) return cleaned.error();
      entry.context = std::move(*cleaned);
    }
    for (const auto& path : *paths) {
      auto cleaned = safe->clean(path);
      if (!cleaned) return cleaned.error();
      entry.paths.push_back(std::move(*cleaned));
    }
    learnings.entries.push_back(std::move(entry));
    return options.limit == 0 || learnings.entries.size() < options.limit;
  };
  if (auto walked = learnings::walk_log_order(repo, *sides->tip, sides->hidden, on_commit); !walked)
    return walked.error();
  return learnings;
}

}  // namespace agentops
