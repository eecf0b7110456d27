// The names the one agentops binary is started under, as git and hook managers
// really start it: a hook linked or copied straight into .git/hooks runs the
// hook git calls it for, and a name that names no command stops git.
#include <gtest/gtest.h>

#include <string>

#include "git_sandbox.h"

namespace agentops {
namespace {

using testing::bin;
using testing::CommandResult;
using testing::GitSandbox;
using testing::quote;

const std::string kAwsKeyId = std::string("AKIA") + "QYLPMN5HHHFPZAM2";

void stage_a_secret(const GitSandbox& sandbox) {
  sandbox.write("config.env", "AWS_ACCESS_KEY_ID=" + kAwsKeyId + "\n");
  sandbox.git("add config.env");
}

CommandResult commit(const GitSandbox& sandbox) { return sandbox.run("git commit -q -m 'feat: add config'"); }

void write_script(const GitSandbox& sandbox, const std::string& relative, const std::string& body) {
  sandbox.write(relative, "#!/bin/sh\n" + body + "\n");
  sandbox.run("chmod +x " + quote(relative));
}

// Each way a person puts the executable itself (not agentops-install's
// script) into .git/hooks; before the one binary each was a working install.
TEST(MultiCallNames, AHookLinkedOrCopiedIntoGitHooksRunsTheHookGitCallsItFor) {
  const std::string ways[] = {
      "ln -s " + quote(bin("agentops-pre-commit")) + " .git/hooks/pre-commit",
      "ln -s " + quote(bin("agentops")) + " .git/hooks/pre-commit",
      "cp " + quote(bin("agentops")) + " .git/hooks/pre-commit",
      "cp " + quote(bin("agentops-pre-commit")) + " .git/hooks/pre-commit",
      // git's pre-merge-commit hook linked to agentops-pre-commit, as its usage suggests.
      "ln -s " + quote(bin("agentops-pre-commit")) + " .git/hooks/pre-merge-commit && "
          "ln -s pre-merge-commit .git/hooks/pre-commit",
  };
  for (const auto& way : ways) {
    GitSandbox sandbox;
    sandbox.commit_file("README", "readme\n");
    ASSERT_EQ(sandbox.run(way).exit_code, 0) << way;
    stage_a_secret(sandbox);
    const CommandResult refused = commit(sandbox);
    EXPECT_EQ(refused.exit_code, 1) << way;
    EXPECT_NE(refused.err.find("secret.aws-access-key-id"), std::string::npos) << way << ": " << refused.err;
    EXPECT_EQ(sandbox.commit_count(), 1) << way;
    sandbox.write("config.env", "AWS_REGION=eu-west-1\n");
    sandbox.git("add config.env");
    const CommandResult allowed = commit(sandbox);
    EXPECT_EQ(allowed.exit_code, 0) << way << ": " << allowed.err;
    EXPECT_EQ(sandbox.commit_count(), 2) << way;
  }
}

// Hook managers and agentops-install keep a displaced hook under a suffix and
// run it: lefthook's .old, the pre-commit framework's .legacy, agentops'
// .agentops-previous.
TEST(MultiCallNames, AKeptHookUnderAManagersSuffixRunsAsThatHook) {
  for (const std::string suffix : {".old", ".legacy", ".agentops-previous"}) {
    GitSandbox sandbox;
    sandbox.commit_file("README", "readme\n");
    sandbox.run("cp " + quote(bin("agentops")) + " .git/hooks/pre-commit" + suffix);
    write_script(sandbox, ".git/hooks/pre-commit", "exec \"$(dirname \"$0\")/pre-commit" + suffix + "\" \"$@\"");
    stage_a_secret(sandbox);
    const CommandResult refused = commit(sandbox);
    EXPECT_EQ(refused.exit_code, 1) << suffix;
    EXPECT_NE(refused.err.find("secret.aws-access-key-id"), std::string::npos) << suffix << ": " << refused.err;
    EXPECT_EQ(sandbox.commit_count(), 1) << suffix;
  }
}

TEST(MultiCallNames, ACommitMsgHookCopiedIntoGitHooksChecksTheMessage) {
  GitSandbox sandbox;
  sandbox.commit_policy("version = 1\nextends = [\"baseline\"]\n[message]\nformat = \"conventional\"\n");
  sandbox.run("cp " + quote(bin("agentops")) + " .git/hooks/commit-msg");
  sandbox.write("a.txt", "a\n");
  sandbox.git("add a.txt");
  const int before = sandbox.commit_count();
  EXPECT_NE(sandbox.run("git commit -q -m 'did stuff'").exit_code, 0);
  EXPECT_EQ(sandbox.commit_count(), before);
  const CommandResult allowed = sandbox.run("git commit -q -m 'feat: add a'");
  EXPECT_EQ(allowed.exit_code, 0) << allowed.err;
  EXPECT_EQ(sandbox.commit_count(), before + 1);
}

// A name that says nothing of which hook git runs: never the command line,
// never a commit.
TEST(MultiCallNames, ANameOfNoCommandStopsGitWithTheReason) {
  const std::string hook = bin("agentops-pre-commit");
  const std::string scripts[] = {
      "exec \"$(dirname \"$0\")/checker\" \"$@\"",  // a copy under a name of its own
      "exec -a checker " + quote(hook) + " \"$@\"",
      "exec -a '' " + quote(hook) + " \"$@\"",
      "exec perl -e 'exec { $ARGV[0] } ()' " + quote(hook),  // no argv[0] at all (argc 0)
  };
  for (const auto& script : scripts) {
    GitSandbox sandbox;
    sandbox.commit_file("README", "readme\n");
    sandbox.run("cp " + quote(bin("agentops")) + " .git/hooks/checker");
    sandbox.write(".git/hooks/pre-commit", "#!/bin/bash\n" + script + "\n");
    sandbox.run("chmod +x .git/hooks/pre-commit");
    sandbox.write("clean.txt", "nothing secret\n");
    sandbox.git("add clean.txt");
    const CommandResult refused = commit(sandbox);
    EXPECT_NE(refused.exit_code, 0) << script;
    EXPECT_NE(refused.err.find("names none of its commands"), std::string::npos) << script << ": " << refused.err;
    EXPECT_NE(refused.err.find("fail closed"), std::string::npos) << script;
    EXPECT_EQ(sandbox.commit_count(), 1) << script;
  }
}

// The command line under a hook's arguments: a remote named `help` whose URL
// is a path named like a command makes git pass `help check`, which the
// command line answers with a usage and exit 0. So a name that names no
// command never reaches it.
TEST(MultiCallNames, ARemoteNamedLikeACommandCannotPassAnUnknownNamedPrePush) {
  GitSandbox sandbox;
  sandbox.commit_file("README", "readme\n");
  sandbox.run("git init -q --bare check");
  sandbox.git("remote add help check");
  sandbox.run("cp " + quote(bin("agentops")) + " .git/hooks/checker");
  write_script(sandbox, ".git/hooks/pre-push", "exec \"$(dirname \"$0\")/checker\" \"$@\"");
  const CommandResult pushed = sandbox.run("git push -q help HEAD:refs/heads/main");
  EXPECT_NE(pushed.exit_code, 0) << pushed.err;
  EXPECT_NE(sandbox.run("git -C check rev-parse -q --verify refs/heads/main").exit_code, 0);
}

}  // namespace
}  // namespace agentops
