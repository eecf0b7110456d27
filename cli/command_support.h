// What the CLI's command files share: how a usage error and a failure are
// said, and what makes a BASE..HEAD range checkable. Decisions stay in libcore.
#pragma once

#include <string>
#include <vector>

namespace agentops::cli {

using Args = std::vector<std::string>;

// "agentops: <message>" and `usage` on stderr; exit code 2.
int usage_error(const std::string& message, const std::string& usage);

// "agentops: error: <message>" on stderr; exit code 2.
int fail(const std::string& message);

// Why `range` cannot be judged as BASE..HEAD, or "" when it can. git reads an
// empty side as HEAD, so "..HEAD" (an unset BASE variable in CI) would judge
// nothing and pass: a range must name both of its sides.
std::string range_problem(const std::string& range);

}  // namespace agentops::cli
