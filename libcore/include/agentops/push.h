// Push-time checks for pre-push (client) and pre-receive (server): every ref
// update git announces is judged by the [branches] rules, and everything it
// would give the other side (commits, tag messages, trees and blobs a ref
// points at) is re-checked by one policy: the one on the receiving side's
// policy branch (docs/security.md). A skipped local layer is caught here;
// an object that cannot be read is an error, never "nothing to judge".
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "agentops/findings.h"
#include "agentops/git.h"
#include "agentops/result.h"

namespace agentops {

// One ref update, as git announces it.
struct RefUpdate {
  std::string local_ref;   // pre-push: the local ref being pushed ("(delete)" for a deletion)
  std::string new_id;      // 40 hex digits; all zeros: the ref is deleted
  std::string remote_ref;  // the ref updated on the receiving side: "refs/heads/main"
  std::string old_id;      // 40 hex digits; all zeros: the ref is created
};

// pre-push stdin: "<local ref> <local id> <remote ref> <remote id>" per line.
Result<std::vector<RefUpdate>> parse_pre_push_input(std::string_view input);
// pre-receive stdin: "<old id> <new id> <ref>" per line.
Result<std::vector<RefUpdate>> parse_pre_receive_input(std::string_view input);

struct PushOptions {
  std::string stage = "pre-push";  // or "pre-receive"
  // pre-push: the remote's name (or its URL when pushing to a URL) and URL, as
  // git passes them to the hook. A remote on this machine is read directly.
  std::string remote;
  std::string url;
  // pre-push in a partial clone: fetch the blobs it never fetched from its
  // promisor remote (as git's lazy fetch does) before judging them.
  bool fetch_missing = false;
  // Called after each commit is checked (for a progress line); may be empty.
  std::function<void(size_t checked, size_t total)> progress;
};

// What the pre-commit framework tells a pre-push hook instead of stdin (it
// reads git's ref updates itself and passes on the first one it judges).
struct PreCommitPushEnvironment {
  std::string from_ref;       // PRE_COMMIT_FROM_REF: what the remote has (or the parent of the first new commit)
  std::string to_ref;         // PRE_COMMIT_TO_REF: the local id pushed
  std::string remote_branch;  // PRE_COMMIT_REMOTE_BRANCH: "refs/heads/main"
  std::string local_branch;   // PRE_COMMIT_LOCAL_BRANCH: "refs/heads/main"
  std::string remote_name;    // PRE_COMMIT_REMOTE_NAME (the hook gets no arguments)
  std::string remote_url;     // PRE_COMMIT_REMOTE_URL
  bool present() const { return !to_ref.empty() || !local_branch.empty() || !remote_branch.empty(); }
};
// Empty unless this hook's parent is the framework's `hook-impl` for
// pre-push: exported by anyone else, the variables are nobody's word.
PreCommitPushEnvironment pre_commit_push_environment();

// Whether git itself wrote the hook's stdin: the hook's parent process is git
// (or agentops' own hook script says so). Then an empty stdin is git's "no ref
// needs updating" ("Everything up-to-date"); otherwise a hook manager stood in
// between and may have kept git's ref updates to itself.
bool stdin_is_from_git();

// The ref updates a push would make, worked out when git's stdin did not reach
// the hook (lefthook without use_stdin, the pre-commit framework): from the
// pre-commit framework's variables when set, else as `git push [remote]` with
// no refspec would: the push remote (`remote`, git's argv[1] to the hook, or
// branch.<name>.pushRemote / remote.pushDefault / branch.<name>.remote /
// origin), remote.<name>.push, else push.default (simple, current, upstream)
// with branch.<name>.merge and push.autoSetupRemote. The remote's current
// value of each ref is read from the remote itself when it is on this
// machine, else from its remote-tracking ref (none known: created). An error
// (to fail closed) whenever git's answer cannot be known: a detached HEAD, no
// upstream, push.default=nothing or matching, a mirror remote, refspecs on
// the invoking `git push` command line.
Result<std::vector<RefUpdate>> updates_without_stdin(const git::Repository& repo, const std::string& remote,
                                                     const PreCommitPushEnvironment& environment);

// git wrote an empty stdin, or so it seems: the parent is git, but a hook
// script line before `exec agentops-pre-push` may have read git's ref updates
// (`git lfs pre-push`, `cat`) or replaced stdin (`</dev/null`), and git is then
// still the parent. So the push is rebuilt as updates_without_stdin() would: an
// update it finds is git's too and is judged; where it cannot tell (--all, a
// detached HEAD...), git's empty stdin is taken at its word ("Everything up-to-date").
Result<std::vector<RefUpdate>> updates_behind_empty_stdin_from_git(const git::Repository& repo,
                                                                   const std::string& remote);

Result<Report> check_push(const git::Repository& repo, const std::vector<RefUpdate>& updates,
                          const PushOptions& options);

}  // namespace agentops
