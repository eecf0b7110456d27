// The assignment grammar shared by every secret rule written as a value
// assigned to a name (`assigned_to` in a rule): the ways code and config
// files bind a value to a name, from `KEY=value` to `<key>value</key>`.
// One grammar, so a new assignment style teaches every such rule at once.
#pragma once

#include <string>
#include <vector>

namespace agentops::rules {

// The regex of `value_regex` assigned to an identifier that holds one of
// `names` (case-insensitive literals). Group 1 is the value; the value's own
// groups follow. Compile it across lines: only the line break after an XML
// start tag is crossed.
std::string assignment_regex(const std::vector<std::string>& names, const std::string& value_regex);

}  // namespace agentops::rules
