// Path rules: files that never belong in the repository, files whose change
// needs a human (the policy itself, CI workflows...), submodules, links that
// leave the repository, and paths that clash on case-insensitive file systems.
#include <algorithm>
#include <array>
#include <map>

#include "agentops/redact.h"
#include "glob.h"
#include "rules/rule_families.h"

namespace agentops::rules {
namespace {

constexpr std::uint32_t kSymlinkMode = 0120000;
constexpr std::uint32_t kSubmoduleMode = 0160000;

// Whether a link at `link_path` with `target` resolves outside the repository.
bool points_outside(const std::string& link_path, const std::string& target) {
  if (target.empty() || target.front() == '/') return true;
  // A target with a newline or NUL is not a path any tool should follow.
  if (target.find('\n') != std::string::npos || target.find('\0') != std::string::npos) return true;
  int depth = static_cast<int>(std::count(link_path.begin(), link_path.end(), '/'));
  size_t start = 0;
  while (start <= target.size()) {
    const size_t slash = std::min(target.find('/', start), target.size());
    const std::string_view part = std::string_view(target).substr(start, slash - start);
    if (part == "..") {
      if (--depth < 0) return true;
    } else if (!part.empty() && part != ".") {
      ++depth;
    }
    start = slash + 1;
  }
  return false;
}

// The link target as shown in a finding: enough to see where it leads, but a
// long name holding a digit (a token, a key id) is redacted, whether or not a
// secret rule knows its format. Names a rule found are redacted by the Evaluator.
std::string shown_target(std::string_view target) {
  std::string shown;
  size_t start = 0;
  while (start <= target.size()) {
    const size_t slash = std::min(target.find('/', start), target.size());
    const std::string_view name = target.substr(start, slash - start);
    const bool has_digit = std::any_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; });
    shown += name.size() >= 16 && has_digit ? redact(name) : std::string(name);
    if (slash < target.size()) shown += '/';
    start = slash + 1;
  }
  if (shown.size() <= 80) return shown;
  // Cut after a whole name: a name cut short (a token) is no longer
  // recognised, so nothing could redact what is left of it.
  const size_t slash = shown.rfind('/', 76);
  return (slash == std::string::npos ? std::string() : shown.substr(0, slash + 1)) + "...";
}

}  // namespace

bool is_protected_path(const Policy& policy, const std::string& path) {
  return !path.empty() && (glob_match(kAlwaysProtected, path) || glob_match_any(policy.paths.protected_paths, path));
}

void check_paths(const Change& change, const Policy& policy, std::vector<Finding>& findings) {
  const Severity forbidden = severity_of(policy, "path.forbidden");
  const Severity protected_severity = severity_of(policy, "path.protected");
  const Severity submodule = severity_of(policy, "path.submodule");
  const Severity symlink_outside = severity_of(policy, "path.symlink-outside");
  for (const auto& file : change.files) {
    const bool removal = file.status == FileStatus::deleted;
    const bool moved = file.status == FileStatus::renamed && file.old_path != file.path;
    // A rename moves a file already committed under a forbidden name: it
    // adds nothing (the secret rules still read any line it changes), and
    // refusing it would only keep the file where it was.
    const bool moved_within_forbidden = moved && glob_match_any(policy.paths.forbidden, file.old_path);
    if (forbidden != Severity::off && !removal && !moved_within_forbidden &&
        glob_match_any(policy.paths.forbidden, file.path)) {
      std::string message = "this path is forbidden by [paths] forbidden";
      std::string hint = "remove it from the change (git rm --cached -- PATH) and add it to .gitignore";
      if (moved) {
        message = "a file is renamed to a path [paths] forbidden names (from \"" + file.old_path + "\")";
        hint = "keep its old name (git mv -- PATH OLD_PATH), or pick a name the policy allows";
      } else if (file.status != FileStatus::added && file.status != FileStatus::copied) {
        message = "a file already committed at a forbidden path is changed";
        hint = "leave it unchanged (git restore --staged -- PATH); if it holds credentials, revoke them and "
               "remove the file in a change of its own";
      }
      findings.push_back(Finding{"path.forbidden", forbidden, file.path, 0, std::move(message), std::move(hint), "", ""});
    }
    if (protected_severity != Severity::off &&
        (is_protected_path(policy, file.path) ||
         (file.old_path != file.path && is_protected_path(policy, file.old_path)))) {
      const bool policy_file = is_policy_file(file.path) || is_policy_file(file.old_path);
      findings.push_back(Finding{"path.protected", protected_severity, file.path, 0,
                                 policy_file ? policy_edit_message(to_string(file.status))
                                             : std::string("a protected path is ") + to_string(file.status),
                                 policy_file ? policy_edit_hint(policy.gates) : "a person must approve this change", "",
                                 ""});
    }
    if (submodule != Severity::off && file.mode == kSubmoduleMode && file.old_mode != kSubmoduleMode) {
      findings.push_back(Finding{"path.submodule", submodule, file.path, 0, "a git submodule is added",
                                 "vendor the code or declare a dependency instead", "", ""});
    }
    if (symlink_outside != Severity::off && file.mode == kSymlinkMode && !removal &&
        points_outside(file.path, file.symlink_target)) {
      findings.push_back(Finding{"path.symlink-outside", symlink_outside, file.path, 0,
                                 "a symbolic link points outside the repository", "link inside the repository instead",
                                 shown_target(file.symlink_target), ""});
    }
  }
  const Severity collision = severity_of(policy, "path.case-collision");
  if (collision == Severity::off) return;
  for (const auto& [added, existing] : change.case_collisions) {
    findings.push_back(Finding{"path.case-collision", collision, added, 0,
                               "differs only in case from \"" + existing + "\"", "rename one of the two paths", "", ""});
  }
}

void check_tests_removed(const Change& change, const Policy& policy, std::vector<Finding>& findings) {
  const Severity severity = severity_of(policy, "change.tests-removed");
  if (severity == Severity::off) return;
  const auto is_test = [&](const std::string& path) {
    return !path.empty() && glob_match_any(policy.paths.tests, path);
  };
  // A file deleted at one path and added at another with the same blob was
  // moved, not deleted (libgit2 pairs no symbolic links, so a directory
  // rename holding links reads as deletions and additions): both sides drop out.
  using BlobId = std::array<unsigned char, 20>;
  const auto absent = [](const BlobId& id) { return std::all_of(id.begin(), id.end(), [](unsigned char b) { return b == 0; }); };
  std::map<BlobId, int> added_blobs, moved_blobs;
  for (const auto& file : change.files)
    if (file.status == FileStatus::added && !absent(file.new_blob)) ++added_blobs[file.new_blob];
  std::uint64_t added = 0, removed = 0;
  std::vector<const ChangedFile*> deleted;
  for (const auto& file : change.files) {
    if (file.status == FileStatus::deleted && !absent(file.old_blob)) {
      if (auto partner = added_blobs.find(file.old_blob); partner != added_blobs.end() && partner->second > 0) {
        --partner->second;
        ++moved_blobs[file.old_blob];
        continue;
      }
    }
    if (file.status == FileStatus::added) {
      if (auto moved = moved_blobs.find(file.new_blob); moved != moved_blobs.end() && moved->second > 0) {
        --moved->second;
        continue;
      }
    }
    // A rename or copy (R/C) is never a deletion: its edits count, its move does not.
    if (!is_test(file.path) && !is_test(file.old_path)) continue;
    added += file.added_lines;
    removed += file.removed_lines;
    if (file.status == FileStatus::deleted) deleted.push_back(&file);
  }
  if (removed <= added) return;  // test lines made up for elsewhere: nothing lost
  const std::uint64_t lost = removed - added;
  const std::string balance =
      "the change removes " + std::to_string(removed) + " test lines and adds " + std::to_string(added);
  if (!deleted.empty()) {
    // One finding for the change: one decision, however many files it deletes.
    std::string message = deleted.size() == 1 ? "a test file is deleted"
                                              : std::to_string(deleted.size()) + " test files are deleted: ";
    constexpr size_t kNamed = 3;
    for (size_t i = 0; deleted.size() > 1 && i < std::min(deleted.size(), kNamed); ++i)
      message += (i > 0 ? ", " : "") + deleted[i]->path;
    if (deleted.size() > kNamed) message += " and " + std::to_string(deleted.size() - kNamed) + " more";
    findings.push_back(Finding{"change.tests-removed", severity, deleted.front()->path, 0,
                               message + " (" + balance + ")",
                               "keep the tests, or have a person approve their removal", "", ""});
    return;
  }
  if (lost < std::max<std::uint64_t>(policy.paths.tests_removed_min_lines, 1)) return;
  findings.push_back(Finding{"change.tests-removed", severity, "", 0,
                             balance + " ([paths] tests_removed_min_lines is " +
                                 std::to_string(policy.paths.tests_removed_min_lines) + ")",
                             "keep the tests, or have a person approve their removal", "", ""});
}

}  // namespace agentops::rules
