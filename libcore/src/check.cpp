// The check pipeline: git state -> Change -> rules of the effective Policy ->
// Findings -> Decision, as one Report.
#include "agentops/check.h"

#include <git2.h>

#include <chrono>

#include "agentops/secrets.h"

namespace agentops {
namespace {

// Blobs are read for scanning only up to this size when no file-size limit is set.
constexpr std::uint64_t kDefaultMaxScanBytes = 64ull << 20;

ChangeOptions change_options_for(const Policy& policy) {
  ChangeOptions options;
  // A file above max_file_bytes is blocked by size; loading it would only cost time.
  options.max_scan_bytes = policy.limits.max_file_bytes > 0
                               ? std::min(policy.limits.max_file_bytes, kDefaultMaxScanBytes)
                               : kDefaultMaxScanBytes;
  return options;
}

void check_size(const ChangedFile& file, const LimitsPolicy& limits, std::vector<Finding>& findings) {
  if (file.status == FileStatus::deleted) return;
  if (limits.max_file_bytes > 0 && file.size > limits.max_file_bytes) {
    findings.push_back(Finding{
        "limit.file-bytes", limits.file_bytes_severity, file.path, 0,
        "file is " + std::to_string(file.size) + " bytes; the limit is " +
            std::to_string(limits.max_file_bytes),
        "keep large files out of git (Git LFS, an artifact store), or raise [limits] max_file_bytes",
        ""});
  } else if (file.not_scanned) {
    findings.push_back(Finding{
        "limit.not-scanned", Severity::warn, file.path, 0,
        "file is " + std::to_string(file.size) + " bytes, too large to scan for secrets", 
        "set [limits] max_file_bytes so files this large are refused", ""});
  }
}

}  // namespace

Result<Policy> load_staged_policy(const git::Repository& repo) {
  auto index = repo.index();
  if (!index) return index.error();
  const git_index_entry* entry = git_index_get_bypath(index->get(), kPolicyPath, 0);
  if (!entry) return load_preset("baseline");
  git_blob* raw = nullptr;
  if (git_blob_lookup(&raw, repo.get(), &entry->id) != 0)
    return git::last_error(std::string("cannot read the staged ") + kPolicyPath);
  git::BlobPtr blob(raw);
  const auto* content = static_cast<const char*>(git_blob_rawcontent(blob.get()));
  const auto size = static_cast<size_t>(git_blob_rawsize(blob.get()));
  return load_policy(PolicySource{kPolicyPath, std::string(content, size)});
}

Result<std::vector<Finding>> evaluate(const Change& change, const Policy& policy) {
  auto scanner = SecretScanner::compile(policy.secrets);
  if (!scanner) return scanner.error();
  std::vector<Finding> findings;
  for (const auto& file : change.files) {
    check_size(file, policy.limits, findings);
    if (auto scanned = scanner->scan(file, findings); !scanned) return scanned.error();
  }
  return findings;
}

Result<Report> check_staged(const git::Repository& repo, const std::string& stage) {
  const auto start = std::chrono::steady_clock::now();
  auto policy = load_staged_policy(repo);
  if (!policy) return policy.error();
  auto change = read_staged_change(repo, change_options_for(*policy));
  if (!change) return change.error();
  auto findings = evaluate(*change, *policy);
  if (!findings) return findings.error();

  Report report;
  report.stage = stage;
  report.findings = std::move(*findings);
  report.decision = decide(report.findings);
  report.stats.files = change->files.size();
  report.stats.bytes = change->added_bytes();
  report.stats.duration_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace agentops
