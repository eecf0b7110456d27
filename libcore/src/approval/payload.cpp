// The canonical text a signed approval covers (payload.h: format v1).
#include "approval/payload.h"

#include <cstdio>
#include <map>

#include "rules/rule_families.h"

namespace agentops::approval {
namespace {

// `path` as git writes it with core.quotePath=false (quote.c, quote_c_style):
// unchanged unless it holds a control byte, DEL, '"' or '\\'; then in double
// quotes with C escapes, other such bytes as three octal digits. Bytes of
// UTF-8 (0x80 and above) stay as they are.
std::string quoted_path(const std::string& path) {
  const auto must_quote = [](unsigned char c) { return c < 0x20 || c == 0x7f || c == '"' || c == '\\'; };
  bool plain = true;
  for (char c : path) plain = plain && !must_quote(static_cast<unsigned char>(c));
  if (plain) return path;
  std::string quoted = "\"";
  for (char c : path) {
    const auto byte = static_cast<unsigned char>(c);
    if (!must_quote(byte)) {
      quoted += c;
      continue;
    }
    quoted += '\\';
    switch (byte) {
      case '\a': quoted += 'a'; break;
      case '\b': quoted += 'b'; break;
      case '\t': quoted += 't'; break;
      case '\n': quoted += 'n'; break;
      case '\v': quoted += 'v'; break;
      case '\f': quoted += 'f'; break;
      case '\r': quoted += 'r'; break;
      case '"': quoted += '"'; break;
      case '\\': quoted += '\\'; break;
      default: {
        char octal[4];
        std::snprintf(octal, sizeof octal, "%03o", byte);
        quoted += octal;
      }
    }
  }
  return quoted + "\"";
}

std::string hex(const std::array<unsigned char, 20>& id) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string text;
  text.reserve(id.size() * 2);
  for (unsigned char byte : id) {
    text += kDigits[byte >> 4];
    text += kDigits[byte & 0xf];
  }
  return text;
}

// "100644 <blob>" for what a path holds.
std::string state(std::uint32_t mode_bits, const std::array<unsigned char, 20>& blob) {
  char mode[16];
  std::snprintf(mode, sizeof mode, "%06o", static_cast<unsigned>(mode_bits));
  return std::string(mode) + " " + hex(blob);
}

}  // namespace

std::string approval_payload(const Change& change, const Policy& policy, PayloadScope scope) {
  // path -> "<before> -> <after>". What a path held before binds the approval
  // to the change it makes: an old approval of content v1 does not approve a
  // later change back to v1. A rename is the old path deleted and the new
  // one added, so the payload does not depend on rename detection; a path
  // that is both (a file moved onto another's old place) is the addition.
  std::map<std::string, std::string> touched;
  for (const auto& file : change.files) {
    const bool added = file.status == FileStatus::added || file.status == FileStatus::renamed ||
                       file.status == FileStatus::copied;
    const std::string before = added ? "absent" : state(file.old_mode, file.old_blob);
    if (file.status == FileStatus::deleted) {
      touched.emplace(file.path, before + " -> deleted");
      continue;
    }
    touched[file.path] = before + " -> " + state(file.mode, file.new_blob);
    if (file.status == FileStatus::renamed && file.old_path != file.path)
      touched.emplace(file.old_path, state(file.old_mode, file.old_blob) + " -> deleted");
  }
  std::map<std::string, std::string> protected_touched;
  for (const auto& [path, line] : touched)
    if (rules::is_protected_path(policy, path)) protected_touched.emplace(path, line);
  const bool scope_protected = scope == PayloadScope::automatic && !protected_touched.empty();

  // std::map orders std::string by its bytes (char_traits<char> compares as unsigned char).
  std::string payload = kPayloadHeader;
  payload += scope_protected ? "scope protected\n" : "scope change\n";
  for (const auto& [path, line] : scope_protected ? protected_touched : touched)
    payload += line + "\t" + quoted_path(path) + "\n";
  return payload;
}

}  // namespace agentops::approval
