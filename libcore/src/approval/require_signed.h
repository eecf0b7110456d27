// [branches] require_signed as a rule over one commit, for every layer that
// judges commits already made (pre-push, pre-receive, check --range): the
// commit's signature verified against the judging policy's trust (the base
// side's), and a branch.unsigned finding naming the refusal and its fix.
#pragma once

#include <git2.h>

#include "agentops/findings.h"
#include "agentops/git.h"
#include "agentops/policy.h"
#include "agentops/result.h"

namespace agentops::approval {

// Adds branch.unsigned to `report` (and blocks it) unless the commit's
// signature verifies. An error when verification could not run: callers
// fail closed.
Status check_require_signed(const git::Repository& repo, const git_oid& commit, const Policy& policy, Report& report);

}  // namespace agentops::approval
