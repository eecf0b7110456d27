// Finding the effective policy: the repository's file in the index or a tree,
// relative `extends` read from the same snapshot, and the floor beneath it.
#include "agentops/policy_sources.h"

#include <git2.h>

#include <cstdlib>
#include <filesystem>

#include "agentops/baseline.h"
#include "git/raw_objects.h"

namespace agentops {
namespace {

using Reader = std::function<Result<std::optional<std::string>>(const std::string& path)>;

// A PolicySource whose relative `extends` are read through `read` (index or tree).
PolicySource snapshot_source(const std::string& path, std::string text, Reader read) {
  PolicySource source{path, std::move(text), {}};
  source.read_relative = [path, read](const std::string& relative) -> Result<PolicySource> {
    auto joined = resolve_relative_path(path, relative);
    if (!joined) return Error{"\"" + relative + "\" is outside the repository"};
    // Everything a committed policy reads lives under .agentops/: that
    // directory is always protected, and a change to it is judged by the
    // policy it replaces. A file elsewhere could weaken the policy unseen.
    if (!joined->starts_with(".agentops/"))
      return Error{"\"" + relative + "\" is " + *joined + ", outside .agentops/ (keep policy files there)"};
    auto content = read(*joined);
    if (!content) return content.error();
    if (!*content) return Error{*joined + " is not in the repository"};
    return snapshot_source(*joined, std::move(**content), read);
  };
  return source;
}

Result<Policy> under_floor(Result<Policy> policy) {
  if (!policy) return policy;
  auto floor = load_floor();
  if (!floor) return floor.error();
  if (!*floor) return policy;
  return apply_floor(**floor, *policy);
}

// The signers and keyring the policy names, from the snapshot the policy came
// from: read only when a setting needs them.
Result<Policy> with_trust(Result<Policy> policy, const Reader& read, const std::string& snapshot) {
  if (!policy) return policy;
  policy->trust.loaded = true;
  policy->trust.read_from = snapshot;
  const bool signatures = policy->gates.mode == GateMode::signed_approval || policy->branches.require_signed;
  if (!signatures) return policy;
  auto signers = read(policy->gates.allowed_signers);
  if (!signers) return Error{policy->gates.allowed_signers + ": " + signers.error().message};
  policy->trust.allowed_signers = std::move(*signers);
  if (!policy->branches.gpg_keyring.empty()) {
    auto keyring = read(policy->branches.gpg_keyring);
    if (!keyring) return Error{policy->branches.gpg_keyring + ": " + keyring.error().message};
    policy->trust.gpg_keyring = std::move(*keyring);
  }
  return policy;
}

Result<Policy> policy_from(const Reader& read, const std::string& snapshot) {
  auto text = read(kPolicyPath);
  if (!text) return text.error();
  if (!*text) return with_trust(under_floor(load_preset("baseline")), read, snapshot);
  return with_trust(under_floor(load_policy(snapshot_source(kPolicyPath, std::move(**text), read))), read, snapshot);
}

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

// agentops.floor from one config file; nullopt when unset or the file is absent.
// A value that is set is returned as set, even empty: the caller refuses it.
Result<std::optional<std::string>> floor_setting(const std::string& file) {
  std::error_code ec;
  if (file.empty() || !std::filesystem::exists(file, ec)) return std::optional<std::string>();
  git_config* raw = nullptr;
  if (git_config_open_ondisk(&raw, file.c_str()) != 0) return git::last_error("cannot read " + file);
  std::unique_ptr<git_config, decltype(&git_config_free)> config(raw, git_config_free);
  git_buf value = GIT_BUF_INIT;
  const int found = git_config_get_path(&value, raw, "agentops.floor");
  if (found == GIT_ENOTFOUND) {
    git_error_clear();
    return std::optional<std::string>();
  }
  if (found != 0) return git::last_error("cannot read agentops.floor in " + file);
  std::string path(value.ptr, value.size);
  git_buf_dispose(&value);
  return std::optional<std::string>(path);
}

}  // namespace

Result<std::optional<Policy>> load_floor() {
  // git's own order: system, then global (XDG, then ~/.gitconfig); later wins.
  std::vector<std::string> files;
  if (env("GIT_CONFIG_NOSYSTEM").empty())
    files.push_back(env("GIT_CONFIG_SYSTEM").empty() ? "/etc/gitconfig" : env("GIT_CONFIG_SYSTEM"));
  if (!env("GIT_CONFIG_GLOBAL").empty()) {
    files.push_back(env("GIT_CONFIG_GLOBAL"));
  } else {
    const std::string xdg = env("XDG_CONFIG_HOME");
    const std::string home = env("HOME");
    files.push_back(!xdg.empty() ? xdg + "/git/config" : home.empty() ? "" : home + "/.config/git/config");
    if (!home.empty()) files.push_back(home + "/.gitconfig");
  }
  std::optional<std::string> floor_path;
  std::string floor_file;
  for (const auto& file : files) {
    auto setting = floor_setting(file);
    if (!setting) return setting.error();
    if (*setting) {
      floor_path = **setting;
      floor_file = file;
    }
  }
  if (!floor_path) return std::optional<Policy>();
  // The floor fails closed: a value that names no usable file is an error,
  // never "no floor" (an empty value would otherwise switch a system floor off).
  const std::string fix = "; set agentops.floor in " + floor_file + " to the absolute path of a policy file";
  if (floor_path->empty()) return Error{"the organisation floor (git config agentops.floor) is set but empty" + fix};
  if (floor_path->front() != '/')
    return Error{"the organisation floor (git config agentops.floor) is \"" + *floor_path +
                 "\", a relative path that would depend on the current directory" + fix};
  auto floor = load_policy_file(*floor_path);
  if (!floor) return Error{"the organisation floor (git config agentops.floor): " + floor.error().message};
  return std::optional<Policy>(std::move(*floor));
}

Result<Policy> staged_policy(const git::Repository& repo, git_index* index) {
  return policy_from([&repo, index](const std::string& path) { return git::read_index_file(repo, index, path); },
                     "the index");
}

Result<Policy> policy_in_tree(const git::Repository& repo, git_tree* tree) {
  auto policy = policy_from([&repo, tree](const std::string& path) { return git::read_tree_file(repo, tree, path); },
                            tree ? "tree " + git::hex_of(*git_tree_id(tree)) : std::string("the empty tree"));
  if (!policy) return policy;
  // The baseline of known findings comes from the same side as the policy: a
  // change cannot accept its own findings. Malformed, it fails closed.
  auto baseline = baseline_in_tree(repo, tree);
  if (!baseline) return baseline.error();
  policy->secrets.baseline = std::move(*baseline);
  return policy;
}

}  // namespace agentops
