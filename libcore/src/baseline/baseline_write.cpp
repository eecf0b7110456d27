// `agentops baseline write`: today's findings of `scan --history` recorded in
// the working tree's .agentops/baseline, under its key (a new random one when
// there is no file), reasons people wrote kept. Written to a temporary file
// beside it and renamed, so that a reader never sees half a baseline.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <tuple>

#include "agentops/baseline.h"
#include "agentops/check.h"

namespace agentops {
namespace {

Result<std::optional<std::string>> read_if_present(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(std::filesystem::symlink_status(path, ec))) return std::optional<std::string>();
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"cannot read " + path};
  std::ostringstream text;
  text << in.rdbuf();
  return std::optional<std::string>(text.str());
}

Status write_atomically(const std::string& path, const std::string& text) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  if (ec) return Error{"cannot create " + std::filesystem::path(path).parent_path().string() + ": " + ec.message()};
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) {
      std::filesystem::remove(temporary, ec);
      return Error{"cannot write " + temporary};
    }
  }
  std::filesystem::rename(temporary, path, ec);
  if (ec) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    return Error{"cannot rename " + temporary + " to " + path + ": " + ec.message()};
  }
  return Ok{};
}

}  // namespace

Result<BaselineWriteSummary> write_baseline(const git::Repository& repo, const BaselineWriteOptions& options) {
  if (repo.is_bare()) return Error{"a bare repository has no working tree to write " + std::string(kBaselinePath) + " in"};
  const std::string path = repo.workdir() + kBaselinePath;
  auto existing_text = read_if_present(path);
  if (!existing_text) return existing_text.error();
  Baseline old;
  if (*existing_text) {
    auto parsed = parse_baseline(**existing_text, path);
    if (!parsed) return Error{parsed.error().message + " (fix it, or delete the file to start a new baseline)"};
    old = std::move(*parsed);
  } else {
    auto key = random_baseline_key();
    if (!key) return key.error();
    old.key = std::move(*key);
  }
  // The scan fingerprints under this key and baselines nothing: every finding comes back.
  auto recording = std::make_shared<Baseline>();
  recording->key = old.key;
  recording->record_all = true;
  auto report = scan_history(repo, options.revision, options.progress, recording);
  if (!report) return report.error();

  Baseline next;
  next.key = old.key;
  std::set<std::tuple<std::string, std::string, std::string>> seen;
  BaselineWriteSummary summary;
  summary.path = path;
  summary.commits = report->stats.commits;
  for (const auto& finding : report->findings) {
    if (!has_matched_text_fingerprint(*recording, finding)) {
      ++summary.unbaselinable;
      continue;
    }
    const std::string& fingerprint = finding.fingerprint;
    if (!seen.emplace(finding.rule, finding.path, fingerprint).second) continue;
    const BaselineEntry* known = old.find(finding.rule, finding.path, fingerprint);
    if (!known) ++summary.added;
    next.entries.push_back(
        BaselineEntry{finding.rule, finding.path, fingerprint, known ? known->reason : options.reason});
  }
  for (const auto& entry : old.entries)
    if (!seen.count({entry.rule, entry.path, entry.fingerprint})) ++summary.dropped;
  summary.recorded = next.entries.size();
  if (auto written = write_atomically(path, serialize_baseline(next)); !written) return written.error();
  return summary;
}

}  // namespace agentops
