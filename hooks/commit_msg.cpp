// agentops-commit-msg: git's commit-msg hook (argument: the message file).
// Checks the message and decides the human gate for the staged change from the
// message's approval trailer, or, with [gates] mode = "tty", by asking the
// person at the terminal (no terminal, as in an agent's session: refused).
// Fails closed.
#include <cstdio>
#include <cstring>
#include <string>

#include "agentops/bypass.h"
#include "agentops/check.h"
#include "agentops/decision_log.h"
#include "agentops/doctor.h"
#include "agentops/report.h"
#include "agentops/telemetry.h"
#include "hook_help.h"
#include "hook_result.h"

namespace {

// Asks on /dev/tty; false when there is no terminal or the answer is not yes.
bool person_approves(const char* approval_trailer) {
  std::FILE* tty = std::fopen("/dev/tty", "r+");
  if (!tty) {
    std::fputs("agentops: [gates] mode = \"tty\" but there is no terminal to ask\n", stderr);
    return false;
  }
  std::fprintf(tty, "agentops: approve this change as a person? It will carry '%s'. [y/N] ", approval_trailer);
  std::fflush(tty);
  char answer[16] = {0};
  const bool yes = std::fgets(answer, sizeof answer, tty) && (answer[0] == 'y' || answer[0] == 'Y');
  std::fclose(tty);
  return yes;
}

int judge_message(const agentops::git::Repository& repo, const char* message_file) {
  const std::string attempt = agentops::commit_attempt(repo);
  auto report = agentops::check_commit_message(repo, message_file);
  if (!report) {
    std::fprintf(stderr, "agentops commit-msg: error: %s\nagentops: commit blocked (fail closed)\n",
                 report.error().message.c_str());
    return 2;
  }
  if (report->gate_on_terminal && agentops::blocked_only_by_gate(*report)) {
    // Show what needs approval and ask first: blocked only when the person declines.
    std::fputs(agentops::format_text(*report).c_str(), stderr);
    if (!person_approves(report->approval_trailer.c_str())) {
      std::fputs("agentops: not approved: commit-msg blocked\n", stderr);
      (void)agentops::record_decision(repo, *report, attempt);
      return agentops::exit_code(*report);
    }
    auto recorded = agentops::record_terminal_approval(repo, message_file);
    if (!recorded) {
      std::fprintf(stderr, "agentops commit-msg: error: %s\n", recorded.error().message.c_str());
      return 2;
    }
    if (!*recorded) {
      std::string approvers;
      for (const auto& approver : report->approvers) approvers += (approvers.empty() ? "" : ", ") + approver;
      std::fprintf(stderr, "agentops: the committer is not one of [gates] approvers (%s): commit-msg blocked\n",
                   approvers.c_str());
      (void)agentops::record_decision(repo, *report, attempt);
      return agentops::exit_code(*report);
    }
    report->gate = agentops::GateState::approved;
    report->decision = agentops::decide(report->findings, report->gate);
    std::fputs("agentops: approved on the terminal; the trailer is in the message\n", stderr);
    (void)agentops::record_decision(repo, *report, attempt);
    return agentops::exit_code(*report);
  }
  return finish_hook(repo, *report, attempt);
}

}  // namespace

constexpr const char* kUsage =
    "usage: agentops-commit-msg MESSAGE_FILE\n"
    "  git's commit-msg hook: checks the commit message in MESSAGE_FILE (format, trailers)\n"
    "  and the human gate of the staged change.\n"
    "  Normally run by git (agentops-install puts it in the repository's hooks) or by a hook\n"
    "  manager (pre-commit, lefthook, husky), not by hand.\n"
    "  The same check by hand: agentops check --message FILE\n"
    "  exit codes: 0 allowed, 1 blocked by policy, 2 usage, configuration or internal error\n"
    "  (blocks the commit: fail closed)\n";

int main(int argc, char** argv) {
  if (is_help_request(argc, argv)) return print_help(kUsage);
  agentops::record_canary("agentops-commit-msg");
  if (argc < 2) {
    std::fputs("agentops commit-msg: error: git passes the message file as the first argument\n", stderr);
    return 2;
  }
  auto repo = agentops::git::open_repository({});
  if (!repo) {
    std::fprintf(stderr, "agentops commit-msg: error: %s\nagentops: commit blocked (fail closed)\n",
                 repo.error().message.c_str());
    return 2;
  }
  const int exit_code = judge_message(*repo, argv[1]);
  // A refused message ends this attempt: the tree pre-commit allowed must not
  // vouch for a `git commit --no-verify` of it that follows.
  if (exit_code != 0) {
    agentops::forget_allowed_tree(*repo);
    agentops::forget_allowed_message(*repo);
  } else {
    // For post-commit: this attempt and this message (in each form git may
    // record it) were judged; a commit with another message was not.
    agentops::record_allowed_message(*repo, argv[1]);
  }
  return exit_code;
}
