// What the end-to-end tests of `agentops hook AGENT EVENT` share: the JSON an
// agent writes on the hook's stdin, running the built binary on it, and the
// two answers every agent's hook can give (allowed, or denied naming a rule).
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "git_sandbox.h"

namespace agentops::testing {

// `text` as a JSON string literal (quotes, backslashes, newlines and tabs escaped).
inline std::string json_string(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\')
      out += '\\', out += c;
    else if (c == '\n')
      out += "\\n";
    else if (c == '\t')
      out += "\\t";
    else
      out += c;
  }
  return out + "\"";
}

// Runs `agentops hook AGENT EVENT` in the sandbox with `payload` on its stdin and
// `environment` ("NAME=value ..." or "") set for it.
inline CommandResult run_hook(const GitSandbox& sandbox, const std::string& agent, const std::string& event,
                              const std::string& payload, const std::string& environment = "") {
  return sandbox.run("printf '%s' " + quote(payload) + " | " + environment + " " + quote(bin("agentops")) + " hook " +
                     agent + " " + event);
}

// The least PreToolUse payload a tool call needs: the event, the directory the
// agent works in, the tool and its input (`input` is a JSON object).
inline std::string tool_call(const std::string& cwd, const std::string& tool, const std::string& input) {
  return R"({"hook_event_name":"PreToolUse","cwd":)" + json_string(cwd) + R"(,"tool_name":")" + tool +
         R"(","tool_input":)" + input + "}";
}

// The same for a tool call made in the sandbox's top directory.
inline std::string tool_call(const GitSandbox& sandbox, const std::string& tool, const std::string& input) {
  return tool_call(sandbox.root(), tool, input);
}

// A Write tool's input: the file and its whole new content.
inline std::string write_input(const std::string& path, const std::string& content) {
  return R"({"file_path":)" + json_string(path) + R"(,"content":)" + json_string(content) + "}";
}

// The hook denied (exit 2) naming `rule` on stderr.
inline void expect_denied(const CommandResult& result, const std::string& rule) {
  EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
  EXPECT_NE(result.err.find(rule), std::string::npos) << result.err;
}

// The hook allowed (exit 0) without a word on stdout.
inline void expect_allowed(const CommandResult& result) {
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(result.out, "") << result.err;
}

}  // namespace agentops::testing
