// Reading the decision log: each commit attempt once (its pre-commit and
// commit-msg lines share an "attempt"), a finding once per attempt however
// many stages reported it, and the bypass lines post-commit wrote.
#include "agentops/decision_log.h"

#include <git2.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <tuple>

#include "agentops/telemetry.h"
#include "agents/json.h"

namespace agentops {
namespace {

std::string oid_hex(const git_oid& id) {
  char hex[GIT_OID_HEXSZ + 1] = {};
  git_oid_tostr(hex, sizeof hex, &id);
  return hex;
}

bool digits(std::string_view text, size_t from, size_t count) {
  for (size_t i = from; i < from + count; ++i)
    if (text[i] < '0' || text[i] > '9') return false;
  return true;
}

int number(std::string_view text, size_t from, size_t count) {
  int value = 0;
  for (size_t i = from; i < from + count; ++i) value = value * 10 + (text[i] - '0');
  return value;
}

bool valid_date(std::string_view text) {
  if (text.size() < 10 || !digits(text, 0, 4) || text[4] != '-' || !digits(text, 5, 2) || text[7] != '-' ||
      !digits(text, 8, 2))
    return false;
  const int year = number(text, 0, 4), month = number(text, 5, 2), day = number(text, 8, 2);
  if (month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int last = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  return day <= last;
}

bool valid_time(std::string_view text) {  // "THH:MM:SSZ" at 10
  return text.size() == 20 && text[10] == 'T' && digits(text, 11, 2) && text[13] == ':' && digits(text, 14, 2) &&
         text[16] == ':' && digits(text, 17, 2) && text[19] == 'Z' && number(text, 11, 2) < 24 &&
         number(text, 14, 2) < 60 && number(text, 17, 2) < 60;
}

struct LoggedFinding {
  std::string rule;
  std::string path;
  std::string line;
  bool blocking = false;
};

// One line of the log as far as the report needs it; false when it is not an
// agentops decision.
struct LoggedLine {
  std::string time, stage, decision, attempt, commit, why, rejudged;
  std::vector<LoggedFinding> findings;
};

bool read_line(const std::string& text, LoggedLine& out) {
  auto value = json::parse(text);
  if (!value || !value->is_object()) return false;
  const std::pair<const char*, std::string*> required[] = {
      {"time", &out.time}, {"stage", &out.stage}, {"decision", &out.decision}};
  for (const auto& [key, field] : required) {
    const json::Value* found = value->find(key);
    if (!found || !found->is_string() || found->text.empty()) return false;
    *field = found->text;
  }
  out.attempt = value->string_or("attempt");
  out.commit = value->string_or("commit");
  out.why = value->string_or("why");
  out.rejudged = value->string_or("rejudged", "unknown");
  if (const json::Value* findings = value->find("findings")) {
    if (!findings->is_array()) return false;
    for (const auto& item : findings->items) {
      const json::Value* rule = item.find("rule");
      if (!rule || !rule->is_string()) return false;
      LoggedFinding finding{rule->text, item.string_or("path"), "", false};
      if (const json::Value* line = item.find("line"); line && line->kind == json::Value::Kind::number)
        finding.line = line->text;
      if (const json::Value* blocking = item.find("blocking"); blocking && blocking->kind == json::Value::Kind::boolean)
        finding.blocking = blocking->boolean;
      out.findings.push_back(std::move(finding));
    }
  }
  return true;
}

// The lines of one commit attempt seen so far.
struct OpenAttempt {
  std::set<std::string> stages;
  bool blocked = false;
  // (rule, path, line) -> blocking, as the latest stage that reported it says
  // (commit-msg decides the gates pre-commit left to it).
  std::map<std::tuple<std::string, std::string, std::string>, bool> findings;
};

void close_attempt(const OpenAttempt& attempt, DecisionLogSummary& summary) {
  ++summary.attempts;
  ++(attempt.blocked ? summary.attempts_blocked : summary.attempts_allowed);
  for (const auto& [key, blocking] : attempt.findings) {
    RuleTally& tally = summary.rules[std::get<0>(key)];
    ++tally.findings;
    if (blocking) ++tally.blocking;
  }
}

void add_to_attempt(const LoggedLine& line, OpenAttempt& attempt) {
  attempt.stages.insert(line.stage);
  attempt.blocked = attempt.blocked || line.decision != "allow";
  for (const auto& finding : line.findings)
    attempt.findings[{finding.rule, finding.path, finding.line}] = finding.blocking;
}

}  // namespace

std::string commit_attempt(const git::Repository& repo) {
  auto tree = repo.index_tree();
  if (!tree) return "";
  git_oid head{};
  std::string head_text = "unborn";
  if (git_reference_name_to_id(&head, repo.get(), "HEAD") == 0) head_text = oid_hex(head);
  else git_error_clear();
  return *tree + ":" + head_text;
}

Result<std::string> parse_since(std::string_view text) {
  const std::string shown(text);
  if (text.size() == 10 && valid_date(text)) return shown + "T00:00:00Z";
  if (text.size() == 20 && valid_date(text) && valid_time(text)) return shown;
  return Error{"--since '" + shown + "' is not a date: give YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (UTC), e.g. 2026-11-01"};
}

DecisionLogSummary summarize_decision_log(const std::vector<std::string>& texts, const std::string& since) {
  DecisionLogSummary summary;
  summary.since = since;
  std::map<std::string, OpenAttempt> open;
  std::map<std::string, size_t> bypass_of_commit;  // index into summary.bypasses
  for (const std::string& text : texts) {
    std::istringstream in(text);
    std::string raw;
    while (std::getline(in, raw)) {
      if (raw.find_first_not_of(" \t\r") == std::string::npos) continue;
      ++summary.lines;
      LoggedLine line;
      if (!read_line(raw, line)) {
        ++summary.unreadable;
        continue;
      }
      if (!since.empty() && line.time < since) continue;
      if (line.decision == "bypass") {
        BypassRecord bypass{line.commit, line.time, line.rejudged, line.why, {}};
        std::set<std::string> rules;
        for (const auto& finding : line.findings)
          if (finding.blocking) rules.insert(finding.rule);
        bypass.rules.assign(rules.begin(), rules.end());
        // One commit is one bypass, however often post-commit ran for it
        // (a rerun by hand, a hook manager calling it twice): the latest line says.
        const auto [known, added] = bypass_of_commit.emplace(bypass.commit, summary.bypasses.size());
        if (added) summary.bypasses.push_back(std::move(bypass));
        else summary.bypasses[known->second] = std::move(bypass);
        continue;
      }
      StageTally& stage = summary.stages[line.stage];
      ++(line.decision == "allow" ? stage.allowed : stage.blocked);
      const bool commit_stage = line.stage == "pre-commit" || line.stage == "commit-msg";
      if (!commit_stage) {
        // Not a commit attempt (pre-push, check, an agent's hook): each finding counts.
        for (const auto& finding : line.findings) {
          RuleTally& tally = summary.rules[finding.rule];
          ++tally.findings;
          if (finding.blocking) ++tally.blocking;
        }
        continue;
      }
      if (line.attempt.empty()) {  // an old line: its own attempt
        OpenAttempt alone;
        add_to_attempt(line, alone);
        close_attempt(alone, summary);
        continue;
      }
      // A stage seen again under the same tree and HEAD is a new try (the
      // message was fixed, or the same change staged again).
      auto found = open.find(line.attempt);
      if (found != open.end() && found->second.stages.count(line.stage)) {
        close_attempt(found->second, summary);
        open.erase(found);
        found = open.end();
      }
      if (found == open.end()) found = open.emplace(line.attempt, OpenAttempt{}).first;
      add_to_attempt(line, found->second);
    }
  }
  for (const auto& [key, attempt] : open) close_attempt(attempt, summary);
  return summary;
}

Result<DecisionLogSummary> read_decision_log(const git::Repository& repo, const std::string& since) {
  const std::string path = telemetry_path(repo);
  std::vector<std::string> texts;
  for (const std::string& file : {path + ".1", path}) {
    std::ifstream in(file, std::ios::binary);
    if (!in) continue;
    std::ostringstream content;
    content << in.rdbuf();
    if (in.bad()) return Error{"cannot read " + file};
    texts.push_back(content.str());
  }
  return summarize_decision_log(texts, since);
}

}  // namespace agentops
