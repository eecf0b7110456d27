// Lenient parsing of commits and tags: what git's parse_commit_buffer and
// parse_tag_buffer demand, nothing of what only fsck checks.
#include "git/raw_objects.h"

#include <memory>

namespace agentops::git {
namespace {

struct OdbObjectFree {
  void operator()(git_odb_object* object) const { git_odb_object_free(object); }
};
using OdbObjectPtr = std::unique_ptr<git_odb_object, OdbObjectFree>;

// "<key> <value>\n" at the start of `rest`: the value, and `rest` moved past the line.
bool take_header(std::string_view& rest, std::string_view key, std::string_view& value) {
  if (rest.size() <= key.size() || rest.substr(0, key.size()) != key || rest[key.size()] != ' ') return false;
  const size_t end = rest.find('\n');
  if (end == std::string_view::npos) return false;
  value = rest.substr(key.size() + 1, end - key.size() - 1);
  rest.remove_prefix(end + 1);
  return true;
}

bool parse_id(std::string_view hex, git_oid& id) {
  if (hex.size() != GIT_OID_HEXSZ) return false;
  for (char c : hex)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;  // as git's get_oid_hex
  return git_oid_fromstrn(&id, hex.data(), hex.size()) == 0;
}

// "Name <email> 123 +0000" -> "Name <email>"; without an email, the text
// before the timestamp (git prints what is there).
std::string ident_of(std::string_view value) {
  const size_t close = value.rfind('>');
  if (close != std::string_view::npos) return std::string(value.substr(0, close + 1));
  size_t end = value.size();
  for (int field = 0; field < 2; ++field) {
    const size_t space = value.rfind(' ', end == 0 ? 0 : end - 1);
    if (space == std::string_view::npos) break;
    const std::string_view word = value.substr(space + 1, end - space - 1);
    if (word.empty() || word.find_first_not_of("+-0123456789") != std::string_view::npos) break;
    end = space;
  }
  return std::string(value.substr(0, end));
}

// The remaining header lines (continuation lines start with a space), then
// the message after the blank line; each header is handed to `on_header`.
template <class OnHeader>
std::string_view skip_headers(std::string_view rest, OnHeader on_header) {
  while (!rest.empty() && rest.front() != '\n') {
    const size_t end = rest.find('\n');
    const std::string_view line = rest.substr(0, end);
    if (line.front() != ' ') {
      const size_t space = line.find(' ');
      if (space != std::string_view::npos) on_header(line.substr(0, space), line.substr(space + 1));
    }
    if (end == std::string_view::npos) return {};
    rest.remove_prefix(end + 1);
  }
  if (!rest.empty()) rest.remove_prefix(1);  // the blank line
  return rest;
}

// The header text from `start` up to `message` (a view into the same
// object): a header holds what the object stores as surely as its message.
std::string_view headers_until(std::string_view start, std::string_view message) {
  if (message.data() == nullptr) return start;  // no message: all of it is headers
  return start.substr(0, static_cast<size_t>(message.data() - start.data()));
}

Result<OdbObjectPtr> read_object(const Repository& repo, const git_oid& id, git_object_t expected) {
  git_odb* raw_odb = nullptr;
  if (git_repository_odb(&raw_odb, repo.get()) != 0) return last_error("cannot open the object database");
  OdbPtr odb(raw_odb);
  git_odb_object* raw = nullptr;
  if (git_odb_read(&raw, raw_odb, &id) != 0) return last_error("cannot read object " + hex_of(id));
  OdbObjectPtr object(raw);
  if (git_odb_object_type(raw) != expected)
    return Error{"object " + hex_of(id) + " is a " + git_object_type2string(git_odb_object_type(raw)) + ", not a " +
                 git_object_type2string(expected)};
  return object;
}

std::string_view bytes_of(git_odb_object* object) {
  return {static_cast<const char*>(git_odb_object_data(object)), git_odb_object_size(object)};
}

}  // namespace

std::string hex_of(const git_oid& id) {
  char hex[GIT_OID_HEXSZ + 1];
  git_oid_tostr(hex, sizeof hex, &id);
  return hex;
}

Result<RawCommit> parse_raw_commit(std::string_view data) {
  RawCommit commit;
  std::string_view rest = data, value;
  if (!take_header(rest, "tree", value) || !parse_id(value, commit.tree))
    return Error{"a commit without a valid tree line"};
  while (rest.starts_with("parent ")) {
    git_oid parent;
    if (!take_header(rest, "parent", value) || !parse_id(value, parent))
      return Error{"a commit with a malformed parent line"};
    commit.parents.push_back(parent);
  }
  bool have_author = false, have_committer = false;
  const std::string_view headers_start = rest;
  std::string_view message = skip_headers(rest, [&](std::string_view key, std::string_view header) {
    if (key == "author" && !have_author) {
      commit.author = ident_of(header);
      have_author = true;
    } else if (key == "committer" && !have_committer) {
      commit.committer = ident_of(header);
      have_committer = true;
    }
  });
  commit.headers = std::string(headers_until(headers_start, message));
  while (message.starts_with('\n')) message.remove_prefix(1);
  commit.message = std::string(message);
  return commit;
}

Result<RawTag> parse_raw_tag(std::string_view data) {
  RawTag tag;
  std::string_view rest = data, value;
  if (!take_header(rest, "object", value) || !parse_id(value, tag.target))
    return Error{"a tag without a valid object line"};
  const std::string_view message = skip_headers(rest, [&](std::string_view key, std::string_view header) {
    if (key == "tag" && tag.name.empty()) tag.name = std::string(header);
  });
  tag.headers = std::string(headers_until(rest, message));
  tag.message = std::string(message);
  return tag;
}

Result<git_object_t> object_type(const Repository& repo, const git_oid& id) {
  git_odb* raw_odb = nullptr;
  if (git_repository_odb(&raw_odb, repo.get()) != 0) return last_error("cannot open the object database");
  OdbPtr odb(raw_odb);
  size_t size = 0;
  git_object_t type = GIT_OBJECT_INVALID;
  if (git_odb_read_header(&size, &type, raw_odb, &id) != 0) return last_error("cannot read object " + hex_of(id));
  return type;
}

bool has_object(const Repository& repo, const git_oid& id) {
  git_odb* raw_odb = nullptr;
  if (git_repository_odb(&raw_odb, repo.get()) != 0) {
    git_error_clear();
    return false;
  }
  OdbPtr odb(raw_odb);
  return git_odb_exists(raw_odb, &id) == 1;
}

Result<RawCommit> read_raw_commit(const Repository& repo, const git_oid& id) {
  auto object = read_object(repo, id, GIT_OBJECT_COMMIT);
  if (!object) return object.error();
  auto commit = parse_raw_commit(bytes_of(object->get()));
  if (!commit) return Error{"cannot read commit " + hex_of(id) + ": " + commit.error().message};
  commit->id = id;
  return commit;
}

Result<RawTag> read_raw_tag(const Repository& repo, const git_oid& id) {
  auto object = read_object(repo, id, GIT_OBJECT_TAG);
  if (!object) return object.error();
  auto tag = parse_raw_tag(bytes_of(object->get()));
  if (!tag) return Error{"cannot read tag " + hex_of(id) + ": " + tag.error().message};
  tag->id = id;
  return tag;
}

}  // namespace agentops::git
