// Commits and annotated tags read from their raw bytes, as leniently as git
// itself reads them. libgit2 refuses objects git stores without complaint
// (receive.fsckObjects is off by default): a commit with no committer, an
// ident without an email, an overflowing timestamp, a tag with a bad tagger
// line. A guardrail that cannot parse such an object must still judge it.
#pragma once

#include <git2.h>

#include <string>
#include <string_view>
#include <vector>

#include "agentops/git.h"
#include "agentops/result.h"

namespace agentops::git {

struct RawCommit {
  git_oid id{};
  git_oid tree{};
  std::vector<git_oid> parents;
  std::string author;     // "Name <email>" as written (may lack the email)
  std::string committer;  // likewise; empty when the commit has none
  std::string headers;    // every header line after tree and parents, as written
  std::string message;    // after the headers, leading newlines dropped
};

struct RawTag {
  git_oid id{};
  git_oid target{};
  std::string name;     // the "tag" header; may be empty
  std::string headers;  // every header line after the object line, as written
  std::string message;  // after the headers (a signature included)
};

// What git requires to use the object, and no more: a commit needs its
// "tree" line and well-formed "parent" lines; a tag its "object" line.
Result<RawCommit> parse_raw_commit(std::string_view data);
Result<RawTag> parse_raw_tag(std::string_view data);

// The type of the object `id` names; an error when it is absent or unreadable.
Result<git_object_t> object_type(const Repository& repo, const git_oid& id);
// Whether the object database holds `id`.
bool has_object(const Repository& repo, const git_oid& id);

Result<RawCommit> read_raw_commit(const Repository& repo, const git_oid& id);
Result<RawTag> read_raw_tag(const Repository& repo, const git_oid& id);

std::string hex_of(const git_oid& id);

}  // namespace agentops::git
