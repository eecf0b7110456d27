// `agentops report --range BASE..HEAD`: options and output; libcore judges
// and folds (agentops/history_report.h). The report is a measurement, not a
// gate: it exits 0 when it was made, whatever the compliance.
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>

#include "agentops/history_report.h"
#include "agentops/policy_sources.h"
#include "progress_line.h"
#include "report_command.h"

namespace agentops::cli {
namespace {

// `text` into `path` whole or not at all: a temporary file beside it, renamed
// over it, so a reader never sees half a report.
std::string write_atomically(const std::string& path, const std::string& text) {
  std::string temp = path + ".tmp.XXXXXX";
  const int fd = mkstemp(temp.data());
  if (fd < 0) return "cannot create a file beside " + path + ": " + std::strerror(errno);
  size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string why = std::strerror(errno);
      ::close(fd);
      ::unlink(temp.c_str());
      return "cannot write " + temp + ": " + why;
    }
    written += static_cast<size_t>(n);
  }
  // mkstemp makes the file 0600; a report is as readable as any file written here.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  const bool readable = ::fchmod(fd, static_cast<mode_t>(0666) & ~mask) == 0;
  const bool closed = ::close(fd) == 0;
  if (!readable || !closed || std::rename(temp.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(temp.c_str());
    return "cannot write " + path + ": " + why;
  }
  return "";
}

}  // namespace

int run_range_report(const Args& args) {
  git::OpenOptions open;
  std::string range, policy_file, preset, format = "text", output;
  bool range_given = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const bool has_value = i + 1 < args.size();
    if (args[i] == "--range" && has_value) {
      range = args[++i];
      range_given = true;
    } else if (args[i] == "--policy" && has_value) {
      policy_file = args[++i];
    } else if (args[i] == "--preset" && has_value) {
      preset = args[++i];
    } else if (args[i] == "--format" && has_value) {
      format = args[++i];
    } else if (args[i] == "--output" && has_value) {
      output = args[++i];
    } else if (args[i] == "--repo" && has_value) {
      open = git::OpenOptions{args[++i], false};
    } else {
      return usage_error("report: unknown argument '" + args[i] + "'", kReportUsage);
    }
  }
  if (!range_given) return usage_error("report --range: give BASE..HEAD", kReportUsage);
  if (auto problem = range_problem(range); !problem.empty()) return usage_error("report --range: " + problem, kReportUsage);
  if (format != "text" && format != "json" && format != "html")
    return usage_error("report: unknown format '" + format + "' (text, json, html)", kReportUsage);
  if (!policy_file.empty() && !preset.empty())
    return usage_error("report: give at most one of --policy FILE or --preset NAME", kReportUsage);

  std::optional<Policy> judged_by;
  std::string judged_by_name;
  if (!policy_file.empty() || !preset.empty()) {
    auto loaded = preset.empty() ? load_policy_file(policy_file) : load_preset(preset);
    if (!loaded) return fail(loaded.error().message);
    judged_by = std::move(*loaded);
    judged_by_name = preset.empty() ? "the policy file " + policy_file : "the preset " + preset;
  }
  auto repo = git::open_repository(open);
  if (!repo) return fail(repo.error().message);
  auto report = report_range(*repo, range, progress_line(), judged_by ? &*judged_by : nullptr, judged_by_name);
  if (!report) return fail(report.error().message);
  // Said on stderr, so that JSON and HTML on stdout stay one document.
  if (judged_by)
    std::fprintf(stderr, "agentops: dry run: judged by %s, not the repository's policy (an organisation floor still applies)\n",
                 judged_by_name.c_str());
  const std::string text = format == "json"   ? format_history_json(*report)
                           : format == "html" ? format_history_html(*report)
                                              : format_history_text(*report);
  if (output.empty()) {
    std::fputs(text.c_str(), stdout);
    return std::fflush(stdout) == 0 ? 0 : fail("cannot write the report to stdout");
  }
  if (auto problem = write_atomically(output, text); !problem.empty()) return fail(problem);
  return 0;
}

}  // namespace agentops::cli
