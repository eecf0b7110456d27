// Text output for people and agents: one block per finding with the rule id,
// path:line, what is wrong and how to fix it; a last line with the verdict.
#include <fmt/format.h>

#include <algorithm>

#include "agentops/report.h"
#include "format/text_escape.h"

namespace agentops {
namespace {

using detail::display_path;
using detail::printable;

const char* plural(size_t n) { return n == 1 ? "" : "s"; }

// Findings of commits already made (range, pre-push, pre-receive).
bool about_commits(const Report& report) {
  return std::any_of(report.findings.begin(), report.findings.end(), [](const Finding& f) { return !f.commit.empty(); });
}

std::string approvers_of(const Report& report) {
  std::string names;
  for (const auto& approver : report.approvers) names += (names.empty() ? "" : ", ") + printable(approver);
  return names;
}

// How a person approves, said once, and only when approval is the next step:
// never under a block, which approval does not lift.
// Under approval = "signed": a person listed in the allowed signers signs
// the staged change, and the commit is made again with the trailer.
std::string signed_approval_lines(const Report& report, size_t gated) {
  const std::string who = report.approvers.empty() ? "" : " (principals: " + approvers_of(report) + ")";
  const std::string command = "git commit --trailer \"$(agentops approve --staged)\"";
  if (report.gates_for_commit_msg > 0 && report.decision != Decision::block) {
    const auto n = report.gates_for_commit_msg;
    return fmt::format("agentops: {} gated finding{} need{} a person's signed approval: a person in the allowed "
                       "signers{} commits with: {} (the commit-msg hook verifies it)\n",
                       n, plural(n), n == 1 ? "s" : "", who, command);
  }
  if (report.decision != Decision::gate || gated == 0 || about_commits(report)) return "";
  return fmt::format("agentops: a person in the allowed signers{}, not the change's author or committer, approves "
                     "by making the commit with: {}\n",
                     who, command);
}

std::string approval_lines(const Report& report, size_t gated) {
  if (report.signed_approval) return signed_approval_lines(report, gated);
  std::string out;
  const std::string trailer = report.approval_trailer + ": Name <email>";
  const std::string who = report.approvers.empty() ? "" : " (approvers: " + approvers_of(report) + ")";
  if (report.gates_for_commit_msg > 0 && report.decision != Decision::block) {
    const auto n = report.gates_for_commit_msg;
    fmt::format_to(std::back_inserter(out),
                   "agentops: {} gated finding{} need{} a person's approval: end the commit message with the "
                   "trailer '{}'{} (the commit-msg hook judges {})\n",
                   n, plural(n), n == 1 ? "s" : "", trailer, who, n == 1 ? "it" : "them");
  }
  if (report.decision != Decision::gate || gated == 0) return out;
  if (!report.unlisted_approver.empty())
    fmt::format_to(std::back_inserter(out), "agentops: {} may not approve here; [gates] approvers: {}\n",
                   printable(report.unlisted_approver), approvers_of(report));
  // The hook asks the person at the terminal; a commit already made names,
  // in its findings' hints, how to reword it.
  if (report.gate_on_terminal || about_commits(report)) return out;
  if (report.stage == "pre-commit")  // a gate only pre-commit judges (a validator's): no editor comes after it
    fmt::format_to(std::back_inserter(out),
                   "agentops: a person approves by giving git the message with the trailer: git commit -m <subject> "
                   "-m '{}'{}\n",
                   trailer, who);
  else
    fmt::format_to(std::back_inserter(out),
                   "agentops: a person approves by ending the commit message with the trailer '{}'{}\n", trailer, who);
  return out;
}

}  // namespace

std::string format_text(const Report& report) {
  if (report.findings.empty() && report.gates_for_commit_msg == 0) return "";
  std::string out;
  size_t blocking = 0, gated = 0, approved = 0, warnings = 0, baselined = 0;
  for (const auto& finding : report.findings) {
    // Known findings the baseline accepts: counted in one note, not listed.
    if (finding.baselined) {
      ++baselined;
      continue;
    }
    if (finding.severity == Severity::block) ++blocking;
    else if (!finding.approved_by.empty()) ++approved;
    else if (finding.severity == Severity::gate) ++gated;
    else ++warnings;
    std::string where = !finding.path.empty()                ? display_path(finding.path)
                        : finding.rule.starts_with("message.") ? "(message)"
                        : finding.rule.starts_with("branch.")  ? "(branch)"
                                                               : "(change)";
    if (finding.line > 0) where += fmt::format(":{}", finding.line);
    if (!finding.commit.empty()) where = finding.commit.substr(0, 12) + " " + where;
    // An approved finding is reported as approved, with nothing left to fix.
    const std::string verdict =
        finding.approved_by.empty() ? to_string(finding.severity)
        : finding.approval          ? fmt::format("approved by {} (signed approval, key {})",
                                                  printable(finding.approved_by), printable(finding.approval->key))
                                    : fmt::format("approved by {} ({} trailer)", printable(finding.approved_by),
                                                  report.approval_trailer);
    fmt::format_to(std::back_inserter(out), "{} [{}] {}: {}", where, finding.rule, verdict, printable(finding.message));
    if (!finding.excerpt.empty()) fmt::format_to(std::back_inserter(out), " ({})", printable(finding.excerpt));
    out += '\n';
    if (!finding.hint.empty() && finding.approved_by.empty())
      fmt::format_to(std::back_inserter(out), "  fix: {}\n", printable(finding.hint));
  }
  out += approval_lines(report, gated);
  if (report.findings.empty()) return out;  // a note for commit-msg, no decision here
  if (baselined > 0)
    fmt::format_to(std::back_inserter(out),
                   "agentops: {} known finding{} baselined by .agentops/baseline (not counted; --format json lists them)\n",
                   baselined, plural(baselined));
  std::string counts = fmt::format("{} blocking, {} gated, ", blocking, gated);
  if (approved > 0) counts += fmt::format("{} approved, ", approved);
  counts += fmt::format("{} warning{}", warnings, plural(warnings));
  switch (report.decision) {
    case Decision::block:
      // Gated findings' hints already say that approval does not lift a block.
      fmt::format_to(std::back_inserter(out), "agentops: {} blocked ({})\n", report.stage, counts);
      break;
    case Decision::gate:
      // [gates] mode = "tty": the hook asks now, and says blocked only when the person declines.
      if (report.gate_on_terminal)
        fmt::format_to(std::back_inserter(out), "agentops: {} waits for a person's approval ({})\n", report.stage,
                       counts);
      else
        fmt::format_to(std::back_inserter(out), "agentops: {} needs a person's approval: blocked until approved ({})\n",
                       report.stage, counts);
      break;
    case Decision::allow:
      fmt::format_to(std::back_inserter(out), "agentops: {} allowed ({}{} warning{})\n", report.stage,
                     approved > 0 ? fmt::format("{} approved, ", approved) : "", warnings, plural(warnings));
      break;
  }
  return out;
}

std::string format_report(const Report& report, Format format) {
  switch (format) {
    case Format::json: return format_json(report);
    case Format::sarif: return format_sarif(report);
    case Format::text: break;
  }
  return format_text(report);
}

}  // namespace agentops
