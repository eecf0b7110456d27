// The effective policy: the repository's constitution, loaded from TOML
// (.agentops/policy.toml, presets compiled in from policies/, an organisation
// floor). Loading is strict: an unknown key, a wrong type or an invalid pattern
// is an error naming file:line:column, so a typo can never switch a guardrail off.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agentops/findings.h"
#include "agentops/result.h"

namespace agentops {

struct Baseline;  // agentops/baseline.h

// A gitleaks allowlist ([[rules.allowlists]], [[allowlists]]) as it is
// written: a finding it matches is not reported.
struct SecretAllowlist {
  enum class Target { secret, match, line };  // what `regexes` are matched against
  Target regex_target = Target::secret;
  bool all = false;                    // condition = "AND": every criterion given must hold
  std::vector<std::string> regexes;    // RE2, against the target
  std::vector<std::string> paths;      // RE2, against the file's path
  std::vector<std::string> stopwords;  // lower-cased; the secret contains one
  std::vector<std::string> commits;    // commit ids (lower-case hex)
  std::vector<std::string> target_rules;  // a global allowlist for these rule ids only
  bool operator==(const SecretAllowlist&) const = default;
};

struct SecretRule {
  std::string id;           // finding rule id is "secret.<id>"
  std::string description;  // what the credential is
  std::string regex;        // RE2 syntax
  std::vector<std::string> keywords;  // the regex runs only on lines holding one (case-insensitive)
  // Names (case-insensitive literals): when set, `regex` is the VALUE, found
  // where it is assigned to an identifier holding one of these, in any of the
  // assignment styles of rules/assignment_grammar.h; secret_group counts
  // within the value (0: the whole value). Without keywords, the names are.
  std::vector<std::string> assigned_to;
  // Capture group holding the secret (0: the whole match); kFirstGroup: the
  // first non-empty group, or the whole match without groups (gitleaks').
  int secret_group = 0;
  static constexpr int kFirstGroup = -1;
  double min_entropy = 0;   // Shannon entropy (bits/char) the secret must reach
  bool require_digit = false;  // the secret must hold a digit (identifiers and env reads do not)
  std::vector<std::string> paths;          // globs the rule applies to; empty: every file
  std::string path_regex;                  // a regex the path must match (gitleaks `path`)
  std::vector<std::string> exclude_path_regexes;  // paths this rule skips (gitleaks rule allowlist)
  std::vector<std::string> allow_regexes;  // a secret matching one is not reported by this rule
  std::vector<std::string> allow_match_regexes;  // nor when the whole match (name and value) matches one
  std::vector<std::string> stopwords;      // a secret holding one is not reported by this rule
  bool fallback = false;  // reported only when no other rule found the same value on the line
  // The regex sees the file's added text as a whole ('\s' and '[^x]' cross line
  // ends), for secrets that span lines (a PEM block with its body, a value on
  // the line after its XML tag); the finding's line is where the secret starts.
  bool multiline = false;
  // Whether [secrets] stopwords ("example", "fake", "password"...) silence
  // this rule. Off for formats that are evidence enough (an exact-length key
  // with a fixed prefix) and for rules whose value is a password by design.
  bool use_stopwords = true;
  // Imported from gitleaks: entropy must exceed `min_entropy` (not only reach
  // it), `allowlists` apply, and a rule without a regex reports every added or
  // changed file whose path matches `path_regex`.
  bool gitleaks = false;
  std::vector<SecretAllowlist> allowlists;
  Severity severity = Severity::block;
  std::string hint;         // how to fix a finding
};

struct SecretsPolicy {
  bool enabled = true;
  std::vector<std::string> allow_paths;    // globs never scanned for secrets
  std::vector<std::string> allow_path_regexes;  // path regexes never scanned (gitleaks allowlist)
  std::vector<std::string> allow_regexes;  // a secret matching one is not reported
  std::vector<std::string> stopwords;      // a secret containing one (any case) is not reported
  std::string gitleaks_config;             // a gitleaks rule file imported into `rules`
  // false: the built-in catalogue's rules and stopwords are left out, only
  // [[secrets.rules]] and the gitleaks import judge (gitleaks used alone).
  bool builtin = true;
  std::vector<SecretAllowlist> allowlists;  // gitleaks' global allowlists
  // What the gitleaks import merged (rules overlapping others, what was done),
  // for `policy validate` and `policy show`.
  std::vector<std::string> import_notes;
  std::vector<SecretRule> rules;           // the built-in catalogue plus [[secrets.rules]]
  // The committed .agentops/baseline beside the policy (range checks read the
  // base side's), or null: its key keys every finding's fingerprint.
  std::shared_ptr<const Baseline> baseline;
};

enum class BinaryFiles { allow, warn, block };

struct LimitsPolicy {
  std::uint64_t max_file_bytes = 0;     // 0: no limit
  std::uint64_t max_files_changed = 0;  // 0: no limit
  std::uint64_t max_lines_changed = 0;  // added + removed lines; 0: no limit
  BinaryFiles binary_files = BinaryFiles::allow;
  // Files the size limits above and [gates] thresholds do not count (lockfiles,
  // generated and minified files): still scanned by every other rule.
  std::vector<std::string> exclude_paths;
};

struct PathsPolicy {
  std::vector<std::string> forbidden;        // path.forbidden
  std::vector<std::string> protected_paths;  // path.protected (".agentops/**" always added)
  // What counts as a test file, for change.tests-removed.
  std::vector<std::string> tests = {"test/**", "tests/**", "spec/**", "__tests__/**", "**/test/**",
                                    "**/tests/**", "**/__tests__/**", "*_test.*", "test_*.py",
                                    "*.test.*", "*.spec.*", "*Test.java", "*Tests.java", "*Test.kt",
                                    "*Tests.cs", "*_spec.rb"};
  // change.tests-removed fires when the test files lose at least this many
  // lines net (removed minus added), or when a test file is deleted (not moved)
  // and its lines are not made up for elsewhere. 1: any net loss.
  std::uint64_t tests_removed_min_lines = 1;
};

// A pattern forbidden in added lines ([[content]]).
struct ContentRule {
  std::string id;  // finding rule id is "content.<id>"
  std::string regex;
  std::vector<std::string> paths;          // globs the rule applies to; empty: every file
  std::vector<std::string> exclude_paths;  // globs it never applies to
  Severity severity = Severity::block;
  std::string message;                     // what is wrong, shown with the finding
  std::string hint;                        // how to fix it
};

enum class MessageFormat { none, conventional, regex };

// Whose commits the message format rules (format, type, scope, subject length,
// placeholder subjects) judge: everyone's, or only agent-written commits
// (recognised by [agents] markers); a team opts its people in.
enum class MessageAppliesTo { everyone, agents };

struct MessagePolicy {
  MessageFormat format = MessageFormat::none;
  MessageAppliesTo applies_to = MessageAppliesTo::everyone;
  std::string pattern;                   // the subject regex when format = "regex"
  std::vector<std::string> types;        // allowed conventional types; empty: any
  std::vector<std::string> scopes;       // allowed scopes; empty: any
  std::uint64_t subject_max = 0;         // 0: no limit
  std::uint64_t body_required_above_lines = 0;  // changes larger than this need a body; 0: never
  // "Key" (must be present) or "Key: regex" (its value must match; "{committer}"
  // in the regex stands for the committer's "Name <email>").
  std::vector<std::string> required_trailers;
  std::vector<std::string> forbidden_trailers;  // same forms; present (and matching) is a finding
  std::vector<std::string> required_sections;   // "Context" is met by a paragraph starting "Context:"
  // Subjects (or conventional descriptions) that record nothing.
  std::vector<std::string> placeholder_subjects = {"wip", "fix", "fixes", "fixed", "update", "updates",
                                                   "updated", "change", "changes", "misc", "stuff", "tmp",
                                                   "temp", "test", "asdf", "commit", "minor", "cleanup", "."};
};

// Commits written by coding agents: how they are recognised and what the team
// asks of them on top of the rules everyone meets.
struct AgentsPolicy {
  // Regexes over trailer lines ("Key: value") that mark a commit as agent-written.
  std::vector<std::string> markers = {
      R"((?i)^co-authored-by:.*\b(claude|copilot|chatgpt|gpt-?[0-9]|codex|cursor|devin|aider|gemini|codeium|windsurf|amazon q|openhands|sweep)\b)",
      R"((?i)^generated-by:)", R"((?i)^ai-assisted:\s*(yes|true))", R"((?i)^agent(-id)?:)"};
  std::vector<std::string> required_trailers;  // agent commits must carry these, e.g. "Agent-Id"
  bool require_approval = false;               // agent commits need the human gate
};

struct BranchesPolicy {
  std::vector<std::string> protected_branches;  // globs over branch names ("main", "release/*")
  bool no_direct_commit = false;
  bool no_force_push = true;
  bool no_delete = true;
  std::string name_pattern;  // regex new branch names must match; empty: any
  // Commit signatures are verified, not just present: SSH ones against
  // [gates] allowed_signers (namespace "git"), GPG ones against this keyring.
  bool require_signed = false;
  std::string gpg_keyring;  // a keyring file under .agentops/ (gpg --export); empty: GPG signatures are refused
};

// How a person approves a gated change: a typed trailer, the committer at a
// terminal, or an approval signed with a key listed in allowed_signers
// (`agentops approve`), which an agent without that key cannot forge.
enum class GateMode { trailer, tty, signed_approval };

struct GatesPolicy {
  std::string approval_trailer = "Human-Approved-by";
  std::vector<std::string> approvers;  // allowed "Name <email>" or emails; empty: anyone
  GateMode mode = GateMode::trailer;   // TOML: approval = "trailer" | "tty" | "signed" (alias: mode)
  // OpenSSH allowed-signers file under .agentops/, read from the base side like the policy.
  std::string allowed_signers = ".agentops/allowed_signers";
  std::uint64_t max_lines_without_approval = 0;  // larger changes need a human; 0: no size gate
  std::uint64_t max_files_without_approval = 0;
};

struct ValidatorSpec {
  std::string name;  // finding rule id is "validator.<name>"
  std::vector<std::string> run;
  std::vector<std::string> files;  // globs of staged files passed to it; empty: run once
  std::uint64_t timeout_s = 60;
  Severity severity = Severity::block;
};

struct TelemetryPolicy {
  bool enabled = true;
};

// A glob a repository's policy file wrote itself (not a preset's or the
// floor's), for the warning about globs that match no path.
struct WrittenGlob {
  std::string key;    // "paths.forbidden", "content.exclude_paths"
  std::string glob;   // as written, "!" of an exception included
  std::string where;  // "file:line:col"
};

// The files a policy trusts signatures by, read from the same snapshot as the
// policy (the base side: the committed tree, the range base, the ref's current
// value on a server), so a key added by a change cannot approve that change.
struct TrustFiles {
  bool loaded = false;    // false for a policy read from no snapshot (a dry run's file or preset)
  std::string read_from;  // where they were read: "index", "tree <id>"
  std::optional<std::string> allowed_signers;  // contents; nullopt when the snapshot lacks the file
  std::optional<std::string> gpg_keyring;
};

struct Policy {
  int version = 1;
  std::string source;  // what was loaded: ".agentops/policy.toml", "builtin:baseline"
  SecretsPolicy secrets;
  LimitsPolicy limits;
  PathsPolicy paths;
  std::vector<ContentRule> content;
  MessagePolicy message;
  BranchesPolicy branches;
  GatesPolicy gates;
  AgentsPolicy agents;
  std::vector<ValidatorSpec> validators;
  TelemetryPolicy telemetry;
  TrustFiles trust;
  // [severity] overrides for built-in rule ids ("limit.lines-changed" = "warn").
  std::map<std::string, Severity> severities;
  // Where each value came from: "limits.max_file_bytes" -> "builtin:strict:12".
  std::map<std::string, std::string> origins;
  // What the floor overrode or refused, for `agentops policy show`.
  std::vector<std::string> floor_notes;
  // Globs the repository's own policy files wrote, with their positions.
  std::vector<WrittenGlob> written_globs;
};

// The severity a built-in rule has under `policy` ([severity] or its default).
Severity severity_of(const Policy& policy, std::string_view rule_id);

// Where a policy's text comes from, for error messages and relative `extends`.
struct PolicySource {
  std::string name;  // shown in errors: ".agentops/policy.toml", "builtin:strict", "/etc/agentops/floor.toml"
  std::string text;
  // Reads a file named by a relative `extends` entry (relative to this source);
  // absent: relative paths are an error.
  std::function<Result<PolicySource>(const std::string& relative_path)> read_relative;
};

// Loads and validates a policy document. `extends` names presets compiled into
// the binary or relative paths; the document's values are laid over theirs in order.
Result<Policy> load_policy(const PolicySource& source);
// Reads and loads a policy file from disk (relative `extends` resolved beside it).
Result<Policy> load_policy_file(const std::string& path);

// "a/b/policy.toml" + "../c.toml" -> "a/c.toml"; nullopt when it leaves the root.
std::optional<std::string> resolve_relative_path(std::string_view base_file, std::string_view relative);

// A preset shipped in policies/ and compiled in ("baseline", "strict", ...).
Result<Policy> load_preset(std::string_view name);
std::vector<std::string> preset_names();
// The TOML text of a preset, for `agentops policy show --preset` and docs.
std::optional<std::string_view> preset_text(std::string_view name);

// The organisation floor laid under a repository policy: the result has every
// rule of `floor` at least as strict as the floor set it, whatever `repo` says.
Policy apply_floor(const Policy& floor, const Policy& repo);

// A change to a path under .agentops/ edits the policy (the file, a file it
// extends, its gitleaks config): the committed policy judges it too.
bool is_policy_file(std::string_view path);
// The message and hint of the finding that gates a policy edit: which policy
// judges it, who may approve (by `gates`), that it is committed on its own,
// and how to dry-run the new policy.
std::string policy_edit_message(std::string_view status);
std::string policy_edit_hint(const GatesPolicy& gates);

// The policy rendered as TOML, each value followed by "# origin".
std::string describe_policy(const Policy& policy);

}  // namespace agentops
