// `agentops approve`: option parsing and printing; libcore builds the payload
// and signs it.
#include "approve_command.h"

#include <cstdio>

#include "agentops/approval.h"

namespace agentops::cli {
namespace {

int refuse(const std::string& message) {
  std::fprintf(stderr, "agentops: approve: %s\n%s", message.c_str(), kApproveUsage);
  return 2;
}

}  // namespace

int run_approve(const std::vector<std::string>& args) {
  ApproveOptions options;
  git::OpenOptions open;
  bool show_payload = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    const bool has_value = i + 1 < args.size();
    if (arg == "--staged") {
      options.staged = true;
    } else if (arg == "--whole-change") {
      options.whole_change = true;
    } else if (arg == "--show-payload") {
      show_payload = true;
    } else if (arg == "--key" && has_value) {
      options.key = args[++i];
      if (options.key.empty()) return refuse("--key needs a file");
    } else if (arg == "--principal" && has_value) {
      options.principal = args[++i];
      if (options.principal.empty()) return refuse("--principal needs a name");
    } else if (arg == "--repo" && has_value) {
      open = git::OpenOptions{args[++i], false};
    } else if (!arg.starts_with("-") && !arg.empty() && options.revision.empty()) {
      options.revision = arg;
    } else {
      return refuse("unknown or incomplete argument '" + arg + "'");
    }
  }
  if (options.staged == !options.revision.empty())
    return refuse("give exactly one of REV (a commit) or --staged");

  auto repo = git::open_repository(open);
  if (!repo) {
    std::fprintf(stderr, "agentops: error: %s\n", repo.error().message.c_str());
    return 2;
  }
  auto approval = approve(*repo, options);
  if (!approval) {
    std::fprintf(stderr, "agentops: error: %s\n", approval.error().message.c_str());
    return 2;
  }
  if (show_payload) {
    std::fwrite(approval->payload.data(), 1, approval->payload.size(), stderr);
    std::fflush(stderr);
  }
  // The trailer alone on stdout: `git commit --trailer "$(agentops approve ...)"`.
  std::printf("%s\n", approval->trailer.c_str());
  return 0;
}

}  // namespace agentops::cli
