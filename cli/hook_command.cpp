// `agentops hook AGENT EVENT`: read stdin (bounded), answer, exit as the agent
// expects. libcore decides; this file only moves bytes.
#include "hook_command.h"

#include <cstdio>
#include <exception>
#include <string>

#include "agentops/agents.h"

namespace agentops::cli {
namespace {

// Reads at most `limit` + 1 bytes: one more than allowed tells "too large".
bool read_stdin(std::string& text, size_t limit) {
  char buffer[65536];
  while (text.size() <= limit) {
    const size_t got = std::fread(buffer, 1, sizeof buffer, stdin);
    if (got == 0) return !std::ferror(stdin);
    text.append(buffer, got);
  }
  return true;
}

int emit(const agents::HookAnswer& answer) {
  std::fwrite(answer.stdout_text.data(), 1, answer.stdout_text.size(), stdout);
  std::fwrite(answer.stderr_text.data(), 1, answer.stderr_text.size(), stderr);
  std::fflush(stdout);
  return answer.exit_code;
}

}  // namespace

int run_hook(const std::vector<std::string>& args) {
  const std::string agent = args.size() > 0 ? args[0] : "";
  const std::string event = args.size() > 1 ? args[1] : "";
  // A misconfigured hook must still deny: exit 2 (never 1, which agents read as "go ahead").
  if (args.size() != 2)
    return emit(agents::refuse_hook(agent, event, "usage: agentops hook AGENT EVENT (stdin: the agent's JSON)"));
  agents::HookRequest request{agent, event, {}, "."};
  if (!read_stdin(request.input, agents::kMaxHookInputBytes))
    return emit(agents::refuse_hook(agent, event, "stdin could not be read"));
  if (request.input.size() > agents::kMaxHookInputBytes)
    return emit(agents::refuse_hook(
        agent, event, "the hook input is larger than " + std::to_string(agents::kMaxHookInputBytes) + " bytes"));
  // An exception (out of memory on a hostile payload, say) must not end the
  // process by abort: most agents read a signal's exit status as "go ahead".
  try {
    return emit(agents::answer_hook(request));
  } catch (const std::exception& error) {
    return emit(agents::refuse_hook(agent, event, std::string("internal error: ") + error.what()));
  } catch (...) {
    return emit(agents::refuse_hook(agent, event, "internal error"));
  }
}

}  // namespace agentops::cli
