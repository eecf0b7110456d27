// `agentops check --worktree`: the working tree staged in memory as `git add
// -A` would stage it, then judged exactly as `check --staged` judges the index.
#include <chrono>

#include "agentops/check.h"
#include "git/worktree_index.h"
#include "staged_check.h"

namespace agentops {

Result<Report> check_worktree(const git::Repository& repo, const std::vector<std::string>& paths,
                              const Policy* judged_by) {
  const auto start = std::chrono::steady_clock::now();
  if (repo.is_bare()) return Error{"a bare repository has no working tree: use check --staged or --range"};
  auto pathspec = git::pathspec_from_cwd(repo, paths);
  if (!pathspec) return pathspec.error();
  // No policy loads a file above the default scan limit: it is staged by size.
  auto staged_tree = git::stage_worktree(repo, *pathspec, ChangeOptions{}.max_scan_bytes);
  if (!staged_tree) return staged_tree.error();
  auto base = staged_tree->repo.head_tree();
  if (!base) return base.error();
  auto staged = detail::check_index(staged_tree->repo, std::move(staged_tree->index), base->get(),
                                    /*only_gates=*/false, judged_by);
  if (!staged) return staged.error();
  if (auto validated = detail::run_staged_validators(staged_tree->repo, *staged); !validated) return validated.error();
  Report report =
      detail::make_report("worktree", staged->policy, GateState::pending, std::move(staged->findings), staged->change);
  report.stats.duration_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace agentops
