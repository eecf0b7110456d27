// Build-time generator: turns policies/catalogue/secrets.toml into C++ data, so
// the executables never parse the catalogue at run time (parsing it was a
// quarter of a pre-commit hook's instructions). Strict like the policy loader:
// an unknown key or a wrong type stops the build with file:line.
//   agentops_catalogue_codegen INPUT.toml OUTPUT.cpp
#include <toml++/toml.h>

#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

namespace {

[[noreturn]] void fail(const std::string& where, const std::string& message) {
  std::fprintf(stderr, "%s: %s\n", where.c_str(), message.c_str());
  std::exit(1);
}

std::string where(const std::string& file, const toml::node& node) {
  return file + ":" + std::to_string(node.source().begin.line);
}

// A C++ raw string literal holding `text`.
std::string literal(const std::string& text) {
  if (text.find(")catalogue\"") != std::string::npos) fail("catalogue", "a value contains )catalogue\"");
  return "R\"catalogue(" + text + ")catalogue\"";
}

std::string string_list(const std::string& file, const toml::node& node) {
  const toml::array* array = node.as_array();
  if (!array) fail(where(file, node), "expected an array of strings");
  std::string out = "{";
  for (const toml::node& element : *array) {
    auto value = element.value_exact<std::string>();
    if (!value) fail(where(file, element), "expected a string");
    out += literal(*value) + ", ";
  }
  return out + "}";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) fail("agentops_catalogue_codegen", "usage: INPUT.toml OUTPUT.cpp");
  const std::string file = argv[1];
  toml::table document;
  try {
    document = toml::parse_file(file);
  } catch (const toml::parse_error& error) {
    fail(file + ":" + std::to_string(error.source().begin.line), std::string(error.description()));
  }
  std::ostringstream out;
  out << "// Generated from policies/catalogue/secrets.toml by tools/catalogue_codegen.cpp. Do not edit.\n"
      << "#include \"policy/builtin_catalogue.h\"\n\nnamespace agentops::detail {\n\n"
      << "const SecretsPolicy& builtin_secret_catalogue() {\n"
      << "  static const SecretsPolicy catalogue = [] {\n    SecretsPolicy secrets;\n";
  for (auto&& [key, node] : document) {
    if (key.str() == "stopwords") {
      out << "    secrets.stopwords = " << string_list(file, node) << ";\n";
    } else if (key.str() != "rules") {
      fail(where(file, node), "unknown key '" + std::string(key.str()) + "'");
    }
  }
  const toml::array* rules = document.get_as<toml::array>("rules");
  if (!rules || !rules->is_array_of_tables()) fail(file, "expected [[rules]]");
  std::set<std::string> ids;
  for (const toml::node& rule_node : *rules) {
    const toml::table& rule = *rule_node.as_table();
    out << "    {\n      SecretRule rule;\n";
    std::string id;
    for (auto&& [key, value_node] : rule) {
      const toml::node& node = value_node;  // a plain reference the lambdas below can capture
      const std::string name(key.str());
      const std::string at = where(file, node);
      auto text = [&] {
        auto value = node.value_exact<std::string>();
        if (!value) fail(at, "'" + name + "' must be a string");
        return *value;
      };
      if (name == "id") {
        id = text();
        if (!ids.insert(id).second) fail(at, "duplicate rule id '" + id + "'");
        out << "      rule.id = " << literal(id) << ";\n";
      } else if (name == "description" || name == "regex" || name == "hint") {
        out << "      rule." << name << " = " << literal(text()) << ";\n";
      } else if (name == "path") {
        out << "      rule.path_regex = " << literal(text()) << ";\n";
      } else if (name == "keywords" || name == "paths" || name == "allow_regexes" || name == "allow_match_regexes" ||
                 name == "stopwords" || name == "assigned_to") {
        out << "      rule." << name << " = " << string_list(file, node) << ";\n";
      } else if (name == "secret_group") {
        auto value = node.value_exact<std::int64_t>();
        if (!value || *value < 0 || *value > 9) fail(at, "'secret_group' must be 0..9");
        out << "      rule.secret_group = " << *value << ";\n";
      } else if (name == "entropy") {
        auto value = node.value<double>();
        if (!value) fail(at, "'entropy' must be a number");
        out << "      rule.min_entropy = " << *value << ";\n";
      } else if (name == "require_digit" || name == "fallback" || name == "multiline" ||
                 name == "use_stopwords") {
        auto value = node.value_exact<bool>();
        if (!value) fail(at, "'" + name + "' must be true or false");
        out << "      rule." << name << " = " << (*value ? "true" : "false") << ";\n";
      } else {
        fail(at, "unknown key 'rules." + name + "'");
      }
    }
    if (id.empty() || !(rule.get("regex") || rule.get("path")))
      fail(where(file, rule_node), "every rule needs 'id' and 'regex' (or 'path', for a rule on paths alone)");
    out << "      secrets.rules.push_back(std::move(rule));\n    }\n";
  }
  out << "    return secrets;\n  }();\n  return catalogue;\n}\n\n}  // namespace agentops::detail\n";

  // Only rewrite when the output changes, so the build does not redo work.
  std::ifstream current(argv[2]);
  std::stringstream existing;
  existing << current.rdbuf();
  if (existing.str() != out.str()) std::ofstream(argv[2]) << out.str();
  return 0;
}
