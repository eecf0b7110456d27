#include "git/promisor_fetch.h"

#include <cstdio>
#include <memory>

#include "git/raw_objects.h"

namespace agentops::git {
namespace {

std::string shell_quote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

int collect_promisor(const git_config_entry* entry, void* payload) {
  const std::string name = entry->name;  // remote.<name>.promisor
  if (name.size() <= 16 || !name.starts_with("remote.") || !name.ends_with(".promisor")) return 0;
  const std::string value = entry->value ? entry->value : "";
  if (value != "true" && value != "1" && value != "yes" && value != "on") return 0;
  auto* found = static_cast<std::string*>(payload);
  if (found->empty()) *found = name.substr(7, name.size() - 7 - 9);
  return 0;
}

}  // namespace

std::string promisor_remote(const Repository& repo) {
  git_config* raw = nullptr;
  if (git_repository_config_snapshot(&raw, repo.get()) != 0) {
    git_error_clear();
    return "";
  }
  std::unique_ptr<git_config, decltype(&git_config_free)> config(raw, git_config_free);
  std::string name;
  // Every entry, filtered here: libgit2 1.5's config regex leaks its match
  // data on each entry that does not match.
  if (git_config_foreach(raw, collect_promisor, &name) != 0) git_error_clear();
  return name;
}

Status fetch_from_promisor(const Repository& repo, const std::vector<git_oid>& ids) {
  if (ids.empty()) return Ok{};
  const std::string remote = promisor_remote(repo);
  if (remote.empty()) return Error{"cannot read " + hex_of(ids.front()) + ": the object is missing"};
  // The command git's promisor-remote.c runs for a lazy fetch.
  const std::string command = "git --git-dir=" + shell_quote(repo.git_dir()) +
                              " -c fetch.negotiationAlgorithm=noop fetch " + shell_quote(remote) +
                              " --no-tags --no-write-fetch-head --recurse-submodules=no --filter=blob:none --stdin"
                              " >/dev/null 2>&1";
  struct PipeClose {
    int* status;
    void operator()(FILE* pipe) const { *status = pclose(pipe); }
  };
  int status = -1;
  {
    std::unique_ptr<FILE, PipeClose> pipe(popen(command.c_str(), "w"), PipeClose{&status});
    if (!pipe) return Error{"cannot run git to fetch the objects this partial clone lacks"};
    for (const auto& id : ids) std::fprintf(pipe.get(), "%s\n", hex_of(id).c_str());
  }
  if (status != 0)
    return Error{"cannot fetch " + std::to_string(ids.size()) + " objects this partial clone lacks from " + remote +
                 " (git fetch failed): fetch them, or push from a full clone"};
  return Ok{};
}

}  // namespace agentops::git
