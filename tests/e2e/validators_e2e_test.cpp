// [[validators]] through a real `git commit`: commands run on the staged
// snapshot, with their files, a timeout, and a clear finding when they fail.
#include <gtest/gtest.h>

#include "git_sandbox.h"

namespace agentops {
namespace {

using testing::CommandResult;
using testing::GitSandbox;

class Validators : public ::testing::Test {
 protected:
  void SetUp() override {
    sandbox.commit_file("README.md", "# demo\n");
    sandbox.install_hooks();
  }
  CommandResult commit() const {
    sandbox.git("add -A");
    return sandbox.run("git commit -m 'feat: add the example files'");
  }
  GitSandbox sandbox;
};

TEST_F(Validators, AFailingValidatorBlocksAndAPassingOneAllows) {
  sandbox.commit_policy(
      "version = 1\n[[validators]]\nname = \"no-tabs\"\nrun = [\"sh\", \"-c\", \"! grep -l \\\"$(printf '\\\\t')\\\" \\\"$@\\\"\", \"no-tabs\"]\n"
      "files = [\"*.py\"]\ntimeout_s = 10\n");
  sandbox.write("app.py", "def f():\n\treturn 1\n");
  CommandResult result = commit();
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("[validator.no-tabs]"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("app.py"), std::string::npos) << "the validator's own output is shown: " << result.err;
  sandbox.write("app.py", "def f():\n    return 1\n");
  result = commit();
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

TEST_F(Validators, OnlyMatchingStagedFilesAreValidated) {
  sandbox.commit_policy("version = 1\n[[validators]]\nname = \"py\"\nrun = [\"false\"]\nfiles = [\"*.py\"]\n");
  sandbox.write("notes.txt", "no python here\n");
  EXPECT_EQ(commit().exit_code, 0) << "no .py file staged: the validator does not run";
  sandbox.write("tool.py", "x = 1\n");
  EXPECT_NE(commit().exit_code, 0);
}

TEST_F(Validators, TheStagedContentIsValidatedNotTheWorkingTree) {
  sandbox.commit_policy(
      "version = 1\n[[validators]]\nname = \"ready\"\nrun = [\"grep\", \"-q\", \"READY\"]\nfiles = [\"*.cfg\"]\n");
  sandbox.write("app.cfg", "NOT YET\n");
  sandbox.git("add app.cfg");
  sandbox.write("app.cfg", "READY\n");  // only in the working tree
  const CommandResult result = sandbox.run("git commit -m 'feat: add config'");
  EXPECT_NE(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("validator.ready"), std::string::npos) << result.err;
}

TEST_F(Validators, ASlowValidatorIsStoppedAtItsTimeout) {
  sandbox.commit_policy("version = 1\n[[validators]]\nname = \"slow\"\nrun = [\"sleep\", \"30\"]\ntimeout_s = 1\n");
  sandbox.write("a.txt", "a\n");
  const CommandResult result = commit();
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("did not finish within 1 s"), std::string::npos) << result.err;
}

TEST_F(Validators, ClosingItsOutputDoesNotEscapeTheTimeout) {
  sandbox.commit_policy(
      "version = 1\n[[validators]]\nname = \"quiet\"\nrun = [\"sh\", \"-c\", \"exec >/dev/null 2>&1; sleep 30\"]\ntimeout_s = 1\n");
  sandbox.write("a.txt", "a\n");
  const CommandResult result = commit();
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("did not finish within 1 s"), std::string::npos) << result.err;
}

TEST_F(Validators, AFailureIsSeenEvenWithSigchldIgnored) {
  sandbox.commit_policy("version = 1\n[[validators]]\nname = \"no\"\nrun = [\"sh\", \"-c\", \"echo nope; exit 3\"]\n");
  sandbox.write("a.txt", "a\n");
  sandbox.git("add a.txt");
  if (sandbox.run("command -v python3").exit_code != 0) GTEST_SKIP() << "python3 is needed to ignore SIGCHLD";
  // A parent that ignores SIGCHLD passes that on; the validator must still be judged.
  const CommandResult result = sandbox.run(
      "python3 -c 'import os, signal, sys; signal.signal(signal.SIGCHLD, signal.SIG_IGN); "
      "os.execvp(sys.argv[1], sys.argv[1:])' " + testing::quote(testing::bin("agentops")) + " check --staged");
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
}

TEST_F(Validators, FileNamesNeverBecomeOptions) {
  sandbox.commit_policy("version = 1\n[[validators]]\nname = \"args\"\nrun = [\"sh\", \"-c\", \"printf '%s\\\\n' \\\"$@\\\" > " +
                        sandbox.path("args.txt") + "\", \"args\"]\nfiles = [\"*\"]\n");
  sandbox.write("-rf", "x\n");
  EXPECT_EQ(commit().exit_code, 0);
  EXPECT_NE(sandbox.run("cat args.txt").out.find("./-rf"), std::string::npos) << sandbox.run("cat args.txt").out;
}

TEST_F(Validators, AMissingCommandFailsClosed) {
  sandbox.commit_policy("version = 1\n[[validators]]\nname = \"lint\"\nrun = [\"agentops-no-such-linter\"]\n");
  sandbox.write("a.txt", "a\n");
  const CommandResult result = commit();
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("could not be started"), std::string::npos) << result.err;
}

TEST_F(Validators, AValidatorAddedByTheChangeDoesNotRunForIt) {
  // Commands come from the committed policy: a change cannot run its own.
  const std::string marker = sandbox.path("validator-ran");
  sandbox.write(".agentops/policy.toml",
                "version = 1\n[[validators]]\nname = \"x\"\nrun = [\"touch\", \"" + marker + "\"]\n");
  sandbox.git("add -A");
  sandbox.run("git commit -m 'chore: add a validator' -m 'Human-Approved-by: Lead <lead@example.com>'");
  EXPECT_NE(sandbox.run("test -e validator-ran").exit_code, 0);
  // Once committed, it runs for the next change.
  sandbox.write("a.txt", "a\n");
  EXPECT_EQ(commit().exit_code, 0);
  EXPECT_EQ(sandbox.run("test -e validator-ran").exit_code, 0);
}

}  // namespace
}  // namespace agentops
