// Commit signatures verified as git verify-commit verifies them (see
// commit_signature.h): the split of git's commit.c, the SSH steps of
// gpg-interface.c (find-principals, then verify per principal at the
// committer's date), and gpg against the policy's keyring alone.
#include "approval/commit_signature.h"

#include <stdlib.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <vector>

#include "approval/allowed_signers.h"
#include "approval/ssh_keygen.h"
#include "approval/ssh_signature.h"
#include "approval/trusted_program.h"
#include "git/raw_objects.h"
#include "process/child_process.h"

namespace agentops::approval {
namespace {

namespace fs = std::filesystem;

// The namespace git signs and verifies commits under (gpg-interface.c).
constexpr const char* kGitNamespace = "git";

// git's get_format_by_sig: the armor's first line names the format.
enum class SignatureKind { ssh, openpgp, x509, unknown };

SignatureKind kind_of(std::string_view signature) {
  if (signature.starts_with("-----BEGIN SSH SIGNATURE-----")) return SignatureKind::ssh;
  if (signature.starts_with("-----BEGIN PGP SIGNATURE-----") || signature.starts_with("-----BEGIN PGP MESSAGE-----"))
    return SignatureKind::openpgp;
  if (signature.starts_with("-----BEGIN SIGNED MESSAGE-----")) return SignatureKind::x509;
  return SignatureKind::unknown;
}

Result<std::string> raw_commit_bytes(const git::Repository& repo, const git_oid& id) {
  git_odb* raw_odb = nullptr;
  if (git_repository_odb(&raw_odb, repo.get()) != 0) return git::last_error("cannot open the object database");
  git::OdbPtr odb(raw_odb);
  git_odb_object* raw_object = nullptr;
  if (git_odb_read(&raw_object, odb.get(), &id) != 0)
    return git::last_error("cannot read commit " + git::hex_of(id) + " to verify its signature");
  std::unique_ptr<git_odb_object, decltype(&git_odb_object_free)> object(raw_object, git_odb_object_free);
  if (git_odb_object_type(object.get()) != GIT_OBJECT_COMMIT) return Error{git::hex_of(id) + " is not a commit"};
  return std::string(static_cast<const char*>(git_odb_object_data(object.get())), git_odb_object_size(object.get()));
}

// The committer's timestamp, the time git verifies an SSH commit signature
// at (its payload_timestamp): a key that was valid when the commit was made.
// nullopt when the header is missing or unreadable (ssh-keygen then uses now).
std::optional<long long> committer_time(std::string_view payload) {
  size_t line = 0;
  while (line < payload.size() && payload[line] != '\n') {
    size_t end = payload.find('\n', line);
    if (end == std::string_view::npos) end = payload.size();
    const std::string_view header = payload.substr(line, end - line);
    if (header.starts_with("committer ")) {
      const size_t close = header.rfind('>');
      if (close == std::string_view::npos) return std::nullopt;
      size_t digit = header.find_first_not_of(' ', close + 1);
      if (digit == std::string_view::npos || !std::isdigit(static_cast<unsigned char>(header[digit]))) return std::nullopt;
      long long seconds = 0;
      for (; digit < header.size() && std::isdigit(static_cast<unsigned char>(header[digit])); ++digit) {
        if (seconds > 100000000000LL) return std::nullopt;  // past year 5000: not a date ssh-keygen takes
        seconds = seconds * 10 + (header[digit] - '0');
      }
      return seconds;
    }
    line = end + 1;
  }
  return std::nullopt;
}

std::string first_line(std::string_view text) {
  const size_t start = text.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return "";
  text.remove_prefix(start);
  std::string line(text.substr(0, text.find('\n')));
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  return line;
}

SignatureVerdict refused(SignatureState state, std::string detail, std::string signer = "", std::string fingerprint = "") {
  return SignatureVerdict{state, std::move(signer), std::move(fingerprint), std::move(detail)};
}

// The principals the signature's key is listed under. ssh-keygen -Y
// find-principals judges validity at the current time (git passes it the
// commit's date, which ssh_find_principals does not take), so when it
// refuses, the entries are matched here by key: ssh-keygen -Y verify at the
// committer date stays the judge of each.
Result<std::vector<std::string>> principals_of_key(const std::string& allowed_signers, const std::string& signature) {
  auto found = ssh_find_principals(allowed_signers, signature);
  if (found) return found;
  auto base64 = one_line(signature);
  if (!base64) return found.error();
  auto parsed = parse_signature(*base64);
  if (!parsed) return found.error();
  auto signers = parse_allowed_signers(allowed_signers);
  if (!signers) return Error{"the allowed signers file: " + signers.error().message};
  std::vector<std::string> principals;
  for (const auto& signer : *signers) {
    if (signer.cert_authority || signer.key_blob != parsed->public_key_blob) continue;
    for (const auto& pattern : signer.principals)
      if (!pattern.starts_with('!')) principals.push_back(pattern);
  }
  if (principals.empty()) return found.error();
  return principals;
}

Result<SignatureVerdict> verify_ssh(const SignedCommit& commit, const TrustFiles& trust) {
  if (!trust.allowed_signers)
    return refused(SignatureState::unknown_key,
                   "an SSH signature, and the base side has no allowed signers file ([gates] allowed_signers) to trust "
                   "any key by");
  const auto verify_time = committer_time(commit.payload);
  auto principals = principals_of_key(*trust.allowed_signers, commit.signature);
  if (!principals) return principals.error();
  std::string last_refusal;
  for (const auto& principal : *principals) {
    auto verdict = ssh_verify(*trust.allowed_signers, principal, kGitNamespace, commit.signature, commit.payload,
                              verify_time);
    if (!verdict) return verdict.error();
    if (verdict->good)
      return SignatureVerdict{SignatureState::verified, verdict->principal.empty() ? principal : verdict->principal,
                              verdict->fingerprint, "good SSH signature by " + principal};
    last_refusal = first_line(verdict->message);
  }
  // Refused: a signature that does not hold over this commit at all is bad;
  // a sound one is by a key the base does not trust for "git".
  auto sound = ssh_check_novalidate(kGitNamespace, commit.signature, commit.payload);
  if (!sound) return sound.error();
  if (!sound->good) {
    const std::string why = first_line(sound->message);
    return refused(SignatureState::bad, "the SSH signature does not verify over this commit under namespace \"git\"" +
                                            (why.empty() ? std::string() : " (ssh-keygen: " + why + ")"),
                   "", sound->fingerprint);
  }
  const std::string key = sound->fingerprint.empty() ? "a key" : "key " + sound->fingerprint;
  if (principals->empty())
    return refused(SignatureState::unknown_key, "signed by " + key + ", which the base side's allowed signers do not list",
                   "", sound->fingerprint);
  std::string listed;
  for (const auto& principal : *principals) listed += (listed.empty() ? "" : ", ") + principal;
  return refused(SignatureState::unknown_key,
                 "signed by " + key + ", listed for " + listed +
                     " but not trusted for commits (namespace \"git\", valid-after/valid-before at the committer date)" +
                     (last_refusal.empty() ? std::string() : ": " + last_refusal),
                 listed, sound->fingerprint);
}

// A private directory (mode 0700, as gpg wants its home) removed on every path out.
class PrivateDirectory {
 public:
  PrivateDirectory() {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = std::string(base && *base ? base : "/tmp") + "/agentops-gpg-XXXXXX";
    if (::mkdtemp(pattern.data())) path_ = pattern;
  }
  ~PrivateDirectory() {
    std::error_code ignored;
    if (!path_.empty()) fs::remove_all(path_, ignored);
  }
  PrivateDirectory(const PrivateDirectory&) = delete;
  PrivateDirectory& operator=(const PrivateDirectory&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

bool write_file(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  return bool(out.flush());
}

// gpg's status lines ("[GNUPG:] KEYWORD args"), by keyword.
struct GpgStatus {
  std::string goodsig;   // "<keyid> <user id>"
  std::string validsig;  // "<fingerprint> ..."
  std::string badsig, errsig, expkeysig, revkeysig, expsig;
};

GpgStatus read_status(const std::string& out) {
  GpgStatus status;
  std::istringstream lines(out);
  std::string line;
  constexpr std::string_view prefix = "[GNUPG:] ";
  while (std::getline(lines, line)) {
    if (!line.starts_with(prefix)) continue;
    const std::string rest = line.substr(prefix.size());
    const size_t space = rest.find(' ');
    const std::string keyword = rest.substr(0, space);
    const std::string args = space == std::string::npos ? "" : rest.substr(space + 1);
    if (keyword == "GOODSIG") status.goodsig = args.empty() ? " " : args;
    else if (keyword == "VALIDSIG") status.validsig = args.empty() ? " " : args;
    else if (keyword == "BADSIG") status.badsig = args.empty() ? " " : args;
    else if (keyword == "ERRSIG") status.errsig = args.empty() ? " " : args;
    else if (keyword == "EXPKEYSIG") status.expkeysig = args.empty() ? " " : args;
    else if (keyword == "REVKEYSIG") status.revkeysig = args.empty() ? " " : args;
    else if (keyword == "EXPSIG") status.expsig = args.empty() ? " " : args;
  }
  return status;
}

std::string word(const std::string& args, size_t index) {
  std::istringstream words(args);
  std::string current;
  for (size_t i = 0; i <= index; ++i)
    if (!(words >> current)) return "";
  return current;
}

std::string after_first_word(const std::string& args) {
  const size_t space = args.find(' ');
  return space == std::string::npos ? "" : args.substr(space + 1);
}

// gpg --verify against the policy's keyring and nothing else: a home of its
// own (no user's keys, agent or gpg.conf), no default keyring, and every key
// in the keyring trusted (--trust-model always), since that keyring, read
// from the base side, is the trust. Only GOODSIG with VALIDSIG, and none of
// the refusals, is good.
Result<SignatureVerdict> verify_openpgp(const SignedCommit& commit, const TrustFiles& trust) {
  if (!trust.gpg_keyring)
    return refused(SignatureState::not_configured,
                   "an OpenPGP signature, and no keyring to verify it with: [branches] gpg_keyring is unset or names no "
                   "file on the base side");
  const std::string gpg = find_trusted_program("gpg");
  if (gpg.empty())
    return Error{"gpg is not on PATH (in its absolute directories: relative entries name the working tree, which "
                 "the change writes): it is needed to verify OpenPGP commit signatures (install gnupg)"};
  PrivateDirectory home;
  if (home.path().empty())
    return Error{std::string("cannot create a directory for gpg: ") + std::strerror(errno)};
  const std::string keyring = home.path() + "/trusted.gpg", signature = home.path() + "/signature.asc";
  if (!write_file(keyring, *trust.gpg_keyring) || !write_file(signature, commit.signature))
    return Error{"cannot write gpg's files in " + home.path()};
  process::ChildRun run;
  run.argv = {gpg,         "--batch",         "--no-tty",      "--no-options",       "--homedir",
              home.path(), "--no-default-keyring", "--keyring", keyring,             "--trust-model",
              "always",    "--status-fd=1",   "--verify",      signature,            "-"};
  run.environment = {{"GNUPGHOME", home.path()}, {"LC_ALL", "C"}};
  run.input = commit.payload;
  auto result = process::run_child(run);
  if (!result) return Error{"gpg: " + result.error().message};
  if (result->timed_out) return Error{"gpg --verify did not answer in time"};
  const GpgStatus status = read_status(result->out);
  if (!status.badsig.empty())
    return refused(SignatureState::bad, "the OpenPGP signature does not verify over this commit (gpg: BADSIG)",
                   after_first_word(status.badsig), word(status.badsig, 0));
  if (!status.expkeysig.empty() || !status.revkeysig.empty() || !status.expsig.empty()) {
    const std::string& args = !status.revkeysig.empty() ? status.revkeysig : !status.expkeysig.empty() ? status.expkeysig : status.expsig;
    const char* why = !status.revkeysig.empty() ? "revoked" : !status.expkeysig.empty() ? "expired" : "an expired signature";
    return refused(SignatureState::unknown_key, std::string("signed by a key the keyring holds as ") + why,
                   after_first_word(args), word(args, 0));
  }
  if (!status.errsig.empty())
    return refused(SignatureState::unknown_key,
                   "signed by OpenPGP key " + word(status.errsig, 0) + ", which the keyring ([branches] gpg_keyring) does not hold",
                   "", word(status.errsig, 0));
  if (result->exit_code == 0 && !status.goodsig.empty() && !status.validsig.empty())
    return SignatureVerdict{SignatureState::verified, after_first_word(status.goodsig), word(status.validsig, 0),
                            "good OpenPGP signature"};
  if (result->exit_code == 127 && result->out.empty()) return Error{"cannot run gpg (" + gpg + ")"};
  return Error{"gpg --verify gave no verdict (exit " + std::to_string(result->exit_code) + "): " + first_line(result->err)};
}

}  // namespace

const char* to_string(SignatureState state) {
  switch (state) {
    case SignatureState::verified: return "verified";
    case SignatureState::unsigned_commit: return "unsigned";
    case SignatureState::unknown_key: return "unknown-key";
    case SignatureState::bad: return "bad";
    case SignatureState::not_configured: return "not-configured";
  }
  return "unsigned";
}

std::optional<SignedCommit> split_signed_commit(std::string_view raw_commit) {
  // Lines of the "gpgsig" header (and its continuations) go to the signature,
  // a "gpgsig-sha256" one (the other hash's signature) to neither, and every
  // other byte, the message whole, to the payload.
  constexpr std::string_view header = "gpgsig ";
  SignedCommit split;
  bool saw_signature = false, in_signature = false, other_signature = false;
  size_t line = 0;
  while (line < raw_commit.size()) {
    size_t next = raw_commit.find('\n', line);
    next = next == std::string_view::npos ? raw_commit.size() : next + 1;
    const std::string_view text = raw_commit.substr(line, next - line);
    std::optional<std::string_view> signature_part;
    if (in_signature && text.starts_with(' ')) {
      signature_part = text.substr(1);
    } else if (text.starts_with(header)) {
      signature_part = text.substr(header.size());
      other_signature = false;
    } else if (text.starts_with("gpgsig")) {
      other_signature = true;
    } else if (other_signature && !text.starts_with(' ')) {
      other_signature = false;
    }
    if (signature_part) {
      split.signature.append(*signature_part);
      saw_signature = in_signature = true;
    } else {
      if (text.starts_with('\n')) next = raw_commit.size();  // the message, whole
      if (!other_signature) split.payload.append(raw_commit.substr(line, next - line));
      in_signature = false;
    }
    line = next;
  }
  if (!saw_signature) return std::nullopt;
  return split;
}

Result<SignatureVerdict> verify_commit_signature(const git::Repository& repo, const git_oid& commit,
                                                 const TrustFiles& trust) {
  // The raw bytes, not libgit2's parse: git stores (and verify-commit checks)
  // commits libgit2 refuses, and the payload must be exactly git's.
  auto raw = raw_commit_bytes(repo, commit);
  if (!raw) return raw.error();
  const auto split = split_signed_commit(*raw);
  if (!split) return refused(SignatureState::unsigned_commit, "the commit is not signed");
  switch (kind_of(split->signature)) {
    case SignatureKind::ssh: return verify_ssh(*split, trust);
    case SignatureKind::openpgp: return verify_openpgp(*split, trust);
    case SignatureKind::x509:
      return refused(SignatureState::not_configured, "an X.509 (gpgsm) signature, which agentops does not verify");
    case SignatureKind::unknown: break;
  }
  return refused(SignatureState::bad, "the gpgsig header holds no signature git knows (SSH, OpenPGP or X.509)");
}

}  // namespace agentops::approval
