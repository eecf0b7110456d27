// Strict, position-aware reading of TOML tables: every key must be known, every
// value the right type. Every problem is collected ("file:line:col: ..." each,
// up to a cap) so one run of `policy validate` lists them all; reading goes on
// past a bad value wherever the rest of the document can still be judged.
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
#include "agentops/policy.h"
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
                      std::map<std::string, std::string>* origins = nullptr,
                      std::vector<WrittenGlob>* written_globs = nullptr)
      : source_(std::move(source)), trusted_(trusted), origins_(origins), written_globs_(written_globs) {}

  // Problems past this many are counted, not listed.
  static constexpr size_t kMaxErrors = 25;

  // "source:line" of a node, as recorded in Policy::origins.
  std::string origin_of(const toml::node& node) const;
  // Records that `key` (dotted) now holds the value at `node`.
  void record(const std::string& key, const toml::node& node);

  const std::string& source() const { return source_; }
  bool failed() const { return !errors_.empty(); }
  size_t error_count() const { return errors_.size() + dropped_; }
  // Every problem, in document order: one line, or "N problems in SOURCE:" and one line each.
  Error error() const;

  // Records a problem at `where`; always returns false.
  bool fail(const toml::source_region& where, const std::string& message);
  // Records a problem found elsewhere (a file `extends` names) at `where`.
  bool fail_with(const toml::source_region& where, const Error& error);

  // Rejects keys of `table` not in `known`, suggesting the closest known key.
  bool check_keys(const toml::table& table, std::string_view section,
                  std::initializer_list<std::string_view> known);
  bool check_keys(const toml::table& table, std::string_view section, const std::vector<std::string>& known);

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
  // A list key: `key = [...]` replaces the list it had (from a preset or an
  // `extends` file); `key = { add = [...], remove = [...] }` edits it instead.
  bool read(const toml::table& table, std::string_view key, std::string_view section,
            std::vector<std::string>& out);
  // An array of strings that is one value, not a list to edit (`extends`, a command line).
  bool read_array(const toml::table& table, std::string_view key, std::string_view section,
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
  // A list of path globs, each checked for syntax (a list key, as above).
  bool read_globs(const toml::table& table, std::string_view key, std::string_view section,
                  std::vector<std::string>& out);
  // A list of regexes, each checked with RE2 (a list key, as above).
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
  struct Problem {
    std::uint32_t line = 0, column = 0;
    std::string text;
  };
  // Keeps the kMaxErrors problems earliest in the file (tables are read in
  // key order, not file order); the others are only counted.
  void keep(Problem problem);
  bool wrong_type(const toml::node& node, std::string_view key, std::string_view section,
                  std::string_view expected);
  // Records the origin of table[key] after a successful read.
  bool recorded(const toml::table& table, std::string_view key, std::string_view section);
  // A list key's value (replaced or edited) into `out`; `added` gets the nodes
  // of the entries this document wrote, for the callers' own checks.
  bool read_list(const toml::table& table, std::string_view key, std::string_view section,
                 std::vector<std::string>& out, std::vector<const toml::node*>& added);
  std::string source_;
  bool trusted_ = false;
  std::map<std::string, std::string>* origins_ = nullptr;
  std::vector<WrittenGlob>* written_globs_ = nullptr;
  std::vector<Problem> errors_;
  size_t dropped_ = 0;  // problems past kMaxErrors
};

// One table's keys read one line each: every key read is known, and finish()
// reports each key of the table that nothing read (a typo), with a suggestion.
//   TableReader keys(reader, table, "limits");
//   keys.read("max_file_bytes", limits.max_file_bytes).globs("exclude_paths", limits.exclude_paths);
//   return keys.finish();
class TableReader {
 public:
  TableReader(TomlReader& reader, const toml::table& table, std::string_view section)
      : reader_(reader), table_(table), section_(section), errors_before_(reader.error_count()) {}

  template <class T>
  TableReader& read(std::string_view key, T& out) {
    known_.emplace_back(key);
    reader_.read(table_, key, section_, out);
    return *this;
  }
  TableReader& array(std::string_view key, std::vector<std::string>& out) {
    known_.emplace_back(key);
    reader_.read_array(table_, key, section_, out);
    return *this;
  }
  TableReader& globs(std::string_view key, std::vector<std::string>& out) {
    known_.emplace_back(key);
    reader_.read_globs(table_, key, section_, out);
    return *this;
  }
  TableReader& regexes(std::string_view key, std::vector<std::string>& out) {
    known_.emplace_back(key);
    reader_.read_regexes(table_, key, section_, out);
    return *this;
  }
  TableReader& regex(std::string_view key, std::string& out) {
    known_.emplace_back(key);
    reader_.read_regex(table_, key, section_, out);
    return *this;
  }
  template <class Enum>
  TableReader& choice(std::string_view key, std::initializer_list<std::pair<std::string_view, Enum>> choices,
                      Enum& out) {
    known_.emplace_back(key);
    reader_.read_enum(table_, key, section_, choices, out);
    return *this;
  }
  // A key read some other way (an id, a sub-table).
  TableReader& known(std::string_view key) {
    known_.emplace_back(key);
    return *this;
  }
  // True while this table has had no problem (checks that need sound values).
  bool ok() const { return reader_.error_count() == errors_before_; }
  // Reports unknown keys; true when this table had no problem at all.
  bool finish() {
    reader_.check_keys(table_, section_, known_);
    return ok();
  }

 private:
  TomlReader& reader_;
  const toml::table& table_;
  std::string section_;
  size_t errors_before_;
  std::vector<std::string> known_;
};

// The known word closest to `word` when it is a plausible typo of it, else "".
std::string closest_match(std::string_view word, const std::vector<std::string_view>& known);

}  // namespace agentops::detail
