// What the end-to-end tests of `agentops-install --agents` share: a repository
// with one commit to install into, running the built installer there, and a
// file's bytes to compare the agents' config files byte for byte.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "git_sandbox.h"

namespace agentops::testing {

// The bytes of the file at `path` ("" when it cannot be read).
inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

// A fixture: a repository with a README committed, and the installer run in it.
class AgentInstallTest : public ::testing::Test {
 protected:
  void SetUp() override { sandbox.commit_file("README.md", "# demo\n"); }

  // Runs `agentops-install --repo . FLAGS` in the repository.
  CommandResult install(const std::string& flags) const {
    return sandbox.run(quote(bin("agentops-install")) + " --repo . " + flags);
  }

  GitSandbox sandbox;
};

}  // namespace agentops::testing
