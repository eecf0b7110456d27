// `agentops policy init`: a starter policy proposed from a repository's own
// history. Reads the last N commits on HEAD (bounded time on any history),
// replays the preset that fits over them, and sets each value from what the
// history shows, with a comment saying why: limits at the 99th percentile of
// real commits, protection for the control files present, lockfiles and
// generated files present excluded from the size limits, and rules that would
// have stopped ordinary work left at warn.
#include <git2.h>
#include <re2/re2.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include "agentops/evaluator.h"
#include "agentops/policy_sources.h"
#include "agentops/rules.h"
#include "agentops/policy_tools.h"
#include "glob.h"
#include "policy/toml_text.h"

namespace agentops {
namespace {

// Files whose change says little about a change's size (written by tools).
const std::vector<std::string> kGeneratedCandidates = {
    "package-lock.json", "npm-shrinkwrap.json", "yarn.lock",   "pnpm-lock.yaml", "bun.lockb",   "Cargo.lock",
    "poetry.lock",       "uv.lock",             "Pipfile.lock", "Gemfile.lock",  "composer.lock", "go.sum",
    "flake.lock",        "*.min.js",            "*.min.css",    "*.pb.go",       "*_pb2.py",      "*.snap"};

// Control files: whoever changes them changes how the repository is checked.
const std::vector<std::string> kControlCandidates = {
    ".github/workflows/**", ".gitlab-ci.yml", ".circleci/**", "Jenkinsfile", "azure-pipelines.yml",
    ".pre-commit-config.yaml", "lefthook.yml", ".lefthook.yml", "lefthook-local.yml", ".husky/**",
    "CODEOWNERS", ".github/CODEOWNERS", ".gitattributes"};

std::string quoted(std::string_view text) { return detail::toml_string(text); }
std::string list(const std::vector<std::string>& items) { return detail::toml_list(items); }

bool any_path_matches(const std::string& glob, const std::vector<std::string>& paths) {
  return std::any_of(paths.begin(), paths.end(), [&](const std::string& path) { return glob_match(glob, path); });
}

// The value at the q-th quantile (nearest rank) of `values`, 0 when empty.
std::uint64_t quantile(std::vector<std::uint64_t> values, double q) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const size_t rank = static_cast<size_t>(q * static_cast<double>(values.size() - 1) + 0.999999);
  return values[std::min(rank, values.size() - 1)];
}

// Up to a round number a person would write: 37 -> 40, 823 -> 850.
std::uint64_t round_up(std::uint64_t value, std::uint64_t at_least) {
  value = std::max(value, at_least);
  const std::uint64_t step = value < 100 ? 10 : value < 1000 ? 50 : value < 10000 ? 500 : 5000;
  return (value + step - 1) / step * step;
}

// Whether this build's loader knows a key (it grows between versions).
bool key_known(const std::string& document) {
  return load_policy(PolicySource{"probe", document, {}}).ok();
}

struct History {
  std::size_t commits = 0;          // non-merge commits read
  bool cut_short = false;           // the walk met a commit it cannot read (a shallow clone's boundary)
  std::size_t agent_commits = 0;    // carrying an agent marker trailer
  std::vector<std::uint64_t> files;  // per commit, files changed (generated files aside)
  std::vector<std::uint64_t> lines;  // per commit, lines added + removed (generated files aside)
  std::map<std::string, std::size_t> fired;  // rule -> commits where it would block or gate
};

// With `evaluate` false only the messages are read (to choose a preset).
Result<History> read_history(const git::Repository& repo, const Policy& policy, std::size_t max_commits,
                             const std::vector<std::string>& generated, bool evaluate = true) {
  History history;
  git_revwalk* raw = nullptr;
  if (git_revwalk_new(&raw, repo.get()) != 0) return git::last_error("cannot walk history");
  std::unique_ptr<git_revwalk, decltype(&git_revwalk_free)> walk(raw, git_revwalk_free);
  // git's default order (newest first), walked lazily: sorting by time would
  // read the whole graph first and fail on a shallow clone's missing parents.
  git_revwalk_sorting(raw, GIT_SORT_NONE);
  if (git_revwalk_push_head(raw) != 0) {
    git_error_clear();
    return history;  // an unborn HEAD: no history to learn from
  }
  std::vector<std::unique_ptr<RE2>> markers;
  for (const auto& marker : policy.agents.markers) markers.push_back(std::make_unique<RE2>(marker, RE2::Quiet));
  git_oid id;
  std::size_t walked = 0;
  // Merges are skipped (their diff is the branch's, already counted), but
  // they count toward the bound, so the time stays bounded on any history.
  while (walked < max_commits * 2 && history.commits < max_commits) {
    if (const int next = git_revwalk_next(&id, raw); next != 0) {
      history.cut_short = next != GIT_ITEROVER;
      git_error_clear();
      break;
    }
    ++walked;
    git_commit* commit_raw = nullptr;
    if (git_commit_lookup(&commit_raw, repo.get(), &id) != 0) return git::last_error("cannot read a commit");
    git::CommitPtr commit(commit_raw);
    if (git_commit_parentcount(commit_raw) > 1) continue;
    const char* message = git_commit_message(commit_raw);
    std::string_view text = message ? message : "";
    size_t start = 0;
    bool agent = false;
    while (start < text.size() && !agent) {
      const size_t end = std::min(text.find('\n', start), text.size());
      const std::string_view line = text.substr(start, end - start);
      agent = std::any_of(markers.begin(), markers.end(), [&](const auto& re) { return RE2::PartialMatch(line, *re); });
      start = end + 1;
    }
    history.agent_commits += agent;
    if (!evaluate) {
      ++history.commits;
      continue;
    }
    auto evaluator = Evaluator::create(policy);
    if (!evaluator) return evaluator.error();
    auto change = read_commit_change(repo, commit_raw, evaluator->change_options(), evaluator->visitor());
    if (!change) return change.error();
    ++history.commits;
    std::uint64_t files = 0, lines = 0;
    for (const auto& file : change->files) {
      if (glob_match_any(generated, file.path)) continue;
      ++files;
      lines += file.added_lines + file.removed_lines;
    }
    history.files.push_back(files);
    history.lines.push_back(lines);
    std::set<std::string> rules;
    for (const auto& finding : evaluator->finish(*change))
      if (finding.severity == Severity::block || finding.severity == Severity::gate) rules.insert(finding.rule);
    for (const auto& rule : rules) ++history.fired[rule];
  }
  return history;
}

}  // namespace

Result<std::string> propose_policy(const git::Repository& repo, const StarterOptions& options) {
  auto paths = repository_paths(repo);
  if (!paths) return paths.error();
  std::vector<std::string> generated;
  for (const auto& glob : kGeneratedCandidates)
    if (any_path_matches(glob, *paths)) generated.push_back(glob);

  // Agent markers are the same in every preset: read them with the baseline
  // first when no preset is named, then replay the preset that fits.
  auto baseline = load_preset("baseline");
  if (!baseline) return baseline.error();
  std::string preset = options.preset;
  std::string preset_why = "named with --preset";
  if (preset.empty()) {
    auto probe = read_history(repo, *baseline, options.max_commits, {}, /*evaluate=*/false);
    if (!probe) return probe.error();
    if (probe->agent_commits > 0) {
      preset = "ai-agents";
      preset_why = std::to_string(probe->agent_commits) + " of the last " + std::to_string(probe->commits) +
                   " commits carry a coding agent's trailer";
    } else {
      preset = "baseline";
      preset_why = "no commit of the last " + std::to_string(probe->commits) +
                   " carries a coding agent's trailer (use --preset ai-agents where agents commit)";
    }
  }
  auto policy = load_preset(preset);
  if (!policy) return policy.error();
  auto history = read_history(repo, *policy, options.max_commits, generated);
  if (!history) return history.error();
  const std::size_t commits = history->commits;
  const std::string of_commits = " of the last " + std::to_string(commits) + " commits";

  std::string out;
  out += "# Proposed by `agentops policy init` from the last " + std::to_string(commits) +
         " commits on HEAD (merges aside).\n";
  if (history->cut_short)
    out += "# The history ends early: a commit's parent is missing (a shallow clone?); `git fetch --unshallow`\n"
           "# and run it again to learn from more.\n";
  out += "# Review it, then: agentops policy validate; git add .agentops/policy.toml; commit it on its own\n"
         "# with a person's approval. `key = [...]` replaces a preset's list; `key = { add = [...] }` extends it.\n";
  out += "version = 1\n";
  out += "extends = [" + quoted(preset) + "]  # " + preset_why + "\n";

  // Limits: ordinary work must pass. The 99th percentile of real commits
  // (generated files aside), rounded up, leaves about one commit in a hundred
  // above the limit, for a person to look at.
  const bool can_exclude = key_known("[limits]\nexclude_paths = []\n");
  out += "\n[limits]\n";
  if (commits > 0) {
    const std::uint64_t p99_files = quantile(history->files, 0.99);
    const std::uint64_t p99_lines = quantile(history->lines, 0.99);
    const std::uint64_t max_files = *std::max_element(history->files.begin(), history->files.end());
    const std::uint64_t max_lines = *std::max_element(history->lines.begin(), history->lines.end());
    const std::uint64_t files_limit = round_up(p99_files, 10);
    const std::uint64_t lines_limit = round_up(p99_lines, 200);
    std::size_t over_files = 0, over_lines = 0;
    for (std::size_t i = 0; i < commits; ++i) {
      over_files += history->files[i] > files_limit;
      over_lines += history->lines[i] > lines_limit;
    }
    out += "max_files_changed = " + std::to_string(files_limit) + "  # 99% of commits changed at most " +
           std::to_string(p99_files) + " files (the largest " + std::to_string(max_files) + "); " +
           std::to_string(over_files) + of_commits + " exceed this (preset: " +
           std::to_string(policy->limits.max_files_changed) + ", 0 = none)\n";
    out += "max_lines_changed = " + std::to_string(lines_limit) + "  # 99% of commits changed at most " +
           std::to_string(p99_lines) + " lines (the largest " + std::to_string(max_lines) + "); " +
           std::to_string(over_lines) + of_commits + " exceed this (preset: " +
           std::to_string(policy->limits.max_lines_changed) + ")\n";
  } else {
    out += "# no commits to learn limits from: the preset's limits apply\n";
  }
  // A threshold below which a rule that stopped work is only listed.
  const std::size_t threshold = std::max<std::size_t>(2, commits / 100);
  // `binary_files = "block"` sets the rule's severity: [severity] cannot lower it.
  const auto binary_fired = history->fired.find("limit.binary-file");
  const bool relax_binary = policy->limits.binary_files == BinaryFiles::block &&
                            binary_fired != history->fired.end() && binary_fired->second >= threshold;
  if (relax_binary)
    out += "binary_files = \"warn\"  # binary files would have blocked " + std::to_string(binary_fired->second) +
           of_commits + "\n";
  if (!generated.empty()) {
    const std::string line = "exclude_paths = { add = " + list(generated) + " }";
    if (can_exclude)
      out += line + "  # lockfiles and generated files present here: their size says nothing of a change's\n";
    else
      out += "# " + line + "  # lockfiles and generated files present here (this agentops has no [limits] exclude_paths yet)\n";
  }

  // Control files present that the preset does not protect already.
  std::vector<std::string> control;
  for (const auto& glob : kControlCandidates) {
    if (!any_path_matches(glob, *paths)) continue;
    const bool covered = std::all_of(paths->begin(), paths->end(), [&](const std::string& path) {
      return !glob_match(glob, path) || glob_match_any(policy->paths.protected_paths, path);
    });
    if (!covered) control.push_back(glob);
  }
  out += "\n[paths]\n";
  if (!control.empty())
    out += "protected = { add = " + list(control) +
           " }  # CI and hook-manager files present here: changing them changes how every change is checked\n";
  else
    out += "# no CI or hook-manager files here that the preset does not protect already\n";

  // Rules that would have stopped ordinary work: left at warn, with their
  // counts, so a team sees them without waiting on them. Secrets never are.
  std::string severities, contents, secrets;
  for (const auto& [rule, count] : history->fired) {
    const std::string why = "would have blocked or gated " + std::to_string(count) + of_commits;
    if (rule.starts_with("secret.")) {
      secrets += "# " + rule + " found in " + std::to_string(count) + of_commits +
                 ": rotate those credentials (a secret rule is never relaxed)\n";
    } else if (rule == "limit.files-changed" || rule == "limit.lines-changed" || rule == "change.size-gate" ||
               (rule == "limit.binary-file" && relax_binary)) {
      continue;  // the limits above are set from the same history
    } else if (count < threshold) {
      severities += "# " + rule + " " + why + ": rare, left as the preset sets it\n";
    } else if (rule.starts_with("content.")) {
      contents += "\n[[content]]\nid = " + quoted(rule.substr(8)) + "\nseverity = \"warn\"  # " + why + "\n";
    } else if (rule != "path.protected" && find_builtin_rule(rule)) {
      severities += quoted(rule) + " = \"warn\"  # " + why + "\n";
    }
  }
  out += "\n[severity]\n";
  out += severities.empty() ? "# no built-in rule would have stopped ordinary work here\n" : severities;
  out += contents;
  if (!secrets.empty()) out += "\n" + secrets;

  // A proposal that does not load would be worse than none.
  if (auto loaded = load_policy(PolicySource{".agentops/policy.toml", out, {}}); !loaded)
    return Error{"the proposed policy does not load (a bug in policy init): " + loaded.error().message};
  return out;
}

}  // namespace agentops
