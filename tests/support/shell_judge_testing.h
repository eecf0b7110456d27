// What the shell command judge's unit tests ask of it: that a command is
// refused naming a rule, or passes, in a repository whose main and release/*
// are protected and whose current branch is feature/x.
//
// Header only: the judge is libcore's internal agents/shell_command.h, which
// the unit tests reach and the shared test support library does not.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "agents/shell_command.h"

namespace agentops::testing {

// The repository the commands run in: main and release/* protected, on feature/x.
inline agents::ShellContext repository() {
  agents::ShellContext context;
  context.protected_branches = {"main", "release/*"};
  context.current_branch = "feature/x";
  return context;
}

// The rules `command` is refused by, in the order the judge gives them.
inline std::vector<std::string> rules_for(std::string_view command,
                                          const agents::ShellContext& context = repository()) {
  std::vector<std::string> rules;
  for (const auto& refusal : agents::judge_shell_command(command, context)) rules.push_back(refusal.rule);
  return rules;
}

// Success when `command` is refused by `rule` (among any others); the failure lists the rules it got.
inline ::testing::AssertionResult refuses(std::string_view command, std::string_view rule,
                                          const agents::ShellContext& context = repository()) {
  const auto rules = rules_for(command, context);
  for (const auto& found : rules)
    if (found == rule) return ::testing::AssertionSuccess();
  std::string got;
  for (const auto& found : rules) got += found + " ";
  return ::testing::AssertionFailure() << "`" << command << "` not refused as " << rule << " (got: " << got << ")";
}

// Success when nothing refuses `command`; the failure names the first refusal.
inline ::testing::AssertionResult passes(std::string_view command,
                                         const agents::ShellContext& context = repository()) {
  const auto refusals = agents::judge_shell_command(command, context);
  if (refusals.empty()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "`" << command << "` refused as " << refusals[0].rule << ": "
                                       << refusals[0].message;
}

}  // namespace agentops::testing
