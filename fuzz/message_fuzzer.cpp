// libFuzzer harness: any bytes as a commit message, through cleanup, trailers,
// Conventional Commits parsing and the message rules of the twelve-factor preset.
#include <cstddef>
#include <cstdint>
#include <string>

#include "agentops/message.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const agentops::Policy policy = *agentops::load_preset("twelve-factor");
  const std::string raw(reinterpret_cast<const char*>(data), size);
  for (auto cleanup : {agentops::Cleanup::strip, agentops::Cleanup::whitespace, agentops::Cleanup::scissors}) {
    const std::string message = agentops::clean_message(raw, agentops::CleanupOptions{cleanup, '#'});
    (void)agentops::parse_trailers(message);
    (void)agentops::check_message(message, agentops::MessageContext{size, "A <a@x>"}, policy);
  }
  (void)agentops::comment_char_for("auto", raw);
  (void)agentops::add_trailer(raw, "Human-Approved-by", "A <a@x>", '#');
  return 0;
}
