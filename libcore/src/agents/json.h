// A small, strict JSON reader (RFC 8259) for what agents write to a hook's
// stdin and for the agents' own settings files. Every value keeps the byte
// range it came from, so a settings file can be edited in place (an entry
// inserted or removed) without reformatting what its owner wrote.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "agentops/result.h"

namespace agentops::json {

struct Value {
  enum class Kind { null, boolean, number, string, array, object };
  Kind kind = Kind::null;
  bool boolean = false;
  // A string's decoded text (UTF-8; \u escapes decoded, a lone surrogate
  // becomes U+FFFD), or a number's text as written.
  std::string text;
  std::vector<Value> items;                          // array, in order
  struct Member;
  std::vector<Member> members;                       // object, in order (duplicates kept)
  // Bytes [begin, end) of the source text this value was read from.
  size_t begin = 0;
  size_t end = 0;

  bool is_object() const { return kind == Kind::object; }
  bool is_array() const { return kind == Kind::array; }
  bool is_string() const { return kind == Kind::string; }
  // The value of `key` in an object (the last one, when a key repeats, as
  // JavaScript reads it), or nullptr: also when this is not an object.
  const Value* find(std::string_view key) const;
  // The string value of `key`, or `fallback` when absent or not a string.
  std::string string_or(std::string_view key, std::string fallback = {}) const;
};

struct Value::Member {
  std::string key;
  size_t key_begin = 0;  // byte offset of the key's opening quote
  Value value;
};

struct ParseOptions {
  // `//` and `/* */` comments count as whitespace (JSONC: VS Code style
  // settings files); trailing commas are never accepted.
  bool allow_comments = false;
  size_t max_depth = 256;
};

// The one value `text` holds (whitespace around it allowed), or an error
// naming the byte offset and what was expected there.
Result<Value> parse(std::string_view text, const ParseOptions& options = {});

// `text` as a JSON string literal, quotes included.
std::string quote(std::string_view text);

}  // namespace agentops::json
