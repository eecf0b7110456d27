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

// Messages may quote commit subjects and file content: control bytes (terminal
// escape sequences, newlines) are shown as \ooo so a finding stays one line.
std::string printable(std::string_view text) {
  std::string out;
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7f) fmt::format_to(std::back_inserter(out), "\\{:03o}", c);
    else out += ch;
  }
  return out;
}

const char* plural(size_t n) { return n == 1 ? "" : "s"; }

}  // namespace

std::string format_text(const Report& report) {
  if (report.findings.empty()) return "";
  std::string out;
  size_t blocking = 0, gated = 0, warnings = 0;
  for (const auto& finding : report.findings) {
    if (finding.severity == Severity::block) ++blocking;
    else if (finding.severity == Severity::gate) ++gated;
    else ++warnings;
    std::string where = !finding.path.empty()                ? display_path(finding.path)
                        : finding.rule.starts_with("message.") ? "(message)"
                        : finding.rule.starts_with("branch.")  ? "(branch)"
                                                               : "(change)";
    if (finding.line > 0) where += fmt::format(":{}", finding.line);
    if (!finding.commit.empty()) where = finding.commit.substr(0, 12) + " " + where;
    fmt::format_to(std::back_inserter(out), "{} [{}] {}: {}", where, finding.rule,
                   to_string(finding.severity), printable(finding.message));
    if (!finding.excerpt.empty()) fmt::format_to(std::back_inserter(out), " ({})", printable(finding.excerpt));
    out += '\n';
    if (!finding.hint.empty()) fmt::format_to(std::back_inserter(out), "  fix: {}\n", printable(finding.hint));
  }
  const std::string approval = report.approval_trailer + ": Name <email>";
  if (gated > 0 && report.gate == GateState::pending) {
    fmt::format_to(std::back_inserter(out),
                   "agentops: {} gated finding{} need{} a person's approval: the commit message must end "
                   "with the trailer '{}' (checked by the commit-msg hook)\n",
                   gated, plural(gated), gated == 1 ? "s" : "", approval);
  } else if (gated > 0 && report.gate == GateState::missing) {
    fmt::format_to(std::back_inserter(out),
                   "agentops: a person must approve: add the trailer '{}' to the commit message\n", approval);
  }
  if (report.decision == Decision::block) {
    fmt::format_to(std::back_inserter(out), "agentops: {} blocked ({} blocking, {} gated, {} warning{})\n",
                   report.stage, blocking, gated, warnings, plural(warnings));
  } else {
    fmt::format_to(std::back_inserter(out), "agentops: {} allowed ({} gated, {} warning{})\n", report.stage,
                   gated, warnings, plural(warnings));
  }
  return out;
}

std::string format_report(const Report& report, Format format) {
  switch (format) {
    case Format::json: return format_json(report);
    case Format::sarif: return format_sarif(report);
    case Format::text: break;
  }
  return format_text(report);
}

}  // namespace agentops
