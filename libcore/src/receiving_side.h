// The side a push goes to, as far as its policy and history go: which commit's
// policy judges every ref of the push, and which commits it already has.
//
// A server judges every ref by the policy on its policy branch: git config
// agentops.policyRef, else the branch HEAD names, else (HEAD unborn: `git init
// --bare` names master where a project pushes main) main, master, or its only
// branch; with none of them (an empty server) the baseline under the floor.
// pre-push mirrors that rule: a remote on this machine (a path or file:// URL)
// is opened and read directly; another remote is read through what git gives
// the hook (the remote's current ids on stdin) and its remote-tracking refs
// (those its fetch refspec maps, never a name prefix).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "agentops/git.h"
#include "agentops/push.h"
#include "agentops/result.h"
#include "git/raw_objects.h"

namespace agentops::detail {

struct ReceivingSide {
  // The remote's own repository, when pre-push could open it.
  std::unique_ptr<git::Repository> opened;
  // Where the policy is read: the opened remote, or the repository judged.
  const git::Repository* policy_repo = nullptr;
  // The commit whose policy judges the push; none: the baseline.
  std::optional<git_oid> policy_commit;
  std::string policy_ref;  // its ref, for messages ("refs/heads/main"); empty when none
  // Commits the receiving side has (tips; maybe absent from the repository judged).
  std::vector<git_oid> known;
};

// The server itself (pre-receive): `repo` before the push updates it.
Result<ReceivingSide> server_side(const git::Repository& repo);

// The ref the server's rule picks once `updates` are applied, with its new
// id; nullopt when none. A push that creates master where HEAD names master
// (and main held the policy) moves the policy branch.
std::optional<std::pair<std::string, git_oid>> policy_branch_after(const git::Repository& repo,
                                                                   const std::vector<RefUpdate>& updates);

// The remote of a pre-push hook, seen from the pushing repository `repo`.
Result<ReceivingSide> remote_side(const git::Repository& repo, const std::vector<RefUpdate>& updates,
                                  const PushOptions& options);

}  // namespace agentops::detail
