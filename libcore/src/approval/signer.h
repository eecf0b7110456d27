// Signing an approval: the payload of what is approved, signed by ssh-keygen
// with the reviewer's key, as one trailer line.
#pragma once

#include <string>

#include "agentops/git.h"
#include "agentops/result.h"

namespace agentops::approval {

// The key to sign with: `key_option` when given, else git config
// user.signingkey (a path, "~/" expanded, or a literal "key::ssh-ed25519 ..."
// public key whose private half an ssh-agent holds, written to a temporary
// file). An error naming both ways when neither is set.
struct SigningKey {
  std::string file;       // what ssh-keygen -f gets
  std::string temporary;  // a file to remove afterwards ("" when none)
};
Result<SigningKey> signing_key(const git::Repository& repo, const std::string& key_option);

// "<principal> <one-line base64 signature>": the trailer's value.
Result<std::string> sign_payload(const SigningKey& key, const std::string& principal, const std::string& payload);

}  // namespace agentops::approval
