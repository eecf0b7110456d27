// Limits that keep a change within a reviewer's context: file sizes, the number
// of files and lines, binary content.
#include "rules/rule_families.h"

namespace agentops::rules {

void check_limits(const Change& change, const Policy& policy, std::vector<Finding>& findings) {
  const LimitsPolicy& limits = policy.limits;
  const Severity file_bytes = severity_of(policy, "limit.file-bytes");
  const Severity binary = limits.binary_files == BinaryFiles::block  ? Severity::block
                          : limits.binary_files == BinaryFiles::warn ? severity_of(policy, "limit.binary-file")
                                                                     : Severity::off;
  const Severity not_scanned = severity_of(policy, "limit.not-scanned");
  for (const auto& file : change.files) {
    if (file.status == FileStatus::deleted) continue;
    const bool too_big = limits.max_file_bytes > 0 && file.size > limits.max_file_bytes;
    if (too_big && file_bytes != Severity::off) {
      findings.push_back(Finding{"limit.file-bytes", file_bytes, file.path, 0,
                                 "file is " + std::to_string(file.size) + " bytes; the limit is " +
                                     std::to_string(limits.max_file_bytes),
                                 "keep large files out of git (Git LFS, an artifact store), or raise "
                                 "[limits] max_file_bytes",
                                 "", ""});
    }
    // Unscanned content is reported unless a size finding already refuses the file.
    const bool refused_by_size = too_big && (file_bytes == Severity::block || file_bytes == Severity::gate);
    if (file.not_scanned && !refused_by_size && not_scanned != Severity::off) {
      findings.push_back(Finding{"limit.not-scanned", not_scanned, file.path, 0,
                                 "file is " + std::to_string(file.size) + " bytes, too large to scan for secrets",
                                 "set [limits] max_file_bytes so that files this large are refused", "", ""});
    }
    if (file.binary && binary != Severity::off) {
      findings.push_back(Finding{"limit.binary-file", binary, file.path, 0, "binary file in the change",
                                 "keep binary artifacts out of git, or set [limits] binary_files = \"allow\"",
                                 "", ""});
    }
  }
  const Severity files_changed = severity_of(policy, "limit.files-changed");
  if (limits.max_files_changed > 0 && change.files.size() > limits.max_files_changed &&
      files_changed != Severity::off) {
    findings.push_back(Finding{"limit.files-changed", files_changed, "", 0,
                               "the change touches " + std::to_string(change.files.size()) +
                                   " files; the limit is " + std::to_string(limits.max_files_changed),
                               "split it into smaller commits", "", ""});
  }
  const Severity lines_severity = severity_of(policy, "limit.lines-changed");
  const std::uint64_t lines = change.lines_changed();
  if (limits.max_lines_changed > 0 && lines > limits.max_lines_changed && lines_severity != Severity::off) {
    findings.push_back(Finding{"limit.lines-changed", lines_severity, "", 0,
                               "the change adds and removes " + std::to_string(lines) +
                                   " lines; the limit is " + std::to_string(limits.max_lines_changed),
                               "split it into smaller commits, each whole and green", "", ""});
  }
}

void check_size_gate(const Change& change, const Policy& policy, std::vector<Finding>& findings) {
  const GatesPolicy& gates = policy.gates;
  const Severity severity = severity_of(policy, "change.size-gate");
  if (severity == Severity::off) return;
  const std::uint64_t lines = change.lines_changed();
  const bool too_many_lines = gates.max_lines_without_approval > 0 && lines > gates.max_lines_without_approval;
  const bool too_many_files =
      gates.max_files_without_approval > 0 && change.files.size() > gates.max_files_without_approval;
  if (!too_many_lines && !too_many_files) return;
  findings.push_back(Finding{
      "change.size-gate", severity, "", 0,
      "the change (" + std::to_string(change.files.size()) + " files, " + std::to_string(lines) +
          " lines) is above what may be committed without a human's approval",
      "split it, or have a person approve it", "", ""});
}

}  // namespace agentops::rules
