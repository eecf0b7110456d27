// Text output for people and agents: one block per finding with the rule id,
// path:line, what is wrong and how to fix it; a last line with the verdict.
#include <fmt/format.h>

#include "agentops/report.h"

namespace agentops {
namespace {

// Paths may hold newlines or control bytes; quote them the way git does
// (core.quotePath) so one finding stays on one line.
std::string display_path(std::string_view path) {
  bool plain = true;
  for (char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    plain = plain && c >= 0x20 && c != 0x7f && c != '"' && c != '\\';
  }
  if (plain) return std::string(path);
  std::string out = "\"";
  for (char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7f) {
      fmt::format_to(std::back_inserter(out), "\\{:03o}", c);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

}  // namespace

std::string format_text(const Report& report) {
  if (report.findings.empty()) return "";
  std::string out;
  size_t blocking = 0;
  for (const auto& finding : report.findings) {
    const bool blocks = finding.severity == Severity::block || finding.severity == Severity::gate;
    blocking += blocks ? 1 : 0;
    std::string where = finding.path.empty() ? "(change)" : display_path(finding.path);
    if (finding.line > 0) where += fmt::format(":{}", finding.line);
    fmt::format_to(std::back_inserter(out), "{} [{}] {}: {}", where, finding.rule,
                   to_string(finding.severity), finding.message);
    if (!finding.excerpt.empty()) fmt::format_to(std::back_inserter(out), " ({})", finding.excerpt);
    out += '\n';
    if (!finding.hint.empty()) fmt::format_to(std::back_inserter(out), "  fix: {}\n", finding.hint);
  }
  if (report.decision == Decision::block) {
    fmt::format_to(std::back_inserter(out),
                   "agentops: {} blocked by {} finding{} ({} warning{})\n",
                   report.stage, blocking, blocking == 1 ? "" : "s",
                   report.findings.size() - blocking,
                   report.findings.size() - blocking == 1 ? "" : "s");
  } else {
    fmt::format_to(std::back_inserter(out), "agentops: {} allowed with {} warning{}\n",
                   report.stage, report.findings.size(), report.findings.size() == 1 ? "" : "s");
  }
  return out;
}

std::string format_report(const Report& report, Format format) {
  return format == Format::json ? format_json(report) : format_text(report);
}

}  // namespace agentops
