// `agentops report`: with --range, every commit of a range judged and folded
// into compliance figures (range_report_command.cpp); without, the local
// decision log of this repository's hooks (log_report_command.cpp).
#pragma once

#include "command_support.h"

namespace agentops::cli {

inline constexpr const char* kReportUsage =
    "  report [--since YYYY-MM-DD|YYYY-MM-DDTHH:MM:SSZ] [--format text|json] [--repo DIR]\n"
    "                       the local decision log: commit attempts (each once over its hooks),\n"
    "                       decisions per hook, rules that fired, and the commits made past the\n"
    "                       hooks (git commit --no-verify) that post-commit found\n"
    "  report --range BASE..HEAD [--policy FILE | --preset NAME] [--format text|json|html]\n"
    "          [--output FILE] [--repo DIR]\n"
    "                       judge every commit of the range as check --range does and report\n"
    "                       compliance per week and rule, agent share, protected-path approvals\n"
    "                       and the commits that broke the policy; --policy/--preset: a dry run\n"
    "                       (under the organisation floor); --output FILE: written atomically;\n"
    "                       exit 0 when the report was made (a measurement, not a gate), 2 on errors\n";

int run_report(const Args& args);

// The two halves run_report dispatches to.
int run_range_report(const Args& args);
int run_log_report(const Args& args);

}  // namespace agentops::cli
