// Strict, position-aware reading of TOML tables: every key must be known, every
// value the right type; the first problem becomes an Error "file:line:col: ...".
#pragma once

#include <toml++/toml.h>

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agentops/findings.h"
#include "agentops/result.h"

namespace agentops::detail {

// "secrets" + "enabled" -> "secrets.enabled"
std::string dotted(std::string_view section, std::string_view key);

class TomlReader {
 public:
  // A trusted source (the catalogue compiled into the binary, checked by its
  // unit test) skips compiling regexes just to validate them: that compile
  // would cost more than the rest of a commit's check.
  explicit TomlReader(std::string source, bool trusted = false,
                      std::map<std::string, std::string>* origins = nullptr)
      : source_(std::move(source)), trusted_(trusted), origins_(origins) {}

  // "source:line" of a node, as recorded in Policy::origins.
  std::string origin_of(const toml::node& node) const;
  // Records that `key` (dotted) now holds the value at `node`.
  void record(const std::string& key, const toml::node& node);

  const std::string& source() const { return source_; }
  bool failed() const { return error_.has_value(); }
  Error error() const { return error_.value_or(Error{source_ + ": unknown error"}); }

  // Records the first error at `node`'s position; always returns false.
  bool fail(const toml::source_region& where, const std::string& message);

  // Rejects keys of `table` not in `known`, suggesting the closest known key.
  bool check_keys(const toml::table& table, std::string_view section,
                  std::initializer_list<std::string_view> known);

  // Each reader leaves `out` unchanged when the key is absent.
  bool read(const toml::table& table, std::string_view key, std::string_view section, bool& out);
  bool read(const toml::table& table, std::string_view key, std::string_view section,
            std::string& out);
  bool read(const toml::table& table, std::string_view key, std::string_view section,
            std::int64_t& out);
  bool read(const toml::table& table, std::string_view key, std::string_view section,
            std::uint64_t& out);
  bool read(const toml::table& table, std::string_view key, std::string_view section,
            double& out);
  bool read(const toml::table& table, std::string_view key, std::string_view section,
            std::vector<std::string>& out);
  bool read(const toml::table& table, std::string_view key, std::string_view section,
            Severity& out);
  // A string that must be one of `choices`.
  template <class Enum>
  bool read_enum(const toml::table& table, std::string_view key, std::string_view section,
                 std::initializer_list<std::pair<std::string_view, Enum>> choices, Enum& out) {
    const toml::node* node = table.get(key);
    if (!node) return true;
    std::string names;
    for (const auto& [name, value] : choices) names += (names.empty() ? "\"" : ", \"") + std::string(name) + "\"";
    auto text = node->value_exact<std::string>();
    if (!text) return wrong_type(*node, key, section, "one of " + names);
    for (const auto& [name, value] : choices) {
      if (*text == name) {
        out = value;
        record(dotted(section, key), *node);
        return true;
      }
    }
    return fail(node->source(), "'" + dotted(section, key) + "' is \"" + *text + "\"; use one of " + names);
  }
  // A list of path globs, each checked for syntax.
  bool read_globs(const toml::table& table, std::string_view key, std::string_view section,
                  std::vector<std::string>& out);
  // A list of regexes, each checked with RE2.
  bool read_regexes(const toml::table& table, std::string_view key, std::string_view section,
                    std::vector<std::string>& out);
  // A regex checked with RE2.
  bool read_regex(const toml::table& table, std::string_view key, std::string_view section,
                  std::string& out);

  // The sub-table at `key`, or nullptr (with an error when it is not a table).
  const toml::table* table_at(const toml::table& table, std::string_view key,
                              std::string_view section);
  // The array of tables at `key` ([[key]]), or nullptr.
  const toml::array* tables_at(const toml::table& table, std::string_view key,
                               std::string_view section);

 private:
  bool wrong_type(const toml::node& node, std::string_view key, std::string_view section,
                  std::string_view expected);
  // Records the origin of table[key] after a successful read.
  bool recorded(const toml::table& table, std::string_view key, std::string_view section);
  std::string source_;
  bool trusted_ = false;
  std::map<std::string, std::string>* origins_ = nullptr;
  std::optional<Error> error_;
};


// The known word closest to `word` when it is a plausible typo of it, else "".
std::string closest_match(std::string_view word, const std::vector<std::string_view>& known);

}  // namespace agentops::detail
