// OpenSSH allowed-signers files (ssh-keygen(1), "ALLOWED SIGNERS"), read for
// what ssh-keygen does not say: which principals may approve, and whether a
// signature's key is listed at all, under another principal, for another
// namespace, or no longer valid. ssh-keygen -Y verify stays the only judge of
// a signature; this reading only explains its refusals.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "agentops/result.h"

namespace agentops::approval {

struct AllowedSigner {
  std::uint32_t line = 0;               // 1-based, for messages
  std::vector<std::string> principals;  // patterns as written ("alice@example.com", "*@example.com", "!bob@x")
  bool cert_authority = false;
  std::vector<std::string> namespaces;  // namespaces="a,b"; empty: any namespace
  std::string valid_after;              // YYYYMMDD[HHMM[SS]][Z] as written; empty: none
  std::string valid_before;
  std::string key_type;                 // "ssh-ed25519", "sk-ssh-ed25519@openssh.com", ...
  std::string key_blob;                 // the key's wire-format bytes (base64-decoded)
};

// Every entry of `text`; a line ssh-keygen would not accept is an error that names it.
Result<std::vector<AllowedSigner>> parse_allowed_signers(std::string_view text);

// OpenSSH's pattern lists: comma-separated, `*` and `?` wildcards, `!` negates
// (a negated match refuses whatever else matched). Case-sensitive, as ssh-keygen.
bool principal_matches(const AllowedSigner& signer, std::string_view principal);
bool allows_namespace(const AllowedSigner& signer, std::string_view name_space);
// Whether `now` (seconds since the epoch) is before valid-before / after valid-after.
bool expired(const AllowedSigner& signer, std::int64_t now);
bool not_yet_valid(const AllowedSigner& signer, std::int64_t now);

// The principals (as written, negations left out) listed for `name_space`:
// who may approve, for refusals to name.
std::vector<std::string> principals_for(const std::vector<AllowedSigner>& signers, std::string_view name_space);

}  // namespace agentops::approval
