// The [message] and [agents] rules. Every finding says what is wrong, shows the
// expected form, and, where it helps, a corrected example built from the
// message's own subject, for people and agents alike.
#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>

#include "agentops/message.h"

namespace agentops {
namespace {

std::string_view first_line(std::string_view message) { return message.substr(0, message.find('\n')); }

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// ASCII case-insensitive equality, without allocating (it runs once per trailer).
bool same_key(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const unsigned char x = static_cast<unsigned char>(a[i]), y = static_cast<unsigned char>(b[i]);
    if (x != y && ((x | 0x20) != (y | 0x20) || (x | 0x20) < 'a' || (x | 0x20) > 'z')) return false;
  }
  return true;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

// Subjects git or its tools write: accepted whatever the format.
bool is_generated_subject(std::string_view subject) {
  static const RE2 generated(R"(^(?:Merge (?:branch|remote-tracking branch|pull request|tag|commit|\S+ of) .*|Merge [0-9a-f]{7,40} into .*|Revert ".*"|(?:fixup|squash|amend)! .*)$)");
  return RE2::FullMatch(re2::StringPiece(subject.data(), subject.size()), generated);
}

// Subjects dependency bots write (Dependabot, Renovate, pre-commit.ci): the
// bot's own fixed form, which a team cannot change commit by commit, so the
// format, length and placeholder rules accept them.
bool is_bot_subject(std::string_view subject) {
  static const RE2 bot(
      R"((?:\[Security\] )?Bump (?:the \S+ group\b.*|\S+(?: and \S+)? from \S+ to \S+.*))"
      R"(|(?:Update|Pin|Replace) (?:(?:dependency|Rust crate|module|gem|Docker image) \S+|\S+ (?:action|actions|digest|image|[Dd]ocker tag|orb)) to \S+.*)"
      R"(|Update (?:all )?(?:non-major |major |minor |patch )?dependencies.*|Pin dependencies|Lock file maintenance)"
      R"(|Update .+ to v[0-9][\w.+-]*(?: \[SECURITY\])?|\[pre-commit\.ci\] .*)");
  return RE2::FullMatch(re2::StringPiece(subject.data(), subject.size()), bot);
}

// The conventional type a free-form subject most likely meant.
std::string guess_type(std::string_view subject, const std::vector<std::string>& allowed) {
  const std::string word = lower(subject.substr(0, subject.find(' ')));
  auto starts = [&](std::initializer_list<std::string_view> stems) {
    return std::any_of(stems.begin(), stems.end(), [&](std::string_view stem) { return word.starts_with(stem); });
  };
  std::string type = starts({"add", "implement", "introduc", "creat", "support", "allow", "enable"}) ? "feat"
                     : starts({"fix", "resolv", "correct", "repair", "prevent", "handl"})          ? "fix"
                     : starts({"doc", "readme", "comment"})                                       ? "docs"
                     : starts({"test", "cover"})                                                  ? "test"
                     : starts({"refactor", "renam", "mov", "extract", "simplif", "clean"})        ? "refactor"
                     : starts({"speed", "optimi", "perf", "faster"})                              ? "perf"
                                                                                                  : "chore";
  if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), type) == allowed.end()) type = allowed.front();
  return type;
}

// A corrected conventional subject built from the author's own words.
std::string example_subject(std::string_view subject, const MessagePolicy& policy) {
  std::string description;
  std::string type;
  if (auto parsed = parse_conventional(subject)) {
    description = parsed->description;
    type = lower(parsed->type);
    if (!policy.types.empty() && std::find(policy.types.begin(), policy.types.end(), type) == policy.types.end())
      type = guess_type(description, policy.types);
  } else {
    description = std::string(trim(subject));
    type = guess_type(description, policy.types);
  }
  while (!description.empty() && (description.back() == '.' || description.back() == ' ')) description.pop_back();
  if (description.empty() || std::find(policy.placeholder_subjects.begin(), policy.placeholder_subjects.end(),
                                       lower(description)) != policy.placeholder_subjects.end())
    description = "describe what changed and why";
  if (!description.empty() && std::isupper(static_cast<unsigned char>(description[0])) &&
      !(description.size() > 1 && std::isupper(static_cast<unsigned char>(description[1]))))
    description[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(description[0])));
  std::string example = type + ": " + description;
  if (policy.subject_max > 0 && example.size() > policy.subject_max) {
    example.resize(policy.subject_max);
    if (const size_t space = example.rfind(' '); space != std::string::npos && space > type.size() + 2)
      example.resize(space);
  }
  return example;
}

// The body: everything between the subject and the trailer block.
bool has_body(std::string_view message, bool has_trailers) {
  const size_t blank = message.find("\n\n");
  if (blank == std::string_view::npos) return false;
  std::string_view rest = trim(message.substr(blank + 2));
  if (has_trailers) {
    const size_t last_blank = rest.rfind("\n\n");
    rest = last_blank == std::string_view::npos ? std::string_view() : trim(rest.substr(0, last_blank));
  }
  return !rest.empty();
}

struct TrailerRule {
  std::string key;
  std::string pattern;  // empty: any value
  std::shared_ptr<RE2> regex;  // compiled once per rule: checking stays linear in the trailers
};

TrailerRule parse_rule(std::string_view rule, const MessageContext& context) {
  const size_t colon = rule.find(':');
  TrailerRule parsed{std::string(trim(rule.substr(0, colon))), ""};
  if (colon != std::string_view::npos) {
    parsed.pattern = std::string(trim(rule.substr(colon + 1)));
    if (const size_t at = parsed.pattern.find("{committer}"); at != std::string::npos)
      parsed.pattern.replace(at, 11, RE2::QuoteMeta(context.committer));
    parsed.regex = std::make_shared<RE2>(parsed.pattern, RE2::Quiet);
  }
  return parsed;
}

bool matches(const TrailerRule& rule, const Trailer& trailer) {
  if (!same_key(rule.key, trailer.key)) return false;
  return rule.pattern.empty() || RE2::PartialMatch(trailer.value, *rule.regex);
}

class Checker {
 public:
  Checker(std::string_view message, const MessageContext& context, const Policy& policy)
      : message_(message), context_(context), policy_(policy), subject_(trim(first_line(message))),
        trailers_(parse_trailers(message, context.comment_char, context.trailer_syntax)) {}

  std::vector<Finding> run() {
    check_subject();
    check_body();
    check_trailers();
    check_agents();
    return std::move(findings_);
  }

 private:
  void add(const char* rule, std::string message, std::string hint) {
    const Severity severity = severity_of(policy_, rule);
    if (severity == Severity::off) return;
    findings_.push_back(Finding{rule, severity, "", 0, std::move(message), std::move(hint), "", ""});
  }

  std::string expected_form() const {
    const MessagePolicy& m = policy_.message;
    std::string form = "type(scope): description";
    if (!m.types.empty()) {
      form += " with type one of";
      for (const auto& type : m.types) form += " " + type;
    }
    return form;
  }

  // The form rules (subject format and length, placeholders, body, sections)
  // judge this commit: everyone's, or under applies_to = "agents" only
  // commits [agents] markers attribute to an agent.
  bool form_rules_apply() const {
    return policy_.message.applies_to == MessageAppliesTo::everyone || is_agent_commit(trailers_, policy_.agents);
  }

  void check_subject() {
    const MessagePolicy& m = policy_.message;
    if (subject_.empty()) {
      add("message.subject-empty", "the commit message is empty",
          "write a subject line that says what changed, e.g. \"" + example_subject("", m) + "\"");
      return;
    }
    if (!form_rules_apply() || is_bot_subject(subject_)) return;
    const bool generated = is_generated_subject(subject_);
    const std::string subject_lower = lower(subject_);
    auto placeholder = [&](std::string_view text) {
      std::string t = lower(trim(text));
      while (!t.empty() && t.back() == '.') t.pop_back();
      return std::find(m.placeholder_subjects.begin(), m.placeholder_subjects.end(), t) != m.placeholder_subjects.end() ||
             t.size() < 3;
    };
    const auto conventional = parse_conventional(subject_);
    if (!generated && (placeholder(subject_) || (conventional && placeholder(conventional->description)))) {
      add("message.placeholder-subject", "the subject \"" + std::string(subject_) + "\" records nothing",
          "say what changed and why it matters, e.g. \"" + example_subject(subject_, m) + "\"");
    }
    if (m.subject_max > 0 && subject_.size() > m.subject_max) {
      add("message.subject-length",
          "the subject is " + std::to_string(subject_.size()) + " characters; the limit is " + std::to_string(m.subject_max),
          "shorten it and move detail into the body, e.g. \"" + example_subject(subject_, m) + "\"");
    }
    if (generated) return;
    if (m.format == MessageFormat::conventional) {
      if (!conventional) {
        add("message.format", "the subject is not a Conventional Commits subject",
            "expected \"" + expected_form() + "\"; for example \"" + example_subject(subject_, m) + "\"");
        return;
      }
      if (!m.types.empty() && std::find(m.types.begin(), m.types.end(), conventional->type) == m.types.end()) {
        add("message.type", "the type \"" + conventional->type + "\" is not allowed",
            "expected \"" + expected_form() + "\"; for example \"" + example_subject(subject_, m) + "\"");
      }
      if (!m.scopes.empty() && !conventional->scope.empty() &&
          std::find(m.scopes.begin(), m.scopes.end(), conventional->scope) == m.scopes.end()) {
        std::string scopes;
        for (const auto& scope : m.scopes) scopes += (scopes.empty() ? "" : ", ") + scope;
        add("message.scope", "the scope \"" + conventional->scope + "\" is not allowed",
            "use one of: " + scopes + ", or no scope");
      }
    } else if (m.format == MessageFormat::regex && !RE2::PartialMatch(std::string(subject_), RE2(m.pattern, RE2::Quiet))) {
      add("message.format", "the subject does not match the pattern " + m.pattern,
          "write a subject matching " + m.pattern);
    }
  }

  void check_body() {
    const MessagePolicy& m = policy_.message;
    if (!form_rules_apply()) return;
    const bool body = has_body(message_, !trailers_.empty());
    if (m.body_required_above_lines > 0 && context_.lines_changed > m.body_required_above_lines && !body) {
      add("message.body-required",
          "the change touches " + std::to_string(context_.lines_changed) + " lines; above " +
              std::to_string(m.body_required_above_lines) + " the message needs a body",
          "after a blank line under the subject, explain why the change is made and what a reviewer should know");
    }
    for (const auto& section : m.required_sections) {
      if (has_section(message_, section)) continue;
      std::string all;
      for (const auto& s : m.required_sections) all += "\n" + s + ": ...";
      add("message.required-section", "the message has no \"" + section + ":\" section",
          "add each section as a paragraph starting with its name:" + all);
    }
  }

  void check_trailers() {
    const MessagePolicy& m = policy_.message;
    for (const auto& entry : m.required_trailers) {
      const TrailerRule rule = parse_rule(entry, context_);
      const bool present = std::any_of(trailers_.begin(), trailers_.end(), [&](const Trailer& t) { return matches(rule, t); });
      if (present) continue;
      std::string example = rule.key + ": ";
      example += rule.pattern.empty() ? "..." : entry.find("{committer}") != std::string::npos ? context_.committer : "<value matching " + rule.pattern + ">";
      // The value as the policy wrote it, with {committer} filled in.
      const size_t colon = entry.find(':');
      std::string wanted = colon == std::string::npos ? "" : std::string(trim(std::string_view(entry).substr(colon + 1)));
      if (const size_t at = wanted.find("{committer}"); at != std::string::npos) wanted.replace(at, 11, context_.committer);
      add("message.required-trailer",
          "the message lacks the trailer " + rule.key + (wanted.empty() ? "" : " matching \"" + wanted + "\""),
          "end the message with a blank line and \"" + example + "\"" +
              (rule.key == "Signed-off-by" ? " (git commit -s adds it)" : ""));
    }
    for (const auto& entry : m.forbidden_trailers) {
      const TrailerRule rule = parse_rule(entry, context_);
      for (const auto& trailer : trailers_) {
        if (!matches(rule, trailer)) continue;
        add("message.forbidden-trailer", "the trailer \"" + trailer.key + ": " + trailer.value + "\" is not allowed",
            "remove it from the message");
      }
    }
  }

  void check_agents() {
    const AgentsPolicy& agents = policy_.agents;
    if (!is_agent_commit(trailers_, agents)) return;
    for (const auto& key : agents.required_trailers) {
      const bool present = std::any_of(trailers_.begin(), trailers_.end(),
                                       [&](const Trailer& t) { return same_key(t.key, key) && !t.value.empty(); });
      if (!present)
        add("message.agent-identity", "an agent-written commit lacks the trailer " + key,
            "add \"" + key + ": <the agent and session that wrote it>\" to the trailers");
    }
    if (agents.require_approval)
      add("message.agent-approval", "an agent-written commit needs a person's approval",
          "a person reviews it and adds the approval trailer");
  }

  std::string_view message_;
  const MessageContext& context_;
  const Policy& policy_;
  std::string_view subject_;
  std::vector<Trailer> trailers_;
  std::vector<Finding> findings_;
};

}  // namespace

bool has_section(std::string_view message, const std::string& section) { return find_section(message, section).has_value(); }

std::vector<Finding> check_message(std::string_view message, const MessageContext& context, const Policy& policy) {
  return Checker(message, context, policy).run();
}

}  // namespace agentops
