// JSON output, version 1 (DESIGN.md). Strings are escaped byte-exactly; invalid
// UTF-8 in paths is replaced with U+FFFD so the document stays valid JSON.
#include <fmt/format.h>

#include "agentops/report.h"
#include "format/json_string.h"

namespace agentops {

using detail::append_json_string;

std::string format_json(const Report& report) {
  std::string out = "{\"version\":1,\"stage\":";
  append_json_string(out, report.stage);
  out += ",\"decision\":";
  append_json_string(out, to_string(report.decision));
  out += ",\"findings\":[";
  for (size_t i = 0; i < report.findings.size(); ++i) {
    const Finding& finding = report.findings[i];
    if (i > 0) out += ',';
    out += "{\"rule\":";
    append_json_string(out, finding.rule);
    out += ",\"severity\":";
    append_json_string(out, to_string(finding.severity));
    out += ",\"path\":";
    append_json_string(out, finding.path);
    fmt::format_to(std::back_inserter(out), ",\"line\":{}", finding.line);
    out += ",\"message\":";
    append_json_string(out, finding.message);
    out += ",\"hint\":";
    append_json_string(out, finding.hint);
    out += ",\"excerpt\":";
    append_json_string(out, finding.excerpt);
    if (!finding.commit.empty()) {
      out += ",\"commit\":";
      append_json_string(out, finding.commit);
    }
    if (!finding.approved_by.empty()) {
      out += ",\"approved_by\":";
      append_json_string(out, finding.approved_by);
    }
    if (finding.approval) detail::append_approval_record(out, *finding.approval);
    if (finding.baselined) {
      out += ",\"baselined\":true,\"baseline_reason\":";
      append_json_string(out, finding.baseline_reason);
    }
    out += '}';
  }
  out += ']';
  // How a person approves, when that is the next step.
  if (report.decision == Decision::gate) {
    out += ",\"approval\":{\"trailer\":";
    append_json_string(out, report.approval_trailer);
    out += ",\"approvers\":[";
    for (size_t i = 0; i < report.approvers.size(); ++i) {
      if (i > 0) out += ',';
      append_json_string(out, report.approvers[i]);
    }
    out += ']';
    if (!report.unlisted_approver.empty()) {
      out += ",\"unlisted_approver\":";
      append_json_string(out, report.unlisted_approver);
    }
    if (report.signed_approval) out += ",\"mode\":\"signed\"";
    out += '}';
  }
  out += ",\"stats\":{";
  if (report.stats.commits > 0) fmt::format_to(std::back_inserter(out), "\"commits\":{},", report.stats.commits);
  fmt::format_to(std::back_inserter(out), "\"files\":{},\"bytes\":{},\"duration_ms\":{:.3f}}}}}\n",
                 report.stats.files, report.stats.bytes, report.stats.duration_ms);
  return out;
}

}  // namespace agentops
