// Attacks on the shell command judge from an agent that wants its commit in:
// each bypass found is refused naming its rule, and its ordinary look-alike passes.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "agents/shell_command.h"
#include "shell_judge_testing.h"

namespace agentops::agents {
namespace {

using agentops::testing::passes;
using agentops::testing::refuses;
using agentops::testing::repository;

// ---- git reached another way -------------------------------------------------

TEST(ShellAttackGitProgram, ReadsGitsDashedCommandsAsGit) {
  EXPECT_TRUE(refuses("/usr/lib/git-core/git-commit --no-verify -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("\"$(git --exec-path)\"/git-commit -n -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("/usr/lib/git-core/git-push -f origin main", "agent.force-push"));
  EXPECT_TRUE(passes("/usr/lib/git-core/git-commit -m x"));
  EXPECT_TRUE(passes("git-lfs push origin main"));
}

TEST(ShellAttackGitProgram, RefusesSendPackWhichPushesWithoutThePrePushHook) {
  EXPECT_TRUE(refuses("git send-pack ../remote.git main", "agent.skip-hooks"));
  EXPECT_TRUE(passes("git push origin feature/x"));
}

// ---- commands that run other commands ---------------------------------------

TEST(ShellAttackRunners, ReadsWhatXargsAppendsFromItsInput) {
  EXPECT_TRUE(refuses("echo --no-verify | xargs git commit -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("printf -- '-n' | xargs git commit -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("echo --no-verify | xargs -I{} git commit {} -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("printf '%s\\n' --no-verify | xargs git commit -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("xargs git commit -m x <<< --no-verify", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("xargs git commit -n -m x < /dev/null", "agent.skip-hooks"));
  EXPECT_TRUE(passes("git ls-files '*.o' | xargs git rm --cached"));
  EXPECT_TRUE(passes("echo a.txt | xargs git add"));
  EXPECT_TRUE(passes("find . -name '*.tmp' | xargs rm -f"));
}

TEST(ShellAttackRunners, ReadsWatchParallelAndExpect) {
  EXPECT_TRUE(refuses("watch -n 1 git commit --no-verify -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("watch 'git commit -n -m x'", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("parallel git commit -m x ::: --no-verify", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("parallel ::: 'git commit -n -m x'", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("expect -c 'spawn git commit --no-verify -m x; expect eof'", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("expect <<'EOF'\nspawn git push -f origin main\nexpect eof\nEOF", "agent.force-push"));
  EXPECT_TRUE(passes("watch -n 5 git status"));
  EXPECT_TRUE(passes("parallel gzip ::: a.txt b.txt"));
  EXPECT_TRUE(passes("expect -c 'spawn ssh host; expect eof'"));
}

// Decision: code given to an interpreter on the command line (-c / -e / -r, or
// on its input) is refused when it plainly holds a refused git command, as one
// string or as an argument list; code that computes the command passes (the
// git layers judge what it does).
TEST(ShellAttackInterpreters, RefusesCodeThatPlainlyRunsARefusedGitCommand) {
  EXPECT_TRUE(refuses("python3 -c \"import subprocess; subprocess.run(['git','commit','-n','-m','x'])\"",
                      "agent.skip-hooks"));
  EXPECT_TRUE(refuses("python -c \"import os; os.system('git commit --no-verify -m x')\"", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("perl -e 'system(\"git\", \"commit\", \"--no-verify\", \"-m\", \"x\")'", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("perl -we 'qx(git push --force origin main)' ; ruby -e '`git commit -n -m x`'",
                      "agent.skip-hooks"));
  EXPECT_TRUE(refuses("node -e \"require('child_process').execSync('git commit --no-verify -m x')\"",
                      "agent.skip-hooks"));
  EXPECT_TRUE(refuses("node -e \"require('child_process').spawnSync('git', ['push', '-f', 'origin', 'main'])\"",
                      "agent.force-push"));
  EXPECT_TRUE(refuses("python3 - <<'EOF'\nimport subprocess\nsubprocess.check_call(['git', '-c', "
                      "'core.hooksPath=/dev/null', 'commit', '-m', 'x'])\nEOF",
                      "agent.hooks-path"));
  EXPECT_TRUE(refuses("php -r 'system(\"git commit -n -m x\");'", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("python3 -c \"import os; os.execvp('git', ['git', 'commit', '-n', '-m', 'x'])\"",
                      "agent.skip-hooks"));
}

TEST(ShellAttackInterpreters, PassesOrdinaryScriptsAndCodeThatOnlyMentionsTheWords) {
  EXPECT_TRUE(passes("python3 scripts/release.py --no-verify"));
  EXPECT_TRUE(passes("python3 -c \"print('never use git commit --no-verify')\""));
  EXPECT_TRUE(passes("python3 -c \"import subprocess; subprocess.run(['git', 'commit', '-m', 'x'])\""));
  EXPECT_TRUE(passes("node -e \"console.log(require('./package.json').version)\""));
  EXPECT_TRUE(passes("perl -ne 'print if /no-verify/' notes.txt"));
  EXPECT_TRUE(passes("python3 -m pytest -x -n 4"));
}

TEST(ShellAttackRunners, ReadsOtherShellsScripts) {
  EXPECT_TRUE(refuses("fish -c 'git commit -n -m x'", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("tcsh -c 'git commit --no-verify -m x'", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("pwsh -Command 'git commit -n -m x'", "agent.skip-hooks"));
  EXPECT_TRUE(passes("pwsh -c 'Get-ChildItem'"));
  EXPECT_TRUE(passes("fish -c 'git status'"));
}

TEST(ShellAttackPush, AForcedTagsOnlyPushDoesNotForceTheCurrentBranch) {
  ShellContext on_main = repository();
  on_main.current_branch = "main";
  EXPECT_TRUE(passes("git push --tags -f origin", on_main));
  EXPECT_TRUE(refuses("git push -f origin", "agent.force-push", on_main));
}

// ---- configuration on the command line --------------------------------------

TEST(ShellAttackConfig, ReadsAliasesDefinedInTheEnvironment) {
  EXPECT_TRUE(refuses("GIT_CONFIG_PARAMETERS=\"'alias.ci'='commit -n'\" git ci -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=alias.ci GIT_CONFIG_VALUE_0='commit -n' git ci -m x",
                      "agent.skip-hooks"));
  EXPECT_TRUE(refuses("export GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=alias.p GIT_CONFIG_VALUE_0='push -f'; git p origin main",
                      "agent.force-push"));
  EXPECT_TRUE(passes("GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=alias.st GIT_CONFIG_VALUE_0=status git st"));
  EXPECT_TRUE(passes("GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=user.name GIT_CONFIG_VALUE_0=bot git commit -m x"));
}

TEST(ShellAttackConfig, RefusesReadingAnotherConfigFileForAHookRunningCommand) {
  EXPECT_TRUE(refuses("GIT_CONFIG_GLOBAL=/tmp/g git commit -m x", "agent.hooks-path"));
  EXPECT_TRUE(refuses("export GIT_CONFIG_SYSTEM=/tmp/s; git commit -m x", "agent.hooks-path"));
  EXPECT_TRUE(refuses("HOME=/tmp/h git commit -m x", "agent.hooks-path"));
  EXPECT_TRUE(refuses("sudo GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=core.hooksPath GIT_CONFIG_VALUE_0=/dev/null git commit -m x",
                      "agent.hooks-path"));
  EXPECT_TRUE(refuses("env XDG_CONFIG_HOME=/tmp/x git push origin feature/x", "agent.hooks-path"));
  EXPECT_TRUE(passes("HOME=/tmp/h git status"));
  EXPECT_TRUE(passes("HOME=/tmp/h npm test"));
}

TEST(ShellAttackConfig, RefusesWritingGitsOtherConfigFiles) {
  EXPECT_TRUE(refuses("printf '[core]\\n\\thooksPath=/dev/null\\n' >> ~/.gitconfig && git commit -m x",
                      "agent.hooks-path"));
  EXPECT_TRUE(refuses("echo '[core] hooksPath=/dev/null' > ~/.config/git/config", "agent.hooks-path"));
  EXPECT_TRUE(refuses("tee -a /etc/gitconfig < x", "agent.hooks-path"));
  EXPECT_TRUE(refuses("cat x >> .git/config.worktree", "agent.hooks-path"));
  EXPECT_TRUE(refuses("cp x .git/worktrees/w/config", "agent.hooks-path"));
  EXPECT_TRUE(passes("cat ~/.gitconfig"));
  EXPECT_TRUE(passes("cp config.example src/config"));
  EXPECT_TRUE(passes("echo x > build/git/config"));
}

// ---- pushes -------------------------------------------------------------------

TEST(ShellAttackPush, ReadsShortDestinationsAsGitMatchesThemOnTheRemote) {
  // git's refname_match: "heads/main" is refs/heads/main on the remote (git itself is the oracle in the e2e test).
  EXPECT_TRUE(refuses("git push -f origin HEAD:heads/main", "agent.force-push"));
  EXPECT_TRUE(refuses("git push origin :heads/main", "agent.delete-branch"));
  EXPECT_TRUE(passes("git push -f origin HEAD:heads/feature"));
}

TEST(ShellAttackPush, RefusesAForcedMatchingPush) {
  EXPECT_TRUE(refuses("git push -f origin :", "agent.force-push"));
  EXPECT_TRUE(refuses("git push origin +:", "agent.force-push"));
  EXPECT_TRUE(refuses("git -c push.default=matching push -f origin", "agent.force-push"));
  EXPECT_TRUE(passes("git push origin :"));
  EXPECT_TRUE(passes("git -c push.default=matching push origin"));
}

TEST(ShellAttackPush, RefusesAForcedPushToTheUpstreamSetOnTheCommandLine) {
  // git checkout -b x origin/main makes main x's upstream: push.default=upstream then forces main.
  EXPECT_TRUE(refuses("git -c push.default=upstream push -f origin", "agent.force-push"));
  EXPECT_TRUE(refuses("git -c push.default=tracking push --force", "agent.force-push"));
  EXPECT_TRUE(passes("git -c push.default=upstream push origin"));
  EXPECT_TRUE(passes("git -c push.default=upstream push -f origin feature/x"));
}

TEST(ShellAttackPush, ReadsPushSettingsGivenOnTheCommandLine) {
  EXPECT_TRUE(refuses("git -c remote.origin.push=+HEAD:main push origin", "agent.force-push"));
  EXPECT_TRUE(refuses("git -c remote.origin.push=:main push origin", "agent.delete-branch"));
  EXPECT_TRUE(refuses("git -c remote.origin.mirror=true push origin", "agent.delete-branch"));
  EXPECT_TRUE(refuses("GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=remote.origin.push GIT_CONFIG_VALUE_0='+refs/heads/*:refs/heads/*' git push",
                      "agent.force-push"));
  EXPECT_TRUE(passes("git -c remote.origin.push=HEAD:feature/x push origin"));
  EXPECT_TRUE(passes("git -c remote.origin.mirror=false push origin feature/x"));
}

// ---- hook files -----------------------------------------------------------------

TEST(ShellAttackHooksWrite, RefusesFindThatDeletesUnderTheGitDirectory) {
  EXPECT_TRUE(refuses("find .git -name pre-commit -delete", "agent.hooks-write"));
  EXPECT_TRUE(refuses("find .git -name 'pre-*' -exec rm {} +", "agent.hooks-write"));
  EXPECT_TRUE(passes("find .git -name pre-commit"));
  EXPECT_TRUE(passes("find . -name '*.pyc' -delete"));
}

// ---- words the shell computes -------------------------------------------------

TEST(ShellAttackWords, ReadsSubstitutionsThatOnlyPrintPlainText) {
  EXPECT_TRUE(refuses("git commit $(echo --no-verify) -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("git commit `echo --no-verify` -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("git commit $(printf %s --no-verify) -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("bash -c \"$(echo git commit -n -m x)\"", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("$(echo git) commit -n -m x", "agent.skip-hooks"));
  EXPECT_TRUE(passes("git commit -m \"$(echo fix: -n is not --no-verify)\""));
  EXPECT_TRUE(passes("git commit -m \"$(printf 'line one\\nline -n two')\""));
  EXPECT_TRUE(passes("git log -n $(echo 5)"));
}

TEST(ShellAttackWords, ReadsArrays) {
  EXPECT_TRUE(refuses("a=(--no-verify); git commit \"${a[@]}\" -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("a=(-m x --no-verify); git commit ${a[*]}", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("a=(x --no-verify); git commit -m x ${a[1]}", "agent.skip-hooks"));
  EXPECT_TRUE(passes("a=(x --no-verify); git commit -m x ${a[0]}"));
  EXPECT_TRUE(passes("files=(a.txt b.txt); git add \"${files[@]}\" && git commit -m x"));
}

TEST(ShellAttackWords, ReadsShellDashCArguments) {
  EXPECT_TRUE(refuses("sh -c 'git commit \"$1\" -m x' sh --no-verify", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("bash -c 'git commit \"$@\"' bash -n -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("sh -c 'git push ${1} origin main' sh --force", "agent.force-push"));
  EXPECT_TRUE(passes("sh -c 'git commit -m \"$1\"' sh --no-verify"));
  EXPECT_TRUE(passes("bash -c 'git add \"$@\"' bash a.txt b.txt"));
}

TEST(ShellAttackWords, ReadsFunctionCallsAndSetArguments) {
  EXPECT_TRUE(refuses("f() { git commit \"$@\"; }; f -n -m x", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("c() {\n  git commit -m \"$1\" $2\n}\nc msg --no-verify", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("p() { git push \"$@\"; }; p -f origin main", "agent.force-push"));
  EXPECT_TRUE(refuses("set -- --no-verify; git commit \"$@\" -m x", "agent.skip-hooks"));
  EXPECT_TRUE(passes("f() { git commit -m \"$1\"; }; f --no-verify"));
  EXPECT_TRUE(passes("f() { f; f; }; f"));
  EXPECT_TRUE(passes("set -e; set -- a.txt; git add \"$@\" && git commit -m x"));
}

TEST(ShellAttackWords, RefusesAGlobThatTheShellCanExpandToNoVerify) {
  EXPECT_TRUE(refuses("touch ./--no-verify && git commit -m x --no-ver*", "agent.skip-hooks"));
  EXPECT_TRUE(refuses("git commit -m x --no-verif[y]", "agent.skip-hooks"));
  EXPECT_TRUE(passes("git commit -m 'x' -- 'src/*.c'"));
}

TEST(ShellAttackPush, MatchesProtectedBranchesCaseInsensitively) {
  EXPECT_TRUE(refuses("git push -f origin HEAD:Main", "agent.force-push"));
  EXPECT_TRUE(refuses("git push origin :RELEASE/1.0", "agent.delete-branch"));
  EXPECT_TRUE(passes("git push -f origin HEAD:Mainline"));
}

TEST(ShellAttackPush, RefusesConfiguringAForcedOrMirroredPush) {
  EXPECT_TRUE(refuses("git config remote.origin.push +HEAD:main", "agent.force-push"));
  EXPECT_TRUE(refuses("git config --add remote.origin.push '+refs/heads/*:refs/heads/*'", "agent.force-push"));
  EXPECT_TRUE(refuses("git config remote.origin.mirror true", "agent.delete-branch"));
  EXPECT_TRUE(passes("git config remote.origin.push HEAD:feature/x"));
  EXPECT_TRUE(passes("git config remote.origin.url git@example.com:x/y.git"));
}

TEST(ShellAttackHooksWrite, RefusesAWorkTreeInsideTheGitDirectory) {
  EXPECT_TRUE(refuses("git --work-tree=.git/hooks checkout HEAD -- pre-commit", "agent.hooks-write"));
  EXPECT_TRUE(refuses("git --work-tree .git restore --source=HEAD hooks/pre-commit", "agent.hooks-write"));
  EXPECT_TRUE(refuses("GIT_WORK_TREE=.git/hooks git checkout HEAD -- pre-commit", "agent.hooks-write"));
  EXPECT_TRUE(passes("git --work-tree=../site checkout HEAD -- index.html"));
}

TEST(ShellAttackHooksWrite, RefusesArchivesUnpackedIntoTheHooks) {
  EXPECT_TRUE(refuses("tar -xf hooks.tar -C .git/hooks", "agent.hooks-write"));
  EXPECT_TRUE(refuses("tar xf hooks.tar --directory=.git", "agent.hooks-write"));
  EXPECT_TRUE(refuses("unzip -o hooks.zip -d .git/hooks", "agent.hooks-write"));
  EXPECT_TRUE(passes("tar -xzf release.tgz -C build"));
  EXPECT_TRUE(passes("tar -czf hooks.tgz -C .git hooks && ls"));  // reading them into an archive
}

TEST(ShellAttackHooksWrite, ReadsWritesToTheConfiguredHooksDirectoryFromWhereTheCommandRuns) {
  ShellContext husky = repository();
  husky.hooks_directory = ".husky/_";  // husky 9
  husky.worktree_root = "/work/repo";
  husky.working_directory = "src";
  EXPECT_TRUE(refuses("rm ../.husky/_/pre-commit", "agent.hooks-write", husky));
  EXPECT_TRUE(refuses("echo 'exit 0' > ../.husky/pre-commit", "agent.hooks-write", husky));
  EXPECT_TRUE(refuses("truncate -s0 /work/repo/.husky/pre-commit", "agent.hooks-write", husky));
  EXPECT_TRUE(refuses("cd .. && rm .husky/pre-commit", "agent.hooks-write", husky));
  EXPECT_TRUE(passes("rm .husky/pre-commit", husky));  // src/.husky: not the hooks
  EXPECT_TRUE(passes("cat ../.husky/pre-commit", husky));
  ShellContext absolute = repository();
  absolute.hooks_directory = "/work/repo/tools/hooks";
  absolute.worktree_root = "/work/repo";
  EXPECT_TRUE(refuses("rm tools/hooks/pre-commit", "agent.hooks-write", absolute));
  EXPECT_TRUE(refuses("rm /work/repo/tools/hooks/pre-commit", "agent.hooks-write", absolute));
  EXPECT_TRUE(passes("rm tools/other/pre-commit", absolute));
}

// ---- ordinary work that must pass ----------------------------------------------

TEST(ShellAttackFalsePositives, PassesWhatAgentsRunAllDay) {
  for (const char* command : {
           "git status", "git log --oneline -n 20", "git diff --stat", "git add -A", "git commit -m 'fix: x'",
           "git commit -m \"do not use --no-verify or -n\"", "git push --dry-run --force origin main",
           "grep -rn \"no-verify\" .", "npm test", "make -j2", "python3 scripts/check.py", "docker build -t x .",
           "cat .git/hooks/pre-commit", "git config user.name x", "echo 'git commit -n'",
           "git commit -m \"$(cat <<'EOF'\nSkip --no-verify; it's banned.\nEOF\n)\"", "git push -u origin feature/x",
           "git fetch origin && git rebase origin/main", "git stash && git stash pop", "ls -la .git/hooks",
           "xargs -a files.txt git add", "watch -n 2 'kubectl get pods'", "git -c color.ui=always log -n 3",
       })
    EXPECT_TRUE(passes(command));
}

// ---- cost -------------------------------------------------------------------------

TEST(ShellAttackCost, PrintsTheCostOfATypicalAndA100KilobyteCommand) {
  const std::string typical = "cd /repo && git add -A && git commit -m \"fix: handle empty input\" && git push origin feature/x";
  std::string large = "python3 -c \"";
  while (large.size() < 100 * 1024) large += "subprocess.run(['git', 'status']); print('x' * 10, \\\"y\\\"); ";
  large += "\" && git commit -n -m x";
  const auto started = std::chrono::steady_clock::now();
  for (int k = 0; k < 100; ++k) EXPECT_TRUE(passes(typical));
  const auto typical_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count() / 100;
  const auto large_started = std::chrono::steady_clock::now();
  EXPECT_TRUE(refuses(large, "agent.skip-hooks"));
  const auto large_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - large_started).count();
  std::printf("shell judge: typical command %.3f ms, 100 KB command %.1f ms\n", typical_ms, large_ms);
}

// Function calls, "$@" and sh -c arguments expand text: a budget keeps a
// 100 KB command from growing the work quadratically.
TEST(ShellAttackCost, ExpansionsCannotMultiplyTheWork) {
  auto repeated = [](const std::string& unit, size_t size) {
    std::string text;
    while (text.size() < size) text += unit;
    return text;
  };
  const size_t size = 100 * 1024;
  for (const std::string& command :
       {"f() { " + repeated("f; ", size) + " }; f", "set -- " + repeated("x ", size / 4) + "; " + repeated("git add \"$@\"; ", size / 2),
        "sh -c '" + repeated("$@ ", size / 2) + "' sh " + repeated("x ", size / 2),
        "echo " + repeated("x ", size / 2) + " | xargs -I{} git add " + repeated("{} ", size / 2)}) {
    // Finishing is what is asserted (ctest's timeout catches a blow-up); a
    // time limit in a unit test fails under sanitizers and load, not on defects.
    EXPECT_LE(judge_shell_command(command, repository()).size(), 16u) << command.substr(0, 40);
  }
}

}  // namespace
}  // namespace agentops::agents
