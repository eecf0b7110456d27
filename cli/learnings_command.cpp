// `agentops learnings`: option parsing and printing; libcore walks and formats.
#include "learnings_command.h"

#include <cstdint>
#include <cstdio>
#include <string>

#include "agentops/learnings.h"

namespace agentops::cli {
namespace {

int refuse(const std::string& message) { return usage_error("learnings: " + message, kLearningsUsage); }

// A whole positive decimal number, or 0 when `text` is not one.
std::uint64_t parse_limit(const std::string& text) {
  if (text.empty() || text.size() > 9 || text.find_first_not_of("0123456789") != std::string::npos) return 0;
  return std::stoull(text);
}

}  // namespace

int run_learnings(const Args& args) {
  LearningsOptions options;
  git::OpenOptions open;
  std::string format = "text";
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    const bool has_value = i + 1 < args.size();
    if (arg == "--range" && has_value) {
      options.range = args[++i];
      if (const std::string problem = range_problem(options.range); !problem.empty()) return refuse(problem);
    } else if (arg == "--path" && has_value) {
      options.paths.push_back(args[++i]);
      if (options.paths.back().empty()) return refuse("--path needs a glob");
    } else if (arg == "--format" && has_value) {
      format = args[++i];
      if (format != "text" && format != "json" && format != "markdown")
        return refuse("unknown format '" + format + "': give text, json or markdown");
    } else if (arg == "--limit" && has_value) {
      options.limit = parse_limit(args[++i]);
      if (options.limit == 0) return refuse("--limit needs a positive whole number, not '" + args[i] + "'");
    } else if (arg == "--repo" && has_value) {
      open = git::OpenOptions{args[++i], false};
    } else {
      return refuse("unknown or incomplete argument '" + arg + "'");
    }
  }
  auto repo = git::open_repository(open);
  if (!repo) return fail(repo.error().message);
  auto learnings = collect_learnings(*repo, options);
  if (!learnings) return fail(learnings.error().message);
  const std::string out = format == "json"       ? format_learnings_json(*learnings)
                          : format == "markdown" ? format_learnings_markdown(*learnings)
                                                 : format_learnings_text(*learnings);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

}  // namespace agentops::cli
