// [[validators]]: commands run on the staged snapshot before a commit (a
// formatter check, a linter, a fast test), each with a timeout. The snapshot is
// what the index holds, written to a temporary directory, so unstaged edits in
// the working tree can neither make a validator pass nor fail.
#pragma once

#include <vector>

#include "agentops/change.h"
#include "agentops/evaluator.h"
#include "agentops/findings.h"
#include "agentops/git.h"
#include "agentops/policy.h"
#include "agentops/result.h"

struct git_index;

namespace agentops {

// One finding (validator.<name>) per validator that fails, times out or cannot
// start. A validator with `files` runs only when staged files match them, and
// gets those paths as arguments; without `files` it runs once, with none.
// The output a finding quotes has every secret `secrets` finds redacted: a
// tool prints the names and lines it complains about.
Result<std::vector<Finding>> run_validators(const git::Repository& repo, git_index* index, const Change& change,
                                            const std::vector<ValidatorSpec>& validators, Evaluator& secrets);

}  // namespace agentops
