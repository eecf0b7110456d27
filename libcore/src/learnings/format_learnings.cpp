// Renderings of a learnings walk: text for a terminal, JSON, and Markdown for
// an agent's context. Texts arrive printable and redacted (collect_learnings).
#include <algorithm>
#include <cstdio>
#include <string>

#include "agentops/learnings.h"
#include "format/json_string.h"
#include "format/text_escape.h"

namespace agentops {
namespace {

std::string percent(double share) {
  char text[16];
  std::snprintf(text, sizeof text, "%.1f%%", share * 100.0);
  return text;
}

std::string short_id(const std::string& commit) { return commit.substr(0, 12); }
std::string day_of(const std::string& date) { return date.substr(0, 10); }

// Paths as git quotes them: a newline in a file name cannot start a line
// that poses as an entry or a heading.
std::string joined(const std::vector<std::string>& items, const std::string& separator, const std::string& quote = "") {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : separator) + quote + detail::display_path(item) + quote;
  return out;
}

std::string scope_of(const Learnings& learnings) {
  std::string scope = learnings.range.empty() ? "HEAD's history" : learnings.range;
  if (!learnings.paths.empty()) scope += ", paths " + joined(learnings.paths, " ");
  return scope;
}

std::string summary(const Learnings& learnings) {
  return std::to_string(learnings.with_learning) + " of " + std::to_string(learnings.commits_walked) +
         " commits recorded a Learning (" + percent(learnings.share()) + "; " + scope_of(learnings) + ")";
}

// Every line of `text` after `prefix` (blank lines get the prefix trimmed).
std::string prefixed(const std::string& text, const std::string& prefix) {
  std::string out;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t end = std::min(text.find('\n', start), text.size());
    const std::string line = text.substr(start, end - start);
    std::string lead = prefix;
    if (line.empty()) lead.erase(lead.find_last_not_of(' ') + 1);
    out += lead + line + "\n";
    start = end + 1;
  }
  return out;
}

void append_json_list(std::string& out, const std::vector<std::string>& items) {
  out += '[';
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    detail::append_json_string(out, items[i]);
  }
  out += ']';
}

}  // namespace

std::string format_learnings_text(const Learnings& learnings) {
  std::string out = "learnings: " + summary(learnings) + "\n";
  if (learnings.entries.empty()) return out + "no commit walked recorded a Learning\n";
  for (const auto& entry : learnings.entries) {
    out += "\n" + short_id(entry.commit) + " " + day_of(entry.date) + " " + entry.subject + "\n";
    out += "  paths: " + (entry.paths.empty() ? std::string("(none)") : joined(entry.paths, ", ")) + "\n";
    out += "  Learning:\n" + prefixed(entry.learning, "    ");
    if (entry.context) out += "  Context:\n" + prefixed(*entry.context, "    ");
  }
  return out;
}

std::string format_learnings_json(const Learnings& learnings) {
  std::string out = "{\"version\":1,\"range\":";
  detail::append_json_string(out, learnings.range.empty() ? "HEAD" : learnings.range);
  out += ",\"paths\":";
  append_json_list(out, learnings.paths);
  char share[32];
  std::snprintf(share, sizeof share, "%.4f", learnings.share());
  out += ",\"commits_walked\":" + std::to_string(learnings.commits_walked) +
         ",\"with_learning\":" + std::to_string(learnings.with_learning) + ",\"share\":" + share + ",\"entries\":[";
  for (size_t i = 0; i < learnings.entries.size(); ++i) {
    const LearningEntry& entry = learnings.entries[i];
    out += i ? ",{\"commit\":" : "{\"commit\":";
    detail::append_json_string(out, entry.commit);
    out += ",\"date\":";
    detail::append_json_string(out, entry.date);
    out += ",\"subject\":";
    detail::append_json_string(out, entry.subject);
    out += ",\"paths\":";
    append_json_list(out, entry.paths);
    out += ",\"learning\":";
    detail::append_json_string(out, entry.learning);
    out += ",\"context\":";
    if (entry.context) {
      detail::append_json_string(out, *entry.context);
    } else {
      out += "null";
    }
    out += '}';
  }
  return out + "]}\n";
}

// Sections are quoted ("> "), so a heading inside a learning cannot pose as an entry.
std::string format_learnings_markdown(const Learnings& learnings) {
  std::string out = "# Learnings from git history\n\n" + summary(learnings) + ".\n";
  if (learnings.entries.empty()) return out + "\nNo commit walked recorded a Learning.\n";
  for (const auto& entry : learnings.entries) {
    out += "\n## " + day_of(entry.date) + " " + entry.commit.substr(0, 7) + " " + entry.subject + "\n\n";
    out += "Learning:\n\n" + prefixed(entry.learning, "> ");
    if (entry.context) out += "\nContext:\n\n" + prefixed(*entry.context, "> ");
    out += "\nTouched: " + (entry.paths.empty() ? std::string("(none)") : joined(entry.paths, ", ", "`")) + "\n";
  }
  return out;
}

}  // namespace agentops
