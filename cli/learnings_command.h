// `agentops learnings`: the Learning and Context sections of the history's
// commits, newest first, for a person or an agent starting work somewhere.
#pragma once

#include "command_support.h"

namespace agentops::cli {

inline constexpr const char* kLearningsUsage =
    "  learnings [--range A..B] [--path GLOB]... [--format text|json|markdown] [--limit N] [--repo DIR]\n"
    "                       the Learning (and Context) sections of the commits of A..B (default: all of\n"
    "                       HEAD's history), newest first as git log lists them, with date and touched\n"
    "                       paths; --path keeps commits touching a matching path; --limit stops after N;\n"
    "                       the header gives the share of commits that recorded a Learning\n";

int run_learnings(const Args& args);

}  // namespace agentops::cli
