// A command that asks agentops-<hook> for its usage does not run the hook.
#include <gtest/gtest.h>

#include "doctor/hook_follow.h"

namespace agentops::doctor {
namespace {

TEST(DoctorHelpCommands, AHookAskedForItsUsageDoesNotRunAgentops) {
  EXPECT_FALSE(command_runs_agentops("agentops-pre-commit --help", "pre-commit"));
  EXPECT_FALSE(command_runs_agentops("agentops-pre-commit -h", "pre-commit"));
  EXPECT_FALSE(command_runs_agentops("agentops-pre-commit '--help'", "pre-commit"));
  EXPECT_FALSE(command_runs_agentops("/usr/bin/agentops-pre-push \"-h\" && true", "pre-push"));
  EXPECT_FALSE(script_calls_agentops("#!/bin/sh\nagentops-pre-commit --help\n", "pre-commit"));
}

TEST(DoctorHelpCommands, HelpElsewhereOnTheLineStillRunsAgentops) {
  EXPECT_TRUE(command_runs_agentops("agentops-commit-msg {1} --help", "commit-msg"));
  EXPECT_TRUE(command_runs_agentops("lint --help && agentops-pre-commit", "pre-commit"));
  EXPECT_TRUE(command_runs_agentops("agentops-pre-commit && lint -h", "pre-commit"));
  EXPECT_TRUE(command_runs_agentops("agentops-pre-commit --helpful", "pre-commit"));
  EXPECT_TRUE(command_runs_agentops("agentops-pre-commit", "pre-commit"));
}

}  // namespace
}  // namespace agentops::doctor
