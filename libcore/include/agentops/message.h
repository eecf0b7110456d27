// Commit messages as git stores them: cleanup (comment lines, the scissors line
// of `git commit -v`, commit.cleanup), trailers as `git interpret-trailers`
// reads them, Conventional Commits subjects, and the [message] and [agents]
// rules that judge a message.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agentops/findings.h"
#include "agentops/policy.h"

namespace agentops {

// git's commit.cleanup modes.
enum class Cleanup {
  strip,       // drop comment lines and surrounding blank lines (the default with an editor)
  whitespace,  // only blank lines and trailing whitespace (the default with -m / -F)
  scissors,    // whitespace, and cut at the scissors line
  verbatim,    // nothing
};

struct CleanupOptions {
  Cleanup mode = Cleanup::strip;
  char comment_char = '#';
};

// The message git will record.
std::string clean_message(std::string_view raw, const CleanupOptions& options);
std::string clean_message(std::string_view raw, char comment_char = '#');

// core.commentChar as git applies it: "auto" picks the first of "#;@!$%^&|:"
// that git used for its own comment lines in `raw` ("# Please enter...").
char comment_char_for(std::string_view configured, std::string_view raw);

struct Trailer {
  std::string key;
  std::string value;
};

// Trailers of a cleaned message: its last paragraph, when that paragraph is a
// trailer block (every line "Key: value" or a continuation, or at least a
// quarter of them with one git itself writes, such as Signed-off-by).
std::vector<Trailer> parse_trailers(std::string_view message);

// The approval trailer's value when present and from an allowed approver.
std::optional<std::string> find_approval(const std::vector<Trailer>& trailers, const GatesPolicy& gates);

// "type(scope)!: description" (Conventional Commits 1.0).
struct ConventionalSubject {
  std::string type;
  std::string scope;
  bool breaking = false;
  std::string description;
};
std::optional<ConventionalSubject> parse_conventional(std::string_view subject);

// Why a "Key" or "Key: regex" trailer rule is invalid, or nullopt.
std::optional<std::string> trailer_rule_error(std::string_view rule);

// What the message rules know besides the message.
struct MessageContext {
  std::uint64_t lines_changed = 0;  // of the change the message describes
  std::string committer;            // "Name <email>", for "{committer}" in trailer rules
};

// message.* findings for a cleaned message, each with a corrected example
// built from its own subject where one helps. Gate findings for agent commits
// (message.agent-approval) are included; the caller decides the gate.
std::vector<Finding> check_message(std::string_view message, const MessageContext& context, const Policy& policy);

// Whether the message marks its commit as agent-written ([agents] markers).
bool is_agent_commit(const std::vector<Trailer>& trailers, const AgentsPolicy& agents);

}  // namespace agentops

namespace agentops {

// The comment block the prepare-commit-msg hook puts above git's own: what the
// policy asks of a message (format, sections, trailers, the approval trailer),
// each line starting with `comment_char`. Empty when the policy asks nothing.
std::string message_template(const Policy& policy, char comment_char);

// `message` with the trailer line "key: value" added to its trailer block,
// above git's comment lines and any scissors line (so git keeps it).
std::string add_trailer(std::string_view message, std::string_view key, std::string_view value, char comment_char);

}  // namespace agentops
