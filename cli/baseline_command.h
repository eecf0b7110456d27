// `agentops baseline write`: record today's history findings as known, so that
// only new findings block (libcore: agentops/baseline.h).
#pragma once

#include "command_support.h"

namespace agentops::cli {

inline constexpr const char* kBaselineUsage =
    "  baseline write [REV] [--reason TEXT] [--repo DIR]\n"
    "                       record the findings of scan --history REV (HEAD) in .agentops/baseline\n"
    "                       (rule, path, keyed fingerprint of the match: no secret, no line); commit it\n"
    "                       (a protected path: a person approves). Baselined findings no longer block\n"
    "                       scan --history, check, pre-commit, pre-push or pre-receive; new ones still do\n";

int run_baseline(const Args& args);

}  // namespace agentops::cli
