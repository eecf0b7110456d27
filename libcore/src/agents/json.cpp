// The JSON reader: recursive descent over a string_view, with a depth limit
// so hostile input (a hook's stdin) cannot exhaust the stack.
#include "agents/json.h"

#include <fmt/format.h>

#include "format/json_string.h"

namespace agentops::json {
namespace {

class Reader {
 public:
  Reader(std::string_view text, const ParseOptions& options) : text_(text), options_(options) {}

  Result<Value> document() {
    Value value;
    if (!skip_space() || !read_value(value, 0)) return failure();
    if (!skip_space()) return failure();
    if (pos_ != text_.size()) {
      fail("end of input after the value");
      return failure();
    }
    return value;
  }

 private:
  bool fail(std::string_view expected) {
    if (error_.empty()) error_ = fmt::format("invalid JSON at byte {}: expected {}", pos_, expected);
    return false;
  }
  Error failure() const { return Error{error_}; }

  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return at_end() ? '\0' : text_[pos_]; }

  // Whitespace, and comments when allowed; false on an unterminated comment.
  bool skip_space() {
    while (!at_end()) {
      const char c = text_[pos_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++pos_;
      } else if (options_.allow_comments && c == '/' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '/') {
        while (!at_end() && text_[pos_] != '\n') ++pos_;
      } else if (options_.allow_comments && c == '/' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '*') {
        const size_t close = text_.find("*/", pos_ + 2);
        if (close == std::string_view::npos) return fail("the end of a /* comment */");
        pos_ = close + 2;
      } else {
        break;
      }
    }
    return true;
  }

  bool literal(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return fail(fmt::format("'{}'", word));
    pos_ += word.size();
    return true;
  }

  bool read_value(Value& value, size_t depth) {
    if (depth >= options_.max_depth) return fail(fmt::format("at most {} nested arrays and objects", options_.max_depth));
    value.begin = pos_;
    bool ok = false;
    switch (peek()) {
      case '{': ok = read_object(value, depth); break;
      case '[': ok = read_array(value, depth); break;
      case '"': value.kind = Value::Kind::string; ok = read_string(value.text); break;
      case 't': value.kind = Value::Kind::boolean; value.boolean = true; ok = literal("true"); break;
      case 'f': value.kind = Value::Kind::boolean; ok = literal("false"); break;
      case 'n': value.kind = Value::Kind::null; ok = literal("null"); break;
      default: ok = read_number(value); break;
    }
    value.end = pos_;
    return ok;
  }

  bool read_object(Value& value, size_t depth) {
    value.kind = Value::Kind::object;
    ++pos_;  // '{'
    if (!skip_space()) return false;
    if (peek() == '}') {
      ++pos_;
      return true;
    }
    while (true) {
      Value::Member member;
      member.key_begin = pos_;
      if (peek() != '"') return fail("a string key");
      if (!read_string(member.key) || !skip_space()) return false;
      if (peek() != ':') return fail("':'");
      ++pos_;
      if (!skip_space() || !read_value(member.value, depth + 1) || !skip_space()) return false;
      value.members.push_back(std::move(member));
      if (peek() == ',') {
        ++pos_;
        if (!skip_space()) return false;
        continue;
      }
      if (peek() == '}') {
        ++pos_;
        return true;
      }
      return fail("',' or '}'");
    }
  }

  bool read_array(Value& value, size_t depth) {
    value.kind = Value::Kind::array;
    ++pos_;  // '['
    if (!skip_space()) return false;
    if (peek() == ']') {
      ++pos_;
      return true;
    }
    while (true) {
      Value item;
      if (!read_value(item, depth + 1) || !skip_space()) return false;
      value.items.push_back(std::move(item));
      if (peek() == ',') {
        ++pos_;
        if (!skip_space()) return false;
        continue;
      }
      if (peek() == ']') {
        ++pos_;
        return true;
      }
      return fail("',' or ']'");
    }
  }

  static void append_utf8(std::string& out, unsigned code) {
    if (code < 0x80) {
      out += static_cast<char>(code);
    } else if (code < 0x800) {
      out += static_cast<char>(0xC0 | (code >> 6));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
      out += static_cast<char>(0xE0 | (code >> 12));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (code >> 18));
      out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    }
  }

  bool hex4(unsigned& code) {
    if (pos_ + 4 > text_.size()) return fail("four hex digits after \\u");
    code = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = text_[pos_++];
      code <<= 4;
      if (c >= '0' && c <= '9') code |= static_cast<unsigned>(c - '0');
      else if (c >= 'a' && c <= 'f') code |= static_cast<unsigned>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') code |= static_cast<unsigned>(c - 'A' + 10);
      else return fail("four hex digits after \\u");
    }
    return true;
  }

  bool read_string(std::string& out) {
    ++pos_;  // '"'
    while (true) {
      if (at_end()) return fail("the closing '\"' of a string");
      const char c = text_[pos_];
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (static_cast<unsigned char>(c) < 0x20) return fail("no raw control character in a string (escape it)");
      if (c != '\\') {
        // Copy the run up to the next quote, backslash or control character at once.
        size_t run = pos_ + 1;
        while (run < text_.size() && text_[run] != '"' && text_[run] != '\\' &&
               static_cast<unsigned char>(text_[run]) >= 0x20)
          ++run;
        out.append(text_.substr(pos_, run - pos_));
        pos_ = run;
        continue;
      }
      ++pos_;
      if (at_end()) return fail("an escape after '\\'");
      const char e = text_[pos_++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          unsigned code = 0;
          if (!hex4(code)) return false;
          if (code >= 0xD800 && code < 0xDC00 && text_.substr(pos_, 2) == "\\u") {
            const size_t mark = pos_;
            pos_ += 2;
            unsigned low = 0;
            if (!hex4(low)) return false;
            if (low >= 0xDC00 && low < 0xE000) {
              code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
            } else {
              pos_ = mark;  // not a pair: the high half stands alone
              code = 0xFFFD;
            }
          } else if (code >= 0xD800 && code < 0xE000) {
            code = 0xFFFD;
          }
          append_utf8(out, code);
          break;
        }
        default:
          --pos_;
          return fail("one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX");
      }
    }
  }

  bool digits() {
    const size_t start = pos_;
    while (!at_end() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
    return pos_ > start;
  }

  bool read_number(Value& value) {
    value.kind = Value::Kind::number;
    const size_t start = pos_;
    if (peek() == '-') ++pos_;
    if (peek() == '0') {
      ++pos_;
    } else if (!digits()) {
      pos_ = start;
      return fail("a value");
    }
    if (peek() == '.') {
      ++pos_;
      if (!digits()) return fail("a digit after '.'");
    }
    if (peek() == 'e' || peek() == 'E') {
      ++pos_;
      if (peek() == '+' || peek() == '-') ++pos_;
      if (!digits()) return fail("a digit in the exponent");
    }
    value.text = std::string(text_.substr(start, pos_ - start));
    return true;
  }

  std::string_view text_;
  const ParseOptions& options_;
  size_t pos_ = 0;
  std::string error_;
};

}  // namespace

const Value* Value::find(std::string_view key) const {
  if (kind != Kind::object) return nullptr;
  for (auto it = members.rbegin(); it != members.rend(); ++it)
    if (it->key == key) return &it->value;
  return nullptr;
}

std::string Value::string_or(std::string_view key, std::string fallback) const {
  const Value* value = find(key);
  if (value == nullptr || value->kind != Kind::string) return fallback;
  return value->text;
}

Result<Value> parse(std::string_view text, const ParseOptions& options) {
  return Reader(text, options).document();
}

std::string quote(std::string_view text) {
  std::string out;
  detail::append_json_string(out, text);
  return out;
}

}  // namespace agentops::json
