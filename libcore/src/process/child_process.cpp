// Runs a child process (see child_process.h).
#include "process/child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sys/stat.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>

namespace agentops::process {
namespace {

// What git exports to a hook about the repository it runs in: a child that
// must describe another worktree (or a throwaway repository) must not inherit them.
constexpr const char* kRepositoryVariables[] = {
    "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_PREFIX", "GIT_COMMON_DIR", "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_NAMESPACE", "GIT_QUARANTINE_PATH", "GIT_EDITOR",
    "GIT_REFLOG_ACTION", "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT"};

}  // namespace

Result<ChildResult> run_child(const ChildRun& run) {
  if (run.argv.empty()) return Error{"nothing to run"};
  std::vector<std::string> argv_strings = run.argv;
  std::vector<char*> argv;
  for (auto& arg : argv_strings) argv.push_back(arg.data());
  argv.push_back(nullptr);
  int in_fds[2], out_fds[2], err_fds[2];
  if (::pipe2(in_fds, O_CLOEXEC) != 0) return Error{std::string("cannot run ") + run.argv[0] + ": " + std::strerror(errno)};
  if (::pipe2(out_fds, O_CLOEXEC) != 0 || ::pipe2(err_fds, O_CLOEXEC) != 0)
    return Error{std::string("cannot run ") + run.argv[0] + ": " + std::strerror(errno)};
  ::signal(SIGCHLD, SIG_DFL);  // an inherited SIG_IGN would lose the exit status
  const pid_t pid = ::fork();
  if (pid == 0) {
    // A session of its own: one group to kill, and no controlling terminal, so
    // nothing it runs (a hook under test, a [gates] mode = "tty" prompt) can
    // read from or stop on the person's terminal.
    ::setsid();
    ::dup2(in_fds[0], STDIN_FILENO);
    ::dup2(out_fds[1], STDOUT_FILENO);
    ::dup2(err_fds[1], STDERR_FILENO);
    ::signal(SIGPIPE, SIG_DFL);
    for (const char* name : kRepositoryVariables) ::unsetenv(name);
    for (const auto& [name, value] : run.environment) ::setenv(name.c_str(), value.c_str(), 1);
    if (!run.directory.empty() && ::chdir(run.directory.c_str()) != 0) ::_exit(126);
    ::execvp(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(in_fds[0]);
  ::close(out_fds[1]);
  ::close(err_fds[1]);
  if (pid < 0) {
    ::close(in_fds[1]);
    ::close(out_fds[0]);
    ::close(err_fds[0]);
    return Error{std::string("cannot run ") + run.argv[0] + ": " + std::strerror(errno)};
  }
  // Feed stdin first (small: a few ref lines), ignoring a child that does not read it.
  ::signal(SIGPIPE, SIG_IGN);
  size_t written = 0;
  ::fcntl(in_fds[1], F_SETFL, O_NONBLOCK);
  ChildResult result;
  std::string* sinks[2] = {&result.out, &result.err};
  pollfd fds[3] = {{out_fds[0], POLLIN, 0}, {err_fds[0], POLLIN, 0},
                   {run.input.empty() ? -1 : in_fds[1], POLLOUT, 0}};
  if (run.input.empty()) ::close(in_fds[1]);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(run.timeout_ms);
  int open_count = 2;
  char buffer[65536];
  while (open_count > 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    if (left <= 0) {
      result.timed_out = true;
      ::kill(-pid, SIGKILL);
      ::kill(pid, SIGKILL);
      break;
    }
    const int ready = ::poll(fds, 3, static_cast<int>(left));
    if (ready < 0 && errno != EINTR) break;
    if (ready <= 0) continue;
    if (fds[2].fd >= 0 && (fds[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
      const ssize_t n = ::write(fds[2].fd, run.input.data() + written, run.input.size() - written);
      if (n > 0) written += static_cast<size_t>(n);
      if (n < 0 && errno != EAGAIN && errno != EINTR) written = run.input.size();
      if (written >= run.input.size()) {
        ::close(fds[2].fd);
        fds[2].fd = -1;
      }
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      const ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
      if (n > 0) {
        sinks[i]->append(buffer, static_cast<size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open_count;
      }
    }
  }
  for (auto& fd : fds)
    if (fd.fd >= 0) ::close(fd.fd);
  ::signal(SIGPIPE, SIG_DFL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return Error{"cannot read the exit status of " + run.argv[0]};
  }
  // Whatever the hook left running in its group goes with it.
  ::kill(-pid, SIGKILL);
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  return result;
}

Result<std::string> git_in(const std::string& directory, const std::vector<std::string>& args) {
  ChildRun run;
  run.argv = {"git", "-C", directory};
  run.argv.insert(run.argv.end(), args.begin(), args.end());
  auto result = run_child(run);
  if (!result) return result.error();
  if (result->exit_code != 0) {
    std::string message = result->err;
    while (!message.empty() && (message.back() == '\n' || message.back() == '.')) message.pop_back();
    return Error{"git -C " + directory + " failed: " + (message.empty() ? "no message" : message)};
  }
  return result->out;
}

namespace {
bool is_executable_file(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode) && ::access(path.c_str(), X_OK) == 0;
}
}  // namespace

std::string find_on_path(const std::string& name) {
  if (name.find('/') != std::string::npos) return is_executable_file(name) ? name : "";
  const char* path = std::getenv("PATH");
  std::string directories = path ? path : "/usr/local/bin:/usr/bin:/bin";
  size_t start = 0;
  while (start <= directories.size()) {
    size_t end = directories.find(':', start);
    if (end == std::string::npos) end = directories.size();
    std::string directory = directories.substr(start, end - start);
    if (directory.empty()) directory = ".";
    const std::string candidate = directory + "/" + name;
    if (is_executable_file(candidate)) return candidate;
    start = end + 1;
  }
  return "";
}

}  // namespace agentops::process
