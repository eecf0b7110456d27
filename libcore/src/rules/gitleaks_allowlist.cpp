#include "rules/gitleaks_allowlist.h"

#include <algorithm>

namespace agentops::rules {
namespace {

Result<std::vector<std::unique_ptr<RE2>>> compile_all(const std::vector<std::string>& patterns,
                                                      const std::string& what) {
  std::vector<std::unique_ptr<RE2>> regexes;
  for (const auto& pattern : patterns) {
    auto regex = std::make_unique<RE2>(pattern, RE2::Quiet);
    if (!regex->ok()) return Error{what + ": invalid regex: " + regex->error()};
    regexes.push_back(std::move(regex));
  }
  return regexes;
}

bool matches_any(const std::vector<std::unique_ptr<RE2>>& regexes, std::string_view text) {
  const re2::StringPiece piece(text.data(), text.size());
  return std::any_of(regexes.begin(), regexes.end(),
                     [&](const std::unique_ptr<RE2>& regex) { return RE2::PartialMatch(piece, *regex); });
}

}  // namespace

Result<GitleaksAllowlist> GitleaksAllowlist::compile(const SecretAllowlist& spec, const std::string& what) {
  GitleaksAllowlist out;
  out.spec_ = spec;
  auto regexes = compile_all(spec.regexes, what + " allowlist regex");
  if (!regexes) return regexes.error();
  auto paths = compile_all(spec.paths, what + " allowlist path");
  if (!paths) return paths.error();
  out.regexes_ = std::move(*regexes);
  out.paths_ = std::move(*paths);
  return out;
}

bool GitleaksAllowlist::in_commit(std::string_view commit) const {
  return !commit.empty() && std::find(spec_.commits.begin(), spec_.commits.end(), commit) != spec_.commits.end();
}

bool GitleaksAllowlist::path_allowed(std::string_view path) const {
  return !paths_.empty() && matches_any(paths_, path);
}

bool GitleaksAllowlist::skips_file(std::string_view path, std::string_view commit) const {
  if (!spec_.all) return path_allowed(path) || in_commit(commit);
  // "AND" with regexes or stopwords waits for a finding.
  if (!spec_.regexes.empty() || !spec_.stopwords.empty()) return false;
  if (!spec_.commits.empty() && !in_commit(commit)) return false;
  return spec_.paths.empty() || path_allowed(path);
}

bool GitleaksAllowlist::allows(const AllowlistSubject& finding) const {
  const std::string_view target = spec_.regex_target == SecretAllowlist::Target::match  ? finding.match
                                  : spec_.regex_target == SecretAllowlist::Target::line ? finding.line
                                                                                        : finding.secret;
  const bool regex_allowed = !target.empty() && matches_any(regexes_, target);
  std::string lowered(finding.secret);
  for (char& c : lowered)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  const bool stopword = std::any_of(spec_.stopwords.begin(), spec_.stopwords.end(),
                                    [&](const std::string& word) { return lowered.find(word) != std::string::npos; });
  // "OR": paths and commits were judged per file already.
  if (!spec_.all) return regex_allowed || stopword;
  if (!spec_.commits.empty() && !in_commit(finding.commit)) return false;
  if (!spec_.paths.empty() && !path_allowed(finding.path)) return false;
  if (!spec_.regexes.empty() && !regex_allowed) return false;
  if (!spec_.stopwords.empty() && !stopword) return false;
  return true;
}

}  // namespace agentops::rules
