// SSH signatures (OpenSSH PROTOCOL.sshsig) as text: the armored form
// ssh-keygen reads and writes, and the one-line form an approval trailer
// carries. The blob is parsed only to name the key and namespace it claims;
// whether it is good is ssh-keygen's call.
#pragma once

#include <string>
#include <string_view>

#include "agentops/result.h"

namespace agentops::approval {

struct SshSignature {
  std::string public_key_blob;  // the signing key's wire-format bytes
  std::string key_type;         // the blob's first string ("ssh-ed25519")
  std::string name_space;       // "agentops-approval@v1", "git"
  std::string hash_algorithm;   // "sha512"
};

// "-----BEGIN SSH SIGNATURE-----\n...\n-----END SSH SIGNATURE-----\n" -> the base64 on one line.
Result<std::string> one_line(std::string_view armored);
// The base64 of one line, armored again as ssh-keygen writes it (lines of 70).
std::string armored(std::string_view base64);
// The fields of a signature given as one line of base64; an error when it is
// not an SSHSIG blob (wrong magic or version, truncated, trailing bytes).
Result<SshSignature> parse_signature(std::string_view base64);

// RFC 4648 base64, strict (no whitespace inside, padding required).
Result<std::string> base64_decode(std::string_view text);

}  // namespace agentops::approval
