// doctor's report as text (for a person or an agent to act on) and as JSON
// (version 1, the shape documented in docs/doctor.md).
#include "agentops/doctor.h"
#include "format/json_string.h"

namespace agentops {
namespace {

void append_string_array(std::string& out, const std::vector<std::string>& items) {
  out += "[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ",";
    detail::append_json_string(out, items[i]);
  }
  out += "]";
}

std::string indent_lines(const std::string& text, const std::string& indent) {
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out += indent + text.substr(start, end - start) + "\n";
    start = end + 1;
  }
  return out;
}

}  // namespace

std::string format_doctor_text(const DoctorReport& report) {
  std::string out;
  for (const auto& worktree : report.worktrees) {
    out += "worktree " + worktree.path + "\n  hooks from " + worktree.hooks_directory +
           (worktree.core_hooks_path.empty() ? " (the default)" : " (core.hooksPath=" + worktree.core_hooks_path + ")") +
           "\n";
    for (const auto& hook : worktree.hooks) {
      out += "  " + hook.hook + ": " +
             (hook.reach == HookReach::reached       ? "reached"
              : hook.reach == HookReach::not_reached ? "NOT REACHED"
                                                     : "cannot prove") +
             "\n";
      for (const auto& step : hook.via) out += "    - " + step + "\n";
      if (!hook.displaced_by.empty()) out += "    displaced: " + hook.displaced_by + "\n";
      for (const auto& warning : hook.warnings) {
        const std::string indented = indent_lines(warning, "      ");
        out += "    warning: " + indented.substr(6);
      }
      if (hook.reach != HookReach::reached && !hook.fix.empty()) out += "    fix:\n" + indent_lines(hook.fix, "      ");
    }
  }
  out += doctor_exit_code(report) == 0 ? "agentops doctor: every hook reaches agentops\n"
                                       : "agentops doctor: some hooks do not reach agentops (see fix above)\n";
  return out;
}

std::string format_doctor_json(const DoctorReport& report) {
  std::string out = "{\"version\":1,\"repository\":";
  detail::append_json_string(out, report.repository);
  out += ",\"status\":";
  out += doctor_exit_code(report) == 0 ? "\"ok\"" : "\"off\"";
  out += ",\"worktrees\":[";
  for (size_t w = 0; w < report.worktrees.size(); ++w) {
    const auto& worktree = report.worktrees[w];
    if (w) out += ",";
    out += "{\"path\":";
    detail::append_json_string(out, worktree.path);
    out += ",\"hooks_directory\":";
    detail::append_json_string(out, worktree.hooks_directory);
    out += ",\"core_hooks_path\":";
    if (worktree.core_hooks_path.empty()) out += "null";
    else detail::append_json_string(out, worktree.core_hooks_path);
    out += ",\"hooks\":[";
    for (size_t h = 0; h < worktree.hooks.size(); ++h) {
      const auto& hook = worktree.hooks[h];
      if (h) out += ",";
      out += "{\"hook\":";
      detail::append_json_string(out, hook.hook);
      out += ",\"file\":";
      detail::append_json_string(out, hook.file);
      out += ",\"status\":";
      detail::append_json_string(out, to_string(hook.reach));
      out += ",\"via\":";
      append_string_array(out, hook.via);
      out += ",\"displaced_by\":";
      if (hook.displaced_by.empty()) out += "null";
      else detail::append_json_string(out, hook.displaced_by);
      out += ",\"fix\":";
      if (hook.reach == HookReach::reached || hook.fix.empty()) out += "null";
      else detail::append_json_string(out, hook.fix);
      out += ",\"warnings\":";
      append_string_array(out, hook.warnings);
      out += "}";
    }
    out += "]}";
  }
  out += "]}\n";
  return out;
}

}  // namespace agentops
