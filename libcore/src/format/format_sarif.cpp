// SARIF 2.1.0 for code scanning (GitHub, GitLab): one run, the rules that fired
// with their descriptions, one result per finding. Levels: block and gate are
// errors, warnings are warnings, and a gated finding a person approved is a
// note with an accepted external suppression (SARIF 2.1.0 3.27.23, 3.35), as
// is a baselined one. partialFingerprints (3.27.17) name each across runs.
// Excerpts are already redacted.
#include <fmt/format.h>

#include <map>

#include "agentops/baseline.h"
#include "agentops/report.h"
#include "agentops/rules.h"
#include "format/json_string.h"

namespace agentops {
namespace {

using detail::append_json_string;

// A repository-relative path as a URI reference: unreserved bytes and '/' stay,
// everything else is percent-encoded.
std::string uri_of(std::string_view path) {
  std::string uri;
  for (char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                       c == '.' || c == '_' || c == '~' || c == '/';
    if (plain) uri += ch;
    else fmt::format_to(std::back_inserter(uri), "%{:02X}", c);
  }
  return uri;
}

const char* level_of(Severity severity) { return severity == Severity::warn ? "warning" : "error"; }

void text_object(std::string& out, const char* key, std::string_view text) {
  fmt::format_to(std::back_inserter(out), "\"{}\":{{\"text\":", key);
  append_json_string(out, text);
  out += '}';
}

}  // namespace

std::string format_sarif(const Report& report) {
  // The rules that fired, in first-seen order, and each one's index.
  std::map<std::string, size_t> index_of;
  std::vector<const Finding*> first_of_rule;
  for (const auto& finding : report.findings) {
    if (index_of.emplace(finding.rule, first_of_rule.size()).second) first_of_rule.push_back(&finding);
  }
  std::string out =
      "{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\",\"runs\":[{"
      "\"tool\":{\"driver\":{\"name\":\"agentops\",\"version\":\"" AGENTOPS_VERSION_STRING "\","
      "\"rules\":[";
  for (size_t i = 0; i < first_of_rule.size(); ++i) {
    const Finding& finding = *first_of_rule[i];
    const RuleInfo* builtin = find_builtin_rule(finding.rule);
    if (i > 0) out += ',';
    out += "{\"id\":";
    append_json_string(out, finding.rule);
    out += ',';
    text_object(out, "shortDescription", builtin ? builtin->summary : finding.message);
    out += ',';
    text_object(out, "help", builtin ? builtin->fix : finding.hint);
    fmt::format_to(std::back_inserter(out), ",\"defaultConfiguration\":{{\"level\":\"{}\"}}}}",
                   level_of(finding.severity));
  }
  out += "]}},\"results\":[";
  for (size_t i = 0; i < report.findings.size(); ++i) {
    const Finding& finding = report.findings[i];
    if (i > 0) out += ',';
    out += "{\"ruleId\":";
    append_json_string(out, finding.rule);
    const bool approved = !finding.approved_by.empty();
    fmt::format_to(std::back_inserter(out), ",\"ruleIndex\":{},\"level\":\"{}\",", index_of.at(finding.rule),
                   approved || finding.baselined ? "note" : level_of(finding.severity));
    std::string message = finding.message;
    if (!finding.excerpt.empty()) message += " (" + finding.excerpt + ")";
    const std::string approval =
        "approved by " + finding.approved_by +
        (finding.approval ? " (signed approval, key " + finding.approval->key + ")"
                          : " (" + report.approval_trailer + " trailer)");
    if (approved) message += " (" + approval + ")";
    else if (!finding.hint.empty()) message += ". Fix: " + finding.hint;
    text_object(out, "message", message);
    if (approved || finding.baselined) {
      out += ",\"suppressions\":[{\"kind\":\"external\",\"status\":\"accepted\",\"justification\":";
      append_json_string(out, approved ? approval : "baselined: " + finding.baseline_reason);
      out += "}]";
    }
    // Code scanning follows an alert across runs by it: keyed by the
    // baseline when there is one, else over what the result already shows.
    out += ",\"partialFingerprints\":{\"agentops/v1\":";
    append_json_string(out, finding.fingerprint.empty() ? finding_fingerprint("", finding) : finding.fingerprint);
    out += '}';
    if (!finding.path.empty() && !finding.path.starts_with("refs/")) {
      out += ",\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":";
      append_json_string(out, uri_of(finding.path));
      out += ",\"uriBaseId\":\"%SRCROOT%\"}";
      if (finding.line > 0) fmt::format_to(std::back_inserter(out), ",\"region\":{{\"startLine\":{}}}", finding.line);
      out += "}}]";
    }
    out += ",\"properties\":{\"severity\":";
    append_json_string(out, to_string(finding.severity));
    if (approved) {
      out += ",\"approved_by\":";
      append_json_string(out, finding.approved_by);
    }
    if (finding.approval) detail::append_approval_record(out, *finding.approval);
    if (!finding.commit.empty()) {
      out += ",\"commit\":";
      append_json_string(out, finding.commit);
    }
    out += "}}";
  }
  out += "]}]}\n";
  return out;
}

}  // namespace agentops
