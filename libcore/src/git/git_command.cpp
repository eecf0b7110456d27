// Runs the git binary and collects its output (see git_command.h).
#include "git/git_command.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace agentops::git::detail {

Result<std::string> run_git(const std::vector<std::string>& args) {
  std::vector<std::string> argv_strings = {"git"};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& arg : argv_strings) argv.push_back(arg.data());
  argv.push_back(nullptr);
  int out_fds[2], err_fds[2];
  if (::pipe2(out_fds, O_CLOEXEC) != 0) return Error{std::string("cannot run git: ") + std::strerror(errno)};
  if (::pipe2(err_fds, O_CLOEXEC) != 0) {
    ::close(out_fds[0]);
    ::close(out_fds[1]);
    return Error{std::string("cannot run git: ") + std::strerror(errno)};
  }
  ::signal(SIGCHLD, SIG_DFL);  // an inherited SIG_IGN would lose git's exit status
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int null = ::open("/dev/null", O_RDONLY);
    if (null >= 0) ::dup2(null, STDIN_FILENO);
    ::dup2(out_fds[1], STDOUT_FILENO);
    ::dup2(err_fds[1], STDERR_FILENO);
    ::execvp("git", argv.data());
    ::_exit(127);
  }
  ::close(out_fds[1]);
  ::close(err_fds[1]);
  if (pid < 0) {
    ::close(out_fds[0]);
    ::close(err_fds[0]);
    return Error{std::string("cannot run git: ") + std::strerror(errno)};
  }
  // Both pipes are read together: git may fill one while we wait on the other.
  std::string out, err;
  pollfd fds[2] = {{out_fds[0], POLLIN, 0}, {err_fds[0], POLLIN, 0}};
  int open_count = 2;
  char buffer[65536];
  while (open_count > 0) {
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (auto& fd : fds) {
      if (fd.fd < 0 || !(fd.revents & (POLLIN | POLLHUP | POLLERR))) continue;
      const ssize_t n = ::read(fd.fd, buffer, sizeof buffer);
      if (n > 0) {
        (fd.fd == out_fds[0] ? out : err).append(buffer, static_cast<size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        ::close(fd.fd);
        fd.fd = -1;
        --open_count;
      }
    }
  }
  for (auto& fd : fds)
    if (fd.fd >= 0) ::close(fd.fd);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return Error{"cannot read the exit status of git"};
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    while (!err.empty() && (err.back() == '\n' || err.back() == '.')) err.pop_back();
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127 && err.empty()) err = "git is not installed or not on PATH";
    return Error{"git failed: " + (err.empty() ? "no message" : err)};
  }
  return out;
}

}  // namespace agentops::git::detail
