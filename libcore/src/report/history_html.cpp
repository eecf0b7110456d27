// The HTML page of a history report (placeholder until the dashboard lands).
#include "agentops/history_report.h"

namespace agentops {

std::string format_history_html(const HistoryReport&) { return "<!doctype html>\n<title>agentops report</title>\n"; }

}  // namespace agentops
