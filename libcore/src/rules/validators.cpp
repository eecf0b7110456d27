// Running validators: the staged snapshot is checked out into a temporary
// directory, each command runs there in its own process group, and a command
// that outlives its timeout is killed with its children.
#include "agentops/validators.h"

#include <fcntl.h>
#include <git2.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "glob.h"

namespace agentops {
namespace {

namespace fs = std::filesystem;

// A temporary directory removed with everything in it when it goes out of scope.
class TemporaryDirectory {
 public:
  static Result<TemporaryDirectory> create() {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = std::string(base && *base ? base : "/tmp") + "/agentops-validate-XXXXXX";
    if (!::mkdtemp(pattern.data())) return Error{"cannot create a directory for validators: " + std::string(std::strerror(errno))};
    return TemporaryDirectory(pattern);
  }
  TemporaryDirectory(TemporaryDirectory&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }
  TemporaryDirectory& operator=(TemporaryDirectory&&) = delete;
  ~TemporaryDirectory() {
    std::error_code ignored;
    if (!path_.empty()) fs::remove_all(path_, ignored);
  }
  const std::string& path() const { return path_; }

 private:
  explicit TemporaryDirectory(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

struct Outcome {
  bool started = false;
  bool timed_out = false;
  bool lost = false;  // its exit status could not be read
  int exit_code = -1;
  std::string output;  // the first bytes of stdout and stderr
};

// Runs argv in `directory` with a timeout; stdin is /dev/null.
Outcome run_command(const std::vector<std::string>& argv, const std::string& directory, std::uint64_t timeout_s) {
  Outcome outcome;
  // Everything the child needs is prepared before fork: after it, the child
  // only makes system calls.
  std::vector<char*> args;
  for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return outcome;
  // An ignored SIGCHLD, inherited from whoever started git, would reap the
  // child behind waitpid's back and lose its exit status.
  ::signal(SIGCHLD, SIG_DFL);
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    return outcome;
  }
  if (pid == 0) {
    ::setpgid(0, 0);  // its own process group, so a timeout kills its children too
    const int null = ::open("/dev/null", O_RDONLY);
    if (null >= 0) ::dup2(null, STDIN_FILENO);
    ::dup2(pipe_fds[1], STDOUT_FILENO);
    ::dup2(pipe_fds[1], STDERR_FILENO);
    if (::chdir(directory.c_str()) != 0) ::_exit(127);
    ::execvp(args[0], args.data());
    ::_exit(127);  // could not start
  }
  ::close(pipe_fds[1]);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(std::min<std::uint64_t>(timeout_s, 86400));
  int status = 0;
  bool reaped = false;
  bool wait_failed = false;  // its exit status is lost: reported, never read as success
  // Whether the command has exited; false while it runs. Its exit ends the
  // wait even when a background child it started keeps the output open.
  auto exited = [&] {
    if (reaped || wait_failed) return reaped;
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) reaped = true;
    if (done < 0 && errno != EINTR) wait_failed = true;
    return reaped;
  };
  char buffer[4096];
  bool output_open = true;
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      outcome.timed_out = !exited();
      break;
    }
    // After the exit, only what is already written is read (poll does not wait).
    const bool command_exited = exited();
    if (wait_failed) break;
    if (!output_open) {
      if (command_exited) break;
      // The output may end (closed or redirected) long before the command does:
      // the deadline holds for the wait too.
      ::usleep(2000);
      continue;
    }
    pollfd fd{pipe_fds[0], POLLIN, 0};
    const int ready = ::poll(&fd, 1, command_exited ? 0 : static_cast<int>(std::min<long long>(left.count(), 20)));
    if (ready < 0 && errno != EINTR) {
      output_open = false;
      continue;
    }
    if (ready == 0 && command_exited) break;
    if (ready <= 0) continue;
    const ssize_t n = ::read(pipe_fds[0], buffer, sizeof buffer);
    if (n <= 0) {
      output_open = false;  // end of output: the command is finishing
      continue;
    }
    if (outcome.output.size() < 2048) outcome.output.append(buffer, static_cast<size_t>(n));
    else if (command_exited) break;  // a child still writing cannot hold the result back
  }
  ::close(pipe_fds[0]);
  // Whatever it left running in its process group goes with it.
  ::kill(-pid, SIGKILL);
  if (outcome.timed_out) {
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return outcome;
  }
  if (!reaped) {
    outcome.lost = true;
    return outcome;
  }
  outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  outcome.started = outcome.exit_code != 127;
  return outcome;
}

// Where the first `max_lines` lines of `output` end.
size_t first_lines_end(const std::string& output, size_t max_lines) {
  size_t end = 0;
  for (size_t lines = 0; lines < max_lines && end < output.size(); ++lines)
    end = std::min(output.find('\n', end), output.size()) + 1;
  return end;
}

// The staged files, written by hand: libgit2's checkout also reads the
// repository's own index, which it cannot when that is split or sparse (then
// `index` was read through git into memory, see git/repository.cpp).
Status write_index_files(const git::Repository& repo, git_index* index, const std::string& directory) {
  for (size_t i = 0; i < git_index_entrycount(index); ++i) {
    const git_index_entry* entry = git_index_get_byindex(index, i);
    if (!entry || git_index_entry_stage(entry) != 0) continue;
    const std::string path = entry->path;
    if (path.empty() || path.front() == '/' || path == ".." || path.starts_with("../") ||
        path.find("/../") != std::string::npos || path.ends_with("/.."))
      return Error{"cannot write the staged snapshot for validators: unsafe path " + path};
    const fs::path target = fs::path(directory) / path;
    std::error_code ec;
    fs::create_directories(target.parent_path(), ec);
    if (ec) return Error{"cannot write the staged snapshot for validators: " + ec.message()};
    if (entry->mode == GIT_FILEMODE_COMMIT) {  // a submodule: an empty directory, as checkout leaves it
      fs::create_directories(target, ec);
      continue;
    }
    git_blob* raw = nullptr;
    if (git_blob_lookup(&raw, repo.get(), &entry->id) != 0) return git::last_error("cannot read the staged " + path);
    git::BlobPtr blob(raw);
    const std::string content(static_cast<const char*>(git_blob_rawcontent(raw)),
                              static_cast<size_t>(git_blob_rawsize(raw)));
    if (entry->mode == GIT_FILEMODE_LINK) {
      fs::create_symlink(content, target, ec);
      if (ec) return Error{"cannot write the staged snapshot for validators: " + ec.message()};
      continue;
    }
    std::ofstream out(target, std::ios::binary | std::ios::trunc);
    if (!(out << content) || !out.flush()) return Error{"cannot write the staged snapshot for validators: " + path};
    if (entry->mode == GIT_FILEMODE_BLOB_EXECUTABLE)
      fs::permissions(target, fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec,
                      fs::perm_options::add, ec);
  }
  return Ok{};
}

Status write_snapshot(const git::Repository& repo, git_index* index, const std::string& directory) {
  // An index with no file is the one read through git (libgit2 1.5 leaks
  // memory when its checkout fails on one).
  if (!git_index_path(index)) return write_index_files(repo, index, directory);
  git_checkout_options options = GIT_CHECKOUT_OPTIONS_INIT;
  options.checkout_strategy = GIT_CHECKOUT_FORCE | GIT_CHECKOUT_DONT_UPDATE_INDEX;
  options.target_directory = directory.c_str();
  if (git_checkout_index(repo.get(), index, &options) != 0)
    return git::last_error("cannot write the staged snapshot for validators");
  return Ok{};
}

std::string first_lines(const std::string& output, size_t max_lines) {
  std::string out;
  size_t lines = 0, start = 0;
  while (start < output.size() && lines < max_lines) {
    const size_t end = std::min(output.find('\n', start), output.size());
    out += (out.empty() ? "" : " | ") + output.substr(start, std::min<size_t>(end - start, 160));
    start = end + 1;
    ++lines;
  }
  return out;
}

}  // namespace

Result<std::vector<Finding>> run_validators(const git::Repository& repo, git_index* index, const Change& change,
                                            const std::vector<ValidatorSpec>& validators, Evaluator& secrets) {
  std::vector<Finding> findings;
  if (validators.empty() || change.files.empty()) return findings;
  std::optional<TemporaryDirectory> snapshot;
  for (const auto& validator : validators) {
    if (validator.severity == Severity::off) continue;
    std::vector<std::string> argv = validator.run;
    if (!validator.files.empty()) {
      size_t matched = 0;
      for (const auto& file : change.files) {
        // Symlinks are not handed over (they may point anywhere); a name
        // starting with '-' is passed as ./name so it cannot become an option.
        if (file.status == FileStatus::deleted || file.mode == 0120000 || !glob_match_any(validator.files, file.path))
          continue;
        argv.push_back(file.path.starts_with("-") ? "./" + file.path : file.path);
        ++matched;
      }
      if (matched == 0) continue;
    }
    if (!snapshot) {
      auto directory = TemporaryDirectory::create();
      if (!directory) return directory.error();
      snapshot.emplace(std::move(*directory));
      if (auto written = write_snapshot(repo, index, snapshot->path()); !written) return written.error();
    }
    std::string command;
    for (const auto& word : validator.run) command += (command.empty() ? "" : " ") + word;
    const Outcome outcome = run_command(argv, snapshot->path(), validator.timeout_s);
    std::string message;
    if (outcome.timed_out)
      message = "`" + command + "` did not finish within " + std::to_string(validator.timeout_s) + " s";
    else if (outcome.lost)
      message = "`" + command + "` ended, but its exit status could not be read";
    else if (!outcome.started)
      message = "`" + command + "` could not be started (is it installed?)";
    else if (outcome.exit_code != 0)
      message = "`" + command + "` failed with exit code " + std::to_string(outcome.exit_code);
    else
      continue;
    // Secrets are redacted before a line is cut short: a cut token is not found.
    const size_t shown_end = std::min(outcome.output.size(), first_lines_end(outcome.output, 3));
    auto shown = secrets.redact_secrets(std::string_view(outcome.output).substr(0, shown_end));
    if (!shown) return shown.error();
    const std::string output = first_lines(*shown, 3);
    findings.push_back(Finding{"validator." + validator.name, validator.severity, "", 0, message,
                               output.empty() ? "run it yourself on the staged files and fix what it reports"
                                              : "its output: " + output,
                               "", ""});
  }
  return findings;
}

}  // namespace agentops
