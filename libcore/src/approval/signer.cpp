// Signing an approval (signer.h): the key chosen as git chooses its SSH
// signing key (gpg-interface.c: user.signingkey, "key::" literals), the
// payload signed by ssh-keygen under the approval namespace.
#include "approval/signer.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "approval/ssh_keygen.h"
#include "approval/ssh_signature.h"
#include "approval/verifier.h"
#include "message/message_reading.h"

namespace agentops::approval {
namespace {

constexpr const char* kHowToName = "give --key FILE, or set git config user.signingkey (a key file, or "
                                   "\"key::ssh-ed25519 AAAA...\" for a key an ssh-agent holds)";

// A public key given as text, as git reads user.signingkey: "key::" and what
// follows, or (git's older form) a value starting "ssh-". nullopt for a path.
std::optional<std::string> literal_key(const std::string& value) {
  if (value.starts_with("key::")) return value.substr(5);
  if (value.starts_with("ssh-")) return value;
  return std::nullopt;
}

// The literal key in a file of its own, readable by us alone: ssh-keygen -Y
// sign takes a public key file and asks the agent for its private half.
Result<std::string> write_temporary_key(const std::string& public_key) {
  const char* tmpdir = std::getenv("TMPDIR");
  std::string path = std::string(tmpdir && *tmpdir ? tmpdir : "/tmp") + "/agentops-signing-key-XXXXXX";
  const int fd = ::mkstemp(path.data());
  if (fd < 0) return Error{"cannot create a temporary file for the signing key in " + path};
  const std::string text = public_key + "\n";
  size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n <= 0) break;
    written += static_cast<size_t>(n);
  }
  ::close(fd);
  if (written != text.size()) {
    ::unlink(path.c_str());
    return Error{"cannot write the signing key to the temporary file " + path};
  }
  return path;
}

std::string expand_home(const std::string& path) {
  if (!path.starts_with("~/")) return path;
  const char* home = std::getenv("HOME");
  return home && *home ? std::string(home) + path.substr(1) : path;
}

// A principal goes into one trailer line and into ssh-keygen's -I: no
// whitespace or control bytes (allowed_signers separates fields by them).
bool is_principal(const std::string& principal) {
  if (principal.empty()) return false;
  for (char c : principal) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7f) return false;
  }
  return true;
}

}  // namespace

Result<SigningKey> signing_key(const git::Repository& repo, const std::string& key_option) {
  std::string configured = key_option;
  const char* origin = "--key";
  if (configured.empty()) {
    configured = detail::git_config_value(repo, "user.signingkey").value_or("");
    origin = "git config user.signingkey";
  }
  if (configured.empty()) return Error{"no signing key: " + std::string(kHowToName)};
  if (auto literal = literal_key(configured)) {
    if (literal->empty()) return Error{std::string(origin) + " is \"key::\" with no key after it: " + kHowToName};
    auto file = write_temporary_key(*literal);
    if (!file) return file.error();
    return SigningKey{*file, *file};
  }
  std::string file = expand_home(configured);
  // git runs ssh-keygen from the top of the working tree, so a relative
  // user.signingkey names a file there; --key is relative to where it was typed.
  if (key_option.empty() && !file.starts_with("/") && !repo.workdir().empty()) file = repo.workdir() + file;
  std::error_code error;
  if (!std::filesystem::is_regular_file(file, error))
    return Error{"the signing key " + file + " (" + origin + ") is not a file: " + kHowToName};
  if (::access(file.c_str(), R_OK) != 0)
    return Error{"the signing key " + file + " (" + origin + ") cannot be read"};
  return SigningKey{file, ""};
}

Result<std::string> sign_payload(const SigningKey& key, const std::string& principal, const std::string& payload) {
  if (!is_principal(principal))
    return Error{"the principal \"" + principal +
                 "\" is not one word: give --principal NAME as .agentops/allowed_signers lists it (no spaces)"};
  auto armored_signature = ssh_sign(key.file, kApprovalNamespace, payload);
  if (!armored_signature) return armored_signature.error();
  auto signature = one_line(*armored_signature);
  if (!signature) return Error{"ssh-keygen's signature cannot be read: " + signature.error().message};
  return principal + " " + *signature;
}

}  // namespace agentops::approval
