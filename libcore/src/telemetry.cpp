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

#include <fmt/format.h>

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

void append_findings(std::string& line, const Report& report) {
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
}

std::string decision_line(const Report& report, const std::string& attempt) {
  std::string line = "{\"time\":\"" + now_utc() + "\",\"stage\":";
  detail::append_json_string(line, report.stage);
  line += ",\"decision\":";
  detail::append_json_string(line, to_string(report.decision));
  if (!attempt.empty()) {
    line += ",\"attempt\":";
    detail::append_json_string(line, attempt);
  }
  append_findings(line, report);
  return line;
}

std::string bypass_line(const std::string& commit_hex, const std::string& why, const Report* judged) {
  std::string line = "{\"time\":\"" + now_utc() + "\",\"stage\":\"post-commit\",\"decision\":\"bypass\",\"commit\":";
  detail::append_json_string(line, commit_hex);
  line += ",\"why\":";
  detail::append_json_string(line, why);
  line += ",\"rejudged\":";
  detail::append_json_string(line, judged ? to_string(judged->decision) : "unknown");
  if (judged) {
    append_findings(line, *judged);
  } else {
    line += ",\"findings\":[],\"files\":0,\"commits\":1,\"duration_ms\":0.000}\n";
  }
  return line;
}

Status append_line(const git::Repository& repo, const std::string& line) {
  const std::filesystem::path path = telemetry_path(repo);
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) return Error{"cannot create " + path.parent_path().string() + ": " + ec.message()};
  struct stat status {};
  if (::stat(path.c_str(), &status) == 0 && status.st_size > kRotateBytes)
    std::filesystem::rename(path, path.string() + ".1", ec);
  // One write with O_APPEND: concurrent hooks (two worktrees) never interleave a line.
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return Error{"cannot write " + path.string() + ": " + std::strerror(errno)};
  const ssize_t written = ::write(fd, line.data(), line.size());
  ::close(fd);
  if (written != static_cast<ssize_t>(line.size())) return Error{"cannot write " + path.string()};
  return Ok{};
}

}  // namespace

std::string telemetry_path(const git::Repository& repo) {
  return std::string(git_repository_commondir(repo.get())) + "agentops/decisions.jsonl";
}

Status record_decision(const git::Repository& repo, const Report& report, const std::string& attempt) {
  if (!report.record) return Ok{};
  return append_line(repo, decision_line(report, attempt));
}

Status record_bypass(const git::Repository& repo, const std::string& commit_hex, const std::string& why,
                     const Report* judged) {
  if (judged && !judged->record) return Ok{};
  return append_line(repo, bypass_line(commit_hex, why, judged));
}

}  // namespace agentops
