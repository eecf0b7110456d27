// A gitleaks allowlist ([[rules.allowlists]], [[allowlists]]) compiled, judged
// as gitleaks judges it (detect/detect.go): paths and commits alone skip a
// whole file for the rule; regexes (against the secret, the match or its
// lines) and stopwords judge each finding; "AND" needs every criterion given.
#pragma once

#include <re2/re2.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "agentops/policy.h"
#include "agentops/result.h"

namespace agentops::rules {

// What a finding shows to an allowlist.
struct AllowlistSubject {
  std::string_view secret, match, line;  // `line`: the whole lines of the match
  std::string_view path;
  std::string_view commit;  // lower-case hex; empty for a change not yet committed
};

class GitleaksAllowlist {
 public:
  // An error names `what` and the regex that does not compile.
  static Result<GitleaksAllowlist> compile(const SecretAllowlist& spec, const std::string& what);

  // Whether the rule skips the file at `path` (in `commit`) without looking.
  bool skips_file(std::string_view path, std::string_view commit) const;
  // Whether a finding is allowed.
  bool allows(const AllowlistSubject& finding) const;
  // Whether its `paths` name `path` (alone or as one criterion of an AND):
  // content carried out of such a path was judged with this allowlist's help.
  bool names_path(std::string_view path) const { return path_allowed(path); }

 private:
  bool in_commit(std::string_view commit) const;
  bool path_allowed(std::string_view path) const;

  SecretAllowlist spec_;
  std::vector<std::unique_ptr<RE2>> regexes_, paths_;
};

}  // namespace agentops::rules
