// agentops beside a hook manager: the manager owns the hook scripts git runs
// (it rewrites or renames any other script when it re-installs), so agentops
// goes into the manager's config, where a re-install keeps it.
#pragma once

#include <string>
#include <vector>

#include "agentops/install.h"

namespace agentops::detail {

// Adds agentops to each manager's config (or says what to add), and reports
// every hook that does not reach agentops yet.
Result<std::vector<HookAction>> integrate_with_managers(const git::Repository& repo,
                                                        const std::vector<ManagerFound>& managers,
                                                        const InstallOptions& options);

// Removes every block and line agentops-install wrote into a manager's config.
Result<std::vector<HookAction>> remove_from_managers(const git::Repository& repo);

// The file `name` resolves to on PATH, or "" when none.
std::string find_on_path(const std::string& name);

}  // namespace agentops::detail
