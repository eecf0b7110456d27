// `agentops hook AGENT EVENT`: stdin -> Action -> Verdict -> the agent's answer.
// Every failure on the way is a deny in the agent's own protocol.
#include <git2.h>

#include <cctype>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>

#include "agentops/agents.h"
#include "agentops/check.h"
#include "agentops/policy_sources.h"
#include "agentops/telemetry.h"
#include "agents/protocol.h"
#include "agents/shell_command.h"
#include "agents/write_judge.h"
#include "rules/branch_rules.h"

namespace agentops::agents {
namespace {

// How many findings a reason lists before it says "and N more".
constexpr size_t kListedFindings = 8;

bool refuses(const Finding& finding) {
  return finding.approved_by.empty() && (finding.severity == Severity::block || finding.severity == Severity::gate);
}

std::string where(const Finding& finding) {
  if (finding.path.empty()) return "";
  return " at " + finding.path + (finding.line > 0 ? ":" + std::to_string(finding.line) : "");
}

// One line per finding: rule, path:line, what, what to do. Excerpts are
// redacted already, and left out anyway: the agent needs the place, not the text.
std::string describe(const std::vector<Finding>& findings, const std::string& headline) {
  std::string text = headline + "\n";
  size_t listed = 0;
  for (const Finding& finding : findings) {
    if (!refuses(finding)) continue;
    if (listed++ == kListedFindings) {
      text += "- ... and more; run `agentops check --worktree` for the full list\n";
      break;
    }
    text += "- " + finding.rule + where(finding) + ": " + finding.message;
    const std::string fix = finding.severity == Severity::gate
                                ? "a person must make this change (a tool call cannot carry a person's approval)"
                                : finding.hint;
    if (!fix.empty()) text += ". Fix: " + fix;
    text += "\n";
  }
  return text;
}

std::string current_branch(const git::Repository& repo) {
  git_reference* raw = nullptr;
  if (git_reference_lookup(&raw, repo.get(), "HEAD") != 0) {
    git_error_clear();
    return "";
  }
  std::unique_ptr<git_reference, decltype(&git_reference_free)> head(raw, git_reference_free);
  if (git_reference_type(raw) != GIT_REFERENCE_SYMBOLIC) return "";
  return rules::branch_name(git_reference_symbolic_target(raw));
}

int collect_alias(const git_config_entry* entry, void* payload) {
  auto& aliases = *static_cast<std::map<std::string, std::string>*>(payload);
  std::string name = entry->name + std::string_view("alias.").size();
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  aliases[name] = entry->value ? entry->value : "";
  return 0;
}

// What the shell judge needs of the repository: protected branches, HEAD's
// branch, git aliases (`git ci -n`) and core.hooksPath (writes there are hook writes).
ShellContext shell_context_for(const Policy& policy, const git::Repository& repo, const std::string& cwd) {
  ShellContext context;
  context.protected_branches = policy.branches.protected_branches;
  context.current_branch = current_branch(repo);
  if (const char* workdir = git_repository_workdir(repo.get())) {
    std::string root = workdir;  // ends with '/'
    context.worktree_root = root.substr(0, root.size() - 1);
    std::string directory = cwd;
    while (directory.size() > 1 && directory.back() == '/') directory.pop_back();
    if ((directory + "/").starts_with(root)) context.working_directory = directory.substr(std::min(directory.size(), root.size()));
  }
  git_config* raw = nullptr;
  if (git_repository_config_snapshot(&raw, repo.get()) == 0) {
    std::unique_ptr<git_config, decltype(&git_config_free)> config(raw, git_config_free);
    git_config_foreach_match(raw, "^alias\\.", collect_alias, &context.git_aliases);
    git_buf hooks_path = GIT_BUF_INIT;
    if (git_config_get_string_buf(&hooks_path, raw, "core.hookspath") == 0) {
      context.hooks_directory = hooks_path.ptr;
      git_buf_dispose(&hooks_path);
    }
  }
  git_error_clear();
  return context;
}

// The decision, in the log like every other stage's (rule ids and paths only).
std::string record(const git::Repository& repo, bool telemetry_on, const std::string& stage,
                   std::vector<Finding> findings, double started_ms) {
  Report report;
  report.stage = stage;
  report.gate = GateState::missing;
  report.record = telemetry_on;
  if (!report.record) return "";
  report.findings = std::move(findings);
  report.decision = decide(report.findings, GateState::missing);
  report.stats.files = 1;
  report.stats.duration_ms = started_ms;
  if (auto recorded = record_decision(repo, report); !recorded)
    return "agentops hook: the decision was not logged: " + recorded.error().message + "\n";
  return "";
}

using Clock = std::chrono::steady_clock;

struct Judged {
  Verdict verdict;
  std::vector<Finding> findings;  // for the log
  bool telemetry_on = false;      // the judging policy's [telemetry] enabled
};

Result<Judged> judge_writes(const WriteContext& context, const Action& action) {
  Judged judged;
  auto findings = judge_writes(context, action.writes);
  if (!findings) return findings.error();
  judged.findings = std::move(*findings);
  const size_t refusing = static_cast<size_t>(std::count_if(judged.findings.begin(), judged.findings.end(), refuses));
  if (refusing > 0) {
    judged.verdict.refuse = true;
    judged.verdict.reason =
        describe(judged.findings, "agentops refused this " + action.tool + " (" + std::to_string(refusing) +
                                      (refusing == 1 ? " problem" : " problems") + "; the same rules run at commit):");
  }
  return judged;
}

// The shell judge's refusals, at the severities the policy gives their rules
// ([severity]): off drops one, warn only tells the person.
Judged judge_shell(const Policy& policy, const git::Repository& repo, const Action& action, const std::string& cwd) {
  Judged judged;
  const ShellContext shell_context = shell_context_for(policy, repo, cwd);
  std::string refused;
  for (const ShellRefusal& refusal : judge_shell_command(action.command, shell_context)) {
    const Severity severity = severity_of(policy, refusal.rule);
    if (severity == Severity::off) continue;
    judged.findings.push_back(Finding{refusal.rule, severity, "", 0, refusal.message, refusal.hint, "", ""});
    std::string line = "- " + refusal.rule + ": " + refusal.message;
    if (!refusal.hint.empty()) line += ". Fix: " + refusal.hint;
    line += "\n";
    if (severity == Severity::warn) judged.verdict.note += "agentops hook (warning) " + line;
    else refused += line;
  }
  if (refused.empty()) return judged;
  judged.verdict.refuse = true;
  judged.verdict.reason = "agentops refused this command: it would skip or weaken the checks git runs:\n" + refused;
  return judged;
}

Judged judge_stop(const git::Repository& repo, const Action& action) {
  Judged judged;
  auto report = check_worktree(repo);
  if (!report) {
    if (action.stop_loop_active) {
      judged.verdict.note = "agentops hook: the working tree could not be checked (" + report.error().message +
                            "); letting the agent stop, as it already continued once\n";
      return judged;
    }
    judged.verdict.refuse = true;
    judged.verdict.reason = "agentops could not check the working tree: " + report.error().message +
                            ". Fix that, or run `agentops check --worktree` before finishing.\n";
    return judged;
  }
  judged.findings = report->findings;
  judged.telemetry_on = report->record;
  if (report->decision == Decision::allow) return judged;
  if (action.stop_loop_active) {
    judged.verdict.note =
        "agentops hook: the working tree still has findings that block a commit; letting the agent stop (it already "
        "continued once from this hook). Run `agentops check --worktree` to see them.\n";
    return judged;
  }
  judged.verdict.refuse = true;
  judged.verdict.reason = describe(report->findings,
                                   "agentops: before you finish, fix these (a commit of this working tree would be "
                                   "refused):");
  return judged;
}

Result<Judged> judge_read_action(const WriteContext& context, const Action& action) {
  Judged judged;
  auto findings = judge_read(context, action.read_path, action.read_content);
  if (!findings) return findings.error();
  judged.findings = std::move(*findings);
  if (judged.findings.empty()) return judged;
  judged.verdict.refuse = true;
  const Finding& first = judged.findings.front();
  // The finding's path, not the payload's: a secret in a file name is redacted there.
  judged.verdict.reason = "agentops refused reading " + first.path + ": the file holds a secret (" + first.rule +
                          (first.line > 0 ? " at line " + std::to_string(first.line) : "") +
                          "), which must not be sent to the model. Move the secret out of the file (an environment "
                          "variable or a secret store) or ask a person to handle it.\n";
  return judged;
}

// The repository a write's target lies in, found from the nearest directory
// of its path that exists; nullopt when there is none. A write is judged by
// the repository it lands in, not the one the agent's cwd happens to be in
// (`cd ../other` and then a Write back into this repository's .agentops/).
std::optional<git::Repository> repository_of_target(const std::string& cwd, const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code error;
  fs::path directory = (path.starts_with('/') ? fs::path(path) : fs::path(cwd) / path).lexically_normal();
  directory = directory.parent_path();
  while (!directory.empty() && !fs::is_directory(directory, error)) {
    if (directory == directory.parent_path()) return std::nullopt;
    directory = directory.parent_path();
  }
  if (directory.empty()) return std::nullopt;
  auto repo = git::open_repository(git::OpenOptions{directory.string(), false});
  if (!repo) return std::nullopt;
  return std::move(*repo);
}

// The work tree root of `repo`, symbolic links resolved, for comparing.
std::string resolved_workdir(const git::Repository& repo) {
  std::error_code error;
  const std::string workdir = repo.workdir();
  if (workdir.empty()) return "";
  return std::filesystem::weakly_canonical(workdir, error).generic_string();
}

HookAnswer judge(const Protocol& protocol, const std::string& event, const Action& action,
                 const std::string& fallback_cwd) {
  const auto started = Clock::now();
  const std::string cwd = action.cwd.empty() ? fallback_cwd : action.cwd;
  auto repo = git::open_repository(git::OpenOptions{cwd, false});
  if (!action.writes.empty()) {
    // The first write's repository, when it is another one than cwd's (or cwd has none).
    if (auto target_repo = repository_of_target(cwd, action.writes.front().path);
        target_repo && (!repo || resolved_workdir(*target_repo) != resolved_workdir(*repo)))
      repo = std::move(*target_repo);
  }
  if (!repo) {
    const std::string problem = "no git repository at " + cwd + ": " + repo.error().message;
    // At the end of a turn a failure sends the agent back once, like a
    // finding; never twice, or an agent outside a repository could not stop.
    if (action.kind == ActionKind::stop) {
      if (action.stop_loop_active)
        return protocol.answer(event, Verdict{false, "", "agentops hook: " + problem + "; letting the agent stop\n"});
      return protocol.answer(event, Verdict{true, "agentops could not check the working tree: " + problem + "\n", ""});
    }
    return protocol.fail(event, problem);
  }

  Judged judged;
  const Policy* judging_policy = nullptr;
  std::optional<Policy> policy;
  if (action.kind == ActionKind::stop) {
    judged = judge_stop(*repo, action);
  } else {
    auto index = repo->index();
    if (!index) return protocol.fail(event, index.error().message);
    auto staged = staged_policy(*repo, index->get());
    if (!staged) return protocol.fail(event, "the policy does not load: " + staged.error().message);
    policy = std::move(*staged);
    judging_policy = &*policy;
    // A shell command that writes no file needs no work tree: in a bare
    // repository (a server's, a mirror) `git push --force` is still judged.
    const bool writes_files = action.kind == ActionKind::read || !action.writes.empty();
    auto context = writes_files ? write_context(*repo, *policy, cwd) : Result<WriteContext>(WriteContext{});
    if (!context) return protocol.fail(event, context.error().message);
    if (action.kind == ActionKind::read) {
      auto read = judge_read_action(*context, action);
      if (!read) return protocol.fail(event, read.error().message);
      judged = std::move(*read);
    } else {
      if (!action.writes.empty()) {
        auto written = judge_writes(*context, action);
        if (!written) return protocol.fail(event, written.error().message);
        judged = std::move(*written);
      }
      if (action.kind == ActionKind::shell && !judged.verdict.refuse) {
        Judged shell = judge_shell(*policy, *repo, action, cwd);
        shell.verdict.note = judged.verdict.note + shell.verdict.note;
        judged.verdict = std::move(shell.verdict);
        for (auto& finding : shell.findings) judged.findings.push_back(std::move(finding));
      }
    }
  }
  const double elapsed = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
  judged.verdict.note +=
      record(*repo, judged.telemetry_on || (judging_policy && judging_policy->telemetry.enabled),
             "agent:" + std::string(protocol.agent) + ":" + event, std::move(judged.findings), elapsed);
  return protocol.answer(event, judged.verdict);
}

}  // namespace

HookAnswer refuse_hook(std::string_view agent, std::string_view event, const std::string& reason) {
  const Protocol* protocol = protocol_for(agent);
  if (!protocol) return HookAnswer{2, "", "agentops hook: " + reason + "\n"};
  return protocol->fail(event, reason);
}

HookAnswer answer_hook(const HookRequest& request) {
  const Protocol* protocol = protocol_for(request.agent);
  if (!protocol)
    return HookAnswer{
        2, "",
        "agentops hook: unknown agent '" + request.agent + "' (claude, codex, gemini, cursor, copilot); denied\n"};
  if (!protocol->knows_event(request.event))
    return protocol->fail(request.event, "unknown " + request.agent + " event '" + request.event + "'; denied");
  if (request.input.size() > kMaxHookInputBytes)
    return protocol->fail(request.event,
                          "the hook input is larger than " + std::to_string(kMaxHookInputBytes) + " bytes; denied");
  auto payload = json::parse(request.input);
  if (!payload) return protocol->fail(request.event, "the hook input is not JSON (" + payload.error().message + ")");
  if (!payload->is_object()) return protocol->fail(request.event, "the hook input is not a JSON object");
  auto action = protocol->parse(request.event, *payload);
  if (!action) return protocol->fail(request.event, "the hook input cannot be read: " + action.error().message);
  // Nothing to judge (a read tool, a tool that writes nothing): no repository
  // or policy is opened, so most tool calls cost almost nothing.
  if (action->kind == ActionKind::other || (action->kind == ActionKind::write && action->writes.empty()))
    return protocol->answer(request.event, Verdict{});
  return judge(*protocol, request.event, *action, request.fallback_cwd);
}

}  // namespace agentops::agents
