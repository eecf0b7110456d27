// What toml++ 3.3 must never be given. Its parser reaches __builtin_unreachable()
// when it asks whether some non-ASCII characters (U+00A1..U+0499, U+FB26..U+FEFE)
// are whitespace, which it does for any character outside a string or comment
// and, inside a multi-line basic string, for the character after a backslash
// and the first one of a line continued by a backslash. Found by
// fuzz/policy_fuzzer.cpp; the loaders check every document here first.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace agentops::detail {

struct TomlTextProblem {
  size_t offset = 0;  // byte offset into the document
  std::string what;   // e.g. "a control character (U+0000) ..."
};

// The first place where `text` (valid UTF-8) is certainly not TOML, or holds a
// non-ASCII character where toml++ would classify it: a control character
// other than tab and line breaks (TOML allows none anywhere), a carriage
// return not followed by a line feed, an unknown escape sequence, a
// non-ASCII character outside a string or comment, or one right after a
// backslash in a multi-line basic string; also two shapes toml++ assumes never
// happen (a table header without a key, '}' where an array needs a value).
// Strings are tracked as toml++ reads them: a quote opens one only where a key
// or a value starts, never inside a bare value (which toml++ scans ahead
// through to its end); anywhere unsure, text is taken as bare, so a mistake
// here can only refuse more, never let toml++ see more.
std::optional<TomlTextProblem> toml_text_problem(std::string_view text);

}  // namespace agentops::detail
