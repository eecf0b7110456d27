// husky 9: `husky` sets core.hooksPath to .husky/_, whose scripts source
// .husky/_/h, which runs the user's .husky/<hook> (and exits 0 when it is
// missing). agentops is reached when that file calls agentops-<hook>.
#include <cstdlib>
#include <filesystem>

#include "doctor/hook_follow.h"

namespace agentops::doctor {
namespace fs = std::filesystem;

bool is_husky_script(const HookContext& context, const std::string& script) {
  const bool in_husky_directory = fs::path(context.hooks_directory).filename() == "_" &&
                                  fs::path(context.hooks_directory).parent_path().filename() == ".husky";
  return script.find("husky") != std::string::npos ||
         (in_husky_directory && script.find("dirname \"$0\")/h\"") != std::string::npos);
}

void follow_husky(const HookContext& context, const std::string& file, HookCheck& check) {
  const std::string hook = context.hook;
  const fs::path user_script = fs::path(file).parent_path().parent_path() / hook;
  const std::string line = agentops_executable(hook) + (hook == "commit-msg" ? " \"$1\"" : hook == "pre-push" ? " \"$@\"" : "");
  const std::string fix = "echo '" + line + "' >> " + user_script.string();
  std::error_code ec;
  if (!fs::is_regular_file(user_script, ec)) {
    check.reach = HookReach::not_reached;
    check.via.push_back("which runs " + user_script.string() + ", but it does not exist (husky then exits 0)");
    check.fix = fix;
    return;
  }
  if (!script_calls_agentops(read_text(user_script), hook)) {
    check.reach = HookReach::not_reached;
    check.via.push_back("which runs " + user_script.string() + ", but it does not call " + agentops_executable(hook));
    check.fix = fix;
    return;
  }
  check.via.push_back("which runs " + user_script.string() + ", which calls " + agentops_executable(hook));
  if (const char* husky = std::getenv("HUSKY"); husky && std::string(husky) == "0")
    check.warnings.push_back("HUSKY=0 is set in this environment: husky skips every hook");
  if (!agentops_on_path(context, check, (fs::path(context.worktree) / "node_modules" / ".bin").string())) return;
  check.reach = HookReach::reached;
}

}  // namespace agentops::doctor
