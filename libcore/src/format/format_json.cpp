// JSON output, version 1 (DESIGN.md). Strings are escaped byte-exactly; invalid
// UTF-8 in paths is replaced with U+FFFD so the document stays valid JSON.
#include <fmt/format.h>

#include "agentops/report.h"

namespace agentops {
namespace {

// Length of the valid UTF-8 sequence at text[i], or 0 when it is invalid.
size_t utf8_sequence_length(std::string_view text, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
  if (length == 0 || i + length > text.size()) return 0;
  for (size_t k = 1; k < length; ++k)
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  if (length == 2 && lead < 0xC2) return 0;  // overlong
  return length;
}

void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  for (size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    switch (c) {
      case '"': out += "\\\""; ++i; continue;
      case '\\': out += "\\\\"; ++i; continue;
      case '\n': out += "\\n"; ++i; continue;
      case '\r': out += "\\r"; ++i; continue;
      case '\t': out += "\\t"; ++i; continue;
      default: break;
    }
    if (c < 0x20) {
      fmt::format_to(std::back_inserter(out), "\\u{:04x}", c);
      ++i;
      continue;
    }
    const size_t length = utf8_sequence_length(text, i);
    if (length == 0) {
      out += "\\ufffd";
      ++i;
      continue;
    }
    out.append(text.substr(i, length));
    i += length;
  }
  out += '"';
}

}  // namespace

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
    out += '}';
  }
  out += "],\"stats\":{";
  if (report.stats.commits > 0) fmt::format_to(std::back_inserter(out), "\"commits\":{},", report.stats.commits);
  fmt::format_to(std::back_inserter(out), "\"files\":{},\"bytes\":{},\"duration_ms\":{:.3f}}}}}\n",
                 report.stats.files, report.stats.bytes, report.stats.duration_ms);
  return out;
}

}  // namespace agentops
