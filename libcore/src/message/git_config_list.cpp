// Runs `git config -z --list` (posix_spawn, no shell, no PATH lookup) and parses its output.
#include "message/git_config_list.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

extern char** environ;

namespace agentops::detail {

std::vector<std::pair<std::string, std::string>> parse_config_list(const std::string& output) {
  std::vector<std::pair<std::string, std::string>> entries;
  for (size_t start = 0; start < output.size();) {
    size_t end = output.find('\0', start);
    if (end == std::string::npos) end = output.size();
    const std::string entry = output.substr(start, end - start);
    const size_t newline = entry.find('\n');
    if (newline == std::string::npos) entries.emplace_back(entry, "true");
    else entries.emplace_back(entry.substr(0, newline), entry.substr(newline + 1));
    start = end + 1;
  }
  return entries;
}

std::optional<std::vector<std::pair<std::string, std::string>>> git_config_list(const std::string& git,
                                                                                 const std::string& git_dir) {
  const std::string dir_option = "--git-dir=" + git_dir;
  std::string args_storage[] = {"git", dir_option, "config", "-z", "--list"};
  char* args[] = {args_storage[0].data(), args_storage[1].data(), args_storage[2].data(), args_storage[3].data(),
                  args_storage[4].data(), nullptr};
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return std::nullopt;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, git.c_str(), &actions, nullptr, args, environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_fds[1]);
  if (spawned != 0) {
    ::close(pipe_fds[0]);
    return std::nullopt;
  }
  std::string output;
  char buffer[8192];
  while (true) {
    const ssize_t n = ::read(pipe_fds[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    output.append(buffer, static_cast<size_t>(n));
  }
  ::close(pipe_fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return std::nullopt;
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return std::nullopt;
  return parse_config_list(output);
}

}  // namespace agentops::detail
