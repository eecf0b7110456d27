// Strict TOML reading shared by the policy loader and the secret catalogue.
#include "policy/toml_reader.h"

#include <re2/re2.h>

#include <algorithm>

#include "glob.h"

namespace agentops::detail {
namespace {

const char* type_name(toml::node_type type) {
  switch (type) {
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a float";
    case toml::node_type::boolean: return "a boolean";
    default: return "a date or time";
  }
}

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string dotted(std::string_view section, std::string_view key) {
  if (section.empty()) return std::string(key);
  return std::string(section) + "." + std::string(key);
}

std::string closest_match(std::string_view word, const std::vector<std::string_view>& known) {
  // A truncated key ("max_lines" for "max_lines_changed") is a likely typo too.
  if (word.size() >= 4) {
    for (auto candidate : known)
      if (candidate.starts_with(word) || word.starts_with(candidate)) return std::string(candidate);
  }
  std::string best;
  size_t best_distance = std::max<size_t>(2, word.size() / 3) + 1;
  for (auto candidate : known) {
    const size_t distance = edit_distance(word, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

std::string TomlReader::origin_of(const toml::node& node) const {
  return source_ + ":" + std::to_string(node.source().begin.line);
}

void TomlReader::record(const std::string& key, const toml::node& node) {
  if (origins_) (*origins_)[key] = origin_of(node);
}

bool TomlReader::recorded(const toml::table& table, std::string_view key, std::string_view section) {
  if (const toml::node* node = table.get(key)) record(dotted(section, key), *node);
  return true;
}

bool TomlReader::fail(const toml::source_region& where, const std::string& message) {
  if (!error_) {
    error_ = Error{source_ + ":" + std::to_string(where.begin.line) + ":" +
                   std::to_string(where.begin.column) + ": " + message};
  }
  return false;
}

bool TomlReader::check_keys(const toml::table& table, std::string_view section,
                            std::initializer_list<std::string_view> known) {
  const std::vector<std::string_view> known_keys(known);
  for (auto&& [key, node] : table) {
    if (std::find(known_keys.begin(), known_keys.end(), key.str()) != known_keys.end()) continue;
    std::string message = "unknown key '" + dotted(section, key.str()) + "'";
    if (auto suggestion = closest_match(key.str(), known_keys); !suggestion.empty())
      message += "; did you mean '" + dotted(section, suggestion) + "'?";
    else {
      message += "; known keys here:";
      for (auto k : known_keys) message += " " + std::string(k);
    }
    return fail(key.source(), message);
  }
  return true;
}

bool TomlReader::wrong_type(const toml::node& node, std::string_view key,
                            std::string_view section, std::string_view expected) {
  return fail(node.source(), "'" + dotted(section, key) + "' must be " + std::string(expected) +
                                 ", not " + type_name(node.type()));
}

bool TomlReader::read(const toml::table& table, std::string_view key, std::string_view section,
                      bool& out) {
  const toml::node* node = table.get(key);
  if (!node) return true;
  if (auto value = node->value_exact<bool>()) {
    out = *value;
    return recorded(table, key, section);
  }
  return wrong_type(*node, key, section, "true or false");
}

bool TomlReader::read(const toml::table& table, std::string_view key, std::string_view section,
                      std::string& out) {
  const toml::node* node = table.get(key);
  if (!node) return true;
  if (auto value = node->value_exact<std::string>()) {
    out = *value;
    return recorded(table, key, section);
  }
  return wrong_type(*node, key, section, "a string");
}

bool TomlReader::read(const toml::table& table, std::string_view key, std::string_view section,
                      std::int64_t& out) {
  const toml::node* node = table.get(key);
  if (!node) return true;
  if (auto value = node->value_exact<std::int64_t>()) {
    out = *value;
    return recorded(table, key, section);
  }
  return wrong_type(*node, key, section, "an integer");
}

bool TomlReader::read(const toml::table& table, std::string_view key, std::string_view section,
                      std::uint64_t& out) {
  std::int64_t value = 0;
  const toml::node* node = table.get(key);
  if (!node) return true;
  if (!read(table, key, section, value)) return false;
  if (value < 0) return fail(node->source(), "'" + dotted(section, key) + "' must not be negative");
  out = static_cast<std::uint64_t>(value);
  return true;
}

bool TomlReader::read(const toml::table& table, std::string_view key, std::string_view section,
                      double& out) {
  const toml::node* node = table.get(key);
  if (!node) return true;
  if (auto value = node->value<double>()) {  // integers are accepted as floats
    out = *value;
    return recorded(table, key, section);
  }
  return wrong_type(*node, key, section, "a number");
}

bool TomlReader::read(const toml::table& table, std::string_view key, std::string_view section,
                      std::vector<std::string>& out) {
  const toml::node* node = table.get(key);
  if (!node) return true;
  const toml::array* array = node->as_array();
  if (!array) return wrong_type(*node, key, section, "an array of strings");
  std::vector<std::string> values;
  for (const toml::node& element : *array) {
    auto value = element.value_exact<std::string>();
    if (!value) return wrong_type(element, key, section, "an array of strings");
    values.push_back(*value);
  }
  out = std::move(values);
  return recorded(table, key, section);
}

bool TomlReader::read(const toml::table& table, std::string_view key, std::string_view section,
                      Severity& out) {
  const toml::node* node = table.get(key);
  if (!node) return true;
  auto text = node->value_exact<std::string>();
  if (!text) return wrong_type(*node, key, section, "one of \"block\", \"gate\", \"warn\", \"off\"");
  auto severity = parse_severity(*text);
  if (!severity)
    return fail(node->source(), "'" + dotted(section, key) + "' is \"" + *text +
                                    "\"; use one of \"block\", \"gate\", \"warn\", \"off\"");
  out = *severity;
  return recorded(table, key, section);
}

bool TomlReader::read_globs(const toml::table& table, std::string_view key,
                            std::string_view section, std::vector<std::string>& out) {
  std::vector<std::string> globs = out;
  if (!read(table, key, section, globs)) return false;
  if (const toml::array* array = table.get_as<toml::array>(key)) {
    for (size_t i = 0; i < globs.size(); ++i) {
      if (auto problem = glob_error(globs[i]))
        return fail((*array)[i].source(),
                    "invalid glob \"" + globs[i] + "\" in '" + dotted(section, key) + "': " + *problem);
    }
  }
  out = std::move(globs);
  return true;
}

bool TomlReader::read_regex(const toml::table& table, std::string_view key,
                            std::string_view section, std::string& out) {
  std::string pattern = out;
  if (!read(table, key, section, pattern)) return false;
  const toml::node* node = table.get(key);
  if (node && !trusted_) {
    RE2::Options options;
    options.set_log_errors(false);
    RE2 regex(pattern, options);
    if (!regex.ok())
      return fail(node->source(), "invalid regex in '" + dotted(section, key) + "': " +
                                      regex.error() + " (RE2 syntax: no lookaround or backreferences)");
  }
  out = std::move(pattern);
  return true;
}

bool TomlReader::read_regexes(const toml::table& table, std::string_view key, std::string_view section,
                              std::vector<std::string>& out) {
  std::vector<std::string> patterns = out;
  if (!read(table, key, section, patterns)) return false;
  if (const toml::array* array = table.get_as<toml::array>(key); array && !trusted_) {
    for (size_t i = 0; i < patterns.size(); ++i) {
      RE2 regex(patterns[i], RE2::Quiet);
      if (!regex.ok())
        return fail((*array)[i].source(), "invalid regex in '" + dotted(section, key) + "': " + regex.error());
    }
  }
  out = std::move(patterns);
  return true;
}

const toml::table* TomlReader::table_at(const toml::table& table, std::string_view key,
                                        std::string_view section) {
  const toml::node* node = table.get(key);
  if (!node) return nullptr;
  if (const toml::table* sub = node->as_table()) return sub;
  wrong_type(*node, key, section, "a table");
  return nullptr;
}

const toml::array* TomlReader::tables_at(const toml::table& table, std::string_view key,
                                         std::string_view section) {
  const toml::node* node = table.get(key);
  if (!node) return nullptr;
  const toml::array* array = node->as_array();
  if (!array || !array->is_array_of_tables()) {
    wrong_type(*node, key, section, "an array of tables ([[" + dotted(section, key) + "]])");
    return nullptr;
  }
  return array;
}

}  // namespace agentops::detail
