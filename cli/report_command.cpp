// `agentops report`: --range judges history; otherwise the decision log.
#include "report_command.h"

#include <algorithm>

namespace agentops::cli {

int run_report(const Args& args) {
  const bool range = std::find(args.begin(), args.end(), "--range") != args.end();
  return range ? run_range_report(args) : run_log_report(args);
}

}  // namespace agentops::cli
