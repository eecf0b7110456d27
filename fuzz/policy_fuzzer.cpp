// libFuzzer harness: any bytes as a policy document. The loader must return a
// policy or an error, never crash, hang or read out of bounds.
#include <cstddef>
#include <cstdint>
#include <string>

#include "agentops/policy.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto policy = agentops::load_policy(agentops::PolicySource{".agentops/policy.toml", text, {}});
  if (policy) (void)agentops::describe_policy(*policy);
  return 0;
}
