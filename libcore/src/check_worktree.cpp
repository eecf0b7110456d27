// Placeholder until the working-tree check lands: fails closed.
#include "agentops/check.h"

namespace agentops {

Result<Report> check_worktree(const git::Repository&, const std::vector<std::string>&, const Policy*) {
  return Error{"check --worktree is not built yet"};
}

}  // namespace agentops
