// Text from commit messages made safe to hand to a person or an agent:
// printable (control characters dropped, invalid UTF-8 replaced by U+FFFD)
// and with every secret the built-in catalogue finds redacted (redact.h).
// A learning is context an agent reads and may repeat: it must never echo a key.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "agentops/result.h"

namespace agentops::learnings {

// Keeps '\n' and '\t'; drops every other C0 control, DEL and C1 control.
std::string printable(std::string_view text);

class SafeText {
 public:
  // Compiles the built-in secret catalogue once, for every text of a walk.
  static Result<SafeText> create();
  SafeText(SafeText&&) noexcept;
  SafeText& operator=(SafeText&&) noexcept;
  ~SafeText();

  // `text` printable, each secret in it replaced by its redaction.
  Result<std::string> clean(std::string_view text) const;

  struct Scanner;

 private:
  explicit SafeText(std::unique_ptr<Scanner> scanner);
  std::unique_ptr<Scanner> scanner_;
};

}  // namespace agentops::learnings
