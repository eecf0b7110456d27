// doctor's readers on their own: the small line-based YAML reader (what it
// reads, and that it says "unsure" instead of guessing), and the test for a
// shell line or a manager command that runs agentops.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "doctor/hook_follow.h"
#include "doctor/yaml_lines.h"

namespace agentops::doctor {
namespace {

TEST(DoctorYaml, ReadsLefthookCommandsByIndentation) {
  const auto document = read_yaml_lines(
      "# lefthook\n"
      "pre-commit:\n"
      "  parallel: true\n"
      "  commands:\n"
      "    lint:\n"
      "      run: eslint {staged_files}\n"
      "    agentops:   # guardrail\n"
      "      run: \"agentops-pre-commit\"\n"
      "pre-push:\n"
      "  commands:\n"
      "    agentops:\n"
      "      run: agentops-pre-push {1} {2}\n"
      "      use_stdin: true\n");
  EXPECT_FALSE(document.unsure) << document.unsure_reason;
  const YamlNode* commands = document.root.find("pre-commit")->find("commands");
  ASSERT_NE(commands, nullptr);
  ASSERT_EQ(commands->entries.size(), 2u);
  EXPECT_EQ(commands->find("agentops")->find("run")->scalar, "agentops-pre-commit");
  EXPECT_EQ(document.root.find("pre-push")->find("commands")->find("agentops")->find("use_stdin")->scalar, "true");
}

TEST(DoctorYaml, ReadsPreCommitReposWithSequencesAtTheKeysIndentation) {
  const auto document = read_yaml_lines(
      "default_stages: [commit, push]\n"
      "repos:\n"
      "- repo: https://github.com/pre-commit/pre-commit-hooks\n"
      "  rev: v4.0.0\n"
      "  hooks:\n"
      "  - id: trailing-whitespace\n"
      "- repo: local\n"
      "  hooks:\n"
      "    - id: agentops-commit-msg\n"
      "      entry: agentops-commit-msg\n"
      "      stages:\n"
      "        - commit-msg\n");
  EXPECT_FALSE(document.unsure) << document.unsure_reason;
  const YamlNode* repos = document.root.find("repos");
  ASSERT_NE(repos, nullptr);
  ASSERT_EQ(repos->items.size(), 2u);
  EXPECT_EQ(repos->items[0].find("hooks")->items[0].find("id")->scalar, "trailing-whitespace");
  const YamlNode& local_hook = repos->items[1].find("hooks")->items[0];
  EXPECT_EQ(local_hook.find("entry")->scalar, "agentops-commit-msg");
  EXPECT_EQ(local_hook.find("stages")->strings(), std::vector<std::string>{"commit-msg"});
  EXPECT_EQ(document.root.find("default_stages")->strings(), (std::vector<std::string>{"commit", "push"}));
}

TEST(DoctorYaml, ReadsABlockScalarRun) {
  const auto document = read_yaml_lines(
      "pre-commit:\n  commands:\n    agentops:\n      run: |\n        echo checking\n        agentops-pre-commit\n"
      "    other:\n      run: true\n");
  EXPECT_FALSE(document.unsure) << document.unsure_reason;
  const std::string run = document.root.find("pre-commit")->find("commands")->find("agentops")->find("run")->scalar;
  EXPECT_TRUE(command_runs_agentops(run, "pre-commit")) << run;
  EXPECT_NE(document.root.find("pre-commit")->find("commands")->find("other"), nullptr);
}

TEST(DoctorYaml, IsUnsureAboutAnchorsAliasesAndMergeKeys) {
  EXPECT_TRUE(read_yaml_lines("base: &base\n  run: agentops-pre-commit\npre-commit:\n  commands:\n    a: *base\n").unsure);
  EXPECT_TRUE(read_yaml_lines("pre-commit:\n  commands:\n    a:\n      <<: {run: x}\n").unsure);
}

TEST(DoctorYaml, IsUnsureAboutFlowMappingsAndContinuedScalars) {
  EXPECT_TRUE(read_yaml_lines("pre-commit: {commands: {a: {run: agentops-pre-commit}}}\n").unsure);
  EXPECT_TRUE(read_yaml_lines("pre-commit:\n  commands:\n    a:\n      run: echo\n        agentops-pre-commit\n").unsure);
}

TEST(DoctorYaml, IsUnsureAboutTabIndentation) {
  EXPECT_TRUE(read_yaml_lines("pre-commit:\n\tcommands:\n").unsure);
}

TEST(DoctorScripts, FindsAgentopsCalledByNameOnALineOfItsOwn) {
  EXPECT_TRUE(script_calls_agentops("#!/bin/sh\nset -e\nagentops-pre-commit\n", "pre-commit"));
  EXPECT_TRUE(script_calls_agentops("npx lint-staged && agentops-commit-msg \"$1\"\n", "commit-msg"));
  EXPECT_TRUE(script_calls_agentops("exec /usr/local/bin/agentops-pre-push \"$@\"\n", "pre-push"));
}

TEST(DoctorScripts, IgnoresCommentsAndOtherNames) {
  EXPECT_FALSE(script_calls_agentops("#!/bin/sh\n# agentops-pre-commit\n", "pre-commit"));
  EXPECT_FALSE(script_calls_agentops("  # agentops-pre-commit disabled\n", "pre-commit"));
  EXPECT_FALSE(script_calls_agentops("agentops-pre-commit-wrapper\n", "pre-commit"));
  EXPECT_FALSE(script_calls_agentops("agentops-pre-commit\n", "commit-msg"));
}

TEST(DoctorCommands, MatchesAgentopsAsAWordInAManagerCommand) {
  EXPECT_TRUE(command_runs_agentops("agentops-pre-push {1} {2}", "pre-push"));
  EXPECT_FALSE(command_runs_agentops("echo xagentops-pre-push", "pre-push"));
  EXPECT_FALSE(command_runs_agentops("agentops-pre-pushy", "pre-push"));
}

TEST(DoctorScripts, RecognisesTheManagersScripts) {
  EXPECT_TRUE(is_lefthook_script("call_lefthook()\n{\n}\ncall_lefthook run \"pre-commit\" \"$@\"\n"));
  EXPECT_TRUE(is_pre_commit_framework_script("ARGS=(hook-impl --config=.pre-commit-config.yaml --hook-type=pre-commit)\n"));
  EXPECT_FALSE(is_lefthook_script("#!/bin/sh\nagentops-pre-commit\n"));
  EXPECT_FALSE(is_pre_commit_framework_script("#!/bin/sh\npre-commit run\n"));
}

std::string read_all(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

TEST(DoctorCanaryRecord, AppendsToAnExistingRecordFileOnly) {
  namespace fs = std::filesystem;
  const fs::path directory = fs::temp_directory_path() / ("agentops-canary-" + std::to_string(::getpid()));
  fs::create_directories(directory);
  const fs::path record = directory / kCanaryRecordName;
  std::ofstream(record).flush();
  ::setenv(kCanaryVariable, record.c_str(), 1);
  record_canary("agentops-pre-commit");
  EXPECT_EQ(read_all(record), "agentops-pre-commit\n");
  // A name that does not exist yet is never created...
  const fs::path elsewhere = directory / "elsewhere" / kCanaryRecordName;
  ::setenv(kCanaryVariable, elsewhere.c_str(), 1);
  record_canary("agentops-pre-commit");
  EXPECT_FALSE(fs::exists(elsewhere));
  // ...and a symbolic link is not followed to another file.
  // ...nor a file of another name...
  const fs::path other = directory / "policy.toml";
  std::ofstream(other) << "version = 1\n";
  ::setenv(kCanaryVariable, other.c_str(), 1);
  record_canary("agentops-pre-commit");
  EXPECT_EQ(read_all(other), "version = 1\n");
  const fs::path link = directory / "link" / kCanaryRecordName;
  fs::create_directories(link.parent_path());
  fs::create_symlink(record, link);
  ::setenv(kCanaryVariable, link.c_str(), 1);
  record_canary("agentops-commit-msg");
  EXPECT_EQ(read_all(record), "agentops-pre-commit\n");
  ::unsetenv(kCanaryVariable);
  fs::remove_all(directory);
}

}  // namespace
}  // namespace agentops::doctor
