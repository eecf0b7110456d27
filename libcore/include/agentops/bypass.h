// Commits made past the hooks (git commit --no-verify, a hook manager that
// displaced agentops, a message changed after commit-msg allowed it), found by
// post-commit, which git runs even after --no-verify. pre-commit and
// commit-msg each leave a stamp of exactly what they allowed; post-commit
// compares HEAD with them (cheap: no policy), and only on a mismatch judges
// the commit as pre-push will, to say at once what pre-push will refuse.
#pragma once

#include <string>

#include "agentops/findings.h"
#include "agentops/git.h"
#include "agentops/result.h"

namespace agentops {

// commit-msg allowed the message in `message_file`: remember the attempt
// (commit_attempt: index tree and HEAD) and a hash of each form git may still
// record the message in (as written, and after each cleanup git may apply,
// since git cleans the message after commit-msg). Best effort.
void record_allowed_message(const git::Repository& repo, const std::string& message_file);
// commit-msg refused: its stamp (and pre-commit's) must not vouch for a later commit.
void forget_allowed_message(const git::Repository& repo);

struct NewCommitCheck {
  enum class Verdict {
    checked,     // pre-commit and commit-msg allowed exactly this tree and message
    replay,      // rebase, cherry-pick, revert: git runs neither hook for these
    bypass,      // made without both checks passing for exactly this commit
    unreadable,  // HEAD could not be read: post-commit cannot judge
  };
  Verdict verdict = Verdict::checked;
  std::string commit;   // HEAD's full id ("" when unreadable)
  std::string why;      // what did not match, one phrase
  std::string warning;  // the line(s) to print now, "" when checked or replayed
};

// post-commit's check of HEAD against both stamps; consumes them (one stamp,
// one commit). Loads no policy.
NewCommitCheck check_new_commit(const git::Repository& repo);

// Judges commit `commit_hex` as pre-push will: its change against its first
// parent, its message and gate, by the policy of the first parent's tree (the
// built-in policy for a root commit). Stage "post-commit".
Result<Report> judge_made_commit(const git::Repository& repo, const std::string& commit_hex);

// What post-commit prints after a bypass: the rules, paths and hints pre-push
// will refuse, that the commit would pass, or that it could not be judged.
std::string format_bypass_judgement(const NewCommitCheck& check, const Result<Report>& judged);

}  // namespace agentops
