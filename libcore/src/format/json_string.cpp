#include "format/json_string.h"
#include "utf8.h"

#include <fmt/format.h>

namespace agentops::detail {
namespace {

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  for (size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    switch (c) {
      case '"': out += "\\\""; ++i; continue;
      case '\\': out += "\\\\"; ++i; continue;
      case '\n': out += "\\n"; ++i; continue;
      case '\r': out += "\\r"; ++i; continue;
      case '\t': out += "\\t"; ++i; continue;
      default: break;
    }
    if (c < 0x20) {
      fmt::format_to(std::back_inserter(out), "\\u{:04x}", c);
      ++i;
      continue;
    }
    const size_t length = utf8_sequence_length(text, i);
    if (length == 0) {
      out += "\\ufffd";
      ++i;
      continue;
    }
    out.append(text.substr(i, length));
    i += length;
  }
  out += '"';
}


void append_approval_record(std::string& out, const ApprovalRecord& record) {
  out += ",\"approval\":{\"state\":";
  append_json_string(out, record.state);
  for (const auto& [name, value] : {std::pair<const char*, const std::string*>{"principal", &record.principal},
                                    {"key", &record.key},
                                    {"reason", &record.reason}}) {
    if (value->empty()) continue;
    out += ",\"";
    out += name;
    out += "\":";
    append_json_string(out, *value);
  }
  out += '}';
}

}  // namespace agentops::detail
