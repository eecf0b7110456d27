// What `agentops policy validate` and `policy show` say besides "valid": which
// copy of the policy file they read (the working tree or the index, which the
// hooks use) and which of the repository's own globs match no path at all.
#include <git2.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "agentops/policy_sources.h"
#include "agentops/policy_tools.h"
#include "glob.h"

namespace agentops {
namespace {

Result<std::optional<std::string>> read_worktree_file(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(std::filesystem::symlink_status(path, ec))) return std::optional<std::string>();
  if (!std::filesystem::is_regular_file(path, ec)) return Error{"cannot read " + path + ": not a regular file"};
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"cannot read " + path};
  std::ostringstream text;
  text << in.rdbuf();
  return std::optional<std::string>(text.str());
}

int collect_tree_path(const char* root, const git_tree_entry* entry, void* payload) {
  if (git_tree_entry_type(entry) == GIT_OBJECT_BLOB || git_tree_entry_type(entry) == GIT_OBJECT_COMMIT)
    static_cast<std::set<std::string>*>(payload)->insert(std::string(root) + git_tree_entry_name(entry));
  return 0;
}

}  // namespace

Result<PolicyFileState> policy_file_state(const git::Repository& repo) {
  PolicyFileState state;
  if (!repo.is_bare()) {
    auto worktree = read_worktree_file(repo.workdir() + kPolicyPath);
    if (!worktree) return worktree.error();
    state.worktree = std::move(*worktree);
  }
  auto index = repo.index();
  if (!index) return index.error();
  auto staged = git::read_index_file(repo, index->get(), kPolicyPath);
  if (!staged) return staged.error();
  state.staged = std::move(*staged);
  return state;
}

std::string policy_copy_notice(PolicyCopy copy, const PolicyFileState& state, const std::string& verb) {
  const std::string file = kPolicyPath;
  if (copy == PolicyCopy::staged) {
    std::string notice = verb + " the staged " + file + " (what the hooks use)";
    if (!state.staged) notice = verb + " the built-in baseline: no " + file + " is staged (what the hooks use)";
    if (state.differ())
      notice += state.worktree ? "; the working-tree file differs: `git add " + file +
                                     "` to use it, or read it with --worktree"
                               : "; the working-tree file is deleted";
    return notice;
  }
  if (!state.worktree) return verb + " the built-in baseline: there is no " + file + " in the working tree";
  std::string notice = verb + " the working-tree file " + file;
  if (!state.staged)
    notice += " (not staged: the hooks use the built-in baseline until you `git add " + file + "`)";
  else if (state.differ())
    notice += " (not staged: the hooks use the staged version, which differs; `git add " + file +
              "` to use this one, --staged to read that one)";
  else
    notice += " (the same as the staged version the hooks use)";
  return notice;
}

Result<Policy> worktree_policy(const git::Repository& repo) {
  const std::string path = repo.workdir() + kPolicyPath;
  std::error_code ec;
  Result<Policy> policy = std::filesystem::exists(std::filesystem::symlink_status(path, ec))
                              ? load_policy_file(path)
                              : load_preset("baseline");
  if (!policy) return policy;
  auto floor = load_floor();
  if (!floor) return floor.error();
  if (!*floor) return policy;
  return apply_floor(**floor, *policy);
}

Result<std::vector<std::string>> repository_paths(const git::Repository& repo) {
  std::set<std::string> paths;
  auto index = repo.index();
  if (!index) return index.error();
  for (size_t i = 0; i < git_index_entrycount(index->get()); ++i)
    paths.insert(git_index_get_byindex(index->get(), i)->path);
  auto head = repo.head_tree();
  if (!head) return head.error();
  if (*head && git_tree_walk(head->get(), GIT_TREEWALK_PRE, collect_tree_path, &paths) != 0)
    return git::last_error("cannot list HEAD's tree");
  return std::vector<std::string>(paths.begin(), paths.end());
}

std::vector<std::string> unmatched_glob_warnings(const Policy& policy, const std::vector<std::string>& paths) {
  std::vector<std::string> warnings;
  for (const auto& written : policy.written_globs) {
    if (written.key == "branches.protected") continue;
    const bool exception = glob_is_exception(written.glob);
    // A forbidden path names a file that must never appear: matching nothing
    // is its normal state. Its exceptions, though, should except something.
    if (written.key == "paths.forbidden" && !exception) continue;
    const std::string pattern = exception ? written.glob.substr(1) : written.glob;
    bool matched = false;
    for (const auto& path : paths) {
      if (glob_match(pattern, path)) {
        matched = true;
        break;
      }
    }
    if (matched) continue;
    warnings.push_back(written.where + ": \"" + written.glob + "\" in '" + written.key +
                       "' matches no path in the repository (HEAD or index)" +
                       (exception ? ": this exception excepts nothing" : ": a typo, or a path not added yet?"));
  }
  return warnings;
}

}  // namespace agentops
