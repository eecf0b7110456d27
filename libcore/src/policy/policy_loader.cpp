// Loads policy documents: parse with toml++, resolve `extends` (presets first,
// in order), then lay the document's own values over them. Scalars and plain
// arrays replace what the base set; [[secrets.rules]] merge by id.
#include <algorithm>
#include <mutex>

#include "agentops/policy.h"
#include "policy/embedded_files.h"
#include "policy/toml_reader.h"

namespace agentops {
namespace {

using detail::TomlReader;

// Sources compiled into the binary are named "builtin:<name>".
constexpr std::string_view kBuiltinPrefix = "builtin:";

const detail::EmbeddedFile* find_embedded(std::string_view name) {
  for (const auto& file : detail::embedded_policy_files())
    if (name == file.name) return &file;
  return nullptr;
}

Result<toml::table> parse_document(const PolicySource& source) {
  try {
    return toml::parse(source.text, source.name);
  } catch (const toml::parse_error& error) {
    const auto& where = error.source().begin;
    return Error{source.name + ":" + std::to_string(where.line) + ":" +
                 std::to_string(where.column) + ": invalid TOML: " +
                 std::string(error.description())};
  }
}

bool valid_rule_id(std::string_view id) {
  if (id.empty()) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
  });
}

// Reads one secret rule table; `base` holds the values of a rule with the same id.
bool read_secret_rule(TomlReader& reader, const toml::table& table, std::string_view section,
                      SecretRule& rule) {
  if (!reader.check_keys(table, section,
                         {"id", "description", "regex", "keywords", "secret_group", "entropy",
                          "severity", "hint"}))
    return false;
  std::int64_t group = rule.secret_group;
  if (!(reader.read(table, "description", section, rule.description) &&
        reader.read_regex(table, "regex", section, rule.regex) &&
        reader.read(table, "keywords", section, rule.keywords) &&
        reader.read(table, "secret_group", section, group) &&
        reader.read(table, "entropy", section, rule.min_entropy) &&
        reader.read(table, "severity", section, rule.severity) &&
        reader.read(table, "hint", section, rule.hint)))
    return false;
  if (group < 0 || group > 9)
    return reader.fail(table.source(), "'" + std::string(section) + ".secret_group' must be 0..9");
  rule.secret_group = static_cast<int>(group);
  if (rule.regex.empty())
    return reader.fail(table.source(), "secret rule '" + rule.id + "' has no 'regex'");
  if (rule.description.empty()) rule.description = "secret matching rule '" + rule.id + "'";
  return true;
}

// Applies an array of rule tables ([[rules]] or [[secrets.rules]]) onto `rules`.
bool apply_secret_rules(TomlReader& reader, const toml::array& tables, std::string_view section,
                        std::vector<SecretRule>& rules) {
  for (const toml::node& node : tables) {
    const toml::table& table = *node.as_table();
    std::string id;
    if (!reader.read(table, "id", section, id)) return false;
    if (!valid_rule_id(id))
      return reader.fail(table.source(), "every rule in [[" + std::string(section) +
                                             "]] needs an 'id' of lower-case letters, digits, '-', '_' or '.'");
    auto existing = std::find_if(rules.begin(), rules.end(),
                                 [&](const SecretRule& rule) { return rule.id == id; });
    SecretRule rule = existing != rules.end() ? *existing : SecretRule{};
    rule.id = id;
    if (!read_secret_rule(reader, table, section, rule)) return false;
    if (existing != rules.end())
      *existing = std::move(rule);
    else
      rules.push_back(std::move(rule));
  }
  return true;
}

bool apply_secrets(TomlReader& reader, const toml::table& table, SecretsPolicy& secrets) {
  const std::string_view section = "secrets";
  if (!reader.check_keys(table, section, {"enabled", "allow_paths", "rules"})) return false;
  if (!(reader.read(table, "enabled", section, secrets.enabled) &&
        reader.read_globs(table, "allow_paths", section, secrets.allow_paths)))
    return false;
  if (const toml::array* rules = reader.tables_at(table, "rules", section))
    return apply_secret_rules(reader, *rules, "secrets.rules", secrets.rules);
  return !reader.failed();
}

bool apply_limits(TomlReader& reader, const toml::table& table, LimitsPolicy& limits) {
  const std::string_view section = "limits";
  if (!reader.check_keys(table, section, {"max_file_bytes"})) return false;
  return reader.read(table, "max_file_bytes", section, limits.max_file_bytes);
}

// The catalogue of secret formats shipped in policies/catalogue/secrets.toml.
Result<std::vector<SecretRule>> load_secret_catalogue() {
  const detail::EmbeddedFile* file = find_embedded("catalogue/secrets");
  if (!file) return Error{"the built-in secret catalogue is missing from this build"};
  PolicySource source{"builtin:catalogue/secrets", file->text};
  auto document = parse_document(source);
  if (!document) return document.error();
  TomlReader reader(source.name, /*trusted=*/true);
  std::vector<SecretRule> rules;
  if (!reader.check_keys(*document, "", {"rules"})) return reader.error();
  if (const toml::array* tables = reader.tables_at(*document, "rules", ""))
    apply_secret_rules(reader, *tables, "rules", rules);
  if (reader.failed()) return reader.error();
  return rules;
}

// The policy every document starts from: the secret catalogue on, default limits.
Result<Policy> default_policy() {
  static std::once_flag once;
  static std::optional<Result<Policy>> cached;
  std::call_once(once, [] {
    auto catalogue = load_secret_catalogue();
    if (!catalogue) {
      cached.emplace(catalogue.error());
      return;
    }
    Policy policy;
    policy.secrets.rules = std::move(*catalogue);
    cached.emplace(std::move(policy));
  });
  return *cached;
}

Status apply_document(const PolicySource& source, Policy& policy,
                      std::vector<std::string>& extends_chain);

Status apply_preset(std::string_view name, const toml::node& where, TomlReader& reader,
                    Policy& policy, std::vector<std::string>& extends_chain) {
  const detail::EmbeddedFile* file =
      std::string_view(name).find('/') == std::string_view::npos ? find_embedded(name) : nullptr;
  if (!file) {
    std::string known;
    for (const auto& preset : preset_names()) known += (known.empty() ? "" : ", ") + preset;
    reader.fail(where.source(), "unknown preset \"" + std::string(name) + "\" in 'extends'; presets: " + known);
    return reader.error();
  }
  const std::string preset_source = "builtin:" + std::string(name);
  if (std::find(extends_chain.begin(), extends_chain.end(), preset_source) != extends_chain.end()) {
    reader.fail(where.source(), "'extends' forms a cycle through \"" + std::string(name) + "\"");
    return reader.error();
  }
  return apply_document(PolicySource{preset_source, file->text}, policy, extends_chain);
}

Status apply_document(const PolicySource& source, Policy& policy,
                      std::vector<std::string>& extends_chain) {
  auto document = parse_document(source);
  if (!document) return document.error();
  TomlReader reader(source.name, /*trusted=*/source.name.starts_with(kBuiltinPrefix));
  if (!reader.check_keys(*document, "", {"version", "extends", "secrets", "limits"}))
    return reader.error();

  std::int64_t version = 1;
  if (!reader.read(*document, "version", "", version)) return reader.error();
  if (version != 1) {
    reader.fail(document->get("version")->source(),
                "'version' is " + std::to_string(version) + "; this agentops reads version 1");
    return reader.error();
  }

  std::vector<std::string> extends;
  if (!reader.read(*document, "extends", "", extends)) return reader.error();
  extends_chain.push_back(source.name);
  for (size_t i = 0; i < extends.size(); ++i) {
    const toml::node& where = (*document->get_as<toml::array>("extends"))[i];
    if (auto applied = apply_preset(extends[i], where, reader, policy, extends_chain); !applied)
      return applied.error();
  }
  extends_chain.pop_back();

  if (const toml::table* secrets = reader.table_at(*document, "secrets", ""))
    apply_secrets(reader, *secrets, policy.secrets);
  if (const toml::table* limits = reader.table_at(*document, "limits", ""))
    apply_limits(reader, *limits, policy.limits);
  if (reader.failed()) return reader.error();
  return Ok{};
}

}  // namespace

Result<Policy> load_policy(const PolicySource& source) {
  auto base = default_policy();
  if (!base) return base.error();
  Policy policy = *base;
  std::vector<std::string> extends_chain;
  if (auto applied = apply_document(source, policy, extends_chain); !applied)
    return applied.error();
  policy.source = source.name;
  return policy;
}

Result<Policy> load_preset(std::string_view name) {
  const detail::EmbeddedFile* file = find_embedded(name);
  if (!file || std::string_view(name).find('/') != std::string_view::npos)
    return Error{"unknown preset \"" + std::string(name) + "\""};
  return load_policy(PolicySource{"builtin:" + std::string(name), file->text});
}

std::vector<std::string> preset_names() {
  std::vector<std::string> names;
  for (const auto& file : detail::embedded_policy_files())
    if (std::string_view(file.name).find('/') == std::string_view::npos) names.emplace_back(file.name);
  return names;
}

}  // namespace agentops
