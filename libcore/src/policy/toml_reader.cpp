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

namespace {
template <class Problem>
bool earlier(const Problem& a, const Problem& b) {
  return a.line != b.line ? a.line < b.line : a.column < b.column;
}
}  // namespace

void TomlReader::keep(Problem problem) {
  if (errors_.size() < kMaxErrors) {
    errors_.push_back(std::move(problem));
    return;
  }
  ++dropped_;
  auto latest = std::max_element(errors_.begin(), errors_.end(), earlier<Problem>);
  if (earlier(problem, *latest)) *latest = std::move(problem);
}

bool TomlReader::fail(const toml::source_region& where, const std::string& message) {
  keep(Problem{where.begin.line, where.begin.column,
               source_ + ":" + std::to_string(where.begin.line) + ":" + std::to_string(where.begin.column) + ": " +
                   message});
  return false;
}

bool TomlReader::fail_with(const toml::source_region& where, const Error& error) {
  keep(Problem{where.begin.line, where.begin.column, error.message});
  return false;
}

Error TomlReader::error() const {
  if (errors_.empty()) return Error{source_ + ": unknown error"};
  std::vector<Problem> sorted = errors_;
  std::stable_sort(sorted.begin(), sorted.end(), earlier<Problem>);
  if (sorted.size() == 1 && dropped_ == 0) return Error{sorted.front().text};
  std::string text = std::to_string(error_count()) + " problems in " + source_ + ":";
  for (const auto& problem : sorted) {
    // A problem from a file `extends` names may span lines itself.
    std::string indented = problem.text;
    for (size_t at = indented.find('\n'); at != std::string::npos; at = indented.find('\n', at + 3))
      indented.replace(at, 1, "\n  ");
    text += "\n  " + indented;
  }
  if (dropped_ > 0) text += "\n  ... and " + std::to_string(dropped_) + " more (fix these first)";
  return Error{text};
}

bool TomlReader::check_keys(const toml::table& table, std::string_view section,
                            std::initializer_list<std::string_view> known) {
  std::vector<std::string> names;
  for (auto k : known) names.emplace_back(k);
  return check_keys(table, section, names);
}

bool TomlReader::check_keys(const toml::table& table, std::string_view section,
                            const std::vector<std::string>& known) {
  const std::vector<std::string_view> known_keys(known.begin(), known.end());
  bool all_known = true;
  for (auto&& [key, node] : table) {
    if (std::find(known_keys.begin(), known_keys.end(), key.str()) != known_keys.end()) continue;
    std::string message = "unknown key '" + dotted(section, key.str()) + "'";
    if (auto suggestion = closest_match(key.str(), known_keys); !suggestion.empty())
      message += "; did you mean '" + dotted(section, suggestion) + "'?";
    else {
      message += "; known keys here:";
      for (auto k : known_keys) message += " " + std::string(k);
    }
    all_known = fail(key.source(), message);
  }
  return all_known;
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

bool TomlReader::read_array(const toml::table& table, std::string_view key, std::string_view section,
                            std::vector<std::string>& out) {
  const toml::node* node = table.get(key);
  if (!node) return true;
  const toml::array* array = node->as_array();
  if (!array) return wrong_type(*node, key, section, "an array of strings");
  std::vector<std::string> values;
  bool sound = true;
  for (const toml::node& element : *array) {
    auto value = element.value_exact<std::string>();
    if (!value) {
      sound = wrong_type(element, key, section, "an array of strings");
      continue;
    }
    values.push_back(*value);
  }
  if (!sound) return false;
  out = std::move(values);
  return recorded(table, key, section);
}

bool TomlReader::read_list(const toml::table& table, std::string_view key, std::string_view section,
                           std::vector<std::string>& out, std::vector<const toml::node*>& added) {
  const toml::node* node = table.get(key);
  if (!node) return true;
  const std::string name = dotted(section, key);
  std::string before;  // where the list came from, for the origin
  if (origins_) {
    if (auto it = origins_->find(name); it != origins_->end()) before = it->second;
  }
  // Reads one array of strings; false (with the problems recorded) when an entry is not a string.
  auto strings = [&](const toml::node& array_node, std::string_view what, std::vector<std::string>& values,
                     std::vector<const toml::node*>& nodes) {
    const toml::array* array = array_node.as_array();
    if (!array) return wrong_type(array_node, what, section, "an array of strings");
    bool sound = true;
    for (const toml::node& element : *array) {
      auto value = element.value_exact<std::string>();
      if (!value) {
        sound = wrong_type(element, what, section, "an array of strings");
        continue;
      }
      values.push_back(*value);
      nodes.push_back(&element);
    }
    return sound;
  };

  if (node->is_array()) {
    std::vector<std::string> values;
    std::vector<const toml::node*> nodes;
    if (!strings(*node, key, values, nodes)) return false;
    // Say that the list replaced another, not only where it was written:
    // `key = [...]` dropping a preset's entries unseen was a trap.
    if (origins_)
      (*origins_)[name] = origin_of(*node) + (out.empty()     ? ""
                                              : before.empty() ? " (REPLACES the default list)"
                                                               : " (REPLACES the list from " + before + ")");
    out = std::move(values);
    added = std::move(nodes);
    return true;
  }
  const toml::table* edit = node->as_table();
  if (!edit)
    return wrong_type(*node, key, section, "an array of strings, or { add = [...], remove = [...] }");
  if (!check_keys(*edit, name, {"add", "remove"})) return false;
  std::vector<std::string> additions, removals;
  std::vector<const toml::node*> addition_nodes, removal_nodes;
  bool sound = true;
  if (const toml::node* add = edit->get("add"))
    sound = strings(*add, std::string(key) + ".add", additions, addition_nodes) && sound;
  if (const toml::node* remove = edit->get("remove"))
    sound = strings(*remove, std::string(key) + ".remove", removals, removal_nodes) && sound;
  if (!sound) return false;
  std::vector<std::string> values = out;
  for (size_t i = 0; i < removals.size(); ++i) {
    auto it = std::find(values.begin(), values.end(), removals[i]);
    if (it == values.end()) {
      // A removal that removes nothing is a typo that would leave a rule on (or off) unseen.
      std::string entries;
      for (const auto& value : values) entries += (entries.empty() ? "" : ", ") + ("\"" + value + "\"");
      sound = fail(removal_nodes[i]->source(), "'" + name + ".remove' names \"" + removals[i] +
                                                   "\", which the list it extends does not hold (it holds: " +
                                                   (entries.empty() ? "nothing" : entries) + ")");
      continue;
    }
    values.erase(it);
  }
  if (!sound) return false;
  for (size_t i = 0; i < additions.size(); ++i) {
    if (std::find(values.begin(), values.end(), additions[i]) != values.end()) continue;
    values.push_back(additions[i]);
    added.push_back(addition_nodes[i]);
  }
  out = std::move(values);
  if (origins_) {
    std::string change;
    if (!additions.empty()) change += "adds " + std::to_string(additions.size());
    if (!removals.empty()) change += std::string(change.empty() ? "" : ", ") + "removes " + std::to_string(removals.size());
    (*origins_)[name] = (before.empty() ? "default" : before) + ", extended at " + origin_of(*node) +
                        (change.empty() ? "" : " (" + change + ")");
  }
  return true;
}

bool TomlReader::read(const toml::table& table, std::string_view key, std::string_view section,
                      std::vector<std::string>& out) {
  std::vector<const toml::node*> added;
  return read_list(table, key, section, out, added);
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
  std::vector<const toml::node*> added;
  if (!read_list(table, key, section, globs, added)) return false;
  bool sound = true;
  for (const toml::node* node : added) {
    const std::string glob = *node->value_exact<std::string>();
    if (auto problem = glob_error(glob)) {
      sound = fail(node->source(), "invalid glob \"" + glob + "\" in '" + dotted(section, key) + "': " + *problem);
      continue;
    }
    if (written_globs_)
      written_globs_->push_back(WrittenGlob{dotted(section, key), glob,
                                            source_ + ":" + std::to_string(node->source().begin.line) + ":" +
                                                std::to_string(node->source().begin.column)});
  }
  if (!sound) return false;
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
  std::vector<const toml::node*> added;
  if (!read_list(table, key, section, patterns, added)) return false;
  bool sound = true;
  if (!trusted_) {
    for (const toml::node* node : added) {
      RE2 regex(*node->value_exact<std::string>(), RE2::Quiet);
      if (!regex.ok())
        sound = fail(node->source(), "invalid regex in '" + dotted(section, key) + "': " + regex.error());
    }
  }
  if (!sound) return false;
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
