// The line-based YAML reader (see yaml_lines.h): what the hook managers write
// and document, nothing more; anything else is flagged, never guessed.
#include "doctor/yaml_lines.h"

#include <cstddef>

namespace agentops::doctor {
namespace {

std::string strip_comment(const std::string& text) {
  char quote = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      if (i == 0 || text[i - 1] == ' ' || text[i - 1] == ':' || text[i - 1] == '[' || text[i - 1] == ',') quote = c;
    } else if (c == '#' && (i == 0 || text[i - 1] == ' ')) {
      return text.substr(0, i);
    }
  }
  return text;
}

std::string trim(std::string text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\r')) text.pop_back();
  size_t start = 0;
  while (start < text.size() && text[start] == ' ') ++start;
  return text.substr(start);
}

std::string unquote(const std::string& text) {
  if (text.size() >= 2 && (text.front() == '"' || text.front() == '\'') && text.back() == text.front())
    return text.substr(1, text.size() - 2);
  return text;
}

class Reader {
 public:
  Reader(const std::string& text, YamlDocument& document) : document_(document) {
    size_t start = 0;
    while (start < text.size()) {
      size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      raw_.push_back(text.substr(start, end - start));
      start = end + 1;
    }
  }

  YamlNode read() {
    next_ = 0;
    skip_blank();
    if (next_ >= raw_.size()) return {};
    return read_block(indent_of(raw_[next_]));
  }

 private:
  static size_t indent_of(const std::string& line) {
    size_t indent = 0;
    while (indent < line.size() && line[indent] == ' ') ++indent;
    return indent;
  }
  bool blank(const std::string& line) const { return trim(strip_comment(line)).empty(); }
  void skip_blank() {
    while (next_ < raw_.size()) {
      const std::string& line = raw_[next_];
      if (line.find('\t') != std::string::npos && line.find_first_not_of(" \t") < line.size() &&
          line[line.find_first_not_of(' ')] == '\t')
        flag("a tab in indentation");
      const std::string content = trim(strip_comment(line));
      if (content == "---" || content.starts_with("%")) {
        ++next_;
        continue;
      }
      if (!blank(line)) return;
      ++next_;
    }
  }
  void flag(const std::string& reason) {
    if (!document_.unsure) document_.unsure_reason = reason;
    document_.unsure = true;
  }

  // A block (mapping or sequence) whose lines start at `indent`.
  YamlNode read_block(size_t indent) {
    skip_blank();
    YamlNode node;
    if (next_ >= raw_.size()) return node;
    const std::string first = trim(strip_comment(raw_[next_]));
    const bool sequence = first == "-" || first.starts_with("- ");
    node.kind = sequence ? YamlNode::Kind::sequence : YamlNode::Kind::mapping;
    while (true) {
      skip_blank();
      if (next_ >= raw_.size()) break;
      const size_t line_indent = indent_of(raw_[next_]);
      if (line_indent < indent) break;
      if (line_indent > indent) {
        flag("unexpected indentation at line " + std::to_string(next_ + 1));
        ++next_;
        continue;
      }
      std::string content = trim(strip_comment(raw_[next_]));
      if (sequence) {
        if (!(content == "-" || content.starts_with("- "))) break;
        // "- key: value" opens a mapping whose keys sit two columns further in.
        std::string rest = content == "-" ? "" : trim(content.substr(2));
        if (rest.empty()) {
          ++next_;
          node.items.push_back(read_nested(indent));
        } else if (key_of(rest).first) {
          const size_t item_indent = indent + (content.size() - rest.size());
          raw_[next_] = std::string(item_indent, ' ') + rest;
          node.items.push_back(read_block(item_indent));
        } else {
          ++next_;
          node.items.push_back(scalar_value(rest, indent));
        }
      } else {
        if (content.starts_with("- ") || content == "-") break;
        auto [is_key, key] = key_of(content);
        if (!is_key) {
          flag("a line that is not 'key: value' at line " + std::to_string(next_ + 1));
          ++next_;
          continue;
        }
        if (key == "<<") flag("a merge key (<<) at line " + std::to_string(next_ + 1));
        const std::string value = trim(content.substr(key_end_ + 1));
        ++next_;
        if (value.empty()) {
          node.entries.push_back(YamlEntry{key, read_nested(indent)});
        } else {
          node.entries.push_back(YamlEntry{key, scalar_value(value, indent)});
        }
      }
    }
    return node;
  }

  // The block under a key or "-" with no inline value: more indented lines
  // (a sequence may sit at the key's own indentation, as YAML allows).
  YamlNode read_nested(size_t parent_indent) {
    skip_blank();
    if (next_ >= raw_.size()) return {};
    const size_t indent = indent_of(raw_[next_]);
    const std::string content = trim(strip_comment(raw_[next_]));
    const bool sequence = content == "-" || content.starts_with("- ");
    if (indent > parent_indent || (indent == parent_indent && sequence)) return read_block(indent);
    return {};
  }

  // "key: value" -> {true, key}; quoted keys too.
  std::pair<bool, std::string> key_of(const std::string& content) {
    size_t colon = std::string::npos;
    if (!content.empty() && (content[0] == '"' || content[0] == '\'')) {
      const size_t close = content.find(content[0], 1);
      if (close != std::string::npos && close + 1 < content.size() && content[close + 1] == ':') colon = close + 1;
    } else {
      for (size_t i = 0; i < content.size(); ++i)
        if (content[i] == ':' && (i + 1 == content.size() || content[i + 1] == ' ')) {
          colon = i;
          break;
        }
    }
    if (colon == std::string::npos) return {false, ""};
    key_end_ = colon;
    return {true, unquote(trim(content.substr(0, colon)))};
  }

  YamlNode scalar_value(const std::string& value, size_t indent) {
    YamlNode node;
    if (value.starts_with("&") || value.starts_with("*") || value.starts_with("!")) {
      flag("an anchor, alias or tag (" + value.substr(0, 20) + ")");
    }
    if (value.starts_with("{")) flag("a flow mapping");
    if (value.starts_with("|") || value.starts_with(">")) {
      // Block scalar: the more-indented lines that follow, joined by newlines
      // (folding is irrelevant to the commands doctor looks for).
      node.kind = YamlNode::Kind::scalar;
      while (next_ < raw_.size() && (blank(raw_[next_]) || indent_of(raw_[next_]) > indent)) {
        node.scalar += trim(raw_[next_]) + "\n";
        ++next_;
      }
      return node;
    }
    if (value.starts_with("[")) {
      if (value.back() != ']') {
        flag("a flow sequence over several lines");
        return node;
      }
      node.kind = YamlNode::Kind::sequence;
      std::string inner = value.substr(1, value.size() - 2);
      size_t start = 0;
      while (start <= inner.size()) {
        size_t end = inner.find(',', start);
        if (end == std::string::npos) end = inner.size();
        const std::string item = unquote(trim(inner.substr(start, end - start)));
        if (!item.empty()) {
          YamlNode scalar;
          scalar.kind = YamlNode::Kind::scalar;
          scalar.scalar = item;
          node.items.push_back(scalar);
        }
        start = end + 1;
      }
      return node;
    }
    // A plain scalar continued on more-indented lines is not followed.
    if (next_ < raw_.size() && !blank(raw_[next_]) && indent_of(raw_[next_]) > indent &&
        !key_of(trim(strip_comment(raw_[next_]))).first)
      flag("a value continued over several lines near line " + std::to_string(next_));
    node.kind = YamlNode::Kind::scalar;
    node.scalar = unquote(value);
    return node;
  }

  YamlDocument& document_;
  std::vector<std::string> raw_;
  size_t next_ = 0;
  size_t key_end_ = 0;
};

}  // namespace

const YamlNode* YamlNode::find(const std::string& key) const {
  for (const auto& [name, value] : entries)
    if (name == key) return &value;
  return nullptr;
}

std::vector<std::string> YamlNode::strings() const {
  if (kind == Kind::scalar) return {scalar};
  std::vector<std::string> out;
  for (const auto& item : items)
    if (item.kind == Kind::scalar) out.push_back(item.scalar);
  return out;
}

YamlDocument read_yaml_lines(const std::string& text) {
  YamlDocument document;
  Reader reader(text, document);
  document.root = reader.read();
  return document;
}

}  // namespace agentops::doctor
