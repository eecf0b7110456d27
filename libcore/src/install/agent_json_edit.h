// Edits to a JSON settings file made as text, in place: an entry is inserted
// or removed where it belongs and every other byte the owner wrote (spacing,
// key order, line endings, escapes) stays as it was, so a merge is a minimal
// diff and undoing it gives the same bytes back.
#pragma once

#include <string>
#include <string_view>

#include "agentops/result.h"
#include "agents/json.h"

namespace agentops::install {

// How a file is laid out, read from its text, so that what agentops inserts
// looks like the rest of it.
struct JsonStyle {
  std::string newline = "\n";   // "\r\n" when the file uses CRLF
  std::string indent_unit = "  ";  // "\t", or the first indented line's spaces
};
JsonStyle detect_json_style(std::string_view text);

// `value` as JSON text laid out in `style`, nested lines starting at `indent`;
// on one line (", " and ": ") when `one_line`.
std::string render_json(const json::Value& value, const JsonStyle& style, const std::string& indent,
                        bool one_line = false);

// `text` with a member "key": `value` added at the end of `object`, which was
// parsed from `text`.
std::string insert_member(std::string_view text, const json::Value& object, std::string_view key,
                          const json::Value& value, const JsonStyle& style);
// `text` with `item` appended to `array`, which was parsed from `text`.
std::string append_item(std::string_view text, const json::Value& array, const json::Value& item,
                        const JsonStyle& style);
// `text` without element `index` of `container` (an array item, or an object
// member with its key), with the separator that went with it.
std::string remove_element(std::string_view text, const json::Value& container, size_t index);

}  // namespace agentops::install
