// `agentops baseline write [REV] [--reason TEXT] [--repo DIR]`.
#include "baseline_command.h"

#include <algorithm>
#include <cstdio>

#include "agentops/baseline.h"
#include "agentops/git.h"
#include "progress_line.h"

namespace agentops::cli {

int run_baseline(const Args& args) {
  if (args.empty() || args[0] != "write") return usage_error("baseline: expected 'write'", kBaselineUsage);
  agentops::git::OpenOptions open;
  BaselineWriteOptions options;
  bool revision_given = false;
  for (size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "--repo" && i + 1 < args.size()) {
      open = agentops::git::OpenOptions{args[++i], false};
    } else if (args[i] == "--reason" && i + 1 < args.size()) {
      options.reason = args[++i];
      const bool control = std::any_of(options.reason.begin(), options.reason.end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
      });
      if (options.reason.empty() || control)
        return usage_error("baseline write: --reason takes one line of text", kBaselineUsage);
    } else if (!args[i].starts_with("-") && !revision_given) {
      options.revision = args[i];
      revision_given = true;
    } else {
      return usage_error("baseline write: unknown argument '" + args[i] + "'", kBaselineUsage);
    }
  }
  auto repo = agentops::git::open_repository(open);
  if (!repo) return fail(repo.error().message);
  options.progress = progress_line();
  auto summary = write_baseline(*repo, options);
  if (!summary) return fail(summary.error().message);
  std::printf("agentops: recorded %zu finding%s of %llu commits in %s (%zu new, %zu dropped)\n", summary->recorded,
              summary->recorded == 1 ? "" : "s", static_cast<unsigned long long>(summary->commits), kBaselinePath,
              summary->added, summary->dropped);
  if (summary->unbaselinable > 0)
    std::printf("agentops: %zu finding%s found by a path alone (a key file's name) cannot be baselined: whatever "
                "the file holds, it keeps blocking; rotate the key and list the path in [secrets] allow_paths\n",
                summary->unbaselinable, summary->unbaselinable == 1 ? "" : "s");
  std::printf("agentops: review it, then git add %s and commit it on its own (a protected path: a person approves)\n",
              kBaselinePath);
  return 0;
}

}  // namespace agentops::cli
