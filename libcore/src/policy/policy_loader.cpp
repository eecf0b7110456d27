// Loads policy documents: parse with toml++, resolve `extends` (presets and
// relative files, in order), then lay the document's own values over them.
// Scalars and plain arrays replace what the base set; tables in arrays
// ([[secrets.rules]], [[content]], [[validators]]) merge by id.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "agentops/policy.h"
#include "agentops/rules.h"
#include "policy/builtin_catalogue.h"
#include "policy/embedded_files.h"
#include "policy/gitleaks_import.h"
#include "policy/toml_guard.h"
#include "policy/toml_reader.h"
#include "agentops/message.h"
#include "utf8.h"

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
  // TOML is UTF-8, and toml++ must never see anything else (invalid bytes
  // reach undefined behaviour inside it).
  auto at = [&](size_t offset) {
    const std::string_view before = std::string_view(source.text).substr(0, offset);
    const size_t line = 1 + static_cast<size_t>(std::count(before.begin(), before.end(), '\n'));
    const size_t column = offset - (before.rfind('\n') == std::string_view::npos ? 0 : before.rfind('\n') + 1) + 1;
    return source.name + ":" + std::to_string(line) + ":" + std::to_string(column);
  };
  if (const size_t bad = detail::first_invalid_utf8(source.text); bad != std::string::npos)
    return Error{at(bad) + ": not valid UTF-8 (a policy file is UTF-8 text)"};
  if (auto problem = detail::toml_text_problem(source.text)) return Error{at(problem->offset) + ": invalid TOML: " + problem->what};
  try {
    return toml::parse(source.text, source.name);
  } catch (const toml::parse_error& error) {
    const auto& where = error.source().begin;
    return Error{source.name + ":" + std::to_string(where.line) + ":" +
                 std::to_string(where.column) + ": invalid TOML: " +
                 std::string(error.description())};
  }
}

bool valid_id(std::string_view id) {
  if (id.empty()) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
  });
}

// Applies each table of an array of tables onto `items`, merging by `key_name`.
// `read_item` reads one table into an item that starts as the existing one.
template <class Item, class KeyOf, class ReadItem>
bool apply_tables(TomlReader& reader, const toml::array& tables, std::string_view section,
                  std::string_view key_name, std::vector<Item>& items, KeyOf key_of,
                  ReadItem read_item) {
  for (const toml::node& node : tables) {
    const toml::table& table = *node.as_table();
    std::string id;
    if (!reader.read(table, key_name, section, id)) return false;
    if (!valid_id(id))
      return reader.fail(table.source(), "every [[" + std::string(section) + "]] needs the key '" +
                                             std::string(key_name) +
                                             "' of lower-case letters, digits, '-', '_' or '.'");
    auto existing = std::find_if(items.begin(), items.end(), [&](Item& item) { return key_of(item) == id; });
    Item item = existing != items.end() ? *existing : Item{};
    key_of(item) = id;
    if (!read_item(table, item)) return false;
    reader.record(std::string(section) + "." + id, table);
    if (existing != items.end())
      *existing = std::move(item);
    else
      items.push_back(std::move(item));
  }
  return true;
}

bool apply_secret_rules(TomlReader& reader, const toml::array& tables, std::string_view section,
                        std::vector<SecretRule>& rules) {
  return apply_tables(
      reader, tables, section, "id", rules, [](SecretRule& rule) -> std::string& { return rule.id; },
      [&](const toml::table& table, SecretRule& rule) {
        if (!reader.check_keys(table, section,
                               {"id", "description", "regex", "keywords", "secret_group", "entropy",
                                "require_digit", "paths", "allow_regexes", "allow_match_regexes", "fallback", "severity", "hint"}))
          return false;
        std::int64_t group = rule.secret_group;
        if (!(reader.read(table, "description", section, rule.description) &&
              reader.read_regex(table, "regex", section, rule.regex) &&
              reader.read(table, "keywords", section, rule.keywords) &&
              reader.read(table, "secret_group", section, group) &&
              reader.read(table, "entropy", section, rule.min_entropy) &&
              reader.read(table, "require_digit", section, rule.require_digit) &&
              reader.read_globs(table, "paths", section, rule.paths) &&
              reader.read_regexes(table, "allow_regexes", section, rule.allow_regexes) &&
              reader.read_regexes(table, "allow_match_regexes", section, rule.allow_match_regexes) &&
              reader.read(table, "fallback", section, rule.fallback) &&
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
      });
}

bool apply_secrets(TomlReader& reader, const toml::table& table, const PolicySource& source, SecretsPolicy& secrets) {
  const std::string_view section = "secrets";
  if (!reader.check_keys(table, section,
                         {"enabled", "allow_paths", "allow_regexes", "stopwords", "gitleaks_config", "rules"}))
    return false;
  if (!(reader.read(table, "enabled", section, secrets.enabled) &&
        reader.read_globs(table, "allow_paths", section, secrets.allow_paths) &&
        reader.read_regexes(table, "allow_regexes", section, secrets.allow_regexes) &&
        reader.read(table, "stopwords", section, secrets.stopwords) &&
        reader.read(table, "gitleaks_config", section, secrets.gitleaks_config)))
    return false;
  if (const toml::node* gitleaks = table.get("gitleaks_config")) {
    // Read like a relative `extends` entry: from the same snapshot as this policy.
    if (!source.read_relative)
      return reader.fail(gitleaks->source(), "'secrets.gitleaks_config' names a file, but " + source.name +
                                                 " cannot read files");
    auto file = source.read_relative(secrets.gitleaks_config);
    if (!file) return reader.fail(gitleaks->source(), "cannot read the gitleaks config \"" + secrets.gitleaks_config +
                                                          "\": " + file.error().message);
    if (auto imported = detail::import_gitleaks(*file, secrets); !imported) {
      reader.fail(gitleaks->source(), "in the gitleaks config it names: " + imported.error().message);
      return false;
    }
  }
  if (const toml::array* rules = reader.tables_at(table, "rules", section))
    return apply_secret_rules(reader, *rules, "secrets.rules", secrets.rules);
  return !reader.failed();
}

bool apply_limits(TomlReader& reader, const toml::table& table, LimitsPolicy& limits) {
  const std::string_view section = "limits";
  return reader.check_keys(table, section,
                           {"max_file_bytes", "max_files_changed", "max_lines_changed", "binary_files",
                            "exclude_paths"}) &&
         reader.read_globs(table, "exclude_paths", section, limits.exclude_paths) &&
         reader.read(table, "max_file_bytes", section, limits.max_file_bytes) &&
         reader.read(table, "max_files_changed", section, limits.max_files_changed) &&
         reader.read(table, "max_lines_changed", section, limits.max_lines_changed) &&
         reader.read_enum(table, "binary_files", section,
                          {{"allow", BinaryFiles::allow}, {"warn", BinaryFiles::warn}, {"block", BinaryFiles::block}},
                          limits.binary_files);
}

bool apply_paths(TomlReader& reader, const toml::table& table, PathsPolicy& paths) {
  const std::string_view section = "paths";
  return reader.check_keys(table, section, {"forbidden", "protected", "tests", "tests_removed_min_lines"}) &&
         reader.read(table, "tests_removed_min_lines", section, paths.tests_removed_min_lines) &&
         reader.read_globs(table, "forbidden", section, paths.forbidden) &&
         reader.read_globs(table, "protected", section, paths.protected_paths) &&
         reader.read_globs(table, "tests", section, paths.tests);
}

bool apply_content(TomlReader& reader, const toml::array& tables, std::vector<ContentRule>& rules) {
  const std::string_view section = "content";
  return apply_tables(
      reader, tables, section, "id", rules, [](ContentRule& rule) -> std::string& { return rule.id; },
      [&](const toml::table& table, ContentRule& rule) {
        if (!reader.check_keys(table, section,
                               {"id", "regex", "paths", "exclude_paths", "severity", "message", "hint"}))
          return false;
        if (!(reader.read_regex(table, "regex", section, rule.regex) &&
              reader.read_globs(table, "paths", section, rule.paths) &&
              reader.read_globs(table, "exclude_paths", section, rule.exclude_paths) &&
              reader.read(table, "severity", section, rule.severity) &&
              reader.read(table, "message", section, rule.message) &&
              reader.read(table, "hint", section, rule.hint)))
          return false;
        if (rule.regex.empty())
          return reader.fail(table.source(), "content rule '" + rule.id + "' has no 'regex'");
        return true;
      });
}

bool apply_message(TomlReader& reader, const toml::table& table, MessagePolicy& message) {
  const std::string_view section = "message";
  if (!(reader.check_keys(table, section,
                          {"format", "applies_to", "pattern", "types", "scopes", "subject_max",
                           "body_required_above_lines", "required_trailers", "forbidden_trailers",
                           "required_sections", "placeholder_subjects"}) &&
        reader.read_enum(table, "format", section,
                         {{"none", MessageFormat::none},
                          {"conventional", MessageFormat::conventional},
                          {"regex", MessageFormat::regex}},
                         message.format) &&
        reader.read_enum(table, "applies_to", section,
                         {{"everyone", MessageAppliesTo::everyone}, {"agents", MessageAppliesTo::agents}},
                         message.applies_to) &&
        reader.read_regex(table, "pattern", section, message.pattern) &&
        reader.read(table, "types", section, message.types) &&
        reader.read(table, "scopes", section, message.scopes) &&
        reader.read(table, "subject_max", section, message.subject_max) &&
        reader.read(table, "body_required_above_lines", section, message.body_required_above_lines) &&
        reader.read(table, "required_trailers", section, message.required_trailers) &&
        reader.read(table, "forbidden_trailers", section, message.forbidden_trailers) &&
        reader.read(table, "required_sections", section, message.required_sections) &&
        reader.read(table, "placeholder_subjects", section, message.placeholder_subjects)))
    return false;
  for (const char* key : {"required_trailers", "forbidden_trailers"}) {
    const std::vector<std::string>& entries =
        std::string_view(key) == "required_trailers" ? message.required_trailers : message.forbidden_trailers;
    for (size_t i = 0; i < entries.size(); ++i) {
      if (auto problem = trailer_rule_error(entries[i]))
        return reader.fail((*table.get_as<toml::array>(key))[i].source(),
                           "'message." + std::string(key) + "' entry \"" + entries[i] + "\": " + *problem);
    }
  }
  if (message.format == MessageFormat::regex && message.pattern.empty())
    return reader.fail(table.source(), "[message] format = \"regex\" needs a 'pattern'");
  return true;
}

bool apply_agents(TomlReader& reader, const toml::table& table, AgentsPolicy& agents) {
  const std::string_view section = "agents";
  return reader.check_keys(table, section, {"markers", "required_trailers", "require_approval"}) &&
         reader.read_regexes(table, "markers", section, agents.markers) &&
         reader.read(table, "required_trailers", section, agents.required_trailers) &&
         reader.read(table, "require_approval", section, agents.require_approval);
}

bool apply_branches(TomlReader& reader, const toml::table& table, BranchesPolicy& branches) {
  const std::string_view section = "branches";
  return reader.check_keys(table, section,
                           {"protected", "no_direct_commit", "no_force_push", "no_delete",
                            "name_pattern", "require_signed"}) &&
         reader.read_globs(table, "protected", section, branches.protected_branches) &&
         reader.read(table, "no_direct_commit", section, branches.no_direct_commit) &&
         reader.read(table, "no_force_push", section, branches.no_force_push) &&
         reader.read(table, "no_delete", section, branches.no_delete) &&
         reader.read_regex(table, "name_pattern", section, branches.name_pattern) &&
         reader.read(table, "require_signed", section, branches.require_signed);
}

bool apply_gates(TomlReader& reader, const toml::table& table, GatesPolicy& gates) {
  const std::string_view section = "gates";
  if (!(reader.check_keys(table, section,
                          {"approval_trailer", "approvers", "mode", "max_lines_without_approval",
                           "max_files_without_approval"}) &&
        reader.read(table, "approval_trailer", section, gates.approval_trailer) &&
        reader.read(table, "approvers", section, gates.approvers) &&
        reader.read_enum(table, "mode", section, {{"trailer", GateMode::trailer}, {"tty", GateMode::tty}},
                         gates.mode) &&
        reader.read(table, "max_lines_without_approval", section, gates.max_lines_without_approval) &&
        reader.read(table, "max_files_without_approval", section, gates.max_files_without_approval)))
    return false;
  const bool token = !gates.approval_trailer.empty() &&
                     std::all_of(gates.approval_trailer.begin(), gates.approval_trailer.end(), [](char c) {
                       return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
                     });
  if (!token)
    return reader.fail(table.get("approval_trailer")->source(),
                       "'gates.approval_trailer' must be a trailer name of letters, digits and '-'");
  return true;
}

bool apply_validators(TomlReader& reader, const toml::array& tables, std::vector<ValidatorSpec>& validators) {
  const std::string_view section = "validators";
  return apply_tables(
      reader, tables, section, "name", validators,
      [](ValidatorSpec& validator) -> std::string& { return validator.name; },
      [&](const toml::table& table, ValidatorSpec& validator) {
        if (!(reader.check_keys(table, section, {"name", "run", "files", "timeout_s", "severity"}) &&
              reader.read(table, "run", section, validator.run) &&
              reader.read_globs(table, "files", section, validator.files) &&
              reader.read(table, "timeout_s", section, validator.timeout_s) &&
              reader.read(table, "severity", section, validator.severity)))
          return false;
        if (validator.run.empty())
          return reader.fail(table.source(), "validator '" + validator.name +
                                                 "' needs 'run', the command as an array: [\"make\", \"lint\"]");
        if (validator.timeout_s == 0 || validator.timeout_s > 86400)
          return reader.fail(table.source(), "validator '" + validator.name + "': 'timeout_s' must be 1..86400");
        return true;
      });
}

bool apply_telemetry(TomlReader& reader, const toml::table& table, TelemetryPolicy& telemetry) {
  return reader.check_keys(table, "telemetry", {"enabled"}) &&
         reader.read(table, "enabled", "telemetry", telemetry.enabled);
}

// [severity]: "rule.id" = "warn" for built-in rules.
bool apply_severities(TomlReader& reader, const toml::table& table, std::map<std::string, Severity>& severities) {
  std::vector<std::string_view> known;
  for (const auto& rule : builtin_rules()) known.push_back(rule.id);
  for (auto&& [key, node] : table) {
    const std::string id(key.str());
    if (!find_builtin_rule(id)) {
      std::string message = "[severity] names unknown rule '" + id + "'";
      if (auto suggestion = detail::closest_match(id, known); !suggestion.empty())
        message += "; did you mean '" + suggestion + "'?";
      else if (id.starts_with("secret.") || id.starts_with("content.") || id.starts_with("validator."))
        message += "; set the severity inside that rule's own table instead";
      return reader.fail(key.source(), message);
    }
    Severity severity = Severity::block;
    if (!reader.read(table, key.str(), "severity", severity)) return false;
    severities[id] = severity;
  }
  return true;
}

}  // namespace

// The catalogue parsed from its TOML at run time, as the generated data was at
// build time; a unit test compares the two.
Result<SecretsPolicy> detail::parse_secret_catalogue() {
  const detail::EmbeddedFile* file = find_embedded("catalogue/secrets");
  if (!file) return Error{"the built-in secret catalogue is missing from this build"};
  PolicySource source{"builtin:catalogue/secrets", file->text, {}};
  auto document = parse_document(source);
  if (!document) return document.error();
  TomlReader reader(source.name, /*trusted=*/true);
  SecretsPolicy catalogue;
  if (!reader.check_keys(*document, "", {"stopwords", "rules"})) return reader.error();
  if (!reader.read(*document, "stopwords", "", catalogue.stopwords)) return reader.error();
  if (const toml::array* tables = reader.tables_at(*document, "rules", ""))
    apply_secret_rules(reader, *tables, "rules", catalogue.rules);
  if (reader.failed()) return reader.error();
  return catalogue;
}

namespace {

// The policy every document starts from: the secret catalogue on, nothing else.
const Policy& default_policy() {
  static const Policy policy = [] {
    Policy base;
    base.secrets = detail::builtin_secret_catalogue();
    for (const auto& rule : base.secrets.rules)
      base.origins["secrets.rules." + rule.id] = "builtin:catalogue/secrets";
    return base;
  }();
  return policy;
}

bool is_path_reference(std::string_view entry) {
  return entry.find('/') != std::string_view::npos || entry.ends_with(".toml");
}

Status apply_document(const PolicySource& source, Policy& policy, std::vector<std::string>& chain);

// Resolves one `extends` entry (a preset name or a relative path) and applies it.
Status apply_extends(const std::string& entry, const toml::node& where, TomlReader& reader,
                     const PolicySource& source, Policy& policy, std::vector<std::string>& chain) {
  PolicySource base;
  if (is_path_reference(entry)) {
    if (!source.read_relative) {
      reader.fail(where.source(), "'extends' names the file \"" + entry + "\", but " + source.name +
                                      " cannot extend files (only presets)");
      return reader.error();
    }
    auto read = source.read_relative(entry);
    if (!read) {
      reader.fail(where.source(), "cannot read \"" + entry + "\" named in 'extends': " + read.error().message);
      return reader.error();
    }
    base = std::move(*read);
  } else {
    const detail::EmbeddedFile* file = find_embedded(entry);
    if (!file || entry.find('/') != std::string::npos) {
      std::string known;
      for (const auto& preset : preset_names()) known += (known.empty() ? "" : ", ") + preset;
      reader.fail(where.source(), "unknown preset \"" + entry + "\" in 'extends'; presets: " + known);
      return reader.error();
    }
    base = PolicySource{std::string(kBuiltinPrefix) + entry, file->text, {}};
  }
  if (std::find(chain.begin(), chain.end(), base.name) != chain.end()) {
    reader.fail(where.source(), "'extends' forms a cycle: " + base.name + " is already being loaded");
    return reader.error();
  }
  return apply_document(base, policy, chain);
}

Status apply_document(const PolicySource& source, Policy& policy, std::vector<std::string>& chain) {
  auto document = parse_document(source);
  if (!document) return document.error();
  TomlReader reader(source.name, /*trusted=*/source.name.starts_with(kBuiltinPrefix), &policy.origins);
  if (!reader.check_keys(*document, "",
                         {"version", "extends", "secrets", "limits", "paths", "content", "message",
                          "agents", "branches", "gates", "validators", "telemetry", "severity"}))
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
  // A repository's (or floor's) policy without `extends` builds on the
  // baseline, so writing a policy never silently drops its guardrails;
  // `extends = []` starts from nothing but the secret catalogue.
  const bool implicit_baseline =
      chain.empty() && !document->contains("extends") && !source.name.starts_with(kBuiltinPrefix);
  if (implicit_baseline) extends.push_back("baseline");
  chain.push_back(source.name);
  for (size_t i = 0; i < extends.size(); ++i) {
    const toml::node& where = implicit_baseline ? static_cast<const toml::node&>(*document)
                                                : (*document->get_as<toml::array>("extends"))[i];
    if (auto applied = apply_extends(extends[i], where, reader, source, policy, chain); !applied)
      return applied.error();
  }
  chain.pop_back();

  const toml::table& doc = *document;
  if (const toml::table* t = reader.table_at(doc, "secrets", "")) apply_secrets(reader, *t, source, policy.secrets);
  if (const toml::table* t = reader.table_at(doc, "limits", ""); t && !reader.failed()) apply_limits(reader, *t, policy.limits);
  if (const toml::table* t = reader.table_at(doc, "paths", ""); t && !reader.failed()) apply_paths(reader, *t, policy.paths);
  if (const toml::array* a = reader.tables_at(doc, "content", ""); a && !reader.failed()) apply_content(reader, *a, policy.content);
  if (const toml::table* t = reader.table_at(doc, "message", ""); t && !reader.failed()) apply_message(reader, *t, policy.message);
  if (const toml::table* t = reader.table_at(doc, "agents", ""); t && !reader.failed()) apply_agents(reader, *t, policy.agents);
  if (const toml::table* t = reader.table_at(doc, "branches", ""); t && !reader.failed()) apply_branches(reader, *t, policy.branches);
  if (const toml::table* t = reader.table_at(doc, "gates", ""); t && !reader.failed()) apply_gates(reader, *t, policy.gates);
  if (const toml::array* a = reader.tables_at(doc, "validators", ""); a && !reader.failed()) apply_validators(reader, *a, policy.validators);
  if (const toml::table* t = reader.table_at(doc, "telemetry", ""); t && !reader.failed()) apply_telemetry(reader, *t, policy.telemetry);
  if (const toml::table* t = reader.table_at(doc, "severity", ""); t && !reader.failed()) apply_severities(reader, *t, policy.severities);
  if (reader.failed()) return reader.error();
  return Ok{};
}

Result<std::string> read_text_file(const std::string& path) {
  // A directory opens as a stream that reads as empty, and an empty policy is
  // a valid one: anything but a readable regular file must be an error.
  if (path.empty()) return Error{"an empty path names no policy file"};
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) return Error{"cannot read " + path + ": no such file"};
  if (std::filesystem::is_directory(status)) return Error{"cannot read " + path + ": it is a directory, not a policy file"};
  if (!std::filesystem::is_regular_file(status)) return Error{"cannot read " + path + ": not a regular file"};
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"cannot read " + path + ": permission denied or unreadable"};
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Error{"cannot read " + path + ": read error"};
  return text.str();
}

// "a/b/policy.toml" + "../c.toml" -> "a/c.toml"; nullopt when it climbs above the root.
std::optional<std::string> join_relative(std::string_view base_file, std::string_view relative) {
  std::vector<std::string> parts;
  auto push_all = [&](std::string_view path) {
    size_t start = 0;
    while (start <= path.size()) {
      const size_t slash = std::min(path.find('/', start), path.size());
      const std::string_view part = path.substr(start, slash - start);
      if (part == "..") {
        if (parts.empty()) return false;
        parts.pop_back();
      } else if (!part.empty() && part != ".") {
        parts.emplace_back(part);
      }
      start = slash + 1;
    }
    return true;
  };
  const size_t slash = base_file.rfind('/');
  if (slash != std::string_view::npos && !push_all(base_file.substr(0, slash))) return std::nullopt;
  if (!relative.empty() && relative.front() == '/') return std::nullopt;
  if (!push_all(relative)) return std::nullopt;
  std::string joined;
  for (const auto& part : parts) joined += (joined.empty() ? "" : "/") + part;
  return joined;
}

}  // namespace

Result<Policy> load_policy(const PolicySource& source) {
  Policy policy = default_policy();
  std::vector<std::string> chain;
  if (auto applied = apply_document(source, policy, chain); !applied) return applied.error();
  policy.source = source.name;
  return policy;
}

Result<Policy> load_policy_file(const std::string& path) {
  auto text = read_text_file(path);
  if (!text) return text.error();
  // Relative `extends` entries are read from disk beside the file that names them.
  struct DiskSource {
    static PolicySource make(const std::string& name, std::string text) {
      PolicySource source{name, std::move(text), {}};
      source.read_relative = [name](const std::string& relative) -> Result<PolicySource> {
        const bool absolute_base = !name.empty() && name.front() == '/';
        auto joined = join_relative(absolute_base ? name.substr(1) : name, relative);
        if (!joined) return Error{"\"" + relative + "\" is outside the directory tree"};
        const std::string file = (absolute_base ? "/" : "") + *joined;
        auto content = read_text_file(file);
        if (!content) return content.error();
        return make(file, std::move(*content));
      };
      return source;
    }
  };
  return load_policy(DiskSource::make(path, std::move(*text)));
}

Result<Policy> load_preset(std::string_view name) {
  const detail::EmbeddedFile* file = find_embedded(name);
  if (!file || name.find('/') != std::string_view::npos) return Error{"unknown preset \"" + std::string(name) + "\""};
  return load_policy(PolicySource{std::string(kBuiltinPrefix) + std::string(name), file->text, {}});
}

std::vector<std::string> preset_names() {
  std::vector<std::string> names;
  for (const auto& file : detail::embedded_policy_files())
    if (std::string_view(file.name).find('/') == std::string_view::npos) names.emplace_back(file.name);
  return names;
}

std::optional<std::string_view> preset_text(std::string_view name) {
  const detail::EmbeddedFile* file = find_embedded(name);
  if (!file) return std::nullopt;
  return std::string_view(file->text);
}

std::optional<std::string> resolve_relative_path(std::string_view base_file, std::string_view relative) {
  return join_relative(base_file, relative);
}

}  // namespace agentops
