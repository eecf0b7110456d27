// `agentops hook AGENT EVENT` through the built binary, in real repositories,
// fed each agent's stdin as its documentation shows it (URLs in
// libcore/src/agents/protocol_*.cpp), asserting the answer in that agent's
// protocol.
#include <gtest/gtest.h>

#include <string>

#include "agent_hook_testing.h"
#include "git_sandbox.h"

namespace agentops {
namespace {

using testing::bin;
using testing::CommandResult;
using testing::expect_denied;
using testing::GitSandbox;
using testing::json_string;
using testing::quote;
using testing::run_hook;
using testing::write_input;

const std::string kGithubToken = std::string("ghp_") + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8";
const std::string kAwsKeyId = std::string("AKIA") + "QYLPMN5HHHFPZAM2";

// Claude Code / Codex PreToolUse payload.
std::string claude_tool(const GitSandbox& sandbox, const std::string& tool, const std::string& input) {
  return R"({"session_id":"s","transcript_path":"/tmp/t.jsonl","hook_event_name":"PreToolUse","cwd":)" +
         json_string(sandbox.root()) + R"(,"tool_name":")" + tool + R"(","tool_input":)" + input + "}";
}

// --- Claude Code -------------------------------------------------------------

TEST(AgentHookClaude, WriteAddingAGithubTokenIsDeniedNamingTheRule) {
  GitSandbox sandbox;
  const auto result = run_hook(
      sandbox, "claude", "PreToolUse",
      claude_tool(sandbox, "Write", write_input(sandbox.path("deploy.sh"), "export GH_TOKEN=" + kGithubToken + "\n")));
  expect_denied(result, "secret.github-token");
  EXPECT_NE(result.err.find("deploy.sh:1"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find(kGithubToken), std::string::npos) << "the secret is never echoed";
  EXPECT_EQ(result.out.find(kGithubToken), std::string::npos);
}

TEST(AgentHookClaude, CleanWritePasses) {
  GitSandbox sandbox;
  const auto result = run_hook(sandbox, "claude", "PreToolUse",
                               claude_tool(sandbox, "Write", write_input(sandbox.path("a.txt"), "hello\n")));
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "");
}

TEST(AgentHookClaude, EditAddingAnAwsKeyIsDeniedAtTheEditedLine) {
  GitSandbox sandbox;
  sandbox.commit_file("config.py", "a = 1\nb = 2\nc = 3\n");
  const auto result =
      run_hook(sandbox, "claude", "PreToolUse",
               claude_tool(sandbox, "Edit",
                           R"({"file_path":)" + json_string(sandbox.path("config.py")) +
                               R"(,"old_string":"c = 3","new_string":)" + json_string("key = \"" + kAwsKeyId + "\"") +
                               R"(,"replace_all":false})"));
  expect_denied(result, "secret.aws-access-key-id");
  EXPECT_NE(result.err.find("config.py:3"), std::string::npos) << result.err;
}

TEST(AgentHookClaude, MultiEditAddingATokenIsDenied) {
  GitSandbox sandbox;
  sandbox.commit_file("a.sh", "x\n");
  const auto result = run_hook(sandbox, "claude", "PreToolUse",
                               claude_tool(sandbox, "MultiEdit",
                                           R"({"file_path":"a.sh","edits":[{"old_string":"x","new_string":"y"},)"
                                           R"({"old_string":"y","new_string":)" +
                                               json_string("T=" + kGithubToken) + "}]}"));
  expect_denied(result, "secret.github-token");
}

TEST(AgentHookClaude, WriteToThePolicyIsDeniedForAPerson) {
  GitSandbox sandbox;
  const auto result =
      run_hook(sandbox, "claude", "PreToolUse",
               claude_tool(sandbox, "Write", write_input(sandbox.path(".agentops/policy.toml"), "version = 1\n")));
  expect_denied(result, "path.protected");
  EXPECT_NE(result.err.find("a person must make this change"), std::string::npos) << result.err;
}

TEST(AgentHookClaude, WriteToClaudesOwnSettingsIsDeniedAsProtected) {
  GitSandbox sandbox;
  const auto result =
      run_hook(sandbox, "claude", "PreToolUse",
               claude_tool(sandbox, "Write", write_input(sandbox.path(".claude/settings.json"), "{}\n")));
  expect_denied(result, "path.protected");
  EXPECT_NE(result.err.find("a person must make this change"), std::string::npos) << result.err;
}

TEST(AgentHookClaude, WriteIntoGitHooksIsDenied) {
  GitSandbox sandbox;
  const auto result =
      run_hook(sandbox, "claude", "PreToolUse",
               claude_tool(sandbox, "Write", write_input(sandbox.path(".git/hooks/pre-commit"), "exit 0\n")));
  expect_denied(result, "agent.hooks-write");
  const auto config =
      run_hook(sandbox, "claude", "PreToolUse",
               claude_tool(sandbox, "Edit", R"({"file_path":".git/config","old_string":"a","new_string":"b"})"));
  expect_denied(config, "agent.hooks-path");
  const auto head =
      run_hook(sandbox, "claude", "PreToolUse",
               claude_tool(sandbox, "Write", write_input(sandbox.path(".git/HEAD"), "ref: refs/heads/x\n")));
  expect_denied(head, "agent.git-dir");
}

TEST(AgentHookClaude, ADotDotPathIntoTheGitDirIsStillTheGitDir) {
  GitSandbox sandbox;
  sandbox.write("src/keep.txt", "k\n");
  const auto result =
      run_hook(sandbox, "claude", "PreToolUse",
               claude_tool(sandbox, "Write", write_input(sandbox.path("src/../.git/hooks/pre-push"), "x\n")));
  expect_denied(result, "agent.hooks-write");
}

TEST(AgentHookClaude, ASymlinkedDirectoryIsResolvedToItsTarget) {
  GitSandbox sandbox;
  sandbox.run("mkdir -p .agentops && ln -s .agentops cfg");
  const auto result =
      run_hook(sandbox, "claude", "PreToolUse",
               claude_tool(sandbox, "Write", write_input(sandbox.path("cfg/policy.toml"), "version = 1\n")));
  expect_denied(result, "path.protected");
}

TEST(AgentHookClaude, RelativePathsStartAtThePayloadsCwdInASubdirectory) {
  GitSandbox sandbox;
  sandbox.write("src/keep.txt", "k\n");
  const std::string in_src = R"({"hook_event_name":"PreToolUse","cwd":)" + json_string(sandbox.path("src")) +
                             R"(,"tool_name":"Write","tool_input":)";
  const auto leak =
      run_hook(sandbox, "claude", "PreToolUse", in_src + write_input("a.env", "T=" + kGithubToken + "\n") + "}");
  expect_denied(leak, "secret.github-token");
  EXPECT_NE(leak.err.find("src/a.env:1"), std::string::npos) << leak.err;
  expect_denied(run_hook(sandbox, "claude", "PreToolUse",
                         in_src + write_input("../.agentops/policy.toml", "version = 1\n") + "}"),
                "path.protected");
}

TEST(AgentHookClaude, AWriteOutsideTheWorkTreePasses) {
  GitSandbox sandbox;
  GitSandbox elsewhere(false);
  const auto result =
      run_hook(sandbox, "claude", "PreToolUse",
               claude_tool(sandbox, "Write", write_input(elsewhere.path("notes.txt"), "T=" + kGithubToken + "\n")));
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

TEST(AgentHookClaude, RewritingAFileJudgesOnlyTheLinesItAdds) {
  GitSandbox sandbox;
  sandbox.commit_file("big.txt", "T=" + kGithubToken + "\n", "committed before agentops");
  const auto result = run_hook(
      sandbox, "claude", "PreToolUse",
      claude_tool(sandbox, "Write", write_input(sandbox.path("big.txt"), "T=" + kGithubToken + "\nnew line\n")));
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

TEST(AgentHookClaude, TheStagedPolicyDecidesAsAtPreCommit) {
  GitSandbox sandbox;
  sandbox.commit_policy(
      "version = 1\nextends = [\"baseline\"]\n[paths]\nforbidden = [\"*.pem\"]\n"
      "[[content]]\nid = \"no-todo\"\nregex = 'TODO'\nseverity = \"block\"\nmessage = \"no TODOs\"\n");
  expect_denied(run_hook(sandbox, "claude", "PreToolUse",
                         claude_tool(sandbox, "Write", write_input(sandbox.path("a.txt"), "x\n# TODO later\n"))),
                "content.no-todo");
  expect_denied(run_hook(sandbox, "claude", "PreToolUse",
                         claude_tool(sandbox, "Write", write_input(sandbox.path("k/server.pem"), "x\n"))),
                "path.forbidden");
}

TEST(AgentHookClaude, AFileAboveTheSizeLimitIsDenied) {
  GitSandbox sandbox;
  sandbox.commit_policy("version = 1\nextends = [\"baseline\"]\n[limits]\nmax_file_bytes = 10\n");
  expect_denied(run_hook(sandbox, "claude", "PreToolUse",
                         claude_tool(sandbox, "Write", write_input(sandbox.path("a.txt"), "0123456789abcdef\n"))),
                "limit.file-bytes");
}

TEST(AgentHookClaude, GitStatusPasses) {
  GitSandbox sandbox;
  const auto result =
      run_hook(sandbox, "claude", "PreToolUse", claude_tool(sandbox, "Bash", R"({"command":"git status"})"));
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

TEST(AgentHookClaude, ReadToolsPassWithoutLookingAtTheRepository) {
  GitSandbox sandbox(false);  // not even a repository
  const auto result =
      run_hook(sandbox, "claude", "PreToolUse", claude_tool(sandbox, "Read", R"({"file_path":"/etc/hostname"})"));
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

TEST(AgentHookClaude, StopWhileTheHookAlreadyContinuedLetsTheAgentStop) {
  GitSandbox sandbox;
  sandbox.write("leak.env", "T=" + kGithubToken + "\n");
  const auto result =
      run_hook(sandbox, "claude", "Stop",
               R"({"hook_event_name":"Stop","cwd":)" + json_string(sandbox.root()) + R"(,"stop_hook_active":true})");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out.find("\"block\""), std::string::npos) << result.out;
  EXPECT_NE(result.err.find("letting the agent stop"), std::string::npos) << result.err;
}

// --- fail closed ------------------------------------------------------------

TEST(AgentHookFailClosed, MalformedStdinDeniesForEveryAgent) {
  GitSandbox sandbox;
  for (const auto& [agent, event] : std::vector<std::pair<std::string, std::string>>{{"claude", "PreToolUse"},
                                                                                     {"codex", "PreToolUse"},
                                                                                     {"gemini", "BeforeTool"},
                                                                                     {"cursor", "preToolUse"},
                                                                                     {"copilot", "preToolUse"}}) {
    for (const std::string& payload : {std::string("not json"), std::string("[]"), std::string(R"({"tool_name":5})"),
                                       std::string(R"({"tool_name":"Write","tool_input":{"file_path":"a"}})")}) {
      const auto result = run_hook(sandbox, agent, event, payload);
      EXPECT_EQ(result.exit_code, 2) << agent << " " << payload << result.err;
    }
  }
  const auto cursor = run_hook(sandbox, "cursor", "preToolUse", "not json");
  EXPECT_NE(cursor.out.find("\"permission\":\"deny\""), std::string::npos) << cursor.out;
  const auto copilot = run_hook(sandbox, "copilot", "preToolUse", "not json");
  EXPECT_NE(copilot.out.find("\"permissionDecision\":\"deny\""), std::string::npos) << copilot.out;
}

TEST(AgentHookFailClosed, UnknownAgentOrEventDenies) {
  GitSandbox sandbox;
  EXPECT_EQ(run_hook(sandbox, "aider", "PreToolUse", "{}").exit_code, 2);
  EXPECT_EQ(run_hook(sandbox, "claude", "PostToolUse", "{}").exit_code, 2);
  EXPECT_EQ(sandbox.run(quote(bin("agentops")) + " hook claude < /dev/null").exit_code, 2);
}

TEST(AgentHookFailClosed, HugeStdinDenies) {
  GitSandbox sandbox;
  const auto result =
      sandbox.run("head -c 20000000 /dev/zero | tr '\\0' ' ' | " + quote(bin("agentops")) + " hook claude PreToolUse");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("larger than"), std::string::npos) << result.err;
}

TEST(AgentHookFailClosed, APolicyThatDoesNotLoadDenies) {
  GitSandbox sandbox;
  sandbox.commit_policy("version = 1\nnot_a_key = true\n");
  const auto result = run_hook(sandbox, "claude", "PreToolUse",
                               claude_tool(sandbox, "Write", write_input(sandbox.path("a.txt"), "x\n")));
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("policy"), std::string::npos) << result.err;
}

TEST(AgentHookFailClosed, AWriteOutsideAnyRepositoryDenies) {
  GitSandbox sandbox(false);
  const auto result = run_hook(sandbox, "claude", "PreToolUse",
                               claude_tool(sandbox, "Write", write_input(sandbox.path("a.txt"), "x\n")));
  EXPECT_EQ(result.exit_code, 2);
}

// --- Codex -------------------------------------------------------------------

TEST(AgentHookCodex, ApplyPatchAddingATokenIsDenied) {
  GitSandbox sandbox;
  const std::string patch =
      "*** Begin Patch\n*** Add File: src/deploy.sh\n+#!/bin/sh\n+export GH_TOKEN=" + kGithubToken +
      "\n*** End Patch\n";
  const auto result = run_hook(sandbox, "codex", "PreToolUse",
                               claude_tool(sandbox, "apply_patch", R"({"command":)" + json_string(patch) + "}"));
  expect_denied(result, "secret.github-token");
  EXPECT_NE(result.err.find("src/deploy.sh:2"), std::string::npos) << result.err;
}

TEST(AgentHookCodex, ApplyPatchUpdateAddingAnAwsKeyIsDeniedAndACleanOnePasses) {
  GitSandbox sandbox;
  sandbox.commit_file("app.cfg", "a\nb\n");
  const std::string bad =
      "*** Begin Patch\n*** Update File: app.cfg\n@@\n a\n-b\n+key=" + kAwsKeyId + "\n*** End Patch";
  expect_denied(run_hook(sandbox, "codex", "PreToolUse",
                         claude_tool(sandbox, "apply_patch", R"({"command":)" + json_string(bad) + "}")),
                "secret.aws-access-key-id");
  const std::string good = "*** Begin Patch\n*** Update File: app.cfg\n@@\n a\n-b\n+c\n*** End Patch";
  EXPECT_EQ(run_hook(sandbox, "codex", "PreToolUse",
                     claude_tool(sandbox, "apply_patch", R"({"command":)" + json_string(good) + "}"))
                .exit_code,
            0);
}

TEST(AgentHookCodex, ApplyPatchInAHeredocShellCommandIsJudged) {
  GitSandbox sandbox;
  const std::string command =
      "apply_patch <<'EOF'\n*** Begin Patch\n*** Add File: .codex/hooks.json\n+{}\n*** End Patch\nEOF\n";
  expect_denied(run_hook(sandbox, "codex", "PreToolUse",
                         claude_tool(sandbox, "Bash", R"({"command":)" + json_string(command) + "}")),
                "path.protected");
}

TEST(AgentHookCodex, ApplyPatchMovingAFileIntoAgentopsIsDenied) {
  GitSandbox sandbox;
  sandbox.commit_file("p.toml", "version = 1\n");
  const std::string patch =
      "*** Begin Patch\n*** Update File: p.toml\n*** Move to: .agentops/policy.toml\n*** End Patch";
  expect_denied(run_hook(sandbox, "codex", "PreToolUse",
                         claude_tool(sandbox, "apply_patch", R"({"command":)" + json_string(patch) + "}")),
                "path.protected");
}

TEST(AgentHookCodex, ApplyPatchOverSeveralFilesNamesTheOneThatLeaks) {
  GitSandbox sandbox;
  sandbox.commit_file("keep.txt", "a\n");
  const std::string patch =
      "*** Begin Patch\n*** Add File: clean.txt\n+fine\n*** Update File: keep.txt\n@@\n a\n+b\n"
      "*** Add File: conf/leak.env\n+x=1\n+T=" +
      kGithubToken + "\n*** End Patch";
  const auto result = run_hook(sandbox, "codex", "PreToolUse",
                               claude_tool(sandbox, "apply_patch", R"({"command":)" + json_string(patch) + "}"));
  expect_denied(result, "secret.github-token");
  EXPECT_NE(result.err.find("conf/leak.env:2"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find("clean.txt"), std::string::npos) << result.err;
}

TEST(AgentHookCodex, ApplyPatchDeletingThePolicyIsDenied) {
  GitSandbox sandbox;
  sandbox.commit_policy("version = 1\nextends = [\"baseline\"]\n");
  const std::string patch = "*** Begin Patch\n*** Delete File: .agentops/policy.toml\n*** End Patch";
  expect_denied(run_hook(sandbox, "codex", "PreToolUse",
                         claude_tool(sandbox, "apply_patch", R"({"command":)" + json_string(patch) + "}")),
                "path.protected");
}

TEST(AgentHookCodex, MalformedPatchDenies) {
  GitSandbox sandbox;
  const auto result =
      run_hook(sandbox, "codex", "PreToolUse",
               claude_tool(sandbox, "apply_patch", R"({"command":"*** Begin Patch\n*** Add File: a\n"})"));
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("apply_patch"), std::string::npos) << result.err;
}

// --- Gemini CLI --------------------------------------------------------------

std::string gemini_tool(const GitSandbox& sandbox, const std::string& tool, const std::string& input) {
  return R"({"session_id":"s","hook_event_name":"BeforeTool","timestamp":"2026-12-02T10:00:00Z","cwd":)" +
         json_string(sandbox.root()) + R"(,"tool_name":")" + tool + R"(","tool_input":)" + input + "}";
}

TEST(AgentHookGemini, WriteFileAddingATokenIsDeniedAndACleanOnePasses) {
  GitSandbox sandbox;
  expect_denied(run_hook(sandbox, "gemini", "BeforeTool",
                         gemini_tool(sandbox, "write_file", write_input("env.sh", "T=" + kGithubToken + "\n"))),
                "secret.github-token");
  EXPECT_EQ(run_hook(sandbox, "gemini", "BeforeTool", gemini_tool(sandbox, "write_file", write_input("a.txt", "ok\n")))
                .exit_code,
            0);
}

TEST(AgentHookGemini, ReplaceAddingAnAwsKeyIsDenied) {
  GitSandbox sandbox;
  sandbox.commit_file("a.py", "x = 1\n");
  expect_denied(run_hook(sandbox, "gemini", "BeforeTool",
                         gemini_tool(sandbox, "replace",
                                     R"({"file_path":"a.py","old_string":"x = 1","new_string":)" +
                                         json_string("k = '" + kAwsKeyId + "'") + "}")),
                "secret.aws-access-key-id");
}

TEST(AgentHookGemini, WriteToGeminiSettingsIsDenied) {
  GitSandbox sandbox;
  expect_denied(run_hook(sandbox, "gemini", "BeforeTool",
                         gemini_tool(sandbox, "write_file", write_input(".gemini/settings.json", "{}\n"))),
                "path.protected");
}

// --- Cursor --------------------------------------------------------------------

std::string cursor_payload(const GitSandbox& sandbox, const std::string& event, const std::string& fields) {
  return R"({"conversation_id":"c","generation_id":"g","hook_event_name":")" + event + R"(","workspace_roots":[)" +
         json_string(sandbox.root()) + "]," + fields + "}";
}

TEST(AgentHookCursor, PreToolUseWriteWithATokenGetsAJsonDeny) {
  GitSandbox sandbox;
  const auto result = run_hook(
      sandbox, "cursor", "preToolUse",
      cursor_payload(sandbox, "preToolUse",
                     R"("tool_name":"Write","tool_input":)" + write_input("a.env", "T=" + kGithubToken + "\n")));
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("\"permission\":\"deny\""), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("secret.github-token"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("\"agent_message\""), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find(kGithubToken), std::string::npos);
}

TEST(AgentHookCursor, CleanWriteAndShellCommandPass) {
  GitSandbox sandbox;
  const auto write = run_hook(
      sandbox, "cursor", "preToolUse",
      cursor_payload(sandbox, "preToolUse", R"("tool_name":"Write","tool_input":)" + write_input("a.txt", "ok\n")));
  EXPECT_EQ(write.exit_code, 0);
  EXPECT_EQ(write.out.find("deny"), std::string::npos) << write.out;
  const auto shell = run_hook(sandbox, "cursor", "beforeShellExecution",
                              cursor_payload(sandbox, "beforeShellExecution",
                                             R"("command":"git status","cwd":)" + json_string(sandbox.root())));
  EXPECT_EQ(shell.exit_code, 0);
  EXPECT_EQ(shell.out.find("deny"), std::string::npos) << shell.out;
}

TEST(AgentHookCursor, WriteToCursorHooksIsDenied) {
  GitSandbox sandbox;
  const auto result =
      run_hook(sandbox, "cursor", "preToolUse",
               cursor_payload(sandbox, "preToolUse",
                              R"("tool_name":"Write","tool_input":)" + write_input(".cursor/hooks.json", "{}")));
  EXPECT_NE(result.out.find("\"permission\":\"deny\""), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("path.protected"), std::string::npos) << result.out;
}

TEST(AgentHookCursor, DeletingThePolicyIsDenied) {
  GitSandbox sandbox;
  sandbox.commit_policy("version = 1\nextends = [\"baseline\"]\n");
  const auto result = run_hook(
      sandbox, "cursor", "preToolUse",
      cursor_payload(sandbox, "preToolUse", R"("tool_name":"Delete","tool_input":{"path":".agentops/policy.toml"})"));
  EXPECT_NE(result.out.find("\"permission\":\"deny\""), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("path.protected"), std::string::npos) << result.out;
}

TEST(AgentHookCursor, ReadingAFileThatHoldsASecretIsDeniedWithoutTheSecret) {
  GitSandbox sandbox;
  sandbox.write("prod.env", "T=" + kGithubToken + "\n");
  const auto result = run_hook(sandbox, "cursor", "beforeReadFile",
                               cursor_payload(sandbox, "beforeReadFile",
                                              R"("file_path":)" + json_string(sandbox.path("prod.env")) +
                                                  R"(,"content":)" + json_string("T=" + kGithubToken + "\n")));
  EXPECT_NE(result.out.find("\"permission\":\"deny\""), std::string::npos) << result.out;
  EXPECT_NE(result.err.find("holds a secret"), std::string::npos) << result.err;
  EXPECT_EQ(result.out.find(kGithubToken), std::string::npos);
  EXPECT_EQ(result.err.find(kGithubToken), std::string::npos);
  const auto clean = run_hook(sandbox, "cursor", "beforeReadFile",
                              cursor_payload(sandbox, "beforeReadFile", R"("file_path":"README","content":"hello\n")"));
  EXPECT_EQ(clean.out.find("deny"), std::string::npos) << clean.out;
}

TEST(AgentHookCursor, StopAfterAFollowUpLetsTheAgentStop) {
  GitSandbox sandbox;
  sandbox.write("leak.env", "T=" + kGithubToken + "\n");
  const auto result =
      run_hook(sandbox, "cursor", "stop", cursor_payload(sandbox, "stop", R"("status":"completed","loop_count":1)"));
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.out.find("followup_message"), std::string::npos) << result.out;
}

// --- Copilot ---------------------------------------------------------------------

std::string copilot_tool(const GitSandbox& sandbox, const std::string& tool, const std::string& args) {
  return R"({"timestamp":1704614600000,"cwd":)" + json_string(sandbox.root()) + R"(,"toolName":")" + tool +
         R"(","toolArgs":)" + json_string(args) + "}";
}

TEST(AgentHookCopilot, CreateWithATokenGetsAJsonDenyAndACleanOnePasses) {
  GitSandbox sandbox;
  const auto result =
      run_hook(sandbox, "copilot", "preToolUse",
               copilot_tool(sandbox, "create",
                            R"({"path":"a.sh","file_text":)" + json_string("T=" + kGithubToken + "\n") + "}"));
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("\"permissionDecision\":\"deny\""), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("secret.github-token"), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find(kGithubToken), std::string::npos);
  const auto clean = run_hook(sandbox, "copilot", "preToolUse",
                              copilot_tool(sandbox, "create", R"({"path":"b.txt","file_text":"ok\n"})"));
  EXPECT_EQ(clean.exit_code, 0);
  EXPECT_EQ(clean.out, "") << clean.out;
}

TEST(AgentHookCopilot, EditAddingAnAwsKeyIsDenied) {
  GitSandbox sandbox;
  sandbox.commit_file("a.py", "x = 1\n");
  const auto result = run_hook(
      sandbox, "copilot", "preToolUse",
      copilot_tool(sandbox, "edit",
                   R"({"path":"a.py","old_str":"x = 1","new_str":)" + json_string("k='" + kAwsKeyId + "'") + "}"));
  EXPECT_NE(result.out.find("secret.aws-access-key-id"), std::string::npos) << result.out;
}

TEST(AgentHookCopilot, WriteToCopilotHooksAndThePolicyIsDenied) {
  GitSandbox sandbox;
  for (const std::string& path : {std::string(".github/hooks/agentops.json"), std::string(".agentops/policy.toml")}) {
    const auto result =
        run_hook(sandbox, "copilot", "preToolUse",
                 copilot_tool(sandbox, "create", R"({"path":)" + json_string(path) + R"(,"file_text":"{}"})"));
    EXPECT_NE(result.out.find("\"permissionDecision\":\"deny\""), std::string::npos) << path << result.out;
    EXPECT_NE(result.out.find("a person must make this change"), std::string::npos) << result.out;
  }
}

TEST(AgentHookCopilot, BashGitStatusPasses) {
  GitSandbox sandbox;
  const auto result =
      run_hook(sandbox, "copilot", "preToolUse", copilot_tool(sandbox, "bash", R"({"command":"git status"})"));
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.out, "");
}

// --- shell commands (the judge of libcore/src/agents/shell_command.cpp) -----------

TEST(AgentHookShell, CommandsThatSkipOrDisableTheHooksAreDeniedForEveryAgent) {
  GitSandbox sandbox;
  for (const std::string& command :
       {std::string("git commit --no-verify -m x"), std::string("git -c core.hooksPath=/dev/null commit -m x"),
        std::string("git config core.hooksPath x"), std::string("npm test && git commit -n -m wip")}) {
    expect_denied(run_hook(sandbox, "claude", "PreToolUse",
                           claude_tool(sandbox, "Bash", R"({"command":)" + json_string(command) + "}")),
                  "agent.");
    expect_denied(run_hook(sandbox, "codex", "PreToolUse",
                           claude_tool(sandbox, "Bash", R"({"command":)" + json_string(command) + "}")),
                  "agent.");
    expect_denied(run_hook(sandbox, "gemini", "BeforeTool",
                           gemini_tool(sandbox, "run_shell_command", R"({"command":)" + json_string(command) + "}")),
                  "agent.");
    const auto cursor = run_hook(
        sandbox, "cursor", "beforeShellExecution",
        cursor_payload(sandbox, "beforeShellExecution", R"("command":)" + json_string(command) + R"(,"cwd":"")"));
    EXPECT_NE(cursor.out.find("\"permission\":\"deny\""), std::string::npos) << command << cursor.out;
    const auto copilot = run_hook(sandbox, "copilot", "preToolUse",
                                  copilot_tool(sandbox, "bash", R"({"command":)" + json_string(command) + "}"));
    EXPECT_NE(copilot.out.find("\"permissionDecision\":\"deny\""), std::string::npos) << command << copilot.out;
  }
}

TEST(AgentHookShell, GitStatusPassesForEveryAgent) {
  GitSandbox sandbox;
  EXPECT_EQ(
      run_hook(sandbox, "codex", "PreToolUse", claude_tool(sandbox, "Bash", R"({"command":"git status"})")).exit_code,
      0);
  EXPECT_EQ(run_hook(sandbox, "gemini", "BeforeTool",
                     gemini_tool(sandbox, "run_shell_command", R"({"command":"git status"})"))
                .exit_code,
            0);
}

TEST(AgentHookShell, ARepositoryAliasIsSeenThrough) {
  GitSandbox sandbox;
  sandbox.git("config alias.ci commit");
  expect_denied(
      run_hook(sandbox, "claude", "PreToolUse", claude_tool(sandbox, "Bash", R"({"command":"git ci -n -m x"})")),
      "agent.");
}

TEST(AgentHookShell, TheSeverityThePolicyGivesARuleDecides) {
  GitSandbox sandbox;
  sandbox.commit_policy("version = 1\nextends = [\"baseline\"]\n[severity]\n\"agent.skip-hooks\" = \"warn\"\n");
  const auto result =
      run_hook(sandbox, "claude", "PreToolUse", claude_tool(sandbox, "Bash", R"({"command":"git commit -n -m wip"})"));
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("agent.skip-hooks"), std::string::npos) << result.err;
}

// --- the end of a turn (check --worktree) ------------------------------------------

TEST(AgentHookStop, ASecretInTheWorkingTreeBlocksOnceNamingTheRule) {
  GitSandbox sandbox;
  sandbox.commit_file("README", "hi\n");
  sandbox.write("leak.env", "T=" + kGithubToken + "\n");
  const std::string stop = R"({"hook_event_name":"Stop","cwd":)" + json_string(sandbox.root());
  const auto first = run_hook(sandbox, "claude", "Stop", stop + R"(,"stop_hook_active":false})");
  EXPECT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("\"decision\":\"block\""), std::string::npos) << first.out;
  EXPECT_NE(first.out.find("secret.github-token"), std::string::npos) << first.out;
  EXPECT_NE(first.out.find("leak.env:1"), std::string::npos) << first.out;
  EXPECT_EQ(first.out.find(kGithubToken), std::string::npos);
  const auto again = run_hook(sandbox, "claude", "Stop", stop + R"(,"stop_hook_active":true})");
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_EQ(again.out.find("block"), std::string::npos) << again.out;
}

TEST(AgentHookStop, ACleanWorkingTreeLetsEveryAgentStop) {
  GitSandbox sandbox;
  sandbox.commit_file("README", "hi\n");
  sandbox.write("notes.txt", "fine\n");
  const auto claude = run_hook(sandbox, "claude", "Stop", R"({"cwd":)" + json_string(sandbox.root()) + "}");
  EXPECT_EQ(claude.exit_code, 0) << claude.err;
  EXPECT_EQ(claude.out, "");
  EXPECT_EQ(run_hook(sandbox, "gemini", "AfterAgent", R"({"cwd":)" + json_string(sandbox.root()) + "}").exit_code, 0);
  const auto cursor =
      run_hook(sandbox, "cursor", "stop", cursor_payload(sandbox, "stop", R"("status":"completed","loop_count":0)"));
  EXPECT_EQ(cursor.out.find("followup_message"), std::string::npos) << cursor.out;
}

TEST(AgentHookStop, OtherAgentsAreSentBackOnceToo) {
  GitSandbox sandbox;
  sandbox.commit_file("README", "hi\n");
  sandbox.write("leak.env", "T=" + kGithubToken + "\n");
  const auto codex =
      run_hook(sandbox, "codex", "Stop", R"({"cwd":)" + json_string(sandbox.root()) + R"(,"stop_hook_active":false})");
  EXPECT_NE(codex.out.find("\"decision\":\"block\""), std::string::npos) << codex.out;
  expect_denied(run_hook(sandbox, "gemini", "AfterAgent", R"({"cwd":)" + json_string(sandbox.root()) + "}"),
                "secret.github-token");
  EXPECT_EQ(run_hook(sandbox, "gemini", "AfterAgent",
                     R"({"cwd":)" + json_string(sandbox.root()) + R"(,"stop_hook_active":true})")
                .exit_code,
            0);
  const auto cursor =
      run_hook(sandbox, "cursor", "stop", cursor_payload(sandbox, "stop", R"("status":"completed","loop_count":0)"));
  EXPECT_NE(cursor.out.find("followup_message"), std::string::npos) << cursor.out;
  EXPECT_NE(cursor.out.find("secret.github-token"), std::string::npos) << cursor.out;
}

TEST(AgentHookStop, OutsideARepositoryTheAgentIsSentBackOnceAndThenMayStop) {
  GitSandbox sandbox(false);
  const std::string stop = R"({"hook_event_name":"Stop","cwd":)" + json_string(sandbox.root());
  const auto first = run_hook(sandbox, "claude", "Stop", stop + R"(,"stop_hook_active":false})");
  EXPECT_NE(first.out.find("\"decision\":\"block\""), std::string::npos) << first.out << first.err;
  const auto again = run_hook(sandbox, "claude", "Stop", stop + R"(,"stop_hook_active":true})");
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_EQ(again.out, "");
  EXPECT_NE(again.err.find("letting the agent stop"), std::string::npos) << again.err;
}

// --- telemetry -------------------------------------------------------------------

TEST(AgentHookTelemetry, TheDecisionIsLoggedWithoutTheSecret) {
  GitSandbox sandbox;
  sandbox.commit_policy("version = 1\nextends = [\"baseline\"]\n[telemetry]\nenabled = true\n");
  run_hook(sandbox, "claude", "PreToolUse",
           claude_tool(sandbox, "Write", write_input("a.sh", "T=" + kGithubToken + "\n")));
  const auto log = sandbox.run("cat .git/agentops/decisions.jsonl");
  EXPECT_NE(log.out.find("agent:claude:PreToolUse"), std::string::npos) << log.out << log.err;
  EXPECT_NE(log.out.find("secret.github-token"), std::string::npos) << log.out;
  EXPECT_EQ(log.out.find(kGithubToken), std::string::npos);
}

}  // namespace
}  // namespace agentops
