#include "receiving_side.h"

#include <git2.h>

#include <algorithm>
#include <functional>
#include <set>

#include "commit_judge.h"

namespace agentops::detail {

// A repository's policy branch and where to read it (the server's rule).
Result<ReceivingSide> policy_side(const git::Repository& repo);

namespace {

using git::hex_of;

struct ReferenceFree {
  void operator()(git_reference* ref) const { git_reference_free(ref); }
};
using ReferencePtr = std::unique_ptr<git_reference, ReferenceFree>;
struct RefspecFree {
  void operator()(git_refspec* spec) const { git_refspec_free(spec); }
};
using RefspecPtr = std::unique_ptr<git_refspec, RefspecFree>;
struct ConfigFree {
  void operator()(git_config* config) const { git_config_free(config); }
};
using ConfigPtr = std::unique_ptr<git_config, ConfigFree>;
struct IteratorFree {
  void operator()(git_reference_iterator* iterator) const { git_reference_iterator_free(iterator); }
};
using ReferenceIteratorPtr = std::unique_ptr<git_reference_iterator, IteratorFree>;
struct BufDispose {
  void operator()(git_buf* buf) const { git_buf_dispose(buf); }
};

bool is_zero(const std::string& id) { return id.find_first_not_of('0') == std::string::npos; }

std::optional<git_oid> id_of_ref(const git::Repository& repo, const std::string& name) {
  git_oid id;
  if (git_reference_name_to_id(&id, repo.get(), name.c_str()) == 0) return id;
  git_error_clear();
  return std::nullopt;
}

// Every ref of `repo` matching `keep`, resolved: {name, id}.
template <class Keep>
std::vector<std::pair<std::string, git_oid>> refs_of(const git::Repository& repo, Keep keep) {
  std::vector<std::pair<std::string, git_oid>> refs;
  git_reference_iterator* raw = nullptr;
  if (git_reference_iterator_new(&raw, repo.get()) != 0) {
    git_error_clear();
    return refs;
  }
  ReferenceIteratorPtr iterator(raw);
  git_reference* raw_ref = nullptr;
  while (git_reference_next(&raw_ref, raw) == 0) {
    ReferencePtr ref(raw_ref);
    const std::string name = git_reference_name(raw_ref);
    if (!keep(name)) continue;
    git_reference* raw_resolved = nullptr;
    if (git_reference_resolve(&raw_resolved, raw_ref) != 0) {
      git_error_clear();  // a dangling symbolic ref (an unborn HEAD) holds nothing
      continue;
    }
    ReferencePtr resolved(raw_resolved);
    refs.emplace_back(name, *git_reference_target(raw_resolved));
  }
  git_error_clear();
  return refs;
}

std::string config_string(const git::Repository& repo, const char* key) {
  git_config* raw = nullptr;
  if (git_repository_config_snapshot(&raw, repo.get()) != 0) {
    git_error_clear();
    return "";
  }
  ConfigPtr config(raw);
  const char* value = nullptr;
  if (git_config_get_string(&value, raw, key) != 0 || !value) {
    git_error_clear();
    return "";
  }
  return value;
}

// The ref a configured short name means: "main" is refs/heads/main.
std::string full_ref_name(const std::string& name) {
  if (name.starts_with("refs/")) return name;
  return "refs/heads/" + name;
}

// A ref's id as the server's rule reads it: before the push, or after it.
using RefLookup = std::function<std::optional<git_oid>(const std::string&)>;

// The server's rule (see receiving_side.h): {ref, commit}; nullopt: none yet.
// `branches` are the refs/heads/ names there are.
std::optional<std::pair<std::string, git_oid>> policy_branch(const git::Repository& repo, const RefLookup& id_of,
                                                             const std::set<std::string>& branches) {
  using Found = std::optional<std::pair<std::string, git_oid>>;
  if (const std::string configured = config_string(repo, "agentops.policyRef"); !configured.empty()) {
    const std::string name = full_ref_name(configured);
    if (auto id = id_of(name)) return Found({name, *id});
    // The configured branch does not exist yet (the first push creates it).
    return Found();
  }
  git_reference* raw = nullptr;
  if (git_reference_lookup(&raw, repo.get(), "HEAD") == 0) {
    ReferencePtr head(raw);
    if (git_reference_type(raw) == GIT_REFERENCE_SYMBOLIC) {
      const std::string target = git_reference_symbolic_target(raw);
      if (auto id = id_of(target)) return Found({target, *id});
    } else if (const git_oid* id = git_reference_target(raw)) {
      return Found({"HEAD", *id});
    }
  }
  git_error_clear();
  for (const char* name : {"refs/heads/main", "refs/heads/master"})
    if (auto id = id_of(name)) return Found({name, *id});
  if (branches.size() == 1)
    if (auto id = id_of(*branches.begin())) return Found({*branches.begin(), *id});
  return Found();
}

std::set<std::string> branch_names(const git::Repository& repo) {
  std::set<std::string> names;
  for (const auto& [name, id] : refs_of(repo, [](const std::string& ref) { return ref.starts_with("refs/heads/"); }))
    names.insert(name);
  return names;
}

// The commit an id leads to through tags; nullopt for an absent object or a
// tree or blob (it hides no history).
std::optional<git_oid> commit_behind(const git::Repository& repo, const git_oid& id) {
  auto peeled = peel(repo, id);
  if (!peeled || peeled->type != GIT_OBJECT_COMMIT) {
    git_error_clear();
    return std::nullopt;
  }
  return peeled->target;
}

// What a side has: the commits behind all its refs (and tags).
std::vector<git_oid> commits_behind(const git::Repository& repo, const std::vector<std::pair<std::string, git_oid>>& refs) {
  std::vector<git_oid> commits;
  for (const auto& [name, id] : refs) commits.push_back(commit_behind(repo, id).value_or(id));
  return commits;
}

// The path of a remote on this machine, from its URL; empty for any other.
std::string local_path_of(const std::string& url) {
  if (url.starts_with("file://")) return url.substr(7);
  if (url.find("://") != std::string::npos) return "";
  // scp-like "host:path": a colon before the first slash.
  const size_t colon = url.find(':'), slash = url.find('/');
  if (colon != std::string::npos && (slash == std::string::npos || colon < slash)) return "";
  return url;
}

// A remote as configured (remote.<name>.url, .pushurl, .fetch). Read from
// the configuration, not with git_remote_lookup: libgit2 1.5 matches config
// with a regex that leaks its match data on every entry that does not match.
struct ConfiguredRemote {
  std::string name;
  std::string url;
  std::string push_url;
  std::vector<RefspecPtr> fetch;
};

struct RemoteEntries {
  std::vector<std::unique_ptr<ConfiguredRemote>> remotes;
  ConfiguredRemote& named(const std::string& name) {
    for (auto& remote : remotes)
      if (remote->name == name) return *remote;
    remotes.push_back(std::make_unique<ConfiguredRemote>());
    remotes.back()->name = name;
    return *remotes.back();
  }
};

int collect_remote_entry(const git_config_entry* entry, void* payload) {
  const std::string key = entry->name;  // remote.<name>.<variable>, <variable> lower-cased
  const size_t last_dot = key.rfind('.');
  if (!key.starts_with("remote.") || last_dot <= 7 || !entry->value) return 0;
  const std::string name = key.substr(7, last_dot - 7), variable = key.substr(last_dot + 1);
  auto& entries = *static_cast<RemoteEntries*>(payload);
  if (variable == "url") {
    entries.named(name).url = entry->value;
  } else if (variable == "pushurl") {
    entries.named(name).push_url = entry->value;
  } else if (variable == "fetch") {
    git_refspec* raw = nullptr;
    if (git_refspec_parse(&raw, entry->value, 1) == 0) entries.named(name).fetch.emplace_back(raw);
    git_error_clear();
  }
  return 0;
}

std::vector<std::unique_ptr<ConfiguredRemote>> configured_remotes(const git::Repository& repo) {
  RemoteEntries entries;
  git_config* raw = nullptr;
  if (git_repository_config_snapshot(&raw, repo.get()) != 0) {
    git_error_clear();
    return {};
  }
  ConfigPtr config(raw);
  if (git_config_foreach(raw, collect_remote_entry, &entries) != 0) git_error_clear();
  return std::move(entries.remotes);
}

// The configured remote git pushes to: by name, or by URL when given a URL.
const ConfiguredRemote* find_remote(const std::vector<std::unique_ptr<ConfiguredRemote>>& remotes,
                                    const PushOptions& options) {
  for (const auto& remote : remotes)
    if (!options.remote.empty() && remote->name == options.remote) return remote.get();
  const std::string url = options.url.empty() ? options.remote : options.url;
  for (const auto& remote : remotes)
    if (!url.empty() && (url == remote->url || url == remote->push_url)) return remote.get();
  return nullptr;
}

// The remote-tracking ref `remote` keeps for its branch `remote_ref`, by its
// fetch refspecs; empty when none maps it.
std::string tracking_ref(const ConfiguredRemote& remote, const std::string& remote_ref) {
  for (const auto& spec : remote.fetch) {
    if (git_refspec_string(spec.get())[0] == '^' || !git_refspec_src_matches(spec.get(), remote_ref.c_str())) continue;
    git_buf buf = GIT_BUF_INIT;
    std::unique_ptr<git_buf, BufDispose> owned(&buf);
    if (git_refspec_transform(&buf, spec.get(), remote_ref.c_str()) == 0) return std::string(buf.ptr, buf.size);
    git_error_clear();
  }
  return "";
}

// The remote branch a tracking ref stands for ("refs/heads/main"); empty when none.
std::string remote_ref_of(const ConfiguredRemote& remote, const std::string& tracking) {
  for (const auto& spec : remote.fetch) {
    if (git_refspec_string(spec.get())[0] == '^' || !git_refspec_dst_matches(spec.get(), tracking.c_str())) continue;
    git_buf buf = GIT_BUF_INIT;
    std::unique_ptr<git_buf, BufDispose> owned(&buf);
    if (git_refspec_rtransform(&buf, spec.get(), tracking.c_str()) == 0) return std::string(buf.ptr, buf.size);
    git_error_clear();
  }
  return "";
}

// Only refs/remotes/ holds what git fetched and nothing else: a refspec
// mapping the remote onto refs/heads/ or refs/tags/ makes this clone's own
// work (commits never pushed) look fetched, so such refs vouch for nothing.
bool is_tracking_namespace(const std::string& name) { return name.starts_with("refs/remotes/"); }

bool maps_to(const ConfiguredRemote& remote, const std::string& name) { return !remote_ref_of(remote, name).empty(); }

// The ids git read from the remote for this push: its current tips.
std::vector<std::pair<std::string, git_oid>> advertised(const std::vector<RefUpdate>& updates) {
  std::vector<std::pair<std::string, git_oid>> ids;
  for (const auto& update : updates) {
    git_oid id;
    if (!is_zero(update.old_id) && git_oid_fromstr(&id, update.old_id.c_str()) == 0)
      ids.emplace_back(update.remote_ref, id);
  }
  return ids;
}

Result<ReceivingSide> opened_remote_side(std::unique_ptr<git::Repository> remote_repo, const git::Repository& repo,
                                         const std::vector<RefUpdate>& updates) {
  auto side = policy_side(*remote_repo);
  if (!side) return side.error();
  // The remote's objects are its own; what hides history here are the ids.
  const auto remote_refs = refs_of(*remote_repo, [](const std::string&) { return true; });
  side->known = commits_behind(repo, remote_refs);
  for (const auto& [name, id] : advertised(updates)) side->known.push_back(commit_behind(repo, id).value_or(id));
  // Its tips may be commits this clone never fetched (it is behind, or
  // shallow): then this clone's branches and remote-tracking refs stand in,
  // each only if the remote's history really holds it. A tracking ref left
  // behind by a rewind of the remote is not held, and hides nothing.
  std::vector<git_oid> remote_tips;
  for (const auto& [name, id] : remote_refs)
    if (auto commit = commit_behind(*remote_repo, id)) remote_tips.push_back(*commit);
  std::set<std::string> known_ids;
  for (const auto& id : side->known) known_ids.insert(hex_of(id));
  const auto candidates = refs_of(repo, [](const std::string& name) {
    return name.starts_with("refs/heads/") || name.starts_with("refs/remotes/");
  });
  for (const auto& [name, id] : candidates) {
    auto commit = commit_behind(repo, id);
    if (!commit || !known_ids.insert(hex_of(*commit)).second || !git::has_object(*remote_repo, *commit)) continue;
    const int held = git_graph_reachable_from_any(remote_repo->get(), &*commit, remote_tips.data(), remote_tips.size());
    if (held == 1) side->known.push_back(*commit);
    git_error_clear();
  }
  side->opened = std::move(remote_repo);
  side->policy_repo = side->opened.get();
  return side;
}

}  // namespace

Result<ReceivingSide> server_side(const git::Repository& repo) {
  auto side = policy_side(repo);
  if (!side) return side.error();
  // Needed only with no policy branch: with one, a ref brings what its old
  // tip and the policy branch lack (push.cpp).
  if (!side->policy_commit) side->known = commits_behind(repo, refs_of(repo, [](const std::string&) { return true; }));
  return side;
}

Result<ReceivingSide> policy_side(const git::Repository& repo) {
  ReceivingSide side;
  side.policy_repo = &repo;
  const std::set<std::string> branches = branch_names(repo);
  const auto branch = policy_branch(repo, [&](const std::string& name) { return id_of_ref(repo, name); }, branches);
  // A configured policy branch that is missing while others exist is a typo
  // ("heads/main"), not an empty server: judging by the baseline would
  // silently lower every rule.
  if (const std::string configured = config_string(repo, "agentops.policyRef");
      !branch && !configured.empty() && !branches.empty())
    return Error{"git config agentops.policyRef is \"" + configured + "\", but " + full_ref_name(configured) +
                 " does not exist here: name an existing branch (\"main\" or \"refs/heads/main\"), or unset it"};
  if (branch) {
    side.policy_ref = branch->first;
    auto commit = peel(repo, branch->second);
    if (!commit) return Error{"the policy branch " + side.policy_ref + ": " + commit.error().message};
    if (commit->type != GIT_OBJECT_COMMIT) return Error{"the policy branch " + side.policy_ref + " is not a commit"};
    side.policy_commit = commit->target;
  }
  return side;
}

std::optional<std::pair<std::string, git_oid>> policy_branch_after(const git::Repository& repo,
                                                                   const std::vector<RefUpdate>& updates) {
  std::set<std::string> branches = branch_names(repo);
  for (const auto& update : updates) {
    if (!update.remote_ref.starts_with("refs/heads/")) continue;
    if (is_zero(update.new_id))
      branches.erase(update.remote_ref);
    else
      branches.insert(update.remote_ref);
  }
  auto id_after = [&](const std::string& name) -> std::optional<git_oid> {
    for (const auto& update : updates) {
      if (update.remote_ref != name) continue;
      git_oid id;
      if (is_zero(update.new_id) || git_oid_fromstr(&id, update.new_id.c_str()) != 0) return std::nullopt;
      return id;
    }
    return id_of_ref(repo, name);
  };
  return policy_branch(repo, id_after, branches);
}

Result<ReceivingSide> remote_side(const git::Repository& repo, const std::vector<RefUpdate>& updates,
                                  const PushOptions& options) {
  const auto remotes = configured_remotes(repo);
  const ConfiguredRemote* remote = find_remote(remotes, options);
  std::string url = options.url.empty() ? options.remote : options.url;
  if (url.empty() && remote) url = remote->url;
  // A remote on this machine is read directly: its real refs and its policy.
  if (const std::string path = local_path_of(url); !path.empty()) {
    auto opened = git::open_repository(git::OpenOptions{path, false});
    if (opened) return opened_remote_side(std::make_unique<git::Repository>(std::move(*opened)), repo, updates);
    // A relative path git resolved from another directory, or a repository
    // another user owns (safe.directory): read as any other remote is.
    git_error_clear();
  }

  ReceivingSide side;
  side.policy_repo = &repo;
  const auto ids = advertised(updates);
  for (const auto& [name, id] : ids) side.known.push_back(commit_behind(repo, id).value_or(id));
  std::vector<std::pair<std::string, git_oid>> tracking;
  if (remote) {
    // A ref another remote's refspec maps too (a refspec's '*' spans
    // slashes: refs/remotes/up/fork/main maps to `up` and to `up/fork`) is
    // trusted for neither: it could only hide history.
    tracking = refs_of(repo, [&](const std::string& name) {
      return is_tracking_namespace(name) && maps_to(*remote, name) &&
             std::none_of(remotes.begin(), remotes.end(), [&](const auto& other) {
               return other.get() != remote && maps_to(*other, name);
             });
    });
  }
  for (const auto& commit : commits_behind(repo, tracking)) side.known.push_back(commit);

  // The remote's policy branch, as far as this side can tell: its HEAD's
  // branch, main, master, its only branch; read at the id git just got from
  // the remote when the push updates it, else at the remote-tracking ref.
  std::vector<std::string> candidates;
  if (remote) {
    git_reference* raw = nullptr;
    const std::string head = "refs/remotes/" + remote->name + "/HEAD";
    if (git_reference_lookup(&raw, repo.get(), head.c_str()) == 0) {
      ReferencePtr head_ref(raw);
      if (git_reference_type(raw) == GIT_REFERENCE_SYMBOLIC)
        if (auto name = remote_ref_of(*remote, git_reference_symbolic_target(raw)); !name.empty())
          candidates.push_back(name);
    }
    git_error_clear();
  }
  candidates.push_back("refs/heads/main");
  candidates.push_back("refs/heads/master");
  auto present_commit = [&](const git_oid& id) -> std::optional<git_oid> { return commit_behind(repo, id); };
  for (const auto& candidate : candidates) {
    for (const auto& [name, id] : ids)
      if (name == candidate)
        if (auto commit = present_commit(id)) {
          side.policy_ref = candidate;
          side.policy_commit = commit;
          return side;
        }
    if (!remote) continue;
    if (const std::string local = tracking_ref(*remote, candidate); is_tracking_namespace(local))
      if (auto id = id_of_ref(repo, local))
        if (auto commit = present_commit(*id)) {
          side.policy_ref = local;
          side.policy_commit = commit;
          return side;
        }
  }
  std::vector<std::pair<std::string, git_oid>> branches;
  for (const auto& entry : tracking)
    if (!entry.first.ends_with("/HEAD")) branches.push_back(entry);
  if (branches.size() == 1)
    if (auto commit = present_commit(branches.front().second)) {
      side.policy_ref = branches.front().first;
      side.policy_commit = commit;
      return side;
    }
  // Nothing known of the remote: this repository's own main line stands in
  // (the server, which knows its policy, judges again).
  for (const char* name : {"refs/heads/main", "refs/heads/master"})
    if (auto id = id_of_ref(repo, name))
      if (auto commit = present_commit(*id)) {
        side.policy_ref = name;
        side.policy_commit = commit;
        return side;
      }
  return side;
}

}  // namespace agentops::detail
