// Attacks on `agentops hook AGENT EVENT` through the built binary: the ways a
// hostile or careless agent, or an odd setup, could get a hook write, a
// skipped check or a switched-off hook past the pre-write and shell judges.
// Each refusal has its look-alike that must pass.
#include <gtest/gtest.h>

#include <string>

#include "agent_hook_testing.h"
#include "git_sandbox.h"

namespace agentops {
namespace {

using testing::CommandResult;
using testing::expect_allowed;
using testing::expect_denied;
using testing::GitSandbox;
using testing::json_string;
using testing::quote;
using testing::run_hook;
using testing::tool_call;
using testing::write_input;

const std::string kGithubToken = std::string("ghp_") + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8";

// --- symbolic links ------------------------------------------------------------

TEST(AgentHookAttack, AWriteThroughADanglingSymlinkIntoGitHooksIsDenied) {
  GitSandbox sandbox;
  // The link's target does not exist yet: a write through it creates the hook.
  sandbox.run("ln -s .git/hooks/pre-commit innocent.sh");
  expect_denied(run_hook(sandbox, "claude", "PreToolUse",
                         tool_call(sandbox, "Write", write_input("innocent.sh", "#!/bin/sh\nexit 0\n"))),
                "agent.hooks-write");
  sandbox.run("ln -s .agentops/policy.toml rules.toml");
  expect_denied(run_hook(sandbox, "claude", "PreToolUse",
                         tool_call(sandbox, "Write", write_input("rules.toml", "version = 1\n"))),
                "path.protected");
  // A dangling link to a directory that does not exist yet, then a file below it.
  sandbox.run("ln -s .git/hooks/new-dir hookdir");
  expect_denied(run_hook(sandbox, "claude", "PreToolUse",
                         tool_call(sandbox, "Write", write_input("hookdir/pre-push", "exit 0\n"))),
                "agent.hooks-write");
}

TEST(AgentHookAttack, AWriteThroughADanglingSymlinkToAnOrdinaryFilePasses) {
  GitSandbox sandbox;
  sandbox.run("mkdir -p src && ln -s src/generated.txt out.txt");
  expect_allowed(
      run_hook(sandbox, "claude", "PreToolUse", tool_call(sandbox, "Write", write_input("out.txt", "generated\n"))));
}

// --- Codex argv commands and working directories --------------------------------

TEST(AgentHookAttack, AnArgvCommandRunningBashLcIsJudgedAsTheScriptItRuns) {
  GitSandbox sandbox;
  expect_denied(run_hook(sandbox, "codex", "PreToolUse",
                         tool_call(sandbox, "shell", R"({"command":["bash","-lc","git commit --no-verify -m wip"]})")),
                "agent.skip-hooks");
  expect_denied(
      run_hook(sandbox, "codex", "PreToolUse",
               tool_call(sandbox, "Bash", R"({"command":["sh","-c","git -c core.hooksPath=/dev/null commit -m x"]})")),
      "agent.hooks-path");
  expect_denied(run_hook(sandbox, "codex", "PreToolUse",
                         tool_call(sandbox, "shell", R"({"command":["git","commit","-n","-m","it's done"]})")),
                "agent.skip-hooks");
}

TEST(AgentHookAttack, AnArgvCommandWithQuotesAndTheWordNoVerifyInAMessagePasses) {
  GitSandbox sandbox;
  expect_allowed(run_hook(
      sandbox, "codex", "PreToolUse",
      tool_call(sandbox, "shell", R"({"command":["bash","-lc","git commit -m 'don'\\''t use --no-verify'"]})")));
  expect_allowed(run_hook(sandbox, "codex", "PreToolUse",
                          tool_call(sandbox, "shell", R"({"command":["git","commit","-m","it's --no-verify free"]})")));
  expect_allowed(run_hook(sandbox, "codex", "PreToolUse",
                          tool_call(sandbox, "shell", R"({"command":["bash","-lc","git status && echo it's"]})")));
}

TEST(AgentHookAttack, ACommandRunInTheHooksDirectoryByItsWorkdirIsAHookWrite) {
  GitSandbox sandbox;
  // Gemini's run_shell_command `directory`, Codex's `workdir`.
  expect_denied(run_hook(sandbox, "gemini", "BeforeTool",
                         tool_call(sandbox, "run_shell_command",
                                   R"({"command":"echo exit 0 > pre-commit","directory":".git/hooks"})")),
                "agent.hooks-write");
  expect_denied(run_hook(sandbox, "codex", "PreToolUse",
                         tool_call(sandbox, "shell",
                                   R"({"command":["bash","-lc","rm pre-commit"],"workdir":)" +
                                       json_string(sandbox.path(".git/hooks")) + "}")),
                "agent.hooks-write");
  // The same command in an ordinary directory passes.
  expect_allowed(run_hook(
      sandbox, "gemini", "BeforeTool",
      tool_call(sandbox, "run_shell_command", R"({"command":"echo exit 0 > pre-commit","directory":"scripts"})")));
}

TEST(AgentHookAttack, AnApplyPatchInAShellCommandIsReadFromItsWorkdir) {
  GitSandbox sandbox;
  sandbox.write("sub/keep.txt", "k\n");
  const std::string patch = "*** Begin Patch\n*** Add File: ../.agentops/policy.toml\n+version = 1\n*** End Patch\n";
  expect_denied(run_hook(sandbox, "codex", "PreToolUse",
                         tool_call(sandbox, "shell",
                                   R"({"command":["apply_patch",)" + json_string(patch) + R"(],"workdir":"sub"})")),
                "path.protected");
  const std::string clean = "*** Begin Patch\n*** Add File: notes.txt\n+it's fine\n*** End Patch\n";
  expect_allowed(run_hook(
      sandbox, "codex", "PreToolUse",
      tool_call(sandbox, "shell", R"({"command":["apply_patch",)" + json_string(clean) + R"(],"workdir":"sub"})")));
}

// --- files outside the work tree that switch the checks off ----------------------

TEST(AgentHookAttack, AWriteToTheGlobalGitConfigIsDenied) {
  GitSandbox sandbox;
  GitSandbox home(false);
  const std::string env = "HOME=" + quote(home.root()) + " XDG_CONFIG_HOME=";
  expect_denied(
      run_hook(sandbox, "claude", "PreToolUse",
               tool_call(sandbox, "Write", write_input(home.path(".gitconfig"), "[core]\n\thooksPath = /dev/null\n")),
               env),
      "agent.hooks-path");
  expect_denied(run_hook(sandbox, "claude", "PreToolUse",
                         tool_call(sandbox, "Edit",
                                   R"({"file_path":)" + json_string(home.path(".config/git/config")) +
                                       R"(,"old_string":"","new_string":"[core]\n\thooksPath = /dev/null\n"})"),
                         env),
                "agent.hooks-path");
  // An agent's user-level settings decide which hooks run.
  expect_denied(run_hook(sandbox, "claude", "PreToolUse",
                         tool_call(sandbox, "Write", write_input(home.path(".claude/settings.json"), "{}\n")), env),
                "path.protected");
  // Copilot CLI loads every ~/.copilot/hooks/*.json.
  const std::string args = R"({"path":)" + json_string(home.path(".copilot/hooks/mine.json")) + R"(,"file_text":"{}"})";
  const auto copilot = run_hook(
      sandbox, "copilot", "preToolUse",
      R"({"cwd":)" + json_string(sandbox.root()) + R"(,"toolName":"create","toolArgs":)" + json_string(args) + "}",
      env);
  EXPECT_NE(copilot.out.find("\"permissionDecision\":\"deny\""), std::string::npos) << copilot.out << copilot.err;
  EXPECT_NE(copilot.out.find("path.protected"), std::string::npos) << copilot.out;
  // Another file in the home directory passes.
  expect_allowed(run_hook(sandbox, "claude", "PreToolUse",
                          tool_call(sandbox, "Write", write_input(home.path("notes/todo.md"), "- a\n")), env));
}

// --- Cursor's edit_file ----------------------------------------------------------

TEST(AgentHookAttack, CursorsEditFileWithTargetFileAndCodeEditIsJudged) {
  GitSandbox sandbox;
  const std::string leak = R"({"cwd":)" + json_string(sandbox.root()) +
                           R"(,"tool_name":"edit_file","tool_input":{"target_file":"deploy.sh","code_edit":)" +
                           json_string("export GH_TOKEN=" + kGithubToken + "\n") + "}}";
  const auto denied = run_hook(sandbox, "cursor", "preToolUse", leak);
  EXPECT_NE(denied.out.find("\"permission\":\"deny\""), std::string::npos) << denied.out;
  EXPECT_NE(denied.out.find("secret.github-token"), std::string::npos) << denied.out;
  EXPECT_EQ(denied.out.find(kGithubToken), std::string::npos);
  EXPECT_EQ(denied.err.find(kGithubToken), std::string::npos);
  const std::string policy = R"({"cwd":)" + json_string(sandbox.root()) +
                             R"(,"tool_name":"edit_file","tool_input":{"target_file":".agentops/policy.toml",)"
                             R"("code_edit":"version = 1\n"}})";
  EXPECT_NE(run_hook(sandbox, "cursor", "preToolUse", policy).out.find("\"permission\":\"deny\""), std::string::npos);
  const std::string clean = R"({"cwd":)" + json_string(sandbox.root()) +
                            R"(,"tool_name":"edit_file","tool_input":{"target_file":"a.py","code_edit":"x = 1\n"}})";
  EXPECT_EQ(run_hook(sandbox, "cursor", "preToolUse", clean).out, "{}\n");
}

// --- other work trees and nested repositories ----------------------------------

TEST(AgentHookAttack, AWriteFromALinkedWorktreeIntoTheMainWorktreesProtectedFilesIsDenied) {
  GitSandbox sandbox;
  sandbox.commit_file("a.txt", "a\n");
  GitSandbox place(false);
  const std::string linked = place.path("linked");
  sandbox.git("worktree add -q -b feature " + quote(linked));
  const std::string from_linked =
      R"({"hook_event_name":"PreToolUse","cwd":)" + json_string(linked) + R"(,"tool_name":"Write","tool_input":)";
  expect_denied(run_hook(sandbox, "claude", "PreToolUse",
                         from_linked + write_input(sandbox.path(".agentops/policy.toml"), "version = 1\n") + "}"),
                "path.protected");
  expect_denied(run_hook(sandbox, "claude", "PreToolUse",
                         from_linked + write_input(sandbox.path("deploy.sh"), "T=" + kGithubToken + "\n") + "}"),
                "secret.github-token");
  // And the other way round: from the main work tree into the linked one.
  expect_denied(run_hook(sandbox, "claude", "PreToolUse",
                         tool_call(sandbox, "Write", write_input(linked + "/.claude/settings.json", "{}\n"))),
                "path.protected");
  // An ordinary file of the other work tree passes.
  expect_allowed(run_hook(sandbox, "claude", "PreToolUse",
                          from_linked + write_input(sandbox.path("src/main.c"), "int main;\n") + "}"));
}

TEST(AgentHookAttack, ANestedRepositorysOwnAgentConfigIsProtected) {
  GitSandbox sandbox;
  sandbox.git("init -q vendor/lib");
  expect_denied(run_hook(sandbox, "claude", "PreToolUse",
                         tool_call(sandbox, "Write", write_input("vendor/lib/.claude/settings.json", "{}\n"))),
                "path.protected");
  expect_denied(run_hook(sandbox, "claude", "PreToolUse",
                         tool_call(sandbox, "Write", write_input("vendor/lib/.agentops/policy.toml", "version = 1\n"))),
                "path.protected");
  // The same names in a plain directory, and other files of the nested repository, pass.
  expect_allowed(run_hook(sandbox, "claude", "PreToolUse",
                          tool_call(sandbox, "Write", write_input("docs/.claude/settings.json", "{}\n"))));
  expect_allowed(run_hook(sandbox, "claude", "PreToolUse",
                          tool_call(sandbox, "Write", write_input("vendor/lib/src/lib.c", "int x;\n"))));
}

// --- a key assembled from pieces -----------------------------------------------

const std::string kAwsKeyId = std::string("AKIA") + "QYLPMN5HHHFPZAM2";

TEST(AgentHookAttack, AKeySplitOverTheEditsOfOneMultiEditIsSeenWhole) {
  GitSandbox sandbox;
  sandbox.commit_file("cfg.py", "key = \"PART1PART2\"\nother = 1\n");
  const auto result =
      run_hook(sandbox, "claude", "PreToolUse",
               tool_call(sandbox, "MultiEdit",
                         R"({"file_path":"cfg.py","edits":[{"old_string":"PART1","new_string":)" +
                             json_string(kAwsKeyId.substr(0, 8)) + R"(},{"old_string":"PART2","new_string":)" +
                             json_string(kAwsKeyId.substr(8)) + "}]}"));
  expect_denied(result, "secret.aws-access-key-id");
  EXPECT_NE(result.err.find("cfg.py:1"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find(kAwsKeyId), std::string::npos);
  EXPECT_EQ(result.out.find(kAwsKeyId), std::string::npos);
}

TEST(AgentHookAttack, AnEditCompletingAKeyOnALineThatHoldsItsFirstHalfIsDenied) {
  GitSandbox sandbox;
  sandbox.commit_file("cfg.py", "key = \"" + kAwsKeyId.substr(0, 8) + "X\"\n");
  expect_denied(run_hook(sandbox, "claude", "PreToolUse",
                         tool_call(sandbox, "Edit",
                                   R"({"file_path":"cfg.py","old_string":"X","new_string":)" +
                                       json_string(kAwsKeyId.substr(8)) + "}")),
                "secret.aws-access-key-id");
}

TEST(AgentHookAttack, OrdinaryEditsAndReplaceAllOfAFilePass) {
  GitSandbox sandbox;
  sandbox.commit_file("cfg.py", "name = \"PART\"\nother = PART\n");
  expect_allowed(run_hook(sandbox, "claude", "PreToolUse",
                          tool_call(sandbox, "Edit",
                                    R"({"file_path":"cfg.py","old_string":"PART","new_string":"part",)"
                                    R"("replace_all":true})")));
  expect_allowed(run_hook(sandbox, "claude", "PreToolUse",
                          tool_call(sandbox, "MultiEdit",
                                    R"({"file_path":"cfg.py","edits":[{"old_string":"other = PART\n",)"
                                    R"("new_string":"other = 2\n"},{"old_string":"name","new_string":"label"}]})")));
}

// --- patch envelopes in shell commands ---------------------------------------------

TEST(AgentHookAttack, AShellCommandThatOnlyMentionsThePatchMarkerIsNotAPatch) {
  GitSandbox sandbox;
  expect_allowed(run_hook(sandbox, "codex", "PreToolUse",
                          tool_call(sandbox, "Bash", R"({"command":"grep -rn \"*** Begin Patch\" docs/"})")));
  // A command that runs apply_patch with a malformed envelope is still refused.
  expect_denied(run_hook(sandbox, "codex", "PreToolUse",
                         tool_call(sandbox, "Bash", R"({"command":"apply_patch \"*** Begin Patch\""})")),
                "apply_patch envelope");
}

// --- odd repositories ---------------------------------------------------------------

TEST(AgentHookAttack, AShellCommandInABareRepositoryIsJudgedNotRefusedForWantOfAWorkTree) {
  GitSandbox sandbox(false);
  sandbox.git("init -q --bare -b main .");
  expect_allowed(run_hook(sandbox, "claude", "PreToolUse", tool_call(sandbox, "Bash", R"({"command":"git log -1"})")));
  expect_denied(run_hook(sandbox, "claude", "PreToolUse",
                         tool_call(sandbox, "Bash", R"({"command":"git -c core.hooksPath=/dev/null push"})")),
                "agent.hooks-path");
  // A file write there has no work tree to land in: refused, as before.
  EXPECT_EQ(
      run_hook(sandbox, "claude", "PreToolUse", tool_call(sandbox, "Write", write_input("x.txt", "x\n"))).exit_code, 2);
}

// --- tools judged by their arguments --------------------------------------------------

TEST(AgentHookAttack, AnMcpEditFileWithAnEditsArrayIsJudged) {
  GitSandbox sandbox;
  sandbox.commit_file("app.env", "A=1\n");
  const auto leak = run_hook(sandbox, "cursor", "preToolUse",
                             R"({"cwd":)" + json_string(sandbox.root()) +
                                 R"(,"tool_name":"MCP:edit_file","tool_input":{"path":"app.env","edits":[)"
                                 R"({"oldText":"A=1","newText":)" +
                                 json_string("GH_TOKEN=" + kGithubToken) + "}]}}");
  EXPECT_NE(leak.out.find("\"permission\":\"deny\""), std::string::npos) << leak.out << leak.err;
  EXPECT_EQ(leak.out.find(kGithubToken), std::string::npos);
  const auto clean = run_hook(sandbox, "cursor", "preToolUse",
                              R"({"cwd":)" + json_string(sandbox.root()) +
                                  R"(,"tool_name":"MCP:edit_file","tool_input":{"path":"app.env","edits":[)"
                                  R"({"oldText":"A=1","newText":"A=2"}]}})");
  EXPECT_EQ(clean.out, "{}\n") << clean.err;
}

// --- the repository a write lands in -------------------------------------------------

TEST(AgentHookAttack, AWriteIsJudgedByTheRepositoryItLandsInNotTheAgentsCwd) {
  GitSandbox sandbox;
  GitSandbox other;
  const std::string from_other =
      R"({"hook_event_name":"PreToolUse","cwd":)" + json_string(other.root()) + R"(,"tool_name":"Write","tool_input":)";
  expect_denied(run_hook(sandbox, "claude", "PreToolUse",
                         from_other + write_input(sandbox.path(".agentops/policy.toml"), "version = 1\n") + "}"),
                "path.protected");
  expect_denied(run_hook(sandbox, "claude", "PreToolUse",
                         from_other + write_input(sandbox.path(".git/hooks/pre-commit"), "exit 0\n") + "}"),
                "agent.hooks-write");
  // From a directory outside any repository, an ordinary write into one passes.
  GitSandbox plain(false);
  expect_allowed(run_hook(sandbox, "claude", "PreToolUse",
                          R"({"hook_event_name":"PreToolUse","cwd":)" + json_string(plain.root()) +
                              R"(,"tool_name":"Write","tool_input":)" +
                              write_input(sandbox.path("src/a.c"), "int a;\n") + "}"));
}

// --- redaction ---------------------------------------------------------------------------

TEST(AgentHookAttack, ASecretInTheNameOfAProtectedOrGitDirPathIsNeverPrinted) {
  GitSandbox sandbox;
  for (const std::string& path : {".agentops/" + kGithubToken, ".git/hooks/" + kGithubToken,
                                  ".github/hooks/" + kGithubToken + ".json"}) {
    const auto result =
        run_hook(sandbox, "claude", "PreToolUse", tool_call(sandbox, "Write", write_input(path, "x\n")));
    EXPECT_EQ(result.exit_code, 2) << path << result.err;
    EXPECT_EQ(result.err.find(kGithubToken), std::string::npos) << result.err;
    EXPECT_EQ(result.out.find(kGithubToken), std::string::npos) << result.out;
    const auto cursor = run_hook(sandbox, "cursor", "preToolUse",
                                 R"({"cwd":)" + json_string(sandbox.root()) + R"(,"tool_name":"Write","tool_input":)" +
                                     write_input(path, "x\n") + "}");
    EXPECT_NE(cursor.out.find("\"permission\":\"deny\""), std::string::npos) << cursor.out;
    EXPECT_EQ(cursor.out.find(kGithubToken), std::string::npos) << cursor.out;
    EXPECT_EQ(cursor.err.find(kGithubToken), std::string::npos) << cursor.err;
  }
}

}  // namespace
}  // namespace agentops
