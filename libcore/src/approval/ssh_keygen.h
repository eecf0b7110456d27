// ssh-keygen run the way git runs it for SSH signatures (gpg-interface.c):
// found on PATH (git config gpg.ssh.program is not read: a repository's own
// config must not choose the program that verifies its approvals), with a
// timeout, its files in a private temporary directory removed afterwards.
// Its absence, a timeout or an answer it does not give is an error, never a
// pass.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "agentops/result.h"

namespace agentops::approval {

struct SshVerdict {
  bool good = false;        // exit 0 and "Good "<namespace>" signature" on stdout
  std::string principal;    // for -Y verify: the principal it was good for
  std::string fingerprint;  // "SHA256:..." from ssh-keygen's answer, when it gave one
  std::string message;      // ssh-keygen's stderr (or stdout) on refusal, one line
};

// ssh-keygen -Y sign -n NAMESPACE -f KEY_FILE, the payload on stdin: the armored
// signature. KEY_FILE may be a private key, or a public key whose private half
// an ssh-agent holds (a FIDO -sk key asks for its touch as ssh-keygen does).
Result<std::string> ssh_sign(const std::string& key_file, const std::string& name_space, const std::string& payload);

// ssh-keygen -Y verify -f ALLOWED -I PRINCIPAL -n NAMESPACE -s SIG
// [-Overify-time=YYYYMMDDHHMMSS], the payload on stdin. `allowed_signers` is
// the file's contents (written to a temporary file).
Result<SshVerdict> ssh_verify(const std::string& allowed_signers, const std::string& principal,
                              const std::string& name_space, const std::string& armored_signature,
                              const std::string& payload, std::optional<long long> verify_time = std::nullopt);

// ssh-keygen -Y check-novalidate -n NAMESPACE -s SIG: whether the signature
// covers `payload` at all, trust aside (and the key's fingerprint).
Result<SshVerdict> ssh_check_novalidate(const std::string& name_space, const std::string& armored_signature,
                                        const std::string& payload);

// ssh-keygen -Y find-principals -f ALLOWED -s SIG: the principals the
// signature's key is listed under (empty when none).
Result<std::vector<std::string>> ssh_find_principals(const std::string& allowed_signers,
                                                     const std::string& armored_signature);

}  // namespace agentops::approval
