// A deliberately small, line-based reader for the YAML that hook managers'
// configs hold (lefthook.yml, .pre-commit-config.yaml): block mappings and
// sequences by indentation, plain/quoted scalars, one-line flow sequences
// ([a, b]) and block scalars (| >). It is not a YAML parser: anchors, aliases,
// merge keys, flow mappings, tags, multi-line plain scalars and tabs mark the
// document `unsure`, and doctor then says "cannot prove" instead of "ok".
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace agentops::doctor {

// A mapping's key and value. Not a std::pair: pair<string, YamlNode> inside
// YamlNode is an incomplete type that clang (the fuzz build) refuses.
struct YamlEntry;

struct YamlNode {
  enum class Kind { empty, scalar, mapping, sequence };
  Kind kind = Kind::empty;
  std::string scalar;
  std::vector<YamlEntry> entries;                         // mapping, in order
  std::vector<YamlNode> items;                            // sequence

  // The value of `key` in a mapping, or nullptr.
  const YamlNode* find(const std::string& key) const;
  // A scalar's text, or the items of a sequence of scalars.
  std::vector<std::string> strings() const;
};

struct YamlEntry {
  std::string key;
  YamlNode value;
};

struct YamlDocument {
  YamlNode root;
  bool unsure = false;  // a construct this reader does not follow was present
  std::string unsure_reason;
};

YamlDocument read_yaml_lines(const std::string& text);

}  // namespace agentops::doctor
