// The decision log: append-only JSON lines, one per decision.
#include "agentops/telemetry.h"

#include <fcntl.h>
#include <git2.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <re2/re2.h>

#include "format/json_string.h"

namespace agentops {
namespace {

constexpr off_t kRotateBytes = 8 << 20;

std::string now_utc() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

std::string decision_line(const Report& report) {
  std::string line = "{\"time\":\"" + now_utc() + "\",\"stage\":";
  detail::append_json_string(line, report.stage);
  line += ",\"decision\":";
  detail::append_json_string(line, to_string(report.decision));
  line += ",\"findings\":[";
  for (size_t i = 0; i < report.findings.size(); ++i) {
    const Finding& finding = report.findings[i];
    if (i > 0) line += ',';
    line += "{\"rule\":";
    detail::append_json_string(line, finding.rule);
    line += ",\"severity\":";
    detail::append_json_string(line, to_string(finding.severity));
    line += ",\"path\":";
    detail::append_json_string(line, finding.path);
    const bool blocking = finding.severity == Severity::block ||
                          (finding.severity == Severity::gate && finding.approved_by.empty() &&
                           report.gate != GateState::approved);
    fmt::format_to(std::back_inserter(line), ",\"line\":{},\"blocking\":{}}}", finding.line, blocking);
  }
  fmt::format_to(std::back_inserter(line), "],\"files\":{},\"commits\":{},\"duration_ms\":{:.3f}}}\n",
                 report.stats.files, report.stats.commits, report.stats.duration_ms);
  return line;
}

}  // namespace

std::string telemetry_path(const git::Repository& repo) {
  return std::string(git_repository_commondir(repo.get())) + "agentops/decisions.jsonl";
}

Status record_decision(const git::Repository& repo, const Report& report) {
  if (!report.record) return Ok{};
  const std::filesystem::path path = telemetry_path(repo);
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) return Error{"cannot create " + path.parent_path().string() + ": " + ec.message()};
  struct stat status {};
  if (::stat(path.c_str(), &status) == 0 && status.st_size > kRotateBytes)
    std::filesystem::rename(path, path.string() + ".1", ec);
  const std::string line = decision_line(report);
  // One write with O_APPEND: concurrent hooks (two worktrees) never interleave a line.
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return Error{"cannot write " + path.string() + ": " + std::strerror(errno)};
  const ssize_t written = ::write(fd, line.data(), line.size());
  ::close(fd);
  if (written != static_cast<ssize_t>(line.size())) return Error{"cannot write " + path.string()};
  return Ok{};
}

Result<DecisionSummary> summarize_decisions(const git::Repository& repo, const std::string& since) {
  DecisionSummary summary;
  static const RE2 decision(R"re(^\{"time":"([^"]+)","stage":"([^"]+)","decision":"(allow|gate|block)")re");
  static const RE2 finding(R"re(\{"rule":"([^"]+)","severity":"[^"]+","path":"(?:[^"\\]|\\.)*","line":\d+,"blocking":(true|false)\})re");
  const std::string path = telemetry_path(repo);
  for (const std::string& file : {path + ".1", path}) {
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
      ++summary.lines;
      std::string time, stage, verdict;
      if (!RE2::PartialMatch(line, decision, &time, &stage, &verdict)) {
        ++summary.unreadable;
        continue;
      }
      if (!since.empty() && time < since) continue;
      // A gate is blocked until a person approves (the approval is its own decision).
      ++(verdict == "allow" ? summary.allowed : summary.blocked)[stage];
      re2::StringPiece rest(line);
      std::string rule, blocking;
      while (RE2::FindAndConsume(&rest, finding, &rule, &blocking)) {
        RuleTally& tally = summary.rules[rule];
        ++tally.findings;
        if (blocking == "true") ++tally.blocking;
      }
    }
  }
  return summary;
}

}  // namespace agentops
