// gitleaks v8 configuration: [extend], [[rules]] with [rules.allowlist] or
// [[rules.allowlists]], and a global [allowlist] / [[allowlists]].
#include "policy/gitleaks_import.h"

#include <algorithm>

#include "policy/toml_guard.h"
#include "policy/toml_reader.h"
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

// What one gitleaks allowlist says, as agentops can express it.
struct Allowlist {
  std::vector<std::string> regexes, match_regexes, paths, stopwords;
};

bool read_allowlist(TomlReader& reader, const toml::table& table, std::string_view section, Allowlist& out) {
  if (!reader.check_keys(table, section,
                         {"description", "regexTarget", "regexes", "paths", "stopwords", "commits", "condition",
                          "targetRules"}))
    return false;
  std::string target = "secret", condition = "OR";
  std::vector<std::string> commits, target_rules, regexes, paths, stopwords;
  if (!(reader.read(table, "regexTarget", section, target) && reader.read(table, "condition", section, condition) &&
        reader.read(table, "commits", section, commits) && reader.read(table, "targetRules", section, target_rules) &&
        reader.read_regexes(table, "regexes", section, regexes) && reader.read_regexes(table, "paths", section, paths) &&
        reader.read(table, "stopwords", section, stopwords)))
    return false;
  auto refuse = [&](const char* key, const std::string& why) {
    return reader.fail(table.get(key)->source(), "gitleaks '" + std::string(section) + "." + key + "': " + why +
                                                     "; agentops cannot honour it (remove it, or express it in "
                                                     ".agentops/policy.toml)");
  };
  if (target != "secret" && target != "match")
    return refuse("regexTarget", "\"" + target + "\" (\"secret\" and \"match\" are supported)");
  if (!commits.empty()) return refuse("commits", "allowlisting commits by id");
  if (!target_rules.empty()) return refuse("targetRules", "a global allowlist for some rules only");
  const int criteria = !regexes.empty() + !paths.empty() + !stopwords.empty();
  if (condition == "AND" && criteria > 1) return refuse("condition", "\"AND\" across regexes, paths and stopwords");
  if (condition != "AND" && condition != "OR") return refuse("condition", "\"" + condition + "\"");
  auto& regex_list = target == "match" ? out.match_regexes : out.regexes;
  regex_list.insert(regex_list.end(), regexes.begin(), regexes.end());
  out.paths.insert(out.paths.end(), paths.begin(), paths.end());
  out.stopwords.insert(out.stopwords.end(), stopwords.begin(), stopwords.end());
  return true;
}

// [allowlist] (one table) and [[allowlists]] (many), at `key` and key + "s".
bool read_allowlists(TomlReader& reader, const toml::table& table, std::string_view prefix, Allowlist& out) {
  const std::string single = prefix.empty() ? "allowlist" : std::string(prefix) + ".allowlist";
  if (const toml::table* allowlist = reader.table_at(table, "allowlist", prefix))
    if (!read_allowlist(reader, *allowlist, single, out)) return false;
  if (const toml::array* allowlists = reader.tables_at(table, "allowlists", prefix))
    for (const toml::node& node : *allowlists)
      if (!read_allowlist(reader, *node.as_table(), single + "s", out)) return false;
  return !reader.failed();
}

bool read_rule(TomlReader& reader, const toml::table& table, SecretRule& rule) {
  const std::string_view section = "rules";
  if (!reader.check_keys(table, section,
                         {"id", "description", "regex", "secretGroup", "entropy", "keywords", "path", "tags",
                          "allowlist", "allowlists"}))
    return false;
  std::int64_t group = 0;
  std::vector<std::string> tags;
  if (!(reader.read(table, "id", section, rule.id) && reader.read(table, "description", section, rule.description) &&
        reader.read_regex(table, "regex", section, rule.regex) && reader.read(table, "secretGroup", section, group) &&
        reader.read(table, "entropy", section, rule.min_entropy) &&
        reader.read(table, "keywords", section, rule.keywords) &&
        reader.read_regex(table, "path", section, rule.path_regex) && reader.read(table, "tags", section, tags)))
    return false;
  const bool valid_id = !rule.id.empty() && std::all_of(rule.id.begin(), rule.id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
  });
  if (!valid_id) return reader.fail(table.source(), "gitleaks rule needs an 'id' of lower-case letters, digits, '-', '_', '.'");
  if (rule.regex.empty())
    return reader.fail(table.source(), "gitleaks rule '" + rule.id +
                                           "' matches files by path only; agentops cannot honour it here: "
                                           "add the path to [paths] forbidden instead");
  if (group < 0 || group > 9) return reader.fail(table.get("secretGroup")->source(), "'secretGroup' must be 0..9");
  rule.secret_group = static_cast<int>(group);
  for (auto& keyword : rule.keywords)
    std::transform(keyword.begin(), keyword.end(), keyword.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (rule.description.empty()) rule.description = "secret matching gitleaks rule '" + rule.id + "'";
  Allowlist allowlist;
  if (!read_allowlists(reader, table, "rules", allowlist)) return false;
  rule.allow_regexes = allowlist.regexes;
  rule.allow_match_regexes = allowlist.match_regexes;
  rule.exclude_path_regexes = allowlist.paths;
  rule.stopwords = allowlist.stopwords;
  return true;
}

}  // namespace

Status import_gitleaks(const PolicySource& source, SecretsPolicy& secrets) {
  auto document = parse(source);
  if (!document) return document.error();
  TomlReader reader(source.name);
  if (!reader.check_keys(*document, "", {"title", "minVersion", "extend", "rules", "allowlist", "allowlists"}))
    return reader.error();

  if (const toml::table* extend = reader.table_at(*document, "extend", "")) {
    bool use_default = false;
    std::string path;
    std::vector<std::string> disabled;
    if (!(reader.check_keys(*extend, "extend", {"useDefault", "path", "disabledRules"}) &&
          reader.read(*extend, "useDefault", "extend", use_default) && reader.read(*extend, "path", "extend", path) &&
          reader.read(*extend, "disabledRules", "extend", disabled)))
      return reader.error();
    // useDefault: agentops' own catalogue stands in for gitleaks' defaults.
    if (!path.empty()) {
      reader.fail(extend->get("path")->source(),
                  "gitleaks 'extend.path' (chaining configs): agentops cannot honour it; list both files' rules in one");
      return reader.error();
    }
    for (auto& rule : secrets.rules)
      if (std::find(disabled.begin(), disabled.end(), rule.id) != disabled.end()) rule.severity = Severity::off;
  }

  if (const toml::array* rules = reader.tables_at(*document, "rules", "")) {
    for (const toml::node& node : *rules) {
      SecretRule rule;
      if (!read_rule(reader, *node.as_table(), rule)) return reader.error();
      auto existing = std::find_if(secrets.rules.begin(), secrets.rules.end(),
                                   [&](const SecretRule& r) { return r.id == rule.id; });
      if (existing != secrets.rules.end())
        *existing = std::move(rule);
      else
        secrets.rules.push_back(std::move(rule));
    }
  }
  Allowlist global;
  if (!read_allowlists(reader, *document, "", global)) return reader.error();
  if (!global.match_regexes.empty()) {
    reader.fail(document->source(), "gitleaks global allowlist with regexTarget = \"match\": agentops cannot honour "
                                    "it (move it into the rules' own allowlists)");
    return reader.error();
  }
  secrets.allow_regexes.insert(secrets.allow_regexes.end(), global.regexes.begin(), global.regexes.end());
  secrets.allow_path_regexes.insert(secrets.allow_path_regexes.end(), global.paths.begin(), global.paths.end());
  secrets.stopwords.insert(secrets.stopwords.end(), global.stopwords.begin(), global.stopwords.end());
  if (reader.failed()) return reader.error();
  return Ok{};
}

}  // namespace agentops::detail
