// gitleaks v8 configuration, as gitleaks reads it (config/config.go): [extend],
// [[rules]] with [rules.allowlist] or [[rules.allowlists]], path-only rules,
// and a global [allowlist] / [[allowlists]] (with targetRules). Every rule's
// regex is compiled here, as the scanner will compile it, so that anything RE2
// cannot run fails `policy validate` naming the rule, never a later check.
#include "policy/gitleaks_import.h"

#include <algorithm>

#include "policy/toml_guard.h"
#include "policy/toml_reader.h"
#include "rules/line_matcher.h"
#include "utf8.h"

namespace agentops::detail {
namespace {

Result<toml::table> parse(const PolicySource& source) {
  if (detail::first_invalid_utf8(source.text) != std::string::npos)
    return Error{source.name + ": not valid TOML in UTF-8 (a stray non-ASCII byte)"};
  if (auto problem = detail::toml_text_problem(source.text))
    return Error{source.name + ": invalid TOML at byte " + std::to_string(problem->offset) + ": " + problem->what};
  try {
    return toml::parse(source.text, source.name);
  } catch (const toml::parse_error& error) {
    const auto& where = error.source().begin;
    return Error{source.name + ":" + std::to_string(where.line) + ":" + std::to_string(where.column) +
                 ": invalid TOML: " + std::string(error.description())};
  }
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

// One allowlist table, as gitleaks' parseAllowlist reads it.
bool read_allowlist(TomlReader& reader, const toml::table& table, std::string_view section, bool global,
                    SecretAllowlist& out) {
  std::vector<std::string> known = {"description", "regexTarget", "regexes", "paths", "stopwords", "commits", "condition"};
  if (global) known.emplace_back("targetRules");
  if (!reader.check_keys(table, section, known)) return false;
  std::string target = "secret", condition = "OR";
  if (!(reader.read(table, "regexTarget", section, target) && reader.read(table, "condition", section, condition) &&
        reader.read(table, "commits", section, out.commits) &&
        reader.read(table, "targetRules", section, out.target_rules) &&
        reader.read_regexes(table, "regexes", section, out.regexes) &&
        reader.read_regexes(table, "paths", section, out.paths) && reader.read(table, "stopwords", section, out.stopwords)))
    return false;
  if (target == "secret" || target.empty()) out.regex_target = SecretAllowlist::Target::secret;
  else if (target == "match") out.regex_target = SecretAllowlist::Target::match;
  else if (target == "line") out.regex_target = SecretAllowlist::Target::line;
  else
    return reader.fail(table.get("regexTarget")->source(),
                       "gitleaks '" + std::string(section) + ".regexTarget' is \"" + target +
                           "\"; expected \"secret\", \"match\" or \"line\"");
  condition = upper(condition);
  if (condition == "AND" || condition == "&&") out.all = true;
  else if (condition == "OR" || condition == "||" || condition.empty()) out.all = false;
  else
    return reader.fail(table.get("condition")->source(), "gitleaks '" + std::string(section) + ".condition' is \"" +
                                                             condition + "\"; expected \"AND\" or \"OR\"");
  if (out.commits.empty() && out.paths.empty() && out.regexes.empty() && out.stopwords.empty())
    return reader.fail(table.source(), "gitleaks '" + std::string(section) +
                                           "' must hold at least one of commits, paths, regexes or stopwords");
  for (auto& commit : out.commits) commit = lower(commit);
  for (auto& stopword : out.stopwords) stopword = lower(stopword);
  return true;
}

// [allowlist] (one table, deprecated) or [[allowlists]] (many): never both.
bool read_allowlists(TomlReader& reader, const toml::table& table, std::string_view prefix, bool global,
                     std::vector<SecretAllowlist>& out) {
  const std::string single = prefix.empty() ? "allowlist" : std::string(prefix) + ".allowlist";
  const toml::table* allowlist = reader.table_at(table, "allowlist", prefix);
  const toml::array* allowlists = reader.tables_at(table, "allowlists", prefix);
  if (allowlist && allowlists)
    return reader.fail(allowlist->source(), "gitleaks [" + single + "] is deprecated and cannot be used alongside [[" +
                                                single + "s]]");
  if (allowlist) {
    out.emplace_back();
    if (!read_allowlist(reader, *allowlist, single, global, out.back())) return false;
  }
  if (allowlists)
    for (const toml::node& node : *allowlists) {
      out.emplace_back();
      if (!read_allowlist(reader, *node.as_table(), single + "s", global, out.back())) return false;
    }
  return !reader.failed();
}

bool read_rule(TomlReader& reader, const toml::table& table, SecretRule& rule) {
  const std::string_view section = "rules";
  if (!reader.check_keys(table, section,
                         {"id", "description", "regex", "secretGroup", "entropy", "keywords", "path", "tags",
                          "allowlist", "allowlists", "required", "skipReport"}))
    return false;
  std::int64_t group = 0;
  bool skip_report = false;
  std::vector<std::string> tags;
  if (!(reader.read(table, "id", section, rule.id) && reader.read(table, "description", section, rule.description) &&
        reader.read(table, "regex", section, rule.regex) && reader.read(table, "secretGroup", section, group) &&
        reader.read(table, "entropy", section, rule.min_entropy) &&
        reader.read(table, "keywords", section, rule.keywords) &&
        reader.read_regex(table, "path", section, rule.path_regex) && reader.read(table, "tags", section, tags) &&
        reader.read(table, "skipReport", section, skip_report)))
    return false;
  const bool valid_id = !rule.id.empty() && std::all_of(rule.id.begin(), rule.id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
  });
  if (!valid_id) return reader.fail(table.source(), "gitleaks rule needs an 'id' of lower-case letters, digits, '-', '_', '.'");
  const std::string what = "gitleaks rule '" + rule.id + "'";
  // Composite rules report a finding only with its companions nearby; agentops
  // would report each part alone, which is not what the file says.
  if (table.contains("required"))
    return reader.fail(table.get("required")->source(),
                       what + ": [[rules.required]] (a composite rule) is not supported by agentops; remove it, or "
                              "write the parts as separate rules");
  if (skip_report)
    return reader.fail(table.get("skipReport")->source(),
                       what + ": 'skipReport = true' only serves [[rules.required]], which agentops does not support");
  if (rule.regex.empty() && rule.path_regex.empty())
    return reader.fail(table.source(), what + ": both 'regex' and 'path' are empty, the rule would have no effect");
  if (group < 0) return reader.fail(table.get("secretGroup")->source(), what + ": 'secretGroup' must be 0 or more");
  if (!rule.regex.empty()) {
    // gitleaks matches each regex against the whole file: '\s' and '[^x]' cross line ends.
    // Compiled as the scanner will run it (and kept for it).
    auto regex = rules::shared_line_regex(rule.regex, what, /*across_lines=*/true);
    if (!regex) return reader.fail(table.get("regex")->source(), regex.error().message);
    if (group > (*regex)->NumberOfCapturingGroups())
      return reader.fail(table.get("secretGroup")->source(),
                         what + ": 'secretGroup' is " + std::to_string(group) + " but the regex has only " +
                             std::to_string((*regex)->NumberOfCapturingGroups()) + " groups");
  }
  rule.gitleaks = true;
  rule.multiline = true;
  rule.secret_group = group > 0 ? static_cast<int>(group) : SecretRule::kFirstGroup;
  for (auto& keyword : rule.keywords) keyword = lower(keyword);
  if (rule.description.empty()) rule.description = "secret matching gitleaks rule '" + rule.id + "'";
  return read_allowlists(reader, table, "rules", /*global=*/false, rule.allowlists);
}

bool is_imported(const SecretRule& rule) { return rule.gitleaks; }

}  // namespace

Status import_gitleaks(const PolicySource& source, SecretsPolicy& secrets) {
  auto document = parse(source);
  if (!document) return document.error();
  TomlReader reader(source.name);
  if (!reader.check_keys(*document, "",
                         {"title", "description", "minVersion", "extend", "rules", "allowlist", "allowlists"}))
    return reader.error();

  std::vector<std::string> disabled;
  bool extends_default = false;
  if (const toml::table* extend = reader.table_at(*document, "extend", "")) {
    bool use_default = false;
    std::string path, url;
    if (!(reader.check_keys(*extend, "extend", {"useDefault", "path", "url", "disabledRules"}) &&
          reader.read(*extend, "useDefault", "extend", use_default) && reader.read(*extend, "path", "extend", path) &&
          reader.read(*extend, "url", "extend", url) && reader.read(*extend, "disabledRules", "extend", disabled)))
      return reader.error();
    if (!path.empty() || !url.empty()) {
      const char* key = path.empty() ? "url" : "path";
      reader.fail(extend->get(key)->source(), std::string("gitleaks 'extend.") + key +
                                                  "' (chaining configs): agentops cannot honour it; list both files' "
                                                  "rules in one");
      return reader.error();
    }
    if (use_default && !secrets.builtin) {
      reader.fail(extend->get("useDefault")->source(),
                  "gitleaks 'extend.useDefault = true' with [secrets] builtin = false: agentops does not carry "
                  "gitleaks' default rules; import gitleaks' own config file, or set builtin = true so that "
                  "agentops' catalogue stands in for them");
      return reader.error();
    }
    extends_default = use_default;
    if (use_default)
      secrets.import_notes.push_back("extend.useDefault: agentops' built-in catalogue stands in for gitleaks' "
                                     "default rules");
    else if (!disabled.empty())
      // gitleaks (config.go extend) drops disabledRules from the config it
      // extends only; extending nothing, they switch nothing off.
      secrets.import_notes.push_back("extend.disabledRules ignored: the file extends nothing (no useDefault), as "
                                     "in gitleaks");
  }

  std::vector<SecretRule> imported;
  if (const toml::array* rules = reader.tables_at(*document, "rules", "")) {
    for (const toml::node& node : *rules) {
      SecretRule rule;
      if (!read_rule(reader, *node.as_table(), rule)) return reader.error();
      auto same = std::find_if(imported.begin(), imported.end(), [&](const SecretRule& r) { return r.id == rule.id; });
      if (same != imported.end())
        *same = std::move(rule);  // gitleaks keeps the last rule of an id
      else
        imported.push_back(std::move(rule));
    }
  }

  std::vector<SecretAllowlist> global;
  if (!read_allowlists(reader, *document, "", /*global=*/true, global)) return reader.error();
  for (const auto& allowlist : global)
    for (const auto& target : allowlist.target_rules)
      if (std::none_of(imported.begin(), imported.end(), [&](const SecretRule& r) { return r.id == target; })) {
        reader.fail(document->source(), "gitleaks [[allowlists]] targetRules names '" + target +
                                            "', which is no rule of this file");
        return reader.error();
      }

  // disabledRules switch off the rules the file extends: agentops' catalogue.
  for (auto& rule : secrets.rules)
    if (extends_default && !is_imported(rule) &&
        std::find(disabled.begin(), disabled.end(), rule.id) != disabled.end()) {
      rule.severity = Severity::off;
      secrets.import_notes.push_back("extend.disabledRules: rule '" + rule.id + "' switched off");
    }

  const size_t imported_count = imported.size();
  // An imported rule never replaces a rule agentops already has: both run, the
  // imported one under "gitleaks.<id>" and as a fallback (reported where the
  // other did not find the same value on the same line).
  std::vector<std::string> overlapping;
  std::vector<std::string> imported_ids;  // the rules below are moved out one by one
  for (const auto& rule : imported) imported_ids.push_back(rule.id);
  for (auto& rule : imported) {
    auto existing = std::find_if(secrets.rules.begin(), secrets.rules.end(),
                                 [&](const SecretRule& r) { return r.id == rule.id; });
    if (existing != secrets.rules.end() && !is_imported(*existing)) {
      const std::string renamed = "gitleaks." + rule.id;
      // The renamed rule must not take the place of another rule of this file.
      if (std::find(imported_ids.begin(), imported_ids.end(), renamed) != imported_ids.end()) {
        reader.fail(document->source(), "gitleaks rule '" + rule.id + "' shares its id with a rule agentops already "
                                        "has and is imported as '" + renamed + "', the id of another rule of this "
                                        "file; rename one of them");
        return reader.error();
      }
      for (auto& allowlist : global)
        std::replace(allowlist.target_rules.begin(), allowlist.target_rules.end(), rule.id, renamed);
      overlapping.push_back(rule.id);
      rule.id = renamed;
      rule.fallback = true;
      existing = std::find_if(secrets.rules.begin(), secrets.rules.end(),
                              [&](const SecretRule& r) { return r.id == renamed; });
    }
    if (existing != secrets.rules.end())
      *existing = std::move(rule);  // a gitleaks rule imported before (by a file this policy extends)
    else
      secrets.rules.push_back(std::move(rule));
  }
  secrets.import_notes.push_back(std::to_string(imported_count) + " gitleaks rule(s) imported from " + source.name +
                                 "; its global allowlists apply to them, not to agentops' own rules");
  if (!overlapping.empty()) {
    std::string ids;
    for (const auto& id : overlapping) ids += (ids.empty() ? "" : ", ") + id;
    secrets.import_notes.push_back(
        std::to_string(overlapping.size()) + " imported gitleaks rule(s) share an id with a rule agentops already has (" +
        ids + "): both run; the imported one reports as secret.gitleaks.<id>, where the other did not report the "
              "same value on the same line");
  }
  secrets.allowlists.insert(secrets.allowlists.end(), global.begin(), global.end());
  if (reader.failed()) return reader.error();
  return Ok{};
}

}  // namespace agentops::detail
