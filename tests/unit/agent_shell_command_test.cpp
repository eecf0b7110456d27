// The shell command judge: each refused form is refused naming its rule, and a
// look-alike that only mentions the words passes.
#include "agents/shell_command.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "shell_judge_testing.h"

namespace agentops::agents {
namespace {

using agentops::testing::passes;
using agentops::testing::refuses;
using agentops::testing::repository;

// ---- --no-verify -------------------------------------------------------------

TEST(ShellSkipHooks, RefusesCommitWithNoVerify) {
  EXPECT_TRUE(refuses("git commit --no-verify -m 'wip'", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("git commit -m wip --no-verify", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("git commit -n -m wip", "agent.skip-hooks"));
}

TEST(ShellSkipHooks, RefusesTheAbbreviationsGitAccepts) {
  // git 2.39: --no-veri and longer are --no-verify; --no-v .. --no-ver are
  // ambiguous with --no-verbose and fail in git, refused all the same.
  EXPECT_TRUE(refuses("git commit --no-veri -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("git commit --no-verif -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("git commit --no-ve -m x", "agent.skip-hooks"));
}

TEST(ShellSkipHooks, FindsNInCombinedShortFlags) {
  EXPECT_TRUE(refuses("git commit -anm 'msg'", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("git commit -nm x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("git commit -qan", "agent.skip-hooks"));
}

TEST(ShellSkipHooks, PassesNAsTheValueOfAnOption) {
  // git commit -m -n commits with the message "-n" and runs the hooks (checked with git 2.39).
  EXPECT_TRUE(passes("git commit -m -n"));
  EXPECT_TRUE(passes("git commit -mn"));
  EXPECT_TRUE(passes("git commit -Sn -m x"));  // -S takes the rest of the cluster as key id
  EXPECT_TRUE(passes("git commit -F --no-verify"));
  EXPECT_TRUE(passes("git commit --message --no-verify"));
  EXPECT_TRUE(passes("git commit --author -n -m x"));
  EXPECT_TRUE(passes("git commit --trailer=-n -m x"));
  EXPECT_TRUE(passes("git commit --fixup -n"));
  EXPECT_TRUE(passes("git commit -C -n"));
}

TEST(ShellSkipHooks, PassesWhenALaterVerifyTurnsTheHooksBackOn) {
  EXPECT_TRUE(passes("git commit --no-verify --verify -m x"));
  EXPECT_TRUE(passes("git commit --no-verify --no-no-verify -m x"));
  EXPECT_TRUE(refuses("git commit --verify --no-verify -m x", "agent.skip-hooks"));
}

TEST(ShellSkipHooks, PassesArgumentsAfterDoubleDash) {
  EXPECT_TRUE(passes("git commit -m x -- --no-verify"));
  EXPECT_TRUE(passes("git commit -m x -- -n"));
}

TEST(ShellSkipHooks, RefusesPushWithNoVerifyButPassesPushDryRun) {
  EXPECT_TRUE(refuses("git push --no-verify origin feature/x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("git push origin feature/x --no-verify", "agent.skip-hooks"));
  EXPECT_TRUE(passes("git push -n origin main"));  // -n is --dry-run for push
  EXPECT_TRUE(passes("git push -n --no-verify -f origin main"));  // a dry run changes nothing
  EXPECT_TRUE(passes("git push --dry-run --delete origin main"));
  EXPECT_TRUE(refuses("git push --dry-run --no-dry-run -f origin main", "agent.force-push"));
  EXPECT_TRUE(passes("git push"));
}

TEST(ShellSkipHooks, RefusesMergePullAmAndRebaseWithNoVerify) {
  EXPECT_TRUE(refuses("git merge --no-verify feature/x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("git pull --no-verify", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("git am --no-verify 0001.patch", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("git am -3n 0001.patch", "agent.skip-hooks"));  // am's -n is --no-verify (git 2.40)
  EXPECT_TRUE(refuses("git rebase --no-verify main", "agent.skip-hooks"));
}

TEST(ShellSkipHooks, PassesTheirOtherNFlagsAndValues) {
  EXPECT_TRUE(passes("git merge -n feature/x"));  // -n is --no-stat
  EXPECT_TRUE(passes("git merge -m --no-verify feature/x"));
  EXPECT_TRUE(passes("git merge --no-verify-signatures feature/x"));
  EXPECT_TRUE(passes("git rebase -n main"));
  EXPECT_TRUE(passes("git cherry-pick -n abc123"));  // -n is --no-commit
  EXPECT_TRUE(passes("git revert -n abc123"));
}

TEST(ShellSkipHooks, RefusesRebaseExecThatSkipsHooks) {
  EXPECT_TRUE(refuses("git rebase -x 'git commit --amend --no-edit --no-verify' main", "agent.skip-hooks"));
  EXPECT_TRUE(passes("git rebase -x 'make test' main"));
}

TEST(ShellSkipHooks, PassesTextThatOnlyMentionsTheWords) {
  EXPECT_TRUE(passes("git commit -m \"do not use --no-verify\""));
  EXPECT_TRUE(passes("git commit -m 'git commit -n is refused'"));
  EXPECT_TRUE(passes("echo git commit --no-verify"));
  EXPECT_TRUE(passes("grep -r no-verify ."));
  EXPECT_TRUE(passes("grep -rn -- --no-verify docs/"));
  EXPECT_TRUE(passes("git log -n 5"));
  EXPECT_TRUE(passes("git status"));
  EXPECT_TRUE(passes("git commit -m x # --no-verify"));
  EXPECT_TRUE(passes("printf '%s\\n' 'git commit --no-verify' > notes.txt"));
  EXPECT_TRUE(passes("git show -n 3 --stat"));
}

// ---- shell structure -----------------------------------------------------------

TEST(ShellStructure, FindsGitInEveryPartOfAList) {
  EXPECT_TRUE(refuses("make test && git commit --no-verify -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("true; git commit -n -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("false || git commit -n -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("echo hi | git commit -n -F -", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("git add .\ngit commit -n -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("git commit -n -m x &", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("(cd sub && git commit -n -m x)", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("{ git add .; git commit -n -m x; }", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("if true; then git commit -n -m x; fi", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("for i in 1; do git commit -n -m x; done", "agent.skip-hooks"));
}

TEST(ShellStructure, ReadsQuotesAndEscapesAsTheShellDoes) {
  EXPECT_TRUE(refuses("git commit '--no-verify' -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("git commit \"--no-verify\" -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("git commit --no-\"verify\" -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("git commit --no-ver\\ify -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("git com\\\nmit --no-verify -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("g\"i\"t commit -n -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("git commit $'--no-\\x76erify' -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("git commit $'\\055n' -m x", "agent.skip-hooks"));
}

TEST(ShellStructure, ExpandsVariablesAssignedOnTheSameLine) {
  EXPECT_TRUE(refuses("F=--no-verify; git commit $F -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("export F='-q --no-verify'; git commit $F -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("F=-n && git commit \"${F}\" -m x", "agent.skip-hooks"));
  EXPECT_TRUE(passes("M=--no-verify; git commit -m \"$M\""));
}

TEST(ShellStructure, FindsGitBehindAssignmentsAndWrappers) {
  EXPECT_TRUE(refuses("A=1 git commit -n -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("env GIT_AUTHOR_NAME=a git commit -n -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("env -i PATH=/usr/bin git commit -n -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("env -S 'git commit --no-verify -m x'", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("command git commit -n -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("exec git commit -n -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("builtin command git commit -n -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("nice -n 10 git commit -n -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("nohup git commit -n -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("timeout 30 git commit -n -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("timeout -s KILL 30s git commit -n -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("sudo -u dev git commit -n -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("echo x | xargs git commit -n -m", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("/usr/bin/git commit -n -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("./bin/git commit -n -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("find . -maxdepth 0 -exec git commit -n -m x \\;", "agent.skip-hooks"));
  EXPECT_TRUE(passes("command -v git"));
}

TEST(ShellStructure, SkipsGitsGlobalOptionsBeforeTheSubcommand) {
  EXPECT_TRUE(refuses("git -C repo commit -n -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("git --git-dir=.git --work-tree . commit -n -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("git --no-pager -P --namespace ns commit -n -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("git -c user.name=a commit -n -m x", "agent.skip-hooks"));
  EXPECT_TRUE(passes("git -C commit status"));  // "commit" is -C's directory here
}

TEST(ShellStructure, ReadsTheScriptsOfShEvalAndSubstitutions) {
  EXPECT_TRUE(refuses("sh -c 'git commit --no-verify -m x'", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("bash -lc \"git commit -n -m x\"", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("/bin/zsh -e -c 'git commit -n -m x'", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("eval \"git commit --no-verify -m x\"", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("eval git commit '--no-verify' -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("echo $(git commit -n -m x)", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("echo `git commit -n -m x`", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("X=\"$(git commit -n -m x)\"", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("bash <<'EOF'\ngit commit --no-verify -m x\nEOF", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("bash <<< 'git commit -n -m x'", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("sh -c \"sh -c 'git commit -n -m x'\"", "agent.skip-hooks"));
  EXPECT_TRUE(passes("sh -c 'echo git commit --no-verify'"));
  EXPECT_TRUE(passes("cat <<EOF > notes.md\ngit commit --no-verify\nEOF"));
  EXPECT_TRUE(passes("bash scripts/build.sh"));
}

TEST(ShellStructure, ExpandsTheRepositorysGitAliases) {
  ShellContext context = repository();
  context.git_aliases = {{"ci", "commit"}, {"yolo", "commit --no-verify"}, {"sc", "!git commit -n"},
                         {"CiAll", "ci -a"}};
  EXPECT_TRUE(refuses("git ci -n -m x", "agent.skip-hooks", context));
  EXPECT_TRUE(refuses("git yolo -m x", "agent.skip-hooks", context));
  EXPECT_TRUE(refuses("git sc -m x", "agent.skip-hooks", context));
  EXPECT_TRUE(refuses("git ciall -n -m x", "agent.skip-hooks", context));
  EXPECT_TRUE(passes("git ci -m x", context));
  EXPECT_TRUE(refuses("git -c alias.up='commit --no-verify' up -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("git config alias.yolo 'commit --no-verify'", "agent.skip-hooks"));
  EXPECT_TRUE(passes("git config alias.st status"));
}

TEST(ShellStructure, NeverCrashesOnUnclosedQuotesAndStillSeesThePlainForm) {
  EXPECT_TRUE(refuses("git commit --no-verify -m \"unclosed", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("git commit -n -m 'unclosed", "agent.skip-hooks"));
  EXPECT_TRUE(passes("git commit -m \"unclosed --no-verify"));
  EXPECT_TRUE(passes("echo $(git status"));
  EXPECT_TRUE(passes("echo $'\\"));
  EXPECT_TRUE(passes("echo ${"));
  EXPECT_TRUE(passes("echo `"));
  EXPECT_TRUE(passes(""));
  EXPECT_TRUE(passes("cat <<EOF"));
  EXPECT_TRUE(passes(">"));
}

TEST(ShellStructure, BoundsTheWorkOnHugeAndDeeplyNestedCommands) {
  std::string huge = "git commit -m '" + std::string(1 << 20, 'a') + "'";
  std::string nested = "git commit --no-verify -m x";
  for (int level = 0; level < 200; ++level) nested = "sh -c " + std::string("'") + nested + "'";
  std::string substitutions;
  for (int level = 0; level < 100000; ++level) substitutions += "$(";
  // Bounded work, not a timing: a hang or a blow-up is caught by ctest's
  // timeout; how long it takes belongs in bench/, never in a unit test.
  EXPECT_TRUE(passes(huge));
  (void)judge_shell_command(nested, repository());
  (void)judge_shell_command(substitutions, repository());
  (void)judge_shell_command(std::string(1 << 20, '('), repository());
  (void)judge_shell_command(std::string(1 << 19, '\'') + "git commit -n", repository());
  std::string doubling = "A=xxxxxxxxxxxxxxxx";
  for (int level = 0; level < 64; ++level) doubling += "; A=$A$A";
  (void)judge_shell_command(doubling + "; echo $A", repository());
  std::string wrappers;
  for (int level = 0; level < 200000; ++level) wrappers += "nice ";
  EXPECT_TRUE(refuses(wrappers + "git commit -n -m x", "agent.skip-hooks"));
  std::string many_pushes;
  for (int k = 0; k < 30000; ++k) many_pushes += "git push -f origin release/" + std::to_string(k) + "\n";
  EXPECT_LE(judge_shell_command(many_pushes, repository()).size(), 16u);
  ShellContext looping = repository();
  looping.git_aliases = {{"a", "-c x.y=1 b"}, {"b", "-c x.y=2 a"}};
  (void)judge_shell_command("git a -n", looping);
  std::string finds;
  for (int level = 0; level < 10000; ++level) finds += "find . -exec ";
  (void)judge_shell_command(finds + "git commit -n", repository());
}

TEST(ShellStructure, NeverCrashesOnRandomShellText) {
  const std::vector<std::string> pieces = {
      "git ", "commit ", "-n ", "--no-verify ", "'", "\"", "\\", "$(", ")", "`", "$'", "\\x", "${", "}", "<<",
      "EOF\n", "\n", ";", "&", "|", "(", "{ ", "#", "> ", ".git/hooks/x ", "sh -c ", "eval ", "A=", "$A ", "push ",
      "-f ", "+main ", ":main ", "config ", "core.hooksPath ", "-c ", "env ", "find . -exec ", "\\;", "<<<", "-",
      "=", " ", "x", "$", "2>&1 ", "alias.x=", "!", "rebase -x ", "${IFS}", "{a,", "b}", "| sh ", "cd .git; "};
  ShellContext context = repository();
  context.git_aliases = {{"x", "!git x -n"}, {"y", "y"}};
  uint32_t seed = 12345;
  auto next = [&seed] {
    seed = seed * 1664525u + 1013904223u;
    return seed >> 8;
  };
  size_t refused = 0;
  for (int n = 0; n < 20000; ++n) {
    std::string command;
    const uint32_t length = next() % 30;
    for (uint32_t k = 0; k < length; ++k) command += pieces[next() % pieces.size()];
    refused += judge_shell_command(command, context).size();
  }
  EXPECT_GT(refused, 0u);
}

TEST(ShellStructure, JudgesDeepNestingAsTextPastTheDepthLimit) {
  std::string nested = "git commit --no-verify -m x";
  for (int level = 0; level < 20; ++level) nested = "eval " + nested;
  EXPECT_TRUE(refuses(nested, "agent.skip-hooks"));
}

// ---- hooks disabled through configuration ---------------------------------------

TEST(ShellHooksPath, RefusesGitDashCCoreHooksPath) {
  EXPECT_TRUE(refuses("git -c core.hooksPath=/dev/null commit -m x", "agent.hooks-path"));
  EXPECT_TRUE(refuses("git -c core.hookspath=/dev/null commit -m x", "agent.hooks-path"));
  EXPECT_TRUE(refuses("git -c CORE.HOOKSPATH= commit -m x", "agent.hooks-path"));
  EXPECT_TRUE(refuses("git -c core.hooksPath commit -m x", "agent.hooks-path"));  // no '=': the value true
  EXPECT_TRUE(refuses("git -ccore.hooksPath=/dev/null commit -m x", "agent.hooks-path"));
  EXPECT_TRUE(refuses("git -C . -c 'core.hooksPath=/tmp/none' push", "agent.hooks-path"));
  EXPECT_TRUE(passes("git -c core.editor=true commit -m x"));
  EXPECT_TRUE(passes("git -c user.name=core.hooksPath commit -m x"));
}

TEST(ShellHooksPath, RefusesConfigEnv) {
  EXPECT_TRUE(refuses("git --config-env core.hooksPath=EMPTY commit -m x", "agent.hooks-path"));
  EXPECT_TRUE(refuses("git --config-env=core.hooksPath=EMPTY commit -m x", "agent.hooks-path"));
  EXPECT_TRUE(passes("git --config-env=user.name=ME commit -m x"));
}

TEST(ShellHooksPath, RefusesGitConfigParametersAndKeysInTheEnvironment) {
  EXPECT_TRUE(refuses("GIT_CONFIG_PARAMETERS=\"'core.hooksPath'='/dev/null'\" git commit -m x", "agent.hooks-path"));
  EXPECT_TRUE(refuses("GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=core.hooksPath GIT_CONFIG_VALUE_0=/dev/null git commit -m x",
                      "agent.hooks-path"));
  EXPECT_TRUE(refuses("export GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=core.hooksPath GIT_CONFIG_VALUE_0=x", "agent.hooks-path"));
  EXPECT_TRUE(refuses("env GIT_CONFIG_KEY_3=Core.HooksPath make release", "agent.hooks-path"));
  EXPECT_TRUE(passes("GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=user.name GIT_CONFIG_VALUE_0=a git commit -m x"));
}

TEST(ShellHooksPath, RefusesWritingCoreHooksPathWithGitConfig) {
  EXPECT_TRUE(refuses("git config core.hooksPath x", "agent.hooks-path"));
  EXPECT_TRUE(refuses("git config --local core.hooksPath /dev/null", "agent.hooks-path"));
  EXPECT_TRUE(refuses("git config --global core.hookspath ~/.hooks", "agent.hooks-path"));
  EXPECT_TRUE(refuses("git config --worktree core.hooksPath x", "agent.hooks-path"));
  EXPECT_TRUE(refuses("git config -f .git/config core.hooksPath x", "agent.hooks-path"));
  EXPECT_TRUE(refuses("git config core.hooksPath x --local", "agent.hooks-path"));
  EXPECT_TRUE(refuses("git config set core.hooksPath x", "agent.hooks-path"));
  EXPECT_TRUE(refuses("git config unset core.hooksPath", "agent.hooks-path"));
  EXPECT_TRUE(refuses("git config --unset core.hooksPath", "agent.hooks-path"));
  EXPECT_TRUE(refuses("git config --unset-all core.hooksPath", "agent.hooks-path"));
  EXPECT_TRUE(refuses("git config --replace-all core.hooksPath x", "agent.hooks-path"));
  EXPECT_TRUE(refuses("git config --add core.hooksPath x", "agent.hooks-path"));
  EXPECT_TRUE(refuses("git config --remove-section core", "agent.hooks-path"));
  EXPECT_TRUE(refuses("git -C sub config core.hooksPath x", "agent.hooks-path"));
}

TEST(ShellHooksPath, PassesReadingCoreHooksPath) {
  EXPECT_TRUE(passes("git config core.hooksPath"));
  EXPECT_TRUE(passes("git config --get core.hooksPath"));
  EXPECT_TRUE(passes("git config get core.hooksPath"));
  EXPECT_TRUE(passes("git config --list"));
  EXPECT_TRUE(passes("git config -l --show-origin"));
  EXPECT_TRUE(passes("git config --get-regexp core"));
  EXPECT_TRUE(passes("git config user.name 'core.hooksPath fan'"));
}

TEST(ShellHooksPath, RefusesWritingGitsConfigFileDirectly) {
  EXPECT_TRUE(refuses("printf '[core]\\n\\thooksPath = /dev/null\\n' >> .git/config", "agent.hooks-path"));
  EXPECT_TRUE(refuses("sed -i 's/x/y/' .git/config", "agent.hooks-path"));
  EXPECT_TRUE(passes("cat .git/config"));
}

TEST(ShellHooksPath, RefusesHookManagersSkipSwitches) {
  EXPECT_TRUE(refuses("HUSKY=0 git commit -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("export HUSKY=0", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("LEFTHOOK=0 git commit -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("LEFTHOOK_EXCLUDE=agentops git commit -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("SKIP=agentops-pre-commit git commit -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("SKIP=flake8,agentops-commit-msg git commit -m x", "agent.skip-hooks"));
  EXPECT_TRUE(passes("SKIP=flake8 git commit -m x"));
  EXPECT_TRUE(passes("LEFTHOOK_EXCLUDE=lint git commit -m x"));
  EXPECT_TRUE(passes("HUSKY=1 git commit -m x"));
}

// ---- writes under the hooks directory --------------------------------------------

TEST(ShellHooksWrite, RefusesRedirectionsIntoTheHooks) {
  EXPECT_TRUE(refuses("echo 'exit 0' > .git/hooks/pre-commit", "agent.hooks-write"));
  EXPECT_TRUE(refuses("echo x >> .git/hooks/pre-commit", "agent.hooks-write"));
  EXPECT_TRUE(refuses("echo x >| .git/hooks/pre-commit", "agent.hooks-write"));
  EXPECT_TRUE(refuses("true &> .git/hooks/pre-commit", "agent.hooks-write"));
  EXPECT_TRUE(refuses("true 2> .git/hooks/pre-push", "agent.hooks-write"));
  EXPECT_TRUE(refuses("echo x>.git/hooks/pre-commit", "agent.hooks-write"));
  EXPECT_TRUE(refuses("cat > ./.git/hooks/pre-commit <<EOF\nexit 0\nEOF", "agent.hooks-write"));
  EXPECT_TRUE(refuses("echo x > .git//hooks/commit-msg", "agent.hooks-write"));
  EXPECT_TRUE(refuses("echo x > /home/dev/repo/.git/hooks/pre-commit", "agent.hooks-write"));
  EXPECT_TRUE(refuses("echo x > .git/x/../hooks/pre-commit", "agent.hooks-write"));
  EXPECT_TRUE(refuses("echo x > \"$(git rev-parse --git-dir)/hooks/pre-commit\"", "agent.hooks-write"));
  EXPECT_TRUE(refuses("echo x > \"$(git rev-parse --git-path hooks)/pre-commit\"", "agent.hooks-write"));
  EXPECT_TRUE(passes("echo x > hooks/pre-commit"));
  EXPECT_TRUE(passes("ls .git/hooks 2>&1"));
  EXPECT_TRUE(passes("wc -l < .git/hooks/pre-commit"));
}

TEST(ShellHooksWrite, RefusesProgramsThatWriteOrRemoveHookFiles) {
  EXPECT_TRUE(refuses("tee .git/hooks/pre-commit < /dev/null", "agent.hooks-write"));
  EXPECT_TRUE(refuses("echo x | tee -a .git/hooks/pre-commit", "agent.hooks-write"));
  EXPECT_TRUE(refuses("cp /dev/null .git/hooks/pre-commit", "agent.hooks-write"));
  EXPECT_TRUE(refuses("cp -t .git/hooks noop", "agent.hooks-write"));
  EXPECT_TRUE(refuses("mv .git/hooks/pre-commit /tmp/", "agent.hooks-write"));
  EXPECT_TRUE(refuses("ln -sf /bin/true .git/hooks/pre-commit", "agent.hooks-write"));
  EXPECT_TRUE(refuses("rm .git/hooks/pre-commit", "agent.hooks-write"));
  EXPECT_TRUE(refuses("rm -rf .git/hooks", "agent.hooks-write"));
  EXPECT_TRUE(refuses("rm -rf .git", "agent.hooks-write"));
  EXPECT_TRUE(refuses("chmod -x .git/hooks/pre-commit", "agent.hooks-write"));
  EXPECT_TRUE(refuses("install -m 755 noop .git/hooks/pre-commit", "agent.hooks-write"));
  EXPECT_TRUE(refuses("sed -i 's/exit 1/exit 0/' .git/hooks/pre-commit", "agent.hooks-write"));
  EXPECT_TRUE(refuses("sed -Ei 's/a/b/' .git/hooks/pre-commit", "agent.hooks-write"));
  EXPECT_TRUE(refuses("perl -pi -e 's/a/b/' .git/hooks/pre-commit", "agent.hooks-write"));
  EXPECT_TRUE(refuses("truncate -s 0 .git/hooks/pre-commit", "agent.hooks-write"));
  EXPECT_TRUE(refuses("dd if=/dev/null of=.git/hooks/pre-commit", "agent.hooks-write"));
  EXPECT_TRUE(refuses("touch .git/hooks/pre-commit", "agent.hooks-write"));
  EXPECT_TRUE(refuses("sudo rm .git/hooks/pre-push", "agent.hooks-write"));
  EXPECT_TRUE(refuses("sh -c 'echo > .git/hooks/pre-commit'", "agent.hooks-write"));
}

TEST(ShellHooksWrite, PassesReadingTheHooks) {
  EXPECT_TRUE(passes("cat .git/hooks/pre-commit"));
  EXPECT_TRUE(passes("ls -la .git/hooks"));
  EXPECT_TRUE(passes("cp .git/hooks/pre-commit /tmp/backup"));
  EXPECT_TRUE(passes("sed -n 1,5p .git/hooks/pre-commit"));
  EXPECT_TRUE(passes("grep agentops .git/hooks/pre-commit"));
  EXPECT_TRUE(passes("rm -rf build .github"));
  EXPECT_TRUE(passes("mkdir -p .githooks && touch .githooks/x"));
}

TEST(ShellHooksWrite, RefusesWritesUnderTheConfiguredHooksDirectory) {
  ShellContext context = repository();
  context.hooks_directory = ".husky";
  EXPECT_TRUE(refuses("echo 'exit 0' > .husky/pre-commit", "agent.hooks-write", context));
  EXPECT_TRUE(refuses("rm ./.husky/pre-commit", "agent.hooks-write", context));
  EXPECT_TRUE(passes("cat .husky/pre-commit", context));
  EXPECT_TRUE(passes("echo x > .husky-notes", context));
}

// ---- force push and deletion of protected branches ---------------------------------

TEST(ShellForcePush, RefusesForcingAProtectedBranch) {
  EXPECT_TRUE(refuses("git push -f origin main", "agent.force-push"));
  EXPECT_TRUE(refuses("git push --force origin main", "agent.force-push"));
  EXPECT_TRUE(refuses("git push origin main --force", "agent.force-push"));
  EXPECT_TRUE(refuses("git push --force-with-lease origin main", "agent.force-push"));
  EXPECT_TRUE(refuses("git push --force-with-lease=main:abc123 origin main", "agent.force-push"));
  EXPECT_TRUE(refuses("git push origin +main", "agent.force-push"));
  EXPECT_TRUE(refuses("git push origin +HEAD:main", "agent.force-push"));
  EXPECT_TRUE(refuses("git push -f origin HEAD:refs/heads/main", "agent.force-push"));
  EXPECT_TRUE(refuses("git push -f origin feature/x:main", "agent.force-push"));
  EXPECT_TRUE(refuses("git push -f origin refs/heads/main", "agent.force-push"));
  EXPECT_TRUE(refuses("git push -uf origin release/2.0", "agent.force-push"));
  EXPECT_TRUE(refuses("git push --forc origin main", "agent.force-push"));
}

TEST(ShellForcePush, RefusesForcingTheCurrentBranchWhenItIsProtected) {
  ShellContext on_main = repository();
  on_main.current_branch = "main";
  EXPECT_TRUE(refuses("git push -f", "agent.force-push", on_main));
  EXPECT_TRUE(refuses("git push --force origin", "agent.force-push", on_main));
  EXPECT_TRUE(refuses("git push -f origin HEAD", "agent.force-push", on_main));
  EXPECT_TRUE(passes("git push -f"));  // on feature/x
  EXPECT_TRUE(passes("git push origin", on_main));
}

TEST(ShellForcePush, PassesUnprotectedAndUnforcedPushes) {
  EXPECT_TRUE(passes("git push --force origin feature/x"));
  EXPECT_TRUE(passes("git push origin +feature/x"));
  EXPECT_TRUE(passes("git push origin main"));
  EXPECT_TRUE(passes("git push -u origin HEAD"));
  EXPECT_TRUE(passes("git push --force origin v1.0:refs/tags/v1.0"));
  EXPECT_TRUE(passes("git push --force-with-lease --no-force-with-lease origin main"));
  EXPECT_TRUE(passes("git push -o ci.skip -f origin feature/x"));
  EXPECT_TRUE(passes("git push origin feature/x -- main"));
  EXPECT_TRUE(passes("git push --force origin mainline"));
  EXPECT_TRUE(passes("git push --force-if-includes origin main"));
  EXPECT_TRUE(refuses("git push --force-if-includes --force-with-lease origin main", "agent.force-push"));
  EXPECT_TRUE(refuses("git push -f --force-if-includes origin main", "agent.force-push"));
  EXPECT_TRUE(passes("git push -f origin main", ShellContext{}));  // no protected branches
}

TEST(ShellForcePush, RefusesForcingEveryBranch) {
  EXPECT_TRUE(refuses("git push --all --force origin", "agent.force-push"));
  EXPECT_TRUE(refuses("git push -f origin 'refs/heads/*:refs/heads/*'", "agent.force-push"));
  EXPECT_TRUE(passes("git push --all origin"));
}

TEST(ShellDeleteBranch, RefusesDeletingAProtectedBranch) {
  EXPECT_TRUE(refuses("git push origin --delete main", "agent.delete-branch"));
  EXPECT_TRUE(refuses("git push -d origin release/1.2", "agent.delete-branch"));
  EXPECT_TRUE(refuses("git push origin :main", "agent.delete-branch"));
  EXPECT_TRUE(refuses("git push origin :refs/heads/main", "agent.delete-branch"));
  EXPECT_TRUE(refuses("git push origin --del main", "agent.delete-branch"));
  EXPECT_TRUE(passes("git push origin --delete feature/x"));
  EXPECT_TRUE(passes("git push origin :feature/x"));
}

TEST(ShellDeleteBranch, RefusesPruneAndMirrorWhileBranchesAreProtected) {
  EXPECT_TRUE(refuses("git push --prune origin 'refs/heads/*:refs/heads/*'", "agent.delete-branch"));
  EXPECT_TRUE(refuses("git push --mirror backup", "agent.delete-branch"));
  EXPECT_TRUE(passes("git push --mirror backup", ShellContext{}));
  EXPECT_TRUE(passes("git fetch --prune"));
}

// ---- bypasses an agent might try -------------------------------------------------

TEST(ShellBypass, SeesOptionsAfterAHereDocMessageWithApostrophes) {
  // The way agents write commit messages: "$(cat <<'EOF' ... EOF)". An
  // apostrophe in the message must not hide a later --no-verify.
  EXPECT_TRUE(refuses("git commit -m \"$(cat <<'EOF'\nFix the parser's bug (again)\n\nIt's done.\nEOF\n)\" --no-verify",
                      "agent.skip-hooks"));
  EXPECT_TRUE(passes("git commit -m \"$(cat <<'EOF'\nDon't use --no-verify (ever)\nEOF\n)\""));
  EXPECT_TRUE(refuses("git commit -m \"$(echo x # it's\n)\" -n", "agent.skip-hooks"));
}

TEST(ShellBypass, PassesTheCommitAnAgentUsuallyWrites) {
  EXPECT_TRUE(passes(
      "git add -A && git commit -m \"$(cat <<'EOF'\nfix(parser): don't drop the last line (#12)\n\n"
      "Generated with a coding agent\n\nCo-Authored-By: Agent <noreply@example.com>\nEOF\n)\" && git status"));
  EXPECT_TRUE(refuses(
      "git add -A && git commit -m \"$(cat <<'EOF'\nfix: it's (done)\nEOF\n)\" && git push --no-verify",
      "agent.skip-hooks"));
}

TEST(ShellBypass, FindsGitInFunctionsVariablesAndTime) {
  EXPECT_TRUE(refuses("f() { git commit -n -m x; }; f", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("g=git; $g commit -n -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("time git commit -n -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("time -p git commit -n -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("function f { git commit -n -m x; }; f", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("case x in x) git commit -n -m x;; esac", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("su dev -c 'git commit -n -m x'", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("script -qc 'git commit -n -m x' /dev/null", "agent.skip-hooks"));
  EXPECT_TRUE(passes("su -c 'git status'"));
  EXPECT_TRUE(refuses("\\git commit -n -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("'git' 'commit' '-n' -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("git commit -m x -n$UNSET", "agent.skip-hooks"));
}

TEST(ShellBypass, ReadsIfsDefaultsAndBraceExpansionAsTheShellDoes) {
  EXPECT_TRUE(refuses("git${IFS}commit${IFS}--no-verify -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("git commit$IFS-n -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("\"${GIT:-git}\" commit -n -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("git commit ${NV:---no-verify} -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("git commit {--no-verify,-m,x}", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("git commit --{no-verify,quiet} -m x", "agent.skip-hooks"));
  EXPECT_TRUE(passes("git commit -m '{--no-verify,x}'"));
  EXPECT_TRUE(passes("git commit -m \"a${IFS}--no-verify\""));
}

TEST(ShellBypass, FindsGitLookedUpAtRunTime) {
  EXPECT_TRUE(refuses("$(which git) commit -n -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("`command -v git` commit --no-verify -m x", "agent.skip-hooks"));
  EXPECT_TRUE(passes("$(which git) commit -m x"));
}

TEST(ShellBypass, ReadsScriptsPipedIntoAShell) {
  EXPECT_TRUE(refuses("echo 'git commit --no-verify -m x' | sh", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("printf 'git add .\\ngit commit -n -m x\\n' | bash -s", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("cat <<'EOF' | sh\ngit commit -n -m x\nEOF", "agent.skip-hooks"));
  EXPECT_TRUE(passes("echo 'git commit --no-verify' | grep verify"));
  EXPECT_TRUE(passes("echo 'git commit --no-verify' || sh"));
}

TEST(ShellBypass, FollowsCdIntoTheHooksDirectory) {
  EXPECT_TRUE(refuses("cd .git/hooks && echo 'exit 0' > pre-commit", "agent.hooks-write"));
  EXPECT_TRUE(refuses("cd .git; rm -rf hooks", "agent.hooks-write"));
  EXPECT_TRUE(refuses("cd .git/hooks && printf x >> ../config", "agent.hooks-path"));
  EXPECT_TRUE(passes("cd .git/hooks && cat pre-commit"));
  EXPECT_TRUE(passes("cd src && echo x > pre-commit"));
  EXPECT_TRUE(passes("cd .git/hooks; cd; echo x > pre-commit"));
}

TEST(ShellBypass, RefusesPlumbingThatCommitsWithoutHooks) {
  EXPECT_TRUE(refuses("git update-ref refs/heads/feature/x $(git commit-tree HEAD^{tree} -p HEAD -m wip)",
                      "agent.skip-hooks"));
  EXPECT_TRUE(refuses("git fast-import < stream", "agent.skip-hooks"));
  EXPECT_TRUE(passes("git cat-file -p HEAD"));
  EXPECT_TRUE(passes("git rev-parse HEAD^{tree}"));
}

TEST(ShellBypass, RefusesSubmoduleForeachThatSkipsHooks) {
  EXPECT_TRUE(refuses("git submodule foreach --recursive 'git commit -n -m x'", "agent.skip-hooks"));
  EXPECT_TRUE(passes("git submodule foreach 'git status'"));
}

TEST(ShellBypass, RefusesConfigIncludesThatCanSetTheHooksPath) {
  EXPECT_TRUE(refuses("git -c include.path=/tmp/nohooks.cfg commit -m x", "agent.hooks-path"));
  EXPECT_TRUE(refuses("git -c includeIf.gitdir:/.path=/tmp/x commit -m x", "agent.hooks-path"));
  EXPECT_TRUE(refuses("git config include.path /tmp/nohooks.cfg", "agent.hooks-path"));
  EXPECT_TRUE(refuses("GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=include.path GIT_CONFIG_VALUE_0=/tmp/x git commit",
                      "agent.hooks-path"));
  EXPECT_TRUE(passes("git config --get include.path"));
}

TEST(ShellBypass, RefusesHookWritesWhateverTheCaseOfTheFileSystem) {
  // macOS and Windows file systems ignore case: .GIT/Hooks is .git/hooks there.
  EXPECT_TRUE(refuses("echo x > .GIT/Hooks/pre-commit", "agent.hooks-write"));
  EXPECT_TRUE(refuses("cp -r my-hooks/. .git", "agent.hooks-write"));
  EXPECT_TRUE(refuses("chmod -R -x .git", "agent.hooks-write"));
  EXPECT_TRUE(refuses("mv .git .git-off", "agent.hooks-write"));
  EXPECT_TRUE(refuses("find .git/hooks -type f -delete", "agent.hooks-write"));
  EXPECT_TRUE(refuses("find .git/hooks -type f -exec rm {} +", "agent.hooks-write"));
  EXPECT_TRUE(passes("find .git/hooks -type f"));
  EXPECT_TRUE(passes("rm -f .git/index.lock"));
  EXPECT_TRUE(passes("cp .git/hooks/pre-commit backup/"));
}

TEST(ShellRefusal, SaysWhatTheCommandDoesAndWhatToDoInstead) {
  const auto refusals = judge_shell_command("git commit --no-verify -m x", repository());
  ASSERT_EQ(refusals.size(), 1u);
  EXPECT_EQ(refusals[0].rule, "agent.skip-hooks");
  EXPECT_NE(refusals[0].message.find("--no-verify"), std::string::npos);
  EXPECT_NE(refusals[0].hint.find("fix what the hook reports"), std::string::npos);
  const auto force = judge_shell_command("git push -f origin main", repository());
  ASSERT_EQ(force.size(), 1u);
  EXPECT_NE(force[0].message.find("main"), std::string::npos);
}

TEST(ShellRefusal, ReportsEachReasonOnce) {
  const auto refusals =
      judge_shell_command("git commit -n -m x && git commit --no-verify -m y; git -c core.hooksPath=x push", repository());
  ASSERT_EQ(refusals.size(), 2u);
  EXPECT_EQ(refusals[0].rule, "agent.skip-hooks");
  EXPECT_EQ(refusals[1].rule, "agent.hooks-path");
}

}  // namespace
}  // namespace agentops::agents
