// JSON string escaping shared by the JSON and SARIF formatters: byte-exact,
// with invalid UTF-8 (possible in paths) replaced by U+FFFD so every document
// stays valid JSON.
#pragma once

#include <string>
#include <string_view>

#include "agentops/findings.h"

namespace agentops::detail {

void append_json_string(std::string& out, std::string_view text);

// ,"approval":{"state":..,"principal":..,"key":..,"reason":..}: a gated
// finding's signed approval, the same in JSON and SARIF (empty fields left out).
void append_approval_record(std::string& out, const ApprovalRecord& record);

}  // namespace agentops::detail
