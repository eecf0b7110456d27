// The canary: the only proof for a hook script no reader understands. A
// throwaway repository gets a copy of the hooks directory (at the same place
// relative to its work tree, so "$0"-relative paths resolve inside the copy),
// and the copied hook runs there with GIT_DIR/GIT_WORK_TREE/GIT_INDEX_FILE
// pointing at the throwaway repository and AGENTOPS_DOCTOR_CANARY naming a
// record file. agentops' executables append their name to that file and then
// do their normal work. The user's work tree, index, stash, refs and config
// are never the target of anything run here; a script that hard-codes the
// user's repository path is outside what any canary can contain.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "process/child_process.h"
#include "doctor/hook_follow.h"

namespace agentops::doctor {
using process::ChildRun;
using process::run_child;
namespace fs = std::filesystem;
namespace {

constexpr size_t kMaxCopiedFiles = 256;
constexpr uintmax_t kMaxCopiedBytes = 4 * 1024 * 1024;

// A temporary directory removed on every path out.
class ScratchDirectory {
 public:
  ScratchDirectory() {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = std::string(base && *base ? base : "/tmp") + "/agentops-doctor-XXXXXX";
    if (::mkdtemp(pattern.data())) path_ = pattern;
  }
  ~ScratchDirectory() {
    std::error_code ignored;
    if (!path_.empty()) fs::remove_all(path_, ignored);
  }
  ScratchDirectory(const ScratchDirectory&) = delete;
  ScratchDirectory& operator=(const ScratchDirectory&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

bool copy_hooks_directory(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  fs::create_directories(to, ec);
  if (ec) return false;
  size_t files = 0;
  uintmax_t bytes = 0;
  for (const auto& entry : fs::directory_iterator(from, ec)) {
    if (!entry.is_regular_file(ec)) continue;
    if (++files > kMaxCopiedFiles) return false;
    bytes += entry.file_size(ec);
    if (bytes > kMaxCopiedBytes) return false;
    fs::copy_file(entry.path(), to / entry.path().filename(), fs::copy_options::overwrite_existing, ec);
    if (ec) return false;
  }
  return true;
}

}  // namespace

void run_canary(const HookContext& context, const std::string& file, HookCheck& check,
                const std::vector<std::string>& also_copy) {
  const std::string hook = context.hook;
  ScratchDirectory scratch;
  auto unproven = [&](const std::string& why) {
    check.reach = HookReach::unproven;
    check.via.push_back("canary: " + why);
    check.fix = "make sure " + file + " calls " + agentops_executable(hook) + ", then run agentops doctor again";
  };
  if (scratch.path().empty()) return unproven("cannot create a temporary directory");
  const fs::path repository = fs::path(scratch.path()) / "repository";
  ChildRun init;
  init.argv = {"git", "init", "-q", repository.string()};
  init.environment = {{"GIT_TEMPLATE_DIR", ""}};
  if (auto created = run_child(init); !created || created->exit_code != 0)
    return unproven("cannot create a throwaway repository");

  // The copy sits where the original sits relative to its work tree.
  std::error_code ec;
  const fs::path hooks = fs::weakly_canonical(context.hooks_directory, ec);
  const fs::path worktree = fs::weakly_canonical(context.worktree, ec);
  const fs::path relative = hooks.lexically_relative(worktree);
  const bool inside_worktree = !relative.empty() && *relative.begin() != ".." &&
                               *relative.begin() != ".git";
  const fs::path copied_hooks = inside_worktree ? repository / relative : repository / ".git" / "hooks";
  const fs::path original_directory = fs::path(file).parent_path();
  if (!copy_hooks_directory(original_directory, copied_hooks))
    return unproven("cannot copy " + original_directory.string() + " (more than 256 files or 4 MiB?)");
  const fs::path copied_hook = copied_hooks / fs::path(file).filename();
  for (const auto& path : also_copy) {
    const fs::path other = fs::weakly_canonical(path, ec).lexically_relative(worktree);
    if (other.empty() || *other.begin() == "..") continue;
    fs::create_directories((repository / other).parent_path(), ec);
    const bool copied = fs::is_directory(path, ec)
                            ? copy_hooks_directory(path, repository / other)
                            : fs::copy_file(path, repository / other, fs::copy_options::overwrite_existing, ec);
    if (!copied) return unproven("cannot copy " + path + " (more than 256 files or 4 MiB?)");
    // Staged, as a manager's config is in a real commit (the pre-commit
    // framework refuses to run from an unstaged config).
    ChildRun add;
    add.argv = {"git", "-C", repository.string(), "add", "-f", "--", other.string()};
    (void)run_child(add);
  }

  // A change agentops refuses (a forbidden .env for pre-commit, an unapproved
  // protected path for commit-msg), so the hook's exit status shows whether
  // agentops' refusal stops the commit or is swallowed (`|| true`, `&`, ...).
  std::ofstream(repository / ".env") << "AGENTOPS_DOCTOR_CANARY=1\n";
  fs::create_directories(repository / ".agentops", ec);
  std::ofstream(repository / ".agentops" / "agentops-doctor-canary") << "canary\n";
  ChildRun stage;
  stage.argv = {"git", "-C", repository.string(), "add", "-f", "--", ".env", ".agentops/agentops-doctor-canary"};
  if (auto staged = run_child(stage); !staged || staged->exit_code != 0)
    return unproven("cannot stage a change in the throwaway repository");

  const fs::path record = fs::path(scratch.path()) / kCanaryRecordName;
  std::ofstream(record).flush();
  ChildRun run;
  run.argv = {copied_hook.string()};
  run.directory = repository.string();
  run.timeout_ms = context.canary_timeout_ms;
  run.environment = {{kCanaryVariable, record.string()},
                     {"GIT_DIR", (repository / ".git").string()},
                     {"GIT_WORK_TREE", repository.string()}};
  // Managers find tools in the work tree's node_modules/.bin (husky puts it on
  // PATH); the throwaway repository has none, so it is named from the original.
  const char* path = std::getenv("PATH");
  run.environment.emplace_back("PATH", std::string(path ? path : "/usr/local/bin:/usr/bin:/bin") + ":" +
                                           (worktree / "node_modules" / ".bin").string());
  if (hook == "pre-commit") run.environment.emplace_back("GIT_INDEX_FILE", (repository / ".git" / "index").string());
  if (hook == "commit-msg") {
    const fs::path message = repository / ".git" / "COMMIT_EDITMSG";
    std::ofstream(message) << "chore: agentops doctor canary\n";
    run.argv.push_back(message.string());
  }
  if (hook == "pre-push") {
    // An empty remote of its own, so every commit pushed is new to it.
    const fs::path remote = fs::path(scratch.path()) / "remote.git";
    ChildRun bare;
    bare.argv = {"git", "init", "-q", "--bare", remote.string()};
    bare.environment = {{"GIT_TEMPLATE_DIR", ""}};
    if (auto created = run_child(bare); !created || created->exit_code != 0)
      return unproven("cannot create a throwaway remote");
    ChildRun add_remote;
    add_remote.argv = {"git", "-C", repository.string(), "remote", "add", "origin", remote.string()};
    (void)run_child(add_remote);
    run.argv.push_back("origin");
    run.argv.push_back(remote.string());
    // One ref update, as git writes it, to learn whether the wrapper passes
    // stdin on: a new main whose commit holds the staged change agentops refuses.
    ChildRun commit;
    commit.argv = {"git", "-C", repository.string(), "-c", "commit.gpgsign=false", "commit", "-q", "--no-verify",
                   "--allow-empty", "-m", "chore: agentops doctor canary"};
    commit.environment = {{"GIT_AUTHOR_NAME", "agentops doctor"}, {"GIT_AUTHOR_EMAIL", "doctor@agentops.invalid"},
                          {"GIT_COMMITTER_NAME", "agentops doctor"}, {"GIT_COMMITTER_EMAIL", "doctor@agentops.invalid"}};
    ChildRun head;
    head.argv = {"git", "-C", repository.string(), "rev-parse", "HEAD"};
    if (auto made = run_child(commit); made && made->exit_code == 0)
      if (auto id = run_child(head); id && id->exit_code == 0 && id->out.size() > 1)
        run.input = "refs/heads/main " + id->out.substr(0, id->out.size() - 1) + " refs/heads/main " +
                    std::string(id->out.size() - 1, '0') + "\n";
  }
  auto result = run_child(run);
  if (!result) return unproven(result.error().message);
  const std::string recorded = read_text(record.string());
  bool started = false;
  for (size_t at = recorded.find(agentops_executable(hook)); at != std::string::npos;
       at = recorded.find(agentops_executable(hook), at + 1))
    started = started || (at == 0 || recorded[at - 1] == '\n');
  const bool got_refusal = hook != "pre-push" || recorded.find("agentops-pre-push stdin") != std::string::npos;
  if (started && result->timed_out)
    return unproven("the hook started " + agentops_executable(hook) + " but did not finish within " +
                    std::to_string(context.canary_timeout_ms / 1000) + " s, so whether its refusal stops git is not proven");
  if (started && got_refusal && result->exit_code == 0) {
    check.reach = HookReach::not_reached;
    check.via.push_back("canary: run in a throwaway repository, it started " + agentops_executable(hook) +
                        ", which refused the canary's change, but the hook exited 0: agentops' verdict is ignored "
                        "(`|| true`, `&`, or a later command decides the exit status)");
    check.fix = "make " + file + " fail when " + agentops_executable(hook) + " fails: `" + agentops_executable(hook) +
                (hook == "commit-msg" ? " \"$1\"" : hook == "pre-push" ? " \"$@\"" : "") +
                " || exit $?` (not in the background, not followed by `|| true`)";
    return;
  }
  if (started) {
    check.via.push_back("canary: run in a throwaway repository, it started " + agentops_executable(hook) +
                        (got_refusal ? ", and its refusal failed the hook" : ""));
    if (hook == "pre-push" && !run.input.empty() && !got_refusal)
      check.warnings.push_back(file + " does not pass git's ref updates (stdin) on to agentops-pre-push, so the "
                               "pushed commits are not re-checked; call it as the last command, or with "
                               "`input=$(cat); printf '%s' \"$input\" | agentops-pre-push \"$@\"`");
    check.reach = HookReach::reached;
    return;
  }
  if (result->timed_out)
    return unproven("the hook did not finish within " + std::to_string(context.canary_timeout_ms / 1000) +
                    " s in a throwaway repository, and had not started " + agentops_executable(hook));
  if (result->exit_code != 0) {
    std::string said = result->err.substr(0, 200);
    while (!said.empty() && said.back() == '\n') said.pop_back();
    return unproven("the hook failed (exit " + std::to_string(result->exit_code) +
                    ") in a throwaway repository before starting " + agentops_executable(hook) +
                    (said.empty() ? "" : ": " + said));
  }
  check.reach = HookReach::not_reached;
  check.via.push_back("canary: run in a throwaway repository, it exited 0 without starting " + agentops_executable(hook));
  check.fix = "add a line `" + agentops_executable(hook) +
              (hook == "commit-msg" ? " \"$1\"" : hook == "pre-push" ? " \"$@\"" : "") + "` to " + file +
              (hook == "pre-push" ? " (passing its stdin through)" : "");
}

void confirm_with_canary(const HookContext& context, const std::string& file, HookCheck& check,
                         const std::vector<std::string>& also_copy, const std::string& fix) {
  if (!context.canary || check.reach != HookReach::reached) return;
  HookCheck canary;
  canary.hook = context.hook;
  run_canary(context, file, canary, also_copy);
  if (canary.reach == HookReach::unproven) {
    check.warnings.push_back((canary.via.empty() ? std::string("canary: not run") : canary.via.back()) +
                             "; reached is read from the configuration only");
    return;
  }
  check.via.insert(check.via.end(), canary.via.begin(), canary.via.end());
  if (canary.reach == HookReach::not_reached) {
    check.reach = HookReach::not_reached;
    check.fix = fix;
  }
}

}  // namespace agentops::doctor
