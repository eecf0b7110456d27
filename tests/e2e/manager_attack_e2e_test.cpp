// Attacks on agentops beside hook managers with the real tools: ref updates
// that never reach agentops-pre-push although git is its parent, forged
// PRE_COMMIT_* variables, and hook-manager scripts that end before agentops' line.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "git_sandbox.h"

namespace agentops {
namespace {

using testing::bin_dir;
using testing::CommandResult;
using testing::GitSandbox;
using testing::quote;

const std::string kAwsKeyId = std::string("AKIA") + "QYLPMN5HHHFPZAM2";

class ManagerAttack : public ::testing::Test {
 protected:
  void SetUp() override {
    remote.run("git init -q --bare -b main .");
    client.commit_file("README.md", "# demo\n");
    client.git("remote add origin " + quote(remote.root()));
    client.git("push -q -u origin main");
  }
  void commit_secret() const {
    client.write("deploy.env", "AWS_ACCESS_KEY_ID=" + kAwsKeyId + "\n");
    client.git("add deploy.env");
    client.git("commit -q --no-verify -m 'feat: deploy settings'");
  }
  void write_pre_push(const std::string& body) const {
    client.write(".git/hooks/pre-push", "#!/bin/sh\n" + body);
    client.run("chmod +x .git/hooks/pre-push");
  }
  CommandResult run(const std::string& command) const {
    return client.run("PATH=" + quote(bin_dir()) + ":$PATH " + command);
  }
  void expect_refused(const CommandResult& result) const {
    EXPECT_NE(result.exit_code, 0) << result.out << result.err;
    EXPECT_NE(result.err.find("[secret.aws-access-key-id]"), std::string::npos) << result.err;
    EXPECT_EQ(result.err.find(kAwsKeyId), std::string::npos);
    EXPECT_EQ(remote.run("git rev-parse main").out, client.git("rev-parse origin/main"));
  }

  GitSandbox remote{false};
  GitSandbox client;
};

// --- git is the parent, but its ref updates never arrived ---------------------

// `git lfs pre-push "$@"` (or any line reading stdin) first, then exec: git
// is agentops' parent and stdin is git's pipe, read empty.
TEST_F(ManagerAttack, ScriptLineReadingStdinBeforeExecStillRefusesASecret) {
  write_pre_push("cat >/dev/null\nexec agentops-pre-push \"$@\"\n");
  commit_secret();
  expect_refused(run("git push origin main"));
}

TEST_F(ManagerAttack, ExecWithStdinFromDevNullStillRefusesASecret) {
  write_pre_push("exec agentops-pre-push \"$@\" </dev/null\n");
  commit_secret();
  expect_refused(run("git push origin main"));
}

TEST_F(ManagerAttack, ScriptLineReadingStdinBeforeExecPassesACleanAndAnUpToDatePush) {
  write_pre_push("cat >/dev/null\nexec agentops-pre-push \"$@\"\n");
  client.commit_file("a.txt", "a\n", "feat: add a");
  CommandResult result = run("git push origin main");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  result = run("git push origin main");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  client.git("switch -q --detach");
  result = run("git push --all origin");
  EXPECT_EQ(result.exit_code, 0) << "git's empty stdin stands where the push cannot be rebuilt\n" << result.err;
}

}  // namespace
}  // namespace agentops
