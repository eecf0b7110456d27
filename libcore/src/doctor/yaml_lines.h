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

struct YamlNode {
  enum class Kind { empty, scalar, mapping, sequence };
  Kind kind = Kind::empty;
  std::string scalar;
  // A pair of a still incomplete YamlNode is not allowed in a vector (clang
  // with libstdc++ refuses it); a struct declared here and defined below is.
  struct Entry;
  std::vector<Entry> entries;  // mapping, in order
  std::vector<YamlNode> items;                            // sequence

  // The value of `key` in a mapping, or nullptr.
  const YamlNode* find(const std::string& key) const;
  // A scalar's text, or the items of a sequence of scalars.
  std::vector<std::string> strings() const;
};

struct YamlNode::Entry {
  std::string first;  // the key
  YamlNode second;    // its value
};

struct YamlDocument {
  YamlNode root;
  bool unsure = false;  // a construct this reader does not follow was present
  std::string unsure_reason;
};

YamlDocument read_yaml_lines(const std::string& text);

}  // namespace agentops::doctor
