// The organisation floor: a policy a repository can add to and tighten, never
// loosen. Severities only rise, limits only shrink, forbidden and protected lists
// only grow, switches that guard stay on.
#include <algorithm>

#include "agentops/policy.h"
#include "glob.h"

namespace agentops {
namespace {

int rank(Severity severity) {
  switch (severity) {
    case Severity::off: return 0;
    case Severity::warn: return 1;
    case Severity::gate: return 2;
    case Severity::block: return 3;
  }
  return 3;
}

Severity stricter(Severity a, Severity b) { return rank(a) >= rank(b) ? a : b; }

// The tighter of two limits where 0 means "no limit".
std::uint64_t tighter(std::uint64_t floor, std::uint64_t repo) {
  if (floor == 0) return repo;
  if (repo == 0) return floor;
  return std::min(floor, repo);
}

void add_missing(std::vector<std::string>& to, const std::vector<std::string>& from) {
  for (const auto& item : from)
    if (std::find(to.begin(), to.end(), item) == to.end()) to.push_back(item);
}

bool has_exception(const std::vector<std::string>& globs) {
  return std::any_of(globs.begin(), globs.end(), [](const std::string& g) { return !g.empty() && g.front() == '!'; });
}

// A glob list that only grows: the result must hold every path either list
// holds. In a list the last matching entry decides, so the floor's entries go
// first and the repository's after them, which is the exact union when the
// repository excepts nothing. A repository exception ("!x") could unmatch a
// floor entry, so then the floor's own entries go last, without the floor's
// exceptions (stricter than either list, never looser).
std::vector<std::string> grown_globs(const std::vector<std::string>& floor, const std::vector<std::string>& repo,
                                     bool& floor_exceptions_dropped) {
  std::vector<std::string> out;
  floor_exceptions_dropped = false;
  if (!has_exception(repo)) {
    out = floor;
    // A repeated entry still counts after a floor exception that it overrides.
    if (has_exception(floor))
      out.insert(out.end(), repo.begin(), repo.end());
    else
      add_missing(out, repo);
    return out;
  }
  out = repo;
  for (const auto& glob : floor) {
    if (!glob.empty() && glob.front() == '!') {
      floor_exceptions_dropped = true;
      continue;
    }
    out.push_back(glob);
  }
  return out;
}

struct FloorMerge {
  const Policy& floor;
  Policy& out;

  // A value the floor holds at its default still comes from the floor, not
  // from the repository line that asked for another.
  void from_floor(const std::string& key) {
    auto it = floor.origins.find(key);
    out.origins[key] = (it != floor.origins.end() ? it->second : floor.source) + " (floor)";
  }
  void note(const std::string& text) { out.floor_notes.push_back(text); }

  void grow(const std::string& key, const std::vector<std::string>& floor_list, std::vector<std::string>& list) {
    if (floor_list.empty()) return;
    bool dropped = false;
    list = grown_globs(floor_list, list, dropped);
    if (dropped) note(key + ": the floor's exceptions do not apply under the repository's own exceptions");
  }

  void limit(const std::string& key, std::uint64_t floor_value, std::uint64_t& value) {
    const std::uint64_t merged = tighter(floor_value, value);
    if (merged != value) {
      note(key + " held at the floor's " + std::to_string(floor_value));
      value = merged;
      from_floor(key);
    }
  }

  // Rules in `floor_rules` keep the floor's pattern; the repository may only raise severity.
  template <class Rule, class KeyOf, class SameDefinition>
  void rules(const std::vector<Rule>& floor_rules, std::vector<Rule>& rules, const std::string& section,
             KeyOf key_of, SameDefinition same_definition) {
    for (const Rule& floor_rule : floor_rules) {
      auto it = std::find_if(rules.begin(), rules.end(), [&](const Rule& r) { return key_of(r) == key_of(floor_rule); });
      if (it == rules.end()) {
        rules.push_back(floor_rule);
        from_floor(section + "." + key_of(floor_rule));
        continue;
      }
      Rule merged = floor_rule;
      merged.severity = stricter(floor_rule.severity, it->severity);
      if (rank(it->severity) < rank(floor_rule.severity) || !same_definition(*it, floor_rule))
        note(section + "." + key_of(floor_rule) + " kept as the floor defines it");
      *it = merged;
      from_floor(section + "." + key_of(floor_rule));
    }
  }
};

}  // namespace

Policy apply_floor(const Policy& floor, const Policy& repo) {
  Policy out = repo;
  FloorMerge merge{floor, out};

  if (floor.secrets.enabled && !out.secrets.enabled) {
    merge.note("secrets.enabled kept on by the floor");
    out.secrets.enabled = true;
    merge.from_floor("secrets.enabled");
  }
  // Every allowlist weakens every secret rule, so only the floor's apply.
  auto floor_allowlist = [&](const char* key, std::vector<std::string>& repo_list, const std::vector<std::string>& floor_list) {
    if (repo_list == floor_list) return;
    merge.note(std::string("secrets.") + key + " of the repository ignored under the floor");
    repo_list = floor_list;
    merge.from_floor(std::string("secrets.") + key);
  };
  floor_allowlist("allow_paths", out.secrets.allow_paths, floor.secrets.allow_paths);
  floor_allowlist("allow_regexes", out.secrets.allow_regexes, floor.secrets.allow_regexes);
  floor_allowlist("allow_path_regexes", out.secrets.allow_path_regexes, floor.secrets.allow_path_regexes);
  floor_allowlist("stopwords", out.secrets.stopwords, floor.secrets.stopwords);
  if (out.secrets.allowlists != floor.secrets.allowlists) {
    merge.note("the repository's gitleaks global allowlists ignored under the floor");
    out.secrets.allowlists = floor.secrets.allowlists;
  }
  merge.rules(floor.secrets.rules, out.secrets.rules, "secrets.rules",
              [](const SecretRule& r) -> const std::string& { return r.id; },
              [](const SecretRule& a, const SecretRule& b) { return a.regex == b.regex; });

  merge.limit("limits.max_file_bytes", floor.limits.max_file_bytes, out.limits.max_file_bytes);
  merge.limit("limits.max_files_changed", floor.limits.max_files_changed, out.limits.max_files_changed);
  merge.limit("limits.max_lines_changed", floor.limits.max_lines_changed, out.limits.max_lines_changed);
  if (static_cast<int>(floor.limits.binary_files) > static_cast<int>(out.limits.binary_files)) {
    out.limits.binary_files = floor.limits.binary_files;
    merge.from_floor("limits.binary_files");
  }

  // Files the limits do not count: only those both lists exclude. The
  // repository keeps its exceptions and the floor's entries it repeats; the
  // floor's exceptions go last, where they win (the last match decides).
  if (out.limits.exclude_paths != floor.limits.exclude_paths) {
    const auto& floor_list = floor.limits.exclude_paths;
    std::vector<std::string> kept;
    for (const auto& glob : out.limits.exclude_paths)
      if (glob_is_exception(glob) || std::find(floor_list.begin(), floor_list.end(), glob) != floor_list.end())
        kept.push_back(glob);
    for (const auto& glob : floor_list)
      if (glob_is_exception(glob)) kept.push_back(glob);
    if (kept != out.limits.exclude_paths) {
      merge.note("limits.exclude_paths: only files the floor excludes too are not counted");
      out.limits.exclude_paths = std::move(kept);
      merge.from_floor("limits.exclude_paths");
    }
  }
  // The floor's threshold holds where the floor chose it or gates on it: its
  // default (any loss) under a rule that only warns is no choice, and would
  // undo a preset's tuned threshold for every repository under any floor.
  const bool floor_threshold = floor.origins.count("paths.tests_removed_min_lines") > 0 ||
                               rank(severity_of(floor, "change.tests-removed")) >= rank(Severity::gate);
  if (floor_threshold && std::max<std::uint64_t>(floor.paths.tests_removed_min_lines, 1) <
                             std::max<std::uint64_t>(out.paths.tests_removed_min_lines, 1)) {
    merge.note("paths.tests_removed_min_lines held at the floor's " + std::to_string(floor.paths.tests_removed_min_lines));
    out.paths.tests_removed_min_lines = floor.paths.tests_removed_min_lines;
    merge.from_floor("paths.tests_removed_min_lines");
  }

  merge.grow("paths.forbidden", floor.paths.forbidden, out.paths.forbidden);
  merge.grow("paths.protected", floor.paths.protected_paths, out.paths.protected_paths);
  merge.grow("paths.tests", floor.paths.tests, out.paths.tests);
  merge.rules(floor.content, out.content, "content", [](const ContentRule& r) -> const std::string& { return r.id; },
              [](const ContentRule& a, const ContentRule& b) {
                return a.regex == b.regex && a.paths == b.paths && a.exclude_paths == b.exclude_paths;
              });

  if (floor.message.format != MessageFormat::none &&
      (out.message.format != floor.message.format || out.message.pattern != floor.message.pattern)) {
    merge.note("message.format kept as the floor's");
    out.message.format = floor.message.format;
    out.message.pattern = floor.message.pattern;
    merge.from_floor("message.format");
  }
  // A floor that holds everyone's messages to a form keeps holding them.
  const bool floor_form_rules = floor.message.format != MessageFormat::none || floor.message.subject_max > 0 ||
                                floor.message.body_required_above_lines > 0 || !floor.message.required_sections.empty() ||
                                rank(severity_of(floor, "message.placeholder-subject")) >= rank(Severity::gate);
  if (floor.message.applies_to == MessageAppliesTo::everyone && floor_form_rules &&
      out.message.applies_to != MessageAppliesTo::everyone) {
    merge.note("message.applies_to kept as the floor's \"everyone\"");
    out.message.applies_to = MessageAppliesTo::everyone;
    merge.from_floor("message.applies_to");
  }
  // Allowed types and scopes: the repository may narrow the floor's lists.
  // An empty intersection would mean "any": then the floor's list stands.
  auto narrow = [&](const char* key, std::vector<std::string>& repo_list, const std::vector<std::string>& floor_list) {
    if (floor_list.empty()) return;
    std::vector<std::string> allowed;
    for (const auto& item : repo_list.empty() ? floor_list : repo_list)
      if (std::find(floor_list.begin(), floor_list.end(), item) != floor_list.end()) allowed.push_back(item);
    if (allowed.empty()) {
      merge.note(std::string("message.") + key + " of the repository share nothing with the floor's; the floor's apply");
      allowed = floor_list;
    }
    repo_list = allowed;
  };
  narrow("types", out.message.types, floor.message.types);
  narrow("scopes", out.message.scopes, floor.message.scopes);
  add_missing(out.message.placeholder_subjects, floor.message.placeholder_subjects);
  merge.limit("message.subject_max", floor.message.subject_max, out.message.subject_max);
  merge.limit("message.body_required_above_lines", floor.message.body_required_above_lines,
              out.message.body_required_above_lines);
  add_missing(out.message.required_trailers, floor.message.required_trailers);
  add_missing(out.message.forbidden_trailers, floor.message.forbidden_trailers);
  add_missing(out.message.required_sections, floor.message.required_sections);

  out.agents.require_approval = out.agents.require_approval || floor.agents.require_approval;
  add_missing(out.agents.required_trailers, floor.agents.required_trailers);
  add_missing(out.agents.markers, floor.agents.markers);

  merge.grow("branches.protected", floor.branches.protected_branches, out.branches.protected_branches);
  out.branches.no_direct_commit = out.branches.no_direct_commit || floor.branches.no_direct_commit;
  out.branches.no_force_push = out.branches.no_force_push || floor.branches.no_force_push;
  out.branches.no_delete = out.branches.no_delete || floor.branches.no_delete;
  out.branches.require_signed = out.branches.require_signed || floor.branches.require_signed;
  if (!floor.branches.name_pattern.empty()) out.branches.name_pattern = floor.branches.name_pattern;
  if (!floor.branches.gpg_keyring.empty()) out.branches.gpg_keyring = floor.branches.gpg_keyring;

  // Who may approve, and how, is the organisation's call.
  if (!floor.gates.approvers.empty() || floor.origins.count("gates.approval_trailer")) {
    out.gates.approval_trailer = floor.gates.approval_trailer;
    if (!floor.gates.approvers.empty()) out.gates.approvers = floor.gates.approvers;
  }
  // trailer < tty < signed: a floor's way of approving is the least a repository gets.
  if (floor.gates.mode == GateMode::signed_approval ||
      (floor.gates.mode == GateMode::tty && out.gates.mode == GateMode::trailer))
    out.gates.mode = floor.gates.mode;
  merge.limit("gates.max_lines_without_approval", floor.gates.max_lines_without_approval,
              out.gates.max_lines_without_approval);
  merge.limit("gates.max_files_without_approval", floor.gates.max_files_without_approval,
              out.gates.max_files_without_approval);

  merge.rules(floor.validators, out.validators, "validators",
              [](const ValidatorSpec& v) -> const std::string& { return v.name; },
              [](const ValidatorSpec& a, const ValidatorSpec& b) { return a.run == b.run; });
  out.telemetry.enabled = out.telemetry.enabled || floor.telemetry.enabled;

  for (const auto& [id, severity] : floor.severities) {
    auto it = out.severities.find(id);
    const Severity merged = it == out.severities.end() ? severity : stricter(severity, it->second);
    if (it != out.severities.end() && merged != it->second) merge.note("severity of " + id + " held at the floor's");
    out.severities[id] = merged;
  }
  // A repository may not lower a built-in rule below its default when the floor
  // left it at the default either.
  for (auto& [id, severity] : out.severities) {
    if (floor.severities.count(id)) continue;
    const Severity floor_effective = severity_of(floor, id);
    if (rank(severity) < rank(floor_effective)) {
      merge.note("severity of " + id + " held at the floor's " + to_string(floor_effective));
      severity = floor_effective;
    }
  }
  out.source = repo.source + " over the floor " + floor.source;
  return out;
}

}  // namespace agentops
