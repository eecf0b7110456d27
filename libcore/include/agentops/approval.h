// `agentops approve`: a person signs what a change does to protected paths
// with a key an agent does not hold, and gets one trailer line to add to the
// commit (docs/security.md, docs/quickstart.md).
#pragma once

#include <string>

#include "agentops/git.h"
#include "agentops/result.h"

namespace agentops {

struct ApproveOptions {
  std::string revision;   // a commit to approve (its change against its first parent); "" with staged
  bool staged = false;    // the staged change (against HEAD, or the empty tree when unborn)
  std::string key;        // --key FILE; "" reads git config user.signingkey
  std::string principal;  // --principal NAME; "" reads git config user.email
  // --whole-change: sign every path the change touches (scope change), which
  // approves its gates off protected paths too; by default only the
  // protected paths it touches are signed (approval/payload.h).
  bool whole_change = false;
};

struct Approval {
  std::string trailer;  // "Agentops-Approval: <principal> <signature>"
  std::string payload;  // what was signed (for --show)
};

Result<Approval> approve(const git::Repository& repo, const ApproveOptions& options);

}  // namespace agentops
