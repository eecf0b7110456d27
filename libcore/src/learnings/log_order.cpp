// git log's default order over a range (log_order.h).
#include "learnings/log_order.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <queue>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace agentops::learnings {
namespace {

struct OidHash {
  size_t operator()(const git_oid& id) const {
    size_t hash = 0;
    std::memcpy(&hash, id.id, sizeof hash);
    return hash;
  }
};
struct OidEqual {
  bool operator()(const git_oid& a, const git_oid& b) const { return git_oid_cmp(&a, &b) == 0; }
};
using OidSet = std::unordered_set<git_oid, OidHash, OidEqual>;

std::string_view committer_header(const git::RawCommit& commit) {
  std::string_view headers = commit.headers;
  size_t at = 0;
  while (at < headers.size()) {
    const size_t end = std::min(headers.find('\n', at), headers.size());
    const std::string_view line = headers.substr(at, end - at);
    if (line.starts_with("committer ")) return line.substr(10);
    at = end + 1;
  }
  return {};
}

// What follows the first '>' of the committer line: " 1700000000 +0100".
std::string_view after_email(const git::RawCommit& commit) {
  const std::string_view line = committer_header(commit);
  const size_t close = line.find('>');
  return close == std::string_view::npos ? std::string_view() : line.substr(close + 1);
}

// Adds everything reachable from `hidden` to `seen` (what A..B leaves out).
// (An out-parameter: GCC 12 misreads a Result<unordered_set> as freeing a non-heap object.)
Status reachable_from(const git::Repository& repo, const git_oid& hidden, OidSet& seen) {
  seen.insert(hidden);
  std::vector<git_oid> pending{hidden};
  while (!pending.empty()) {
    const git_oid id = pending.back();
    pending.pop_back();
    if (!git::has_object(repo, id)) continue;
    auto commit = git::read_raw_commit(repo, id);
    if (!commit) return commit.error();
    for (const auto& parent : commit->parents)
      if (seen.insert(parent).second) pending.push_back(parent);
  }
  return Ok{};
}

struct Queued {
  std::int64_t time;
  std::uint64_t order;  // when it was met: equal times leave first in, first out
  git_oid id;
};
struct LeavesLater {
  bool operator()(const Queued& a, const Queued& b) const {
    return a.time != b.time ? a.time < b.time : a.order > b.order;
  }
};

}  // namespace

std::int64_t committer_time(const git::RawCommit& commit) {
  const std::string_view rest = after_email(commit);
  size_t i = 0;
  while (i < rest.size() && rest[i] == ' ') ++i;
  std::int64_t time = 0;
  for (; i < rest.size() && rest[i] >= '0' && rest[i] <= '9'; ++i) {
    if (time > (INT64_MAX - 9) / 10) return 0;  // overflow: git reads it as 0 as well
    time = time * 10 + (rest[i] - '0');
  }
  return time;
}

int committer_offset_minutes(const git::RawCommit& commit) {
  const std::string_view rest = after_email(commit);
  const size_t sign = rest.find_first_of("+-");
  if (sign == std::string_view::npos || sign + 5 > rest.size()) return 0;
  const std::string_view digits = rest.substr(sign + 1, 4);
  for (const char c : digits)
    if (c < '0' || c > '9') return 0;
  const int minutes = ((digits[0] - '0') * 10 + (digits[1] - '0')) * 60 + (digits[2] - '0') * 10 + (digits[3] - '0');
  return rest[sign] == '-' ? -minutes : minutes;
}

Status walk_log_order(const git::Repository& repo, const git_oid& tip, const std::optional<git_oid>& hidden,
                      const std::function<Result<bool>(git::RawCommit&)>& on_commit) {
  OidSet seen;
  if (hidden) {
    if (auto reached = reachable_from(repo, *hidden, seen); !reached) return reached;
  }
  std::priority_queue<Queued, std::vector<Queued>, LeavesLater> queue;
  std::unordered_map<git_oid, git::RawCommit, OidHash, OidEqual> waiting;  // read, not yet left
  std::uint64_t order = 0;
  const auto meet = [&](const git_oid& id) -> Status {
    if (!seen.insert(id).second || !git::has_object(repo, id)) return Ok{};
    auto commit = git::read_raw_commit(repo, id);
    if (!commit) return commit.error();
    queue.push(Queued{committer_time(*commit), order++, id});
    waiting.emplace(id, std::move(*commit));
    return Ok{};
  };
  if (seen.count(tip)) return Ok{};
  if (!git::has_object(repo, tip)) return Error{"commit " + git::hex_of(tip) + " is not in the repository"};
  if (auto met = meet(tip); !met) return met;
  while (!queue.empty()) {
    const git_oid id = queue.top().id;
    queue.pop();
    auto node = waiting.extract(id);
    git::RawCommit& commit = node.mapped();
    for (const auto& parent : commit.parents)
      if (auto met = meet(parent); !met) return met;
    auto more = on_commit(commit);
    if (!more) return more.error();
    if (!*more) break;
  }
  return Ok{};
}

}  // namespace agentops::learnings
