// Real ed25519 keys made by ssh-keygen in a temporary directory, for the
// approval tests (never the user's ~/.ssh).
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "git_sandbox.h"

namespace agentops::testing {

class SshKeys {
 public:
  SshKeys() : directory_(/*init=*/false) {}

  // Makes key `name` (private file `name`, public `name`.pub); its public line "ssh-ed25519 AAAA... name".
  std::string make(const std::string& name) {
    const auto made = directory_.run("ssh-keygen -q -t ed25519 -N '' -C " + quote(name) + " -f " + quote(name));
    EXPECT_EQ(made.exit_code, 0) << made.err;
    std::ifstream in(directory_.path(name + ".pub"));
    std::stringstream text;
    text << in.rdbuf();
    std::string line = text.str();
    while (!line.empty() && line.back() == '\n') line.pop_back();
    return line;
  }
  std::string private_key(const std::string& name) const { return directory_.path(name); }
  const GitSandbox& directory() const { return directory_; }

 private:
  GitSandbox directory_;
};

}  // namespace agentops::testing
