// The test sandbox: temporary repositories and a shell runner.
#include "git_sandbox.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace agentops::testing {
namespace fs = std::filesystem;
namespace {

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

std::string make_temp_dir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base && *base ? base : "/tmp") + "/agentops-test-XXXXXX";
  if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

// Isolates every git the tests run from the machine's own configuration.
struct IsolateGitConfig {
  IsolateGitConfig() {
    ::setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
    ::setenv("GIT_CONFIG_GLOBAL", "/dev/null", 1);
    ::unsetenv("GIT_DIR");
    ::unsetenv("GIT_WORK_TREE");
    ::unsetenv("GIT_INDEX_FILE");
    ::setenv("GIT_AUTHOR_DATE", "2026-01-01T00:00:00Z", 1);
    ::setenv("GIT_COMMITTER_DATE", "2026-01-01T00:00:00Z", 1);
  }
};
const IsolateGitConfig isolate_git_config;

}  // namespace

std::string quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

CommandResult run_command(const std::string& command, const std::string& directory) {
  const std::string out_dir = make_temp_dir();
  const std::string script = "cd " + quote(directory) + " && { " + command + "\n} >" +
                             quote(out_dir + "/out") + " 2>" + quote(out_dir + "/err") +
                             " </dev/null";
  const int status = std::system(script.c_str());
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = slurp(out_dir + "/out");
  result.err = slurp(out_dir + "/err");
  fs::remove_all(out_dir);
  return result;
}

std::string bin_dir() { return AGENTOPS_BIN_DIR; }
std::string bin(const std::string& name) { return bin_dir() + "/" + name; }

std::string peer_tool(const std::string& name) {
  std::error_code ec;
  if (name == "pre-commit") {
    for (const char* dir : {"/usr/bin", "/usr/local/bin"}) {
      const std::string path = std::string(dir) + "/pre-commit";
      if (::access(path.c_str(), X_OK) == 0) return path;
    }
    return "";
  }
  const char* configured = std::getenv("AGENTOPS_PEER_TOOLS_DIR");
  const std::string dir = configured && *configured ? configured : AGENTOPS_PEER_TOOLS_DIR;
  const std::string path = dir + "/node_modules/.bin/" + name;
  return ::access(path.c_str(), X_OK) == 0 ? fs::absolute(path, ec).string() : "";
}

std::string require_peer_tool(const std::string& name) {
  std::string path = peer_tool(name);
  if (!path.empty()) return path;
  const char* required = std::getenv("AGENTOPS_REQUIRE_PEER_TOOLS");
  if (required && std::string(required) == "1") {
    ADD_FAILURE() << name << " is not installed (scripts/peer_tools.sh installs it)";
  } else {
    // GTEST_SKIP() returns from the calling function; this records the skip and lets the test return.
    ::testing::internal::AssertHelper(::testing::TestPartResult::kSkip, __FILE__, __LINE__,
                                      (name + " is not installed; scripts/peer_tools.sh installs it").c_str()) =
        ::testing::Message();
  }
  return "";
}

GitSandbox::GitSandbox(bool init) : root_(make_temp_dir()) {
  if (!init) return;
  git("init -q -b main");
  git("config user.name 'Test User'");
  git("config user.email test@example.com");
  git("config commit.gpgsign false");
}

GitSandbox::~GitSandbox() {
  std::error_code ignored;
  fs::remove_all(root_, ignored);
}

std::string GitSandbox::git(const std::string& args) const {
  CommandResult result = run("git " + args);
  EXPECT_EQ(result.exit_code, 0) << "git " << args << "\n" << result.err;
  return result.out;
}

void GitSandbox::write(const std::string& relative, const std::string& content) const {
  const fs::path file = fs::path(root_) / relative;
  fs::create_directories(file.parent_path());
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << content;
}

void GitSandbox::commit_file(const std::string& relative, const std::string& content,
                             const std::string& message) const {
  write(relative, content);
  git("add -- " + quote(relative));
  git("commit -q --no-verify -m " + quote(message));
}

void GitSandbox::commit_policy(const std::string& text) const {
  commit_file(".agentops/policy.toml", text, "chore: set the policy");
}

int GitSandbox::commit_count() const {
  CommandResult result = run("git rev-list --count HEAD");
  if (result.exit_code != 0) return 0;  // unborn HEAD
  return std::stoi(result.out);
}

void GitSandbox::install_hooks() const {
  CommandResult result = run(quote(bin("agentops-install")) + " --repo .");
  ASSERT_EQ(result.exit_code, 0) << result.err;
}

}  // namespace agentops::testing
