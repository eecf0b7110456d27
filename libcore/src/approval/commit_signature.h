// [branches] require_signed: a commit's own signature (the gpgsig header),
// verified as git verify-commit would: SSH signatures with ssh-keygen against
// the base side's allowed signers (namespace "git", as with
// gpg.ssh.allowedSignersFile), OpenPGP ones with gpg against the keyring the
// policy names, in a private GNUPGHOME. An unverifiable signature is unsigned.
#pragma once

#include <git2.h>

#include <optional>
#include <string>
#include <string_view>

#include "agentops/git.h"
#include "agentops/policy.h"
#include "agentops/result.h"

namespace agentops::approval {

enum class SignatureState {
  verified,        // good, by a listed key
  unsigned_commit, // no signature
  unknown_key,     // a good signature by a key the base does not list (or a bad one)
  bad,             // the signature does not verify
  not_configured,  // an OpenPGP signature and no [branches] gpg_keyring (or an x509 one)
};
const char* to_string(SignatureState state);  // "verified", "unsigned", "unknown-key", "bad", "not-configured"

struct SignatureVerdict {
  SignatureState state = SignatureState::unsigned_commit;
  std::string signer;       // principal (SSH) or user id (OpenPGP), when known
  std::string fingerprint;  // key fingerprint, when known
  std::string detail;       // one line for the finding
};

// An error only when verification could not run (ssh-keygen or gpg absent,
// failed, timed out, the commit unreadable): callers fail closed.
Result<SignatureVerdict> verify_commit_signature(const git::Repository& repo, const git_oid& commit,
                                                 const TrustFiles& trust);

// A raw commit split as git's parse_buffer_signed_by_header does for a SHA-1
// repository: the "gpgsig" header's value (continuation lines unfolded, each
// line ending in '\n') and the payload it signs (the commit without that
// header, nor a "gpgsig-sha256" one). nullopt when the commit has no gpgsig.
struct SignedCommit {
  std::string signature;
  std::string payload;
};
std::optional<SignedCommit> split_signed_commit(std::string_view raw_commit);

}  // namespace agentops::approval
