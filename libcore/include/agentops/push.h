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

Result<Report> check_push(const git::Repository& repo, const std::vector<RefUpdate>& updates,
                          const PushOptions& options);

}  // namespace agentops
