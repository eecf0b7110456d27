// `agentops report --range BASE..HEAD`: options and output; libcore judges
// and folds (agentops/history_report.h).
#include "report_command.h"

namespace agentops::cli {

int run_range_report(const Args&) { return fail("report --range is not built yet"); }

}  // namespace agentops::cli
