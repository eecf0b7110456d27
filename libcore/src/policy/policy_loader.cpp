// Loads policy documents: parse with toml++, resolve `extends` (presets and
// relative files, in order), then lay the document's own values over them.
// Scalars and plain arrays replace what the base set, `key = { add, remove }`
// edits a list; tables in arrays ([[secrets.rules]], [[content]],
// [[validators]]) merge by id. Each section reads one line per key
// (TableReader), and every problem is collected, not only the first.
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
#include "rules/line_matcher.h"
#include "agentops/message.h"
#include "utf8.h"

namespace agentops {
namespace {

using detail::TableReader;
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
// `read_item` reads one table's other keys into an item that starts as the
// existing one, through a TableReader that has already read the id.
template <class Item, class KeyOf, class ReadItem>
bool apply_tables(TomlReader& reader, const toml::array& tables, std::string_view section,
                  std::string_view key_name, std::vector<Item>& items, KeyOf key_of,
                  ReadItem read_item) {
  const size_t errors_before = reader.error_count();
  for (const toml::node& node : tables) {
    const toml::table& table = *node.as_table();
    TableReader keys(reader, table, section);
    std::string id;
    keys.read(key_name, id);
    if (!valid_id(id)) {
      // An id of the wrong type is reported already, by the read above.
      if (keys.ok())
        reader.fail(table.source(), "every [[" + std::string(section) + "]] needs the key '" +
                                        std::string(key_name) + "' of lower-case letters, digits, '-', '_' or '.'");
      // The rest of the table is still checked for typos and bad values.
      Item scratch{};
      read_item(keys, table, scratch);
      keys.finish();
      continue;
    }
    auto existing = std::find_if(items.begin(), items.end(), [&](Item& item) { return key_of(item) == id; });
    Item item = existing != items.end() ? *existing : Item{};
    key_of(item) = id;
    read_item(keys, table, item);
    if (!keys.finish()) continue;
    reader.record(std::string(section) + "." + id, table);
    if (existing != items.end())
      *existing = std::move(item);
    else
      items.push_back(std::move(item));
  }
  return reader.error_count() == errors_before;
}

void apply_secret_rules(TomlReader& reader, const toml::array& tables, std::string_view section,
                        std::vector<SecretRule>& rules) {
  apply_tables(
      reader, tables, section, "id", rules, [](SecretRule& rule) -> std::string& { return rule.id; },
      [&](TableReader& keys, const toml::table& table, SecretRule& rule) {
        std::int64_t group = rule.secret_group;
        keys.read("description", rule.description)
            .regex("regex", rule.regex)
            .read("keywords", rule.keywords)
            .read("assigned_to", rule.assigned_to)
            .read("secret_group", group)
            .read("entropy", rule.min_entropy)
            .read("require_digit", rule.require_digit)
            .globs("paths", rule.paths)
            .regexes("allow_regexes", rule.allow_regexes)
            .regexes("allow_match_regexes", rule.allow_match_regexes)
            .read("fallback", rule.fallback)
            .read("multiline", rule.multiline)
            .read("use_stopwords", rule.use_stopwords)
            .regex("path", rule.path_regex)
            .read("severity", rule.severity)
            .read("hint", rule.hint);
        if (!keys.ok()) return;
        // An imported gitleaks rule keeps its "first non-empty group" unless
        // the table names another.
        if (group < 0 && !(rule.gitleaks && group == SecretRule::kFirstGroup)) {
          reader.fail(table.source(), "'" + std::string(section) + ".secret_group' must be 0 or more");
          return;
        }
        rule.secret_group = static_cast<int>(group);
        if (rule.regex.empty() && rule.path_regex.empty())
          reader.fail(table.source(), "secret rule '" + rule.id + "' has no 'regex' (nor a 'path' for a rule on paths alone)");
        // Compiled now as the scanner will compile it, so that `policy validate`
        // reports what a check would trip over (built-in sources are tested).
        if (!rule.regex.empty() && !reader.source().starts_with("builtin:")) {
          auto regex = rules::shared_line_regex(rule.regex, "secret rule '" + rule.id + "'", rule.multiline);
          if (!regex)
            reader.fail(table.source(), regex.error().message);
          else if (rule.secret_group > (*regex)->NumberOfCapturingGroups())
            reader.fail(table.source(), "secret rule '" + rule.id + "': secret_group " + std::to_string(group) +
                                            " but the regex has only " +
                                            std::to_string((*regex)->NumberOfCapturingGroups()) + " groups");
        }
        if (rule.description.empty()) rule.description = "secret matching rule '" + rule.id + "'";
      });
}

// [secrets] builtin: false leaves the built-in catalogue's rules and stopwords
// out (gitleaks' rules used alone); true brings back those missing.
void use_builtin_catalogue(SecretsPolicy& secrets) {
  const SecretsPolicy& catalogue = detail::builtin_secret_catalogue();
  const auto in = [](const auto& list, const auto& item) { return std::find(list.begin(), list.end(), item) != list.end(); };
  if (!secrets.builtin) {
    std::erase_if(secrets.rules, [&](const SecretRule& rule) {
      return !rule.gitleaks && std::any_of(catalogue.rules.begin(), catalogue.rules.end(),
                                           [&](const SecretRule& builtin) { return builtin.id == rule.id; });
    });
    std::erase_if(secrets.stopwords, [&](const std::string& word) { return in(catalogue.stopwords, word); });
    return;
  }
  for (const auto& rule : catalogue.rules)
    if (std::none_of(secrets.rules.begin(), secrets.rules.end(), [&](const SecretRule& r) { return r.id == rule.id; }))
      secrets.rules.push_back(rule);
  for (const auto& word : catalogue.stopwords)
    if (!in(secrets.stopwords, word)) secrets.stopwords.push_back(word);
}

void apply_secrets(TomlReader& reader, const toml::table& table, const PolicySource& source, SecretsPolicy& secrets) {
  const std::string_view section = "secrets";
  TableReader keys(reader, table, section);
  keys.read("enabled", secrets.enabled)
      .globs("allow_paths", secrets.allow_paths)
      .regexes("allow_regexes", secrets.allow_regexes)
      .read("stopwords", secrets.stopwords)
      .read("gitleaks_config", secrets.gitleaks_config)
      .read("builtin", secrets.builtin)
      .known("rules");
  if (table.contains("builtin") && keys.ok()) use_builtin_catalogue(secrets);
  if (const toml::node* gitleaks = table.get("gitleaks_config"); gitleaks && keys.ok()) {
    // Read like a relative `extends` entry: from the same snapshot as this policy.
    if (!source.read_relative) {
      reader.fail(gitleaks->source(), "'secrets.gitleaks_config' names a file, but " + source.name + " cannot read files");
    } else if (auto file = source.read_relative(secrets.gitleaks_config); !file) {
      reader.fail(gitleaks->source(),
                  "cannot read the gitleaks config \"" + secrets.gitleaks_config + "\": " + file.error().message);
    } else if (auto imported = detail::import_gitleaks(*file, secrets); !imported) {
      reader.fail(gitleaks->source(), "in the gitleaks config it names: " + imported.error().message);
    }
  }
  if (const toml::array* rules = reader.tables_at(table, "rules", section))
    apply_secret_rules(reader, *rules, "secrets.rules", secrets.rules);
  keys.finish();
}

void apply_limits(TomlReader& reader, const toml::table& table, LimitsPolicy& limits) {
  TableReader keys(reader, table, "limits");
  keys.read("max_file_bytes", limits.max_file_bytes)
      .read("max_files_changed", limits.max_files_changed)
      .read("max_lines_changed", limits.max_lines_changed)
      .choice("binary_files", {{"allow", BinaryFiles::allow}, {"warn", BinaryFiles::warn}, {"block", BinaryFiles::block}},
              limits.binary_files)
      .globs("exclude_paths", limits.exclude_paths);
  keys.finish();
}

void apply_paths(TomlReader& reader, const toml::table& table, PathsPolicy& paths) {
  TableReader keys(reader, table, "paths");
  keys.globs("forbidden", paths.forbidden).globs("protected", paths.protected_paths).globs("tests", paths.tests);
  keys.read("tests_removed_min_lines", paths.tests_removed_min_lines);
  keys.finish();
}

void apply_content(TomlReader& reader, const toml::array& tables, std::vector<ContentRule>& rules) {
  apply_tables(
      reader, tables, "content", "id", rules, [](ContentRule& rule) -> std::string& { return rule.id; },
      [&](TableReader& keys, const toml::table& table, ContentRule& rule) {
        keys.regex("regex", rule.regex)
            .globs("paths", rule.paths)
            .globs("exclude_paths", rule.exclude_paths)
            .read("severity", rule.severity)
            .read("message", rule.message)
            .read("hint", rule.hint);
        if (keys.ok() && rule.regex.empty())
          reader.fail(table.source(), "content rule '" + rule.id + "' has no 'regex'");
      });
}

void apply_message(TomlReader& reader, const toml::table& table, MessagePolicy& message) {
  TableReader keys(reader, table, "message");
  keys.choice("format",
              {{"none", MessageFormat::none}, {"conventional", MessageFormat::conventional}, {"regex", MessageFormat::regex}},
              message.format)
      .choice("applies_to", {{"everyone", MessageAppliesTo::everyone}, {"agents", MessageAppliesTo::agents}},
              message.applies_to)
      .regex("pattern", message.pattern)
      .read("types", message.types)
      .read("scopes", message.scopes)
      .read("subject_max", message.subject_max)
      .read("body_required_above_lines", message.body_required_above_lines)
      .read("required_trailers", message.required_trailers)
      .read("forbidden_trailers", message.forbidden_trailers)
      .read("required_sections", message.required_sections)
      .read("placeholder_subjects", message.placeholder_subjects);
  if (!keys.finish()) return;
  for (const char* key : {"required_trailers", "forbidden_trailers"}) {
    const std::vector<std::string>& entries =
        std::string_view(key) == "required_trailers" ? message.required_trailers : message.forbidden_trailers;
    const toml::node* node = table.get(key);
    if (!node) continue;
    for (const auto& entry : entries) {
      if (auto problem = trailer_rule_error(entry))
        reader.fail(node->source(), "'message." + std::string(key) + "' entry \"" + entry + "\": " + *problem);
    }
  }
  if (message.format == MessageFormat::regex && message.pattern.empty())
    reader.fail(table.source(), "[message] format = \"regex\" needs a 'pattern'");
}

void apply_agents(TomlReader& reader, const toml::table& table, AgentsPolicy& agents) {
  TableReader keys(reader, table, "agents");
  keys.regexes("markers", agents.markers)
      .read("required_trailers", agents.required_trailers)
      .read("require_approval", agents.require_approval);
  keys.finish();
}

void apply_branches(TomlReader& reader, const toml::table& table, BranchesPolicy& branches) {
  TableReader keys(reader, table, "branches");
  keys.globs("protected", branches.protected_branches)
      .read("no_direct_commit", branches.no_direct_commit)
      .read("no_force_push", branches.no_force_push)
      .read("no_delete", branches.no_delete)
      .regex("name_pattern", branches.name_pattern)
      .read("require_signed", branches.require_signed)
      .read("gpg_keyring", branches.gpg_keyring);
  if (!keys.finish()) return;
  if (!branches.gpg_keyring.empty() && !branches.gpg_keyring.starts_with(".agentops/"))
    reader.fail(table.get("gpg_keyring")->source(),
                "'branches.gpg_keyring' must be a file under .agentops/ (a protected path read from the base side)");
}

void apply_gates(TomlReader& reader, const toml::table& table, GatesPolicy& gates) {
  if (table.contains("mode") && table.contains("approval"))
    reader.fail(table.get("mode")->source(), "'gates.mode' and 'gates.approval' are the same setting: keep 'approval'");
  TableReader keys(reader, table, "gates");
  keys.read("approval_trailer", gates.approval_trailer)
      .read("approvers", gates.approvers)
      .choice("mode", {{"trailer", GateMode::trailer}, {"tty", GateMode::tty}, {"signed", GateMode::signed_approval}},
              gates.mode)
      .choice("approval",
              {{"trailer", GateMode::trailer}, {"tty", GateMode::tty}, {"signed", GateMode::signed_approval}},
              gates.mode)
      .read("allowed_signers", gates.allowed_signers)
      .read("max_lines_without_approval", gates.max_lines_without_approval)
      .read("max_files_without_approval", gates.max_files_without_approval);
  if (!keys.finish()) return;
  const bool token = !gates.approval_trailer.empty() &&
                     std::all_of(gates.approval_trailer.begin(), gates.approval_trailer.end(), [](char c) {
                       return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
                     });
  if (!token)
    reader.fail(table.get("approval_trailer")->source(),
                "'gates.approval_trailer' must be a trailer name of letters, digits and '-'");
  if (!gates.allowed_signers.starts_with(".agentops/"))
    reader.fail(table.get("allowed_signers")->source(),
                "'gates.allowed_signers' must be a file under .agentops/ (a protected path read from the base side)");
}

void apply_validators(TomlReader& reader, const toml::array& tables, std::vector<ValidatorSpec>& validators) {
  apply_tables(
      reader, tables, "validators", "name", validators,
      [](ValidatorSpec& validator) -> std::string& { return validator.name; },
      [&](TableReader& keys, const toml::table& table, ValidatorSpec& validator) {
        keys.array("run", validator.run)
            .globs("files", validator.files)
            .read("timeout_s", validator.timeout_s)
            .read("severity", validator.severity);
        if (!keys.ok()) return;
        if (validator.run.empty())
          reader.fail(table.source(),
                      "validator '" + validator.name + "' needs 'run', the command as an array: [\"make\", \"lint\"]");
        if (validator.timeout_s == 0 || validator.timeout_s > 86400)
          reader.fail(table.source(), "validator '" + validator.name + "': 'timeout_s' must be 1..86400");
      });
}

void apply_telemetry(TomlReader& reader, const toml::table& table, TelemetryPolicy& telemetry) {
  TableReader keys(reader, table, "telemetry");
  keys.read("enabled", telemetry.enabled);
  keys.finish();
}

// [severity]: "rule.id" = "warn" for built-in rules.
void apply_severities(TomlReader& reader, const toml::table& table, std::map<std::string, Severity>& severities) {
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
      reader.fail(key.source(), message);
      continue;
    }
    Severity severity = Severity::block;
    if (reader.read(table, key.str(), "severity", severity)) severities[id] = severity;
  }
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

// Resolves one `extends` entry (a preset name or a relative path) and applies
// it; a problem is recorded at the entry, and loading goes on.
void apply_extends(const std::string& entry, const toml::node& where, TomlReader& reader,
                   const PolicySource& source, Policy& policy, std::vector<std::string>& chain) {
  PolicySource base;
  if (is_path_reference(entry)) {
    if (!source.read_relative) {
      reader.fail(where.source(), "'extends' names the file \"" + entry + "\", but " + source.name +
                                      " cannot extend files (only presets)");
      return;
    }
    auto read = source.read_relative(entry);
    if (!read) {
      reader.fail(where.source(), "cannot read \"" + entry + "\" named in 'extends': " + read.error().message);
      return;
    }
    base = std::move(*read);
  } else {
    const detail::EmbeddedFile* file = find_embedded(entry);
    if (!file || entry.find('/') != std::string::npos) {
      std::string known;
      for (const auto& preset : preset_names()) known += (known.empty() ? "" : ", ") + preset;
      reader.fail(where.source(), "unknown preset \"" + entry + "\" in 'extends'; presets: " + known);
      return;
    }
    base = PolicySource{std::string(kBuiltinPrefix) + entry, file->text, {}};
  }
  if (std::find(chain.begin(), chain.end(), base.name) != chain.end()) {
    reader.fail(where.source(), "'extends' forms a cycle: " + base.name + " is already being loaded");
    return;
  }
  if (auto applied = apply_document(base, policy, chain); !applied) reader.fail_with(where.source(), applied.error());
}

// One line per section: each reads its table and records every problem it
// finds, so one run reports them all (a wrong type in one section never hides
// a typo in another).
Status apply_document(const PolicySource& source, Policy& policy, std::vector<std::string>& chain) {
  auto document = parse_document(source);
  if (!document) return document.error();
  const bool builtin = source.name.starts_with(kBuiltinPrefix);
  TomlReader reader(source.name, /*trusted=*/builtin, &policy.origins, builtin ? nullptr : &policy.written_globs);
  TableReader top(reader, *document, "");

  std::int64_t version = 1;
  top.read("version", version);
  if (version != 1)
    reader.fail(document->get("version")->source(),
                "'version' is " + std::to_string(version) + "; this agentops reads version 1");

  std::vector<std::string> extends;
  top.array("extends", extends);
  // A repository's (or floor's) policy without `extends` builds on the
  // baseline, so writing a policy never silently drops its guardrails;
  // `extends = []` starts from nothing but the secret catalogue.
  const bool implicit_baseline = chain.empty() && !document->contains("extends") && !builtin;
  if (implicit_baseline) extends.push_back("baseline");
  const toml::array* written_extends = document->get_as<toml::array>("extends");
  chain.push_back(source.name);
  for (size_t i = 0; i < extends.size(); ++i) {
    const toml::node& where = implicit_baseline || !written_extends ? static_cast<const toml::node&>(*document)
                                                                    : (*written_extends)[i];
    apply_extends(extends[i], where, reader, source, policy, chain);
  }
  chain.pop_back();

  const toml::table& doc = *document;
  // A section that is not a table is reported by table_at; its key is known.
  auto section = [&](std::string_view name, auto apply) {
    top.known(name);
    if (const toml::table* t = reader.table_at(doc, name, "")) apply(*t);
  };
  auto sections = [&](std::string_view name, auto apply) {
    top.known(name);
    if (const toml::array* a = reader.tables_at(doc, name, "")) apply(*a);
  };
  section("secrets", [&](const toml::table& t) { apply_secrets(reader, t, source, policy.secrets); });
  section("limits", [&](const toml::table& t) { apply_limits(reader, t, policy.limits); });
  section("paths", [&](const toml::table& t) { apply_paths(reader, t, policy.paths); });
  sections("content", [&](const toml::array& a) { apply_content(reader, a, policy.content); });
  section("message", [&](const toml::table& t) { apply_message(reader, t, policy.message); });
  section("agents", [&](const toml::table& t) { apply_agents(reader, t, policy.agents); });
  section("branches", [&](const toml::table& t) { apply_branches(reader, t, policy.branches); });
  section("gates", [&](const toml::table& t) { apply_gates(reader, t, policy.gates); });
  sections("validators", [&](const toml::array& a) { apply_validators(reader, a, policy.validators); });
  section("telemetry", [&](const toml::table& t) { apply_telemetry(reader, t, policy.telemetry); });
  section("severity", [&](const toml::table& t) { apply_severities(reader, t, policy.severities); });
  top.finish();
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

// Secret scanning with no rule left on would pass every secret without a
// word: builtin = false with a gitleaks config of allowlists only or a
// forgotten gitleaks_config, or a gitleaks config whose extend.disabledRules
// names every built-in rule. Switching it off is `enabled = false`.
Status require_secret_rules(const PolicySource& source, const SecretsPolicy& secrets) {
  if (!secrets.enabled) return Ok{};
  if (std::any_of(secrets.rules.begin(), secrets.rules.end(),
                  [](const SecretRule& rule) { return rule.severity != Severity::off; }))
    return Ok{};
  const std::string why = secrets.builtin ? "every secret rule is switched off (severity \"off\", or a gitleaks "
                                            "config's extend.disabledRules)"
                                          : "[secrets] builtin = false leaves no secret rule to run (the gitleaks "
                                            "config imports none, and no [[secrets.rules]] is on)";
  return Error{source.name + ": " + why + ": every secret would pass. Import a gitleaks config with [[rules]], set "
                             "builtin = true, or say it on purpose with [secrets] enabled = false"};
}

Result<Policy> load_policy(const PolicySource& source) {
  Policy policy = default_policy();
  std::vector<std::string> chain;
  if (auto applied = apply_document(source, policy, chain); !applied) return applied.error();
  if (auto ruled = require_secret_rules(source, policy.secrets); !ruled) return ruled.error();
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
