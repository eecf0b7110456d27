// report_range: every commit of BASE..HEAD judged as check --range judges it,
// but each into its own Report, then folded (history_fold.h).
#include "agentops/history_report.h"

#include <chrono>
#include <map>

#include "approval/require_signed.h"
#include "commit_judge.h"
#include "git/raw_objects.h"
#include "range_walk.h"
#include "report/history_fold.h"

namespace agentops {
namespace {

// Subjects and reasons shown in a report: one line, no secret, bounded.
constexpr size_t kMaxSubjectBytes = 200;
constexpr size_t kMaxReasonBytes = 300;

std::string first_line(std::string_view message) { return std::string(message.substr(0, message.find('\n'))); }

// `text` as a report may show it: control characters dropped first (a byte
// inside a key would hide it from redaction, then vanish and join the key up
// again), then secrets redacted by the judging policy, then cut to size.
Result<std::string> shown(detail::CommitJudge& judge, const std::string& text, size_t max_bytes) {
  auto redacted = judge.shown_name(detail::printable_line(text, text.size()));
  if (!redacted) return redacted.error();
  return detail::printable_line(*redacted, max_bytes);
}

// What the fold took from messages and findings besides subjects and
// reasons (approvers, trailer keys), shown the same way: a trailer can hold a key.
Status redact_the_rest(detail::CommitJudge& judge, HistoryReport& report) {
  for (auto& change : report.protected_changes) {
    auto approver = shown(judge, change.approver, kMaxSubjectBytes);
    if (!approver) return approver.error();
    change.approver = std::move(*approver);
  }
  std::map<std::string, std::uint64_t> trailers;
  for (const auto& [key, count] : report.hygiene.trailers) {
    auto shown_key = shown(judge, key, kMaxSubjectBytes);
    if (!shown_key) return shown_key.error();
    trailers[*shown_key] += count;
  }
  report.hygiene.trailers = std::move(trailers);
  return Ok{};
}

}  // namespace

Result<HistoryReport> report_range(const git::Repository& repo, const std::string& range,
                                   const std::function<void(size_t, size_t)>& progress, const Policy* judged_by,
                                   const std::string& judged_by_name) {
  const auto start = std::chrono::steady_clock::now();
  auto resolved = detail::resolve_range(repo, range, judged_by);
  if (!resolved) return resolved.error();
  if (resolved->head.type != GIT_OBJECT_COMMIT)
    return Error{"the head of '" + range + "' is not a commit: report --range counts commits"};
  const Policy& policy = resolved->policy;
  auto judge = detail::CommitJudge::create(repo, policy);
  if (!judge) return judge.error();
  auto commits = detail::new_commits(repo, {resolved->head.target}, {resolved->base.target});
  if (!commits) return commits.error();
  if (auto fetched = detail::fetch_missing_blobs(repo, *commits); !fetched) return fetched.error();

  detail::HistoryFold fold(policy);
  size_t judged = 0;
  for (const auto& id : *commits) {
    // Each commit into its own Report: its decision is its own, not the range's so far.
    Report report = detail::range_report("range", policy);
    if (auto done = judge->judge(id, report); !done) return done.error();
    if (auto signed_ok = approval::check_require_signed(repo, id, policy, report); !signed_ok) return signed_ok.error();
    auto commit = git::read_raw_commit(repo, id);
    if (!commit) return commit.error();
    detail::JudgedCommit entry;
    entry.commit = git::hex_of(id);
    entry.message = std::move(commit->message);
    auto subject = shown(*judge, first_line(entry.message), kMaxSubjectBytes);
    if (!subject) return subject.error();
    entry.subject = std::move(*subject);
    auto reason = shown(*judge, detail::raw_reason(report), kMaxReasonBytes);
    if (!reason) return reason.error();
    entry.reason = std::move(*reason);
    entry.time = detail::commit_time(commit->headers);
    entry.report = &report;
    fold.add(entry);
    if (progress) progress(++judged, commits->size());
  }

  HistoryReport report = fold.finish();
  if (auto redacted = redact_the_rest(*judge, report); !redacted) return redacted.error();
  report.range = range;
  report.dry_run = judged_by != nullptr;
  report.judged_by = judged_by ? (judged_by_name.empty() ? "the dry run's policy" : judged_by_name)
                               : "the policy of " + resolved->sides.base;
  report.duration_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace agentops
