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

// The largest message the commit-msg hook judges (as git records it): above
// it the commit is refused with an error, never let through unchecked. Every
// pass over a message is linear, so the cap bounds the work, not correctness.
inline constexpr size_t kMaxMessageBytes = 4u << 20;

// git's commit.cleanup modes.
enum class Cleanup {
  strip,       // drop comment lines and surrounding blank lines (the default with an editor)
  whitespace,  // only blank lines and trailing whitespace (the default with -m / -F)
  scissors,    // whitespace, and cut at the scissors line (only with an editor; else whitespace)
  verbatim,    // nothing
};

struct CleanupOptions {
  Cleanup mode = Cleanup::strip;
  char comment_char = '#';
  bool verbose = false;  // `git commit -v` / commit.verbose: cut at the scissors line in any mode
};

// The message git will record (sequencer.c cleanup_message).
std::string clean_message(std::string_view raw, const CleanupOptions& options);
// Strip mode without -v.
std::string clean_message(std::string_view raw, char comment_char = '#');

// The comment character `git commit` most likely uses for the message file
// `raw` under core.commentChar = `configured` ("auto": the one its template names).
char comment_char_for(std::string_view configured, std::string_view raw);

struct Trailer {
  std::string key;
  std::string value;
};

// git config that changes how trailers are read: trailer.separators, and each
// trailer.<name>.* entry (a token that matches <name> or its .key counts as a
// known trailer for the quarter rule, and is reported under its .key).
struct TrailerSyntax {
  std::string separators = ":";
  struct Configured {
    std::string name;
    std::string key;  // trailer.<name>.key; empty when not set
  };
  std::vector<Configured> configured;  // in config order
};

// Trailers of a recorded message exactly as `git interpret-trailers --parse
// --no-divider` reads them (git 2.39 trailer.c) under `syntax`: the
// last paragraph before trailing comments, blank lines, a "Conflicts:" block
// and the scissors line, when all its lines are trailers or continuations, or
// at least a quarter with one git writes itself (Signed-off-by, "(cherry
// picked from commit"). Values unfolded. Linear in the message.
std::vector<Trailer> parse_trailers(std::string_view message, char comment_char = '#',
                                   const TrailerSyntax& syntax = {});

// The approval trailer's value when present, not blank (Unicode whitespace
// and invisible characters count as blank), and from an allowed approver.
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
  char comment_char = '#';          // git's trailer reader's (reader_comment_char)
  TrailerSyntax trailer_syntax{};   // git's trailer.* config
};

// message.* findings for a cleaned message, each with a corrected example
// built from its own subject where one helps. Gate findings for agent commits
// (message.agent-approval) are included; the caller decides the gate.
std::vector<Finding> check_message(std::string_view message, const MessageContext& context, const Policy& policy);

// Sections of a message body ("Context: ...", "## Learning"), one rule for
// [message] required_sections, `agentops learnings` and `report`:
// - a section starts at a body line (never the subject) holding its name and
//   a colon ("Learning: text", "learning:", "## Learning: text"), or at a
//   Markdown heading of its name alone ("## Learning"); any case, and the
//   plural counts ("Learnings:" is a Learning section);
// - it runs, over blank lines and paragraphs, up to the next line that starts
//   another section (a heading, or a label of up to three words and a colon
//   followed by a space or the line's end, "Solution: ", "Signed-off-by: ")
//   or the trailer block as `git interpret-trailers` finds it; a section
//   inside the trailer block keeps only its own (folded) trailer lines.
// CR LF line ends count as LF. Every occurrence is kept, joined by a blank line.
// The section's text (blank lines around it trimmed; "" for "Learning:" alone),
// or nullopt when the message has no such section.
std::optional<std::string> find_section(std::string_view message, std::string_view section);

// Whether `message` has the section `section`, present even when empty
// (find_section has a value).
bool has_section(std::string_view message, const std::string& section);

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
