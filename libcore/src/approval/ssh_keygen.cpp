// ssh-keygen -Y sign / verify / check-novalidate / find-principals as child
// processes (see ssh_keygen.h). Files it must read live in a private
// directory that goes away whatever happens.
#include "approval/ssh_keygen.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <string_view>

#include "approval/trusted_program.h"
#include "process/child_process.h"

namespace agentops::approval {
namespace {

// A FIDO key waits for a touch; everything else answers at once.
constexpr int kSignTimeoutMs = 120000;
constexpr int kVerifyTimeoutMs = 30000;

// A mode-0700 directory of its own under $TMPDIR, removed with its files when
// this goes out of scope (allowed signers and signatures are nobody else's to read).
class PrivateDirectory {
 public:
  static Result<PrivateDirectory> create() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/agentops-sshsig-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr)
      return Error{"cannot create a temporary directory for ssh-keygen in " + pattern.substr(0, pattern.rfind('/')) +
                   ": " + std::strerror(errno) + " (set TMPDIR to a writable directory)"};
    return PrivateDirectory(std::move(pattern));
  }
  PrivateDirectory(PrivateDirectory&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }
  PrivateDirectory(const PrivateDirectory&) = delete;
  PrivateDirectory& operator=(const PrivateDirectory&) = delete;
  PrivateDirectory& operator=(PrivateDirectory&&) = delete;
  ~PrivateDirectory() {
    if (path_.empty()) return;
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }

  const std::string& path() const { return path_; }

  // `name` in this directory with `contents`, readable by us alone.
  Result<std::string> write(const std::string& name, std::string_view contents) const {
    const std::string file = path_ + "/" + name;
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return Error{"cannot write " + file + ": " + std::strerror(errno)};
    size_t written = 0;
    while (written < contents.size()) {
      const ssize_t n = ::write(fd, contents.data() + written, contents.size() - written);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        const std::string reason = std::strerror(errno);
        ::close(fd);
        return Error{"cannot write " + file + ": " + reason};
      }
      written += static_cast<size_t>(n);
    }
    if (::close(fd) != 0) return Error{"cannot write " + file + ": " + std::strerror(errno)};
    return file;
  }

 private:
  explicit PrivateDirectory(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

struct KeygenRun {
  std::vector<std::string> args;  // after "ssh-keygen"
  std::string input;
  int timeout_ms = kVerifyTimeoutMs;
  bool with_agent = false;  // only signing may talk to an ssh-agent
};

// Runs ssh-keygen; an error when it is absent, killed, timed out or does not
// know the operation (a version before 8.2 prints its usage): callers fail closed.
Result<process::ChildResult> run_ssh_keygen(const KeygenRun& keygen) {
  const std::string program = find_trusted_program("ssh-keygen");
  if (program.empty())
    return Error{"ssh-keygen is not on PATH (in its absolute directories: relative entries name the working tree, "
                 "which the change writes): signed approvals need OpenSSH 8.2 or later (install openssh-client)"};
  process::ChildRun run;
  run.argv.push_back(program);
  run.argv.insert(run.argv.end(), keygen.args.begin(), keygen.args.end());
  run.input = keygen.input;
  run.timeout_ms = keygen.timeout_ms;
  // An empty SSH_AUTH_SOCK is no agent to ssh-keygen: verifying needs none.
  if (!keygen.with_agent) run.environment.emplace_back("SSH_AUTH_SOCK", "");
  auto result = run_child(run);
  if (!result) return result.error();
  const std::string operation = "ssh-keygen -Y " + (keygen.args.size() > 1 ? keygen.args[1] : std::string());
  if (result->timed_out)
    return Error{operation + " did not answer within " + std::to_string(keygen.timeout_ms / 1000) +
                 " s" + (keygen.with_agent ? " (a security key waits for a touch)" : "")};
  if (result->exit_code < 0) return Error{operation + " was killed before it answered"};
  if (result->exit_code == 127 && result->out.empty() && result->err.empty())
    return Error{"cannot run " + program};
  if (result->err.find("usage:") != std::string::npos)
    return Error{program + " does not know `" + operation +
                 "`: signed approvals need OpenSSH 8.2 or later (ssh -V names the version)"};
  return result;
}

std::vector<std::string> lines_of(std::string_view text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    if (!line.empty()) lines.emplace_back(line);
    start = end + 1;
  }
  return lines;
}

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  if (from.empty()) return;
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

// One line on why ssh-keygen refused: its specific reason ("key has expired",
// "namespace does not match") before its generic "Could not verify signature.",
// the temporary paths named for what they hold.
std::string refusal_message(const process::ChildResult& result, const PrivateDirectory& directory) {
  auto lines = lines_of(result.err);
  if (lines.empty()) lines = lines_of(result.out);
  std::string message;
  for (const auto& line : lines) {
    if (line == "Could not verify signature." && lines.size() > 1) continue;
    message = line;
    break;
  }
  if (message.empty()) message = "ssh-keygen exited with " + std::to_string(result.exit_code) + " and no message";
  replace_all(message, directory.path() + "/allowed_signers", "allowed signers");
  replace_all(message, directory.path() + "/", "");
  return message;
}

// "Good "NS" signature for PRINCIPAL with ED25519 key SHA256:..." (verify) or
// "Good "NS" signature with ED25519 key SHA256:..." (check-novalidate).
bool read_good_line(const std::string& out, const std::string& name_space, SshVerdict& verdict) {
  const std::string prefix = "Good \"" + name_space + "\" signature ";
  for (const auto& line : lines_of(out)) {
    if (line.rfind(prefix, 0) != 0) continue;
    std::string_view rest = std::string_view(line).substr(prefix.size());
    const size_t with = rest.rfind(" with ");
    if (rest.rfind("for ", 0) == 0 && with != std::string_view::npos && with >= 4) {
      verdict.principal = std::string(rest.substr(4, with - 4));
      rest = rest.substr(with + 1);
    }
    if (rest.rfind("with ", 0) != 0) continue;
    const size_t key = rest.rfind(" key ");
    if (key != std::string_view::npos) verdict.fingerprint = std::string(rest.substr(key + 5));
    return true;
  }
  return false;
}

// Seconds since the epoch as ssh-keygen's -Overify-time reads them
// (misc.c parse_absolute_time): YYYYMMDDHHMMSS, a trailing Z for UTC.
std::string verify_time_option(long long seconds) {
  const std::time_t time = static_cast<std::time_t>(seconds);
  std::tm utc{};
  ::gmtime_r(&time, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%d%H%M%SZ", &utc);
  return std::string("-Overify-time=") + text;
}

Result<SshVerdict> judge(const process::ChildResult& result, const std::string& name_space,
                         const PrivateDirectory& directory) {
  SshVerdict verdict;
  if (result.exit_code == 0 && read_good_line(result.out, name_space, verdict)) {
    verdict.good = true;
    return verdict;
  }
  verdict.principal.clear();
  verdict.fingerprint.clear();
  verdict.message = refusal_message(result, directory);
  return verdict;
}

}  // namespace

Result<std::string> ssh_sign(const std::string& key_file, const std::string& name_space, const std::string& payload) {
  KeygenRun keygen;
  keygen.args = {"-Y", "sign", "-n", name_space, "-f", key_file};
  keygen.input = payload;
  keygen.timeout_ms = kSignTimeoutMs;
  keygen.with_agent = true;
  auto result = run_ssh_keygen(keygen);
  if (!result) return result.error();
  const std::string begin = "-----BEGIN SSH SIGNATURE-----";
  if (result->exit_code != 0 || result->out.find(begin) == std::string::npos) {
    std::string message;
    for (auto line : lines_of(result->err)) {
      if (line == "Signing data on standard input") continue;
      // The prompt it printed without a newline, to no one.
      if (line.rfind("Enter passphrase: ", 0) == 0) line.erase(0, 18);
      message = message.empty() ? line : message + "; " + line;
    }
    if (message.empty()) message = "exit " + std::to_string(result->exit_code) + " and no signature";
    // It runs without a terminal: a passphrase comes from an agent (or SSH_ASKPASS), never a prompt.
    if (message.find("passphrase") != std::string::npos)
      message += " (add the key to ssh-agent first: ssh-add " + key_file + ")";
    return Error{"ssh-keygen could not sign with " + key_file + ": " + message};
  }
  return result->out.substr(result->out.find(begin));
}

Result<SshVerdict> ssh_verify(const std::string& allowed_signers, const std::string& principal,
                              const std::string& name_space, const std::string& armored_signature,
                              const std::string& payload, std::optional<long long> verify_time) {
  auto directory = PrivateDirectory::create();
  if (!directory) return directory.error();
  auto signers_file = directory->write("allowed_signers", allowed_signers);
  if (!signers_file) return signers_file.error();
  auto signature_file = directory->write("signature", armored_signature);
  if (!signature_file) return signature_file.error();
  KeygenRun keygen;
  keygen.args = {"-Y", "verify", "-f", *signers_file, "-I", principal, "-n", name_space, "-s", *signature_file};
  if (verify_time) keygen.args.push_back(verify_time_option(*verify_time));
  keygen.input = payload;
  auto result = run_ssh_keygen(keygen);
  if (!result) return result.error();
  return judge(*result, name_space, *directory);
}

Result<SshVerdict> ssh_check_novalidate(const std::string& name_space, const std::string& armored_signature,
                                        const std::string& payload) {
  auto directory = PrivateDirectory::create();
  if (!directory) return directory.error();
  auto signature_file = directory->write("signature", armored_signature);
  if (!signature_file) return signature_file.error();
  KeygenRun keygen;
  keygen.args = {"-Y", "check-novalidate", "-n", name_space, "-s", *signature_file};
  keygen.input = payload;
  auto result = run_ssh_keygen(keygen);
  if (!result) return result.error();
  return judge(*result, name_space, *directory);
}

Result<std::vector<std::string>> ssh_find_principals(const std::string& allowed_signers,
                                                     const std::string& armored_signature) {
  auto directory = PrivateDirectory::create();
  if (!directory) return directory.error();
  auto signers_file = directory->write("allowed_signers", allowed_signers);
  if (!signers_file) return signers_file.error();
  auto signature_file = directory->write("signature", armored_signature);
  if (!signature_file) return signature_file.error();
  KeygenRun keygen;
  keygen.args = {"-Y", "find-principals", "-f", *signers_file, "-s", *signature_file};
  auto result = run_ssh_keygen(keygen);
  if (!result) return result.error();
  if (result->exit_code == 0) return lines_of(result->out);
  // "No principal matched." is an answer: nobody. Anything else is not.
  const std::string message = refusal_message(*result, *directory);
  if (message.find("No principal matched") != std::string::npos) return std::vector<std::string>{};
  return Error{"ssh-keygen -Y find-principals failed: " + message};
}

}  // namespace agentops::approval
