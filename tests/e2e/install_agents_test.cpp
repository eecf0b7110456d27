// agentops-install --agents: each coding agent's project config merged in
// place (every byte of the user's kept), reinstalling a no-op, uninstalling
// a byte-for-byte restore, and a file agentops cannot merge left untouched.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "agent_install_testing.h"
#include "git_sandbox.h"

namespace agentops {
namespace {

namespace fs = std::filesystem;
using testing::bin_dir;
using testing::GitSandbox;
using testing::quote;
using testing::read_file;

// A user's Claude settings with their own hooks, permissions, env and odd
// formatting: tabs, CRLF, unicode, an escaped character, keys in their order.
const std::string kClaudeSettings =
    "{\r\n"
    "\t\"permissions\": {\"allow\": [\"Bash(npm test)\"], \"deny\": []},\r\n"
    "\t\"env\": {\"GREETING\": \"grüß dich \\u00e9\"},\r\n"
    "\t\"hooks\": {\r\n"
    "\t\t\"PreToolUse\": [\r\n"
    "\t\t\t{\"matcher\": \"Bash\", \"hooks\": [{\"type\": \"command\", \"command\": \"./my-guard.sh\"}]}\r\n"
    "\t\t]\r\n"
    "\t}\r\n"
    "}\r\n";
const std::string kGeminiSettings = "{\n    \"theme\": \"Dracula\",\n    \"hooks\": {}\n}\n";
const std::string kCursorHooks =
    "{\"version\": 1, \"hooks\": {\"afterFileEdit\": [{\"command\": \"./format.sh\"}]}}";
const std::string kCopilotOther =
    "{\n  \"version\": 1,\n  \"hooks\": {\"sessionStart\": [{\"type\": \"command\", \"bash\": \"echo hi\"}]}\n}\n";
const std::string kAiderConfig = "# my aider settings\nmodel: sonnet\nauto-commits: false\n";

const char* const kAllFiles[] = {".claude/settings.json", ".codex/hooks.json", ".gemini/settings.json",
                                 ".cursor/hooks.json",    ".github/hooks/agentops.json", ".aider.conf.yml"};

class InstallAgents : public testing::AgentInstallTest {
 protected:
  void write_user_files() const {
    sandbox.write(".claude/settings.json", kClaudeSettings);
    sandbox.write(".gemini/settings.json", kGeminiSettings);
    sandbox.write(".cursor/hooks.json", kCursorHooks);
    sandbox.write(".github/hooks/other.json", kCopilotOther);
    sandbox.write(".aider.conf.yml", kAiderConfig);
  }
  // Every file as it is now, for byte comparisons.
  std::map<std::string, std::string> snapshot() const {
    std::map<std::string, std::string> files;
    for (const char* file : kAllFiles)
      if (fs::exists(sandbox.path(file))) files[file] = read_file(sandbox.path(file));
    files[".github/hooks/other.json"] = read_file(sandbox.path(".github/hooks/other.json"));
    return files;
  }
  // python3 reads each generated file as the agent's JSON / YAML parser would.
  void expect_parses(const std::string& file) const {
    const bool yaml = file.ends_with(".yml");
    const std::string program = yaml ? "import sys,yaml; yaml.safe_load(open(sys.argv[1]))"
                                     : "import sys,json; json.load(open(sys.argv[1], encoding='utf-8'))";
    if (yaml && sandbox.run("python3 -c 'import yaml'").exit_code != 0) return;  // no PyYAML here
    const auto parsed = sandbox.run("python3 -c " + quote(program) + " " + quote(file));
    EXPECT_EQ(parsed.exit_code, 0) << file << ": " << parsed.err;
  }
};

TEST_F(InstallAgents, MergesIntoExistingSettingsKeepingEveryUserKey) {
  write_user_files();
  const auto result = install("--agents all");
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;

  const std::string claude = read_file(sandbox.path(".claude/settings.json"));
  // The user's text is all there, in order, with their CRLF and tabs.
  const std::string users_own_hook_and_before = kClaudeSettings.substr(0, kClaudeSettings.find("}]}") + 3);
  EXPECT_EQ(claude.rfind(users_own_hook_and_before, 0), 0u) << claude;
  EXPECT_NE(claude.find("\"command\": \"./my-guard.sh\""), std::string::npos);
  EXPECT_NE(claude.find("\"GREETING\": \"grüß dich \\u00e9\""), std::string::npos);
  EXPECT_NE(claude.find("\"matcher\": \"Write|Edit|MultiEdit|NotebookEdit|Bash\""), std::string::npos);
  EXPECT_NE(claude.find("agentops hook claude PreToolUse"), std::string::npos);
  EXPECT_NE(claude.find("agentops hook claude Stop"), std::string::npos);
  EXPECT_EQ(claude.find("\n\n"), std::string::npos);
  for (size_t pos = 0; (pos = claude.find('\n', pos)) != std::string::npos; ++pos)
    ASSERT_EQ(claude[pos - 1], '\r') << "a line without CRLF at byte " << pos;
  EXPECT_NE(claude.find("\r\n\t\t\"Stop\": ["), std::string::npos) << claude;

  const std::string gemini = read_file(sandbox.path(".gemini/settings.json"));
  EXPECT_NE(gemini.find("\"theme\": \"Dracula\""), std::string::npos);
  EXPECT_NE(gemini.find("\n                \"matcher\": \"write_file|replace|run_shell_command\""), std::string::npos)
      << gemini;
  EXPECT_NE(gemini.find("agentops hook gemini AfterAgent"), std::string::npos);

  const std::string cursor = read_file(sandbox.path(".cursor/hooks.json"));
  EXPECT_EQ(cursor.rfind("{\"version\": 1, \"hooks\": {\"afterFileEdit\": [{\"command\": \"./format.sh\"}], ", 0), 0u)
      << cursor;
  EXPECT_NE(cursor.find("\"failClosed\": true"), std::string::npos);
  EXPECT_NE(cursor.find("agentops hook cursor beforeShellExecution"), std::string::npos);

  EXPECT_EQ(read_file(sandbox.path(".github/hooks/other.json")), kCopilotOther);
  EXPECT_NE(read_file(sandbox.path(".github/hooks/agentops.json")).find("agentops hook copilot preToolUse"),
            std::string::npos);
  const std::string aider = read_file(sandbox.path(".aider.conf.yml"));
  EXPECT_EQ(aider.rfind(kAiderConfig, 0), 0u);
  EXPECT_NE(aider.find("\ngit-commit-verify: true\n"), std::string::npos);
  EXPECT_NE(aider.find("\nlint-cmd: \"sh -c 'agentops check --worktree' agentops-lint\"\n"), std::string::npos);
  for (const char* file : kAllFiles) expect_parses(file);
  // The git hooks come too: --agents adds to them.
  EXPECT_TRUE(fs::exists(sandbox.path(".git/hooks/pre-commit")));
}

TEST_F(InstallAgents, ReinstallingChangesNoByte) {
  write_user_files();
  ASSERT_EQ(install("--agents all").exit_code, 0);
  const auto first = snapshot();
  const auto again = install("--agents all");
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(snapshot(), first);
  EXPECT_NE(again.out.find("already there"), std::string::npos);
}

TEST_F(InstallAgents, UninstallRestoresEveryFileByteForByteAndRemovesWhatItCreated) {
  write_user_files();
  const auto before = snapshot();
  ASSERT_EQ(install("--agents all").exit_code, 0);
  const auto result = install("--uninstall --agents all");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(snapshot(), before);
  EXPECT_FALSE(fs::exists(sandbox.path(".codex")));
  EXPECT_FALSE(fs::exists(sandbox.path(".github/hooks/agentops.json")));
  EXPECT_TRUE(fs::exists(sandbox.path(".github/hooks/other.json")));
  // Only the agents' entries: the git hooks stay.
  EXPECT_TRUE(fs::exists(sandbox.path(".git/hooks/pre-commit")));
}

TEST_F(InstallAgents, UninstallInAFreshRepositoryRemovesCreatedFilesAndDirectories) {
  ASSERT_EQ(install("--agents all").exit_code, 0);
  for (const char* file : kAllFiles) {
    EXPECT_TRUE(fs::exists(sandbox.path(file))) << file;
    expect_parses(file);
  }
  ASSERT_EQ(install("--uninstall --agents all").exit_code, 0);
  for (const char* dir : {".claude", ".codex", ".gemini", ".cursor", ".github", ".aider.conf.yml"})
    EXPECT_FALSE(fs::exists(sandbox.path(dir))) << dir;
}

TEST_F(InstallAgents, UninstallAfterTheUserAddedAnEntryKeepsTheirs) {
  write_user_files();
  ASSERT_EQ(install("--agents claude,aider").exit_code, 0);
  std::string claude = read_file(sandbox.path(".claude/settings.json"));
  const std::string stop = "\"Stop\": [";
  claude.insert(claude.find(stop) + stop.size(),
                "\r\n\t\t\t{\"hooks\": [{\"type\": \"command\", \"command\": \"./notify.sh\"}]},");
  sandbox.write(".claude/settings.json", claude);
  sandbox.write(".aider.conf.yml", read_file(sandbox.path(".aider.conf.yml")) + "dark-mode: true\n");

  const auto result = install("--uninstall --agents claude,aider");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::string after = read_file(sandbox.path(".claude/settings.json"));
  EXPECT_EQ(after.find("agentops hook"), std::string::npos) << after;
  EXPECT_NE(after.find("./notify.sh"), std::string::npos);
  EXPECT_NE(after.find("./my-guard.sh"), std::string::npos);
  EXPECT_EQ(read_file(sandbox.path(".aider.conf.yml")), kAiderConfig + "dark-mode: true\n");
  expect_parses(".claude/settings.json");
}

TEST_F(InstallAgents, AReinstallAfterTheUserTookOurEntriesOutRestoresTheirVersionOnUninstall) {
  write_user_files();
  ASSERT_EQ(install("--agents gemini").exit_code, 0);
  // The user replaces the file with their own version (our entries gone).
  const std::string theirs = "{\n    \"theme\": \"Light\"\n}\n";
  sandbox.write(".gemini/settings.json", theirs);
  ASSERT_EQ(install("--agents gemini").exit_code, 0);
  EXPECT_NE(read_file(sandbox.path(".gemini/settings.json")).find("agentops hook gemini BeforeTool"), std::string::npos);
  ASSERT_EQ(install("--uninstall --agents gemini").exit_code, 0);
  EXPECT_EQ(read_file(sandbox.path(".gemini/settings.json")), theirs);
}

TEST_F(InstallAgents, RefusesAMalformedSettingsFileAndChangesNothing) {
  write_user_files();
  const std::string broken = "{\"hooks\": {\"PreToolUse\": [}\n";
  sandbox.write(".claude/settings.json", broken);
  const auto result = install("--agents all");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find(".claude/settings.json does not parse"), std::string::npos) << result.err;
  EXPECT_EQ(read_file(sandbox.path(".claude/settings.json")), broken);
  // Nothing anywhere: the files are planned before any is written.
  EXPECT_EQ(read_file(sandbox.path(".gemini/settings.json")), kGeminiSettings);
  EXPECT_FALSE(fs::exists(sandbox.path(".codex/hooks.json")));
  EXPECT_FALSE(fs::exists(sandbox.path(".git/hooks/pre-commit")));
}

TEST_F(InstallAgents, RefusesSettingsWithCommentsRatherThanDroppingThem) {
  const std::string jsonc = "{\n  // my comment\n  \"theme\": \"x\"\n}\n";
  sandbox.write(".gemini/settings.json", jsonc);
  const auto result = install("--agents gemini");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("comments"), std::string::npos) << result.err;
  EXPECT_EQ(read_file(sandbox.path(".gemini/settings.json")), jsonc);
}

TEST_F(InstallAgents, RefusesASymlinkedAReadOnlyOrADirectorySettingsFile) {
  sandbox.write("elsewhere.json", "{}\n");
  fs::create_directories(sandbox.path(".claude"));
  fs::create_symlink("../elsewhere.json", sandbox.path(".claude/settings.json"));
  auto result = install("--agents claude");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("symbolic link"), std::string::npos) << result.err;
  EXPECT_EQ(read_file(sandbox.path("elsewhere.json")), "{}\n");

  sandbox.write(".cursor/hooks.json", "{}\n");
  ::chmod(sandbox.path(".cursor/hooks.json").c_str(), 0444);
  result = install("--agents cursor");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("read-only"), std::string::npos) << result.err;
  EXPECT_EQ(read_file(sandbox.path(".cursor/hooks.json")), "{}\n");

  fs::create_directories(sandbox.path(".gemini/settings.json"));
  result = install("--agents gemini");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("is a directory"), std::string::npos) << result.err;
}

TEST_F(InstallAgents, AnUnknownAgentIsAUsageError) {
  const auto result = install("--agents claude,vim");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("unknown agent 'vim'"), std::string::npos) << result.err;
  EXPECT_FALSE(fs::exists(sandbox.path(".claude")));
  EXPECT_FALSE(fs::exists(sandbox.path(".git/hooks/pre-commit")));
}

TEST_F(InstallAgents, AMissingAgentopsDeniesInsteadOfPassing) {
  ASSERT_EQ(install("--agents claude,cursor,copilot").exit_code, 0);
  // The command the agent runs, with a PATH that has no agentops on it.
  auto hook_command = [&](const std::string& file, const std::string& key, const std::string& event) {
    const auto extracted = sandbox.run(
        "python3 -c " +
        quote("import json,sys; d=json.load(open(sys.argv[1]))['hooks'][sys.argv[3]][0]; "
              "d=d['hooks'][0] if 'hooks' in d else d; print(d[sys.argv[2]])") +
        " " + quote(file) + " " + key + " " + event);
    return extracted.out.substr(0, extracted.out.size() - 1);
  };
  const std::string no_agentops = "PATH=/usr/bin:/bin ";
  auto claude = sandbox.run("echo '{}' | " + no_agentops + "sh -c " +
                            quote(hook_command(".claude/settings.json", "command", "PreToolUse")));
  EXPECT_EQ(claude.exit_code, 2);
  EXPECT_NE(claude.err.find("agentops is not on PATH"), std::string::npos) << claude.err;
  auto cursor = sandbox.run("echo '{}' | " + no_agentops + "sh -c " +
                            quote(hook_command(".cursor/hooks.json", "command", "preToolUse")));
  EXPECT_NE(cursor.out.find("\"permission\":\"deny\""), std::string::npos) << cursor.out;
  auto copilot = sandbox.run("echo '{}' | " + no_agentops + "sh -c " +
                             quote(hook_command(".github/hooks/agentops.json", "bash", "preToolUse")));
  EXPECT_NE(copilot.out.find("\"permissionDecision\":\"deny\""), std::string::npos) << copilot.out;
  // At Stop a missing agentops is reported, never a refusal to stop (that would loop).
  auto stop = sandbox.run("echo '{}' | " + no_agentops + "sh -c " +
                          quote(hook_command(".claude/settings.json", "command", "Stop")));
  EXPECT_EQ(stop.exit_code, 1);
}

TEST_F(InstallAgents, AgentCommandNamesTheExecutableTheConfigsRun) {
  ASSERT_EQ(install("--agents claude --agent-command /opt/agentops/bin/agentops").exit_code, 0);
  const std::string claude = read_file(sandbox.path(".claude/settings.json"));
  EXPECT_NE(claude.find("'/opt/agentops/bin/agentops' hook claude PreToolUse"), std::string::npos) << claude;
  ASSERT_EQ(install("--uninstall --agents claude --agent-command /opt/agentops/bin/agentops").exit_code, 0);
  EXPECT_FALSE(fs::exists(sandbox.path(".claude")));
}

// The presets list the agents' configs as protected: committing a change to
// one needs a person; an unrelated file does not.
TEST_F(InstallAgents, BaselineGatesACommitOfAnAgentsSettingsFile) {
  sandbox.install_hooks();
  sandbox.write(".claude/settings.json", "{\"hooks\": {}}\n");
  sandbox.git("add .claude/settings.json");
  const auto gated = sandbox.run("git commit -q -m 'chore: agent settings'");
  EXPECT_NE(gated.exit_code, 0);
  EXPECT_NE(gated.err.find("path.protected"), std::string::npos) << gated.err;

  sandbox.git("reset -q");
  sandbox.write("notes.txt", "hello\n");
  sandbox.git("add notes.txt");
  const auto clean = sandbox.run("git commit -q -m 'docs: notes'");
  EXPECT_EQ(clean.exit_code, 0) << clean.err;
}

TEST_F(InstallAgents, BaselineGatesCopilotAndAiderConfigsToo) {
  sandbox.install_hooks();
  sandbox.write(".github/hooks/mine.json", "{\"version\": 1}\n");
  sandbox.write(".aider.conf.yml", "model: x\n");
  sandbox.git("add .github .aider.conf.yml");
  const auto gated = sandbox.run("git commit -q -m 'chore: agent configs'");
  EXPECT_NE(gated.exit_code, 0);
  EXPECT_NE(gated.err.find(".github/hooks/mine.json"), std::string::npos) << gated.err;
  EXPECT_NE(gated.err.find(".aider.conf.yml"), std::string::npos) << gated.err;
}

}  // namespace
}  // namespace agentops
