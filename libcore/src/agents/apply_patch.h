// Codex's apply_patch envelope, the way Codex writes files:
//   *** Begin Patch
//   *** Add File: PATH        then every line "+text"
//   *** Update File: PATH     optionally "*** Move to: NEW", then hunks: "@@ ...",
//                             " context", "-removed", "+added", "*** End of File"
//   *** Delete File: PATH
//   *** End Patch
// Read strictly: what cannot be read is an error (and the hook denies), never
// a file skipped.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "agentops/result.h"
#include "agents/action.h"

namespace agentops::agents {

// The files one envelope writes, in order.
Result<std::vector<FileWrite>> parse_apply_patch(std::string_view envelope);

// The envelope inside a shell command (`apply_patch <<'EOF' ... EOF`, or the
// patch as an argument), from "*** Begin Patch" through "*** End Patch";
// nullopt when the command holds no "*** Begin Patch" line.
std::optional<std::string_view> find_patch_envelope(std::string_view command);

}  // namespace agentops::agents
