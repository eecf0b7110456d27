// In-place JSON edits: offsets come from json::parse, so an edit touches only
// the bytes between two elements (or inside an empty container).
#include "install/agent_json_edit.h"

namespace agentops::install {
namespace {

// The spaces and tabs that open the line holding byte `pos`.
std::string line_indent(std::string_view text, size_t pos) {
  const size_t line_start = text.rfind('\n', pos == 0 ? 0 : pos - 1);
  size_t i = line_start == std::string_view::npos ? 0 : line_start + 1;
  std::string indent;
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) indent += text[i++];
  return indent;
}

size_t element_count(const json::Value& container) {
  return container.is_object() ? container.members.size() : container.items.size();
}
size_t element_begin(const json::Value& container, size_t index) {
  return container.is_object() ? container.members[index].key_begin : container.items[index].begin;
}
size_t element_end(const json::Value& container, size_t index) {
  return container.is_object() ? container.members[index].value.end : container.items[index].end;
}

// Adds `element(indent, one_line)` as the last element of `container`.
template <class RenderElement>
std::string insert_element(std::string_view text, const json::Value& container, const JsonStyle& style,
                           RenderElement element) {
  std::string out(text);
  const size_t count = element_count(container);
  if (count == 0) {
    // A document written on one line stays on one line.
    const size_t first_newline = text.find('\n');
    if (first_newline == std::string_view::npos || text.find_first_not_of("\r\n", first_newline) == std::string_view::npos) {
      out.replace(container.begin + 1, container.end - container.begin - 2, element("", true));
      return out;
    }
    const std::string outer = line_indent(text, container.begin);
    const std::string inner = outer + style.indent_unit;
    const std::string interior = style.newline + inner + element(inner, false) + style.newline + outer;
    out.replace(container.begin + 1, container.end - container.begin - 2, interior);
    return out;
  }
  const std::string_view gap = text.substr(container.begin + 1, element_begin(container, 0) - container.begin - 1);
  const size_t last_newline = gap.rfind('\n');
  const size_t at = element_end(container, count - 1);
  if (last_newline == std::string_view::npos) {
    out.insert(at, ", " + element("", true));
    return out;
  }
  std::string indent(gap.substr(last_newline + 1));
  std::erase(indent, '\r');
  out.insert(at, "," + style.newline + indent + element(indent, false));
  return out;
}

}  // namespace

JsonStyle detect_json_style(std::string_view text) {
  JsonStyle style;
  if (text.find("\r\n") != std::string_view::npos) style.newline = "\r\n";
  size_t pos = 0;
  while ((pos = text.find('\n', pos)) != std::string_view::npos) {
    ++pos;
    size_t end = pos;
    while (end < text.size() && (text[end] == ' ' || text[end] == '\t')) ++end;
    if (end == pos || end == text.size() || text[end] == '\r' || text[end] == '\n') continue;
    style.indent_unit = text[pos] == '\t' ? std::string("\t") : std::string(end - pos, ' ');
    break;
  }
  return style;
}

std::string render_json(const json::Value& value, const JsonStyle& style, const std::string& indent, bool one_line) {
  using Kind = json::Value::Kind;
  switch (value.kind) {
    case Kind::null: return "null";
    case Kind::boolean: return value.boolean ? "true" : "false";
    case Kind::number: return value.text;
    case Kind::string: return json::quote(value.text);
    case Kind::array:
    case Kind::object: break;
  }
  const bool object = value.is_object();
  const size_t count = object ? value.members.size() : value.items.size();
  if (count == 0) return object ? "{}" : "[]";
  const std::string inner = indent + style.indent_unit;
  std::string out = object ? "{" : "[";
  for (size_t i = 0; i < count; ++i) {
    out += i == 0 ? "" : ",";
    out += one_line ? (i == 0 ? "" : " ") : style.newline + inner;
    if (object) out += json::quote(value.members[i].key) + ": ";
    out += render_json(object ? value.members[i].value : value.items[i], style, inner, one_line);
  }
  if (!one_line) out += style.newline + indent;
  return out + (object ? "}" : "]");
}

std::string insert_member(std::string_view text, const json::Value& object, std::string_view key,
                          const json::Value& value, const JsonStyle& style) {
  return insert_element(text, object, style, [&](const std::string& indent, bool one_line) {
    return json::quote(key) + ": " + render_json(value, style, indent, one_line);
  });
}

std::string append_item(std::string_view text, const json::Value& array, const json::Value& item,
                        const JsonStyle& style) {
  return insert_element(text, array, style, [&](const std::string& indent, bool one_line) {
    return render_json(item, style, indent, one_line);
  });
}

std::string remove_element(std::string_view text, const json::Value& container, size_t index) {
  std::string out(text);
  const size_t count = element_count(container);
  if (count == 1) {
    out.erase(container.begin + 1, container.end - container.begin - 2);
  } else if (index > 0) {
    const size_t from = element_end(container, index - 1);
    out.erase(from, element_end(container, index) - from);
  } else {
    const size_t from = element_begin(container, 0);
    out.erase(from, element_begin(container, 1) - from);
  }
  return out;
}

}  // namespace agentops::install
