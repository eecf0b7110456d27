// Files from policies/ compiled into the binary by cmake/embed_files.cmake.
#pragma once

#include <vector>

namespace agentops::detail {

struct EmbeddedFile {
  const char* name;  // path under policies/ without ".toml": "baseline", "catalogue/secrets"
  const char* text;
};

const std::vector<EmbeddedFile>& embedded_policy_files();

}  // namespace agentops::detail
