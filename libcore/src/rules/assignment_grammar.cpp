#include "rules/assignment_grammar.h"

#include <re2/re2.h>

namespace agentops::rules {

std::string assignment_regex(const std::vector<std::string>& names, const std::string& value_regex) {
  std::string alternation;
  for (const auto& name : names) alternation += (alternation.empty() ? "" : "|") + RE2::QuoteMeta(name);
  // The identifier around the name: `$aws_Token`, `config.slack.token`, `X-Api-Key`.
  const std::string identifier = R"([\w.$-]*(?i:)" + alternation + R"()[\w.-]*)";
  // After the identifier: a closing quote or bracket (`"key":`, `['key'] =`),
  // a declared type (`var key string =`, `key: String =`).
  const std::string after_name = R"((?:["'\x60\]]{1,2})?(?:[ \t]*:?[ \t]+[A-Za-z_][\w.<>\[\]]*)?[ \t]*)";
  // Binding operators: = := ::= :::= ?= .= += ??= ||= => : , and an XML start
  // tag's '>' (the value may sit on the next line).
  const std::string operators = R"((?:[:?.+|]{0,3}=>?|:|,|>[ \t]*\r?\n?))";
  const std::string opening = R"([ \t]*(?:["'\x60]|\\")?)";
  const std::string closing = R"((?:["'\x60\s;,)<&]|\\[nrt"]|$))";
  return identifier + after_name + operators + opening + "(" + value_regex + ")" + closing;
}

}  // namespace agentops::rules
