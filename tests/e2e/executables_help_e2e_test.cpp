// --help on every executable (usage on stdout, exit 0, the repository left
// alone) and the version from git (`agentops --version` against `git describe`).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "git_sandbox.h"

namespace agentops {
namespace {

using testing::bin;
using testing::CommandResult;
using testing::GitSandbox;
using testing::quote;
using testing::run_command;

const std::string kAwsKeyId = std::string("AKIA") + "QYLPMN5HHHFPZAM2";

const std::vector<std::string> kHookExecutables = {
    "agentops-pre-commit", "agentops-prepare-commit-msg", "agentops-commit-msg",
    "agentops-pre-push",   "agentops-pre-receive",        "agentops-post-commit",
};

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Everything a hook run could change: the index, the work tree, the hooks,
// the decision log, the message file.
std::string repository_state(const GitSandbox& sandbox) {
  return sandbox.run("git status --porcelain=v2 --untracked-files=all; git ls-files --stage; "
                     "ls -la .git .git/hooks; ls -laR .git/agentops 2>/dev/null; cat .git/COMMIT_EDITMSG 2>/dev/null")
      .out;
}

// A repository where running any hook would block (a staged secret) or change
// something (an empty message file for prepare-commit-msg).
void stage_a_secret(const GitSandbox& sandbox) {
  sandbox.commit_file("README", "readme\n");
  sandbox.write("config.env", "AWS_ACCESS_KEY_ID=" + kAwsKeyId + "\n");
  sandbox.git("add config.env");
  sandbox.write(".git/COMMIT_EDITMSG", "");
}

TEST(ExecutablesHelp, EveryHookPrintsItsUsageOnStdoutAndExitsZeroWithoutRunning) {
  GitSandbox sandbox;
  stage_a_secret(sandbox);
  const std::string before = repository_state(sandbox);
  for (const auto& name : kHookExecutables) {
    for (const std::string option : {"--help", "-h"}) {
      const CommandResult result = sandbox.run(quote(bin(name)) + " " + option + " </dev/null");
      EXPECT_EQ(result.exit_code, 0) << name << " " << option << ": " << result.err;
      EXPECT_EQ(result.out.rfind("usage: " + name, 0), 0u) << name << " " << option << ": " << result.out;
      EXPECT_NE(result.out.find("hook"), std::string::npos) << name << ": says which git hook it serves";
      EXPECT_NE(result.out.find("run by git"), std::string::npos) << name << ": says git runs it";
      EXPECT_EQ(result.err, "") << name << " " << option;
      EXPECT_EQ(result.out.find("blocked (fail closed)"), std::string::npos) << name;
    }
  }
  EXPECT_EQ(repository_state(sandbox), before);
}

TEST(ExecutablesHelp, HooksDescribeTheArgumentsGitPasses) {
  GitSandbox sandbox;
  EXPECT_NE(sandbox.run(quote(bin("agentops-commit-msg")) + " --help").out.find("MESSAGE_FILE"), std::string::npos);
  EXPECT_NE(sandbox.run(quote(bin("agentops-prepare-commit-msg")) + " --help").out.find("MESSAGE_FILE [SOURCE [COMMIT]]"),
            std::string::npos);
  const std::string pre_push = sandbox.run(quote(bin("agentops-pre-push")) + " --help").out;
  EXPECT_NE(pre_push.find("REMOTE URL"), std::string::npos) << pre_push;
  EXPECT_NE(pre_push.find("stdin"), std::string::npos) << pre_push;
  EXPECT_NE(sandbox.run(quote(bin("agentops-pre-receive")) + " --help").out.find("stdin"), std::string::npos);
}

// Git passes pre-push two arguments (a remote may be named like an option):
// only a lone --help is a help request, so git's run is still checked.
TEST(ExecutablesHelp, HelpAmongGitsArgumentsStillRunsTheHook) {
  GitSandbox sandbox;
  sandbox.commit_file("README", "readme\n");
  const CommandResult result =
      sandbox.run(quote(bin("agentops-pre-push")) + " --help https://example.invalid/repo.git </dev/null");
  EXPECT_EQ(result.out.find("usage:"), std::string::npos) << result.out;
  EXPECT_EQ(result.exit_code, 0) << result.err;  // nothing to push: allowed, after a real check
}

TEST(ExecutablesHelp, InstallerPrintsItsUsageAndInstallsNothing) {
  GitSandbox sandbox;
  sandbox.commit_file("README", "readme\n");
  const std::string before = repository_state(sandbox);
  for (const std::string option : {"--help", "-h"}) {
    const CommandResult result = sandbox.run(quote(bin("agentops-install")) + " " + option);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.out.rfind("usage: agentops-install", 0), 0u) << result.out;
    EXPECT_EQ(result.err, "");
  }
  EXPECT_EQ(repository_state(sandbox), before);
}

TEST(ExecutablesHelp, CliPrintsItsUsageAndExitsZero) {
  GitSandbox sandbox;
  for (const std::string option : {"--help", "-h"}) {
    const CommandResult result = sandbox.run(quote(bin("agentops")) + " " + option);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.out.rfind("usage: agentops", 0), 0u) << result.out;
  }
}

// One binary under many names (cmake/multicall.cmake): what git starts as a
// hook is the agentops binary, which picks the hook by the name it was called.
TEST(MultiCall, EveryHookAndTheInstallerIsANameOfTheAgentopsBinary) {
  GitSandbox sandbox;
  const std::string agentops = sandbox.run("readlink -f " + quote(bin("agentops"))).out;
  for (auto name : kHookExecutables) {
    EXPECT_EQ(sandbox.run("readlink -f " + quote(bin(name))).out, agentops) << name;
  }
  EXPECT_EQ(sandbox.run("readlink -f " + quote(bin("agentops-install"))).out, agentops);
}

TEST(MultiCall, UnderAnotherNameItIsTheCommandLine) {
  GitSandbox sandbox;
  sandbox.run("ln -s " + quote(bin("agentops")) + " renamed-agentops");
  const CommandResult version = sandbox.run("./renamed-agentops --version");
  EXPECT_EQ(version.exit_code, 0) << version.err;
  EXPECT_EQ(version.out.rfind("agentops ", 0), 0u) << version.out;
}

// A hook started under a name the binary does not know must still stop git:
// the command line refuses git's hook arguments as a usage error.
TEST(MultiCall, HookArgumentsUnderAnUnknownNameStopGit) {
  GitSandbox sandbox;
  sandbox.run("ln -s " + quote(bin("agentops")) + " agentops-pre-commit-renamed");
  EXPECT_EQ(sandbox.run("./agentops-pre-commit-renamed .git/COMMIT_EDITMSG </dev/null").exit_code, 2);
  EXPECT_EQ(sandbox.run("./agentops-pre-commit-renamed origin https://example.invalid/r.git </dev/null").exit_code, 2);
}

// git is the oracle: the version names the commit the binary was built from.
TEST(Version, IsGitDescribeOfTheSourceTreeWhenBuiltFromGit) {
  const CommandResult source_top = run_command("pwd -P", AGENTOPS_SOURCE_DIR);
  const CommandResult git_top = run_command("cd \"$(git rev-parse --show-toplevel)\" && pwd -P", AGENTOPS_SOURCE_DIR);
  if (git_top.exit_code != 0 || source_top.out != git_top.out) GTEST_SKIP() << "not built from a git checkout";
  const CommandResult described = run_command("git describe --tags --always --dirty", AGENTOPS_SOURCE_DIR);
  ASSERT_EQ(described.exit_code, 0) << described.err;
  const std::string expected = described.out.substr(0, described.out.find('\n'));
  std::string commit_only = expected;
  if (commit_only.size() > 6 && commit_only.compare(commit_only.size() - 6, 6, "-dirty") == 0)
    commit_only.resize(commit_only.size() - 6);
  const bool untagged = commit_only.find_first_not_of("0123456789abcdef") == std::string::npos;
  for (const std::string command : {"--version", "version"}) {
    const CommandResult result = run_command(quote(bin("agentops")) + " " + command, AGENTOPS_SOURCE_DIR);
    EXPECT_EQ(result.exit_code, 0);
    ASSERT_EQ(result.out.rfind("agentops ", 0), 0u) << result.out;
    const std::string version = result.out.substr(9, result.out.find('\n') - 9);
    // A tagged tree prints git's description as is; before the first tag git
    // gives a bare commit id, and the project version stands in for the tag.
    if (untagged)
      EXPECT_EQ(version.substr(version.find("-g") + 2), expected) << version;
    else
      EXPECT_EQ(version, expected);
  }
}

// The build-time script on its own, against repositories with and without tags.
std::string version_header(const std::string& source_dir, const std::string& scratch) {
  const std::string header = scratch + "/agentops_version.h";
  const CommandResult result =
      run_command("cmake -DSOURCE_DIR=" + quote(source_dir) + " -DOUTPUT=" + quote(header) +
                      " -DFALLBACK_VERSION=9.8.7 -P " + quote(std::string(AGENTOPS_SOURCE_DIR) + "/cmake/version.cmake"),
                  scratch);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return read_text(header);
}

std::string defined_version(const std::string& header) {
  const std::string prefix = "#define AGENTOPS_VERSION \"";
  const size_t start = header.find(prefix);
  if (start == std::string::npos) return "<none>";
  const size_t value = start + prefix.size();
  return header.substr(value, header.find('"', value) - value);
}

TEST(Version, FollowsTagsCommitsAndLocalChanges) {
  GitSandbox sandbox;
  GitSandbox scratch(false);
  sandbox.commit_file("a.txt", "one\n");
  sandbox.git("tag -a v1.2.3 -m release");
  EXPECT_EQ(defined_version(version_header(sandbox.root(), scratch.root())), "v1.2.3");
  sandbox.commit_file("a.txt", "two\n");
  const std::string described = sandbox.git("describe --tags --always --dirty");
  EXPECT_EQ(defined_version(version_header(sandbox.root(), scratch.root())) + "\n", described);
  sandbox.write("a.txt", "three\n");
  EXPECT_EQ(defined_version(version_header(sandbox.root(), scratch.root())),
            described.substr(0, described.size() - 1) + "-dirty");
}

TEST(Version, IsTheProjectVersionOutsideGit) {
  GitSandbox not_git(false);
  GitSandbox scratch(false);
  EXPECT_EQ(defined_version(version_header(not_git.root(), scratch.root())), "9.8.7");
}

// A release tarball unpacked inside another repository is not that repository's version.
TEST(Version, IsTheProjectVersionInASubdirectoryOfAnotherRepository) {
  GitSandbox outer;
  outer.commit_file("tarball/CMakeLists.txt", "\n");
  outer.git("tag v5.0.0");
  GitSandbox scratch(false);
  EXPECT_EQ(defined_version(version_header(outer.path("tarball"), scratch.root())), "9.8.7");
}

TEST(Version, BeforeTheFirstTagIsTheProjectVersionAndTheCommit) {
  GitSandbox sandbox;
  GitSandbox scratch(false);
  sandbox.commit_file("a.txt", "one\n");
  const std::string commit = sandbox.git("rev-parse --short HEAD");
  EXPECT_EQ(defined_version(version_header(sandbox.root(), scratch.root())) + "\n", "9.8.7-g" + commit);
}

}  // namespace
}  // namespace agentops
