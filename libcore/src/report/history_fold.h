// Folding one Report per judged commit into the figures of a HistoryReport
// (agentops/history_report.h). Kept apart from the git walk so the counting
// is tested without a repository.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "agentops/findings.h"
#include "agentops/history_report.h"
#include "agentops/message.h"
#include "agentops/policy.h"

namespace agentops::detail {

// The ISO 8601 week of `time` (seconds since the epoch, UTC): "2026-W49".
std::string iso_week(std::int64_t time);

// The time in an ident line as written ("Name <email> 1700000000 +0100"):
// seconds since the epoch; 0 when it has none that can be read.
std::int64_t ident_time(std::string_view ident);

// The committer time of a commit from its raw headers (the first
// "committer" line; the author's when it has none), as ident_time reads it.
std::int64_t commit_time(std::string_view headers);

// `text` with control characters (C0, DEL, C1) dropped, at most `max_bytes`
// bytes long, cut on a UTF-8 character boundary.
std::string printable_line(std::string_view text, size_t max_bytes);

// Whether the message has a body: a paragraph after the subject that is not
// only its trailer block.
bool has_body(std::string_view message, bool has_trailers);

// One judged commit, ready to fold.
struct JudgedCommit {
  std::string commit;   // full hex id
  std::string message;  // as stored
  std::string subject;  // redacted first line
  std::string reason;   // redacted one-line reason ("" for a compliant commit)
  std::int64_t time = 0;
  const Report* report = nullptr;  // this commit's findings and decision alone
};

// The verdict of one commit's own Report.
CommitVerdict verdict_of(const JudgedCommit& judged, bool agent);

// The reason a commit is not compliant, before redaction: "rule: message" of
// its first blocking finding, else its first pending gate; "" when compliant.
std::string raw_reason(const Report& report);

class HistoryFold {
 public:
  // `policy` (its [agents] markers, its required sections) must outlive the fold.
  explicit HistoryFold(const Policy& policy);
  void add(const JudgedCommit& judged);
  // The folded figures; range, judged_by, dry_run and duration are the caller's.
  HistoryReport finish();

 private:
  const Policy* policy_;
  std::vector<std::string> sections_;
  HistoryReport report_;
  std::map<std::string, RuleCommits> rules_;
  std::map<std::string, WeekCompliance> weeks_;
};

}  // namespace agentops::detail
