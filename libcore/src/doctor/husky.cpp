// husky 9: `husky` sets core.hooksPath to .husky/_, whose scripts source
// .husky/_/h, which runs the user's .husky/<hook> (and exits 0 when it is
// missing). agentops is reached when that file calls agentops-<hook>.
#include <cstdlib>
#include <filesystem>

#include "doctor/hook_follow.h"

namespace agentops::doctor {
namespace fs = std::filesystem;

namespace {

// husky 9's generated hook: `. "$(dirname "$0")/h"`, which runs ../<hook>.
bool is_husky9_wrapper(const std::string& script) {
  return script.find("dirname \"$0\")/h\"") != std::string::npos;
}

}  // namespace

bool is_husky_script(const std::string& script) {
  // husky 9's wrapper, or husky 4-8's user script sourcing _/husky.sh (then
  // core.hooksPath is .husky and git runs the user's script itself).
  return is_husky9_wrapper(script) || script.find("/_/husky.sh\"") != std::string::npos;
}

void follow_husky(const HookContext& context, const std::string& file, HookCheck& check) {
  const std::string hook = context.hook;
  const fs::path user_script = is_husky9_wrapper(read_text(file)) ? fs::path(file).parent_path().parent_path() / hook
                                                                  : fs::path(file);
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
  // husky runs the script with sh -e; the canary proves the line runs and counts.
  confirm_with_canary(context, file, check,
                      {(user_script == fs::path(file) ? fs::path(file).parent_path() / "_" : user_script.parent_path()).string()},
                      "make " + user_script.string() + " run `" + line + "` so that its failure fails the script (husky "
                      "runs it with sh -e): not after an `exit`, not inside a branch or function that does not run, not "
                      "with `|| true` or `&`");
}

}  // namespace agentops::doctor
