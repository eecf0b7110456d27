// Formatters: a Report rendered for people and agents (text) or machines
// (JSON v1, SARIF 2.1.0).
// Formatters only arrange what libcore decided; they never decide.
#pragma once

#include <string>

#include "agentops/findings.h"

namespace agentops {

enum class Format { text, json, sarif };

// Short, actionable: rule id, path:line, what, how to fix. Empty when nothing to say.
std::string format_text(const Report& report);
// DESIGN.md's JSON version 1, one document followed by a newline.
std::string format_json(const Report& report);
// SARIF 2.1.0, for code scanning in CI.
std::string format_sarif(const Report& report);

std::string format_report(const Report& report, Format format);

}  // namespace agentops
