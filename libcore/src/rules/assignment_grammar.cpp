#include "rules/assignment_grammar.h"

#include <re2/re2.h>

namespace agentops::rules {

std::string assignment_regex(const std::vector<std::string>& names, const std::string& value_regex) {
  std::string alternation;
  for (const auto& name : names) alternation += (alternation.empty() ? "" : "|") + RE2::QuoteMeta(name);
  // The identifier around the name: `$aws_Token`, `config.slack.token`,
  // `X-Api-Key`, `AWS::IAM::AccessKey` (the whole name, so a rule's
  // allow_match_regexes can judge it).
  const std::string identifier = R"((?:[\w.$-]|::)*(?i:)" + alternation + R"()[\w.-]*)";
  // A declared type between the name and the operator: `var key string =`,
  // `key: String =`, `String key =` (the type before the name needs none).
  const std::string declared_type = R"((?:[ \t]*:?[ \t]+[A-Za-z_][\w.<>\[\]]*)?[ \t]*)";
  // Binding operators: = := ::= :::= ?= .= += ??= ||= =>.
  const std::string operators = R"((?:[:?.+|]{0,3}=>?))";
  // An XML start tag's '>' right after the name: the value may sit on the
  // next line (not after a "type": `<your secret key>\nregion=...` is prose).
  const std::string start_tag = R"((?:>[ \t]*\r?\n?))";
  const std::string opening = R"([ \t]*(?:["'\x60]|\\")?)";
  const std::string quote = R"((?:["'\x60]|\\"))";
  // After a quoted name (`"key": v`, `['key'] = v`, `setProperty("KEY", "v")`)
  // any operator, ':' and ',' too (a comma only between two quoted strings);
  // after a bare name ':' only before a space or a quote, so `scheme:path`,
  // `"secretsmanager:ResourceTag/x"` and `a:b` in prose bind nothing.
  const std::string after_quoted_name = R"((?:["'\x60\]]|\\"){1,2})" + declared_type + "(?:(?:" + operators + "|:)" +
                                        opening + R"(|,[ \t]*)" + quote + ")";
  const std::string after_bare_name = start_tag + opening + "|" + declared_type + "(?:" + operators + opening +
                                      R"(|:(?:[ \t]+)" + quote + "?|" + quote + "))";
  const std::string binding = "(?:" + after_quoted_name + "|" + after_bare_name + ")";
  const std::string closing = R"((?:["'\x60\s;,)<&]|\\[nrt"]|$))";
  return identifier + binding + "(" + value_regex + ")" + closing;
}

}  // namespace agentops::rules
