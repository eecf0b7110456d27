// branch.unsigned: which state a refused commit signature is in, and the fix.
#include "approval/require_signed.h"

#include <string>

#include "approval/commit_signature.h"
#include "git/raw_objects.h"

namespace agentops::approval {
namespace {

std::string hint_for(SignatureState state, const Policy& policy) {
  const std::string& signers = policy.gates.allowed_signers;
  switch (state) {
    case SignatureState::unsigned_commit:
      return "sign commits (git config commit.gpgsign true) and re-sign these: git rebase --exec "
             "'git commit --amend --no-edit -S' <base>";
    case SignatureState::unknown_key:
      return "sign with a key that " + signers +
             " lists for namespace \"git\" (or [branches] gpg_keyring holds) on the base side; a key added by this "
             "same push does not count, so add it in a change of its own first";
    case SignatureState::bad:
      return "the signature does not match the commit (rewritten after signing?): re-sign it with git commit --amend "
             "--no-edit -S";
    case SignatureState::not_configured:
      return "sign with SSH (git config gpg.format ssh) and a key " + signers +
             " lists, or name an OpenPGP keyring under .agentops/ in [branches] gpg_keyring (gpg --export KEYID > "
             ".agentops/trusted.gpg) in a change of its own";
    case SignatureState::verified: break;
  }
  return "";
}

}  // namespace

Status check_require_signed(const git::Repository& repo, const git_oid& commit, const Policy& policy, Report& report) {
  if (!policy.branches.require_signed) return Ok{};
  const Severity severity = severity_of(policy, "branch.unsigned");
  if (severity == Severity::off) return Ok{};
  auto verdict = verify_commit_signature(repo, commit, policy.trust);
  // Verification that cannot run refuses nothing and passes nothing: the
  // caller fails closed with this error.
  if (!verdict)
    return Error{"cannot verify the signature of commit " + git::hex_of(commit) + " ([branches] require_signed): " +
                 verdict.error().message};
  if (verdict->state == SignatureState::verified) return Ok{};
  std::string message = verdict->state == SignatureState::unsigned_commit
                            ? "the commit is not signed"
                            : std::string("the commit's signature is not trusted (") + to_string(verdict->state) +
                                  "): " + verdict->detail;
  if (verdict->state != SignatureState::unsigned_commit) {
    // Who signed, unless the detail already says it.
    if (!verdict->signer.empty() && message.find(verdict->signer) == std::string::npos)
      message += "; signer: " + verdict->signer;
    if (!verdict->fingerprint.empty() && message.find(verdict->fingerprint) == std::string::npos)
      message += "; key: " + verdict->fingerprint;
  }
  // No message can approve a signature: gated is blocked, and reported so.
  const Severity reported = severity == Severity::gate ? Severity::block : severity;
  report.findings.push_back(
      Finding{"branch.unsigned", reported, "", 0, message, hint_for(verdict->state, policy), "", git::hex_of(commit)});
  if (reported == Severity::block) report.decision = Decision::block;
  return Ok{};
}

}  // namespace agentops::approval
