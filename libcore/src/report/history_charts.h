// The two pictures of the HTML dashboard, drawn as inline SVG (no script, no
// external reference): compliance per ISO week as a line chart, and the rule x
// week heatmap. Coordinates are integers, so the same report draws the same bytes.
#pragma once

#include <cstdint>
#include <string>

#include "agentops/history_report.h"

namespace agentops::detail {

// The colour of the compliance line, used nowhere else on the page: the
// headless-Chromium test looks for its pixels.
inline constexpr const char* kComplianceLineColour = "#d6336c";

// "60.0%" with one decimal, rounded half up; "n/a" when `whole` is 0.
// Integer arithmetic: no locale, no floating-point drift between machines.
std::string percent_text(std::uint64_t part, std::uint64_t whole);

// <svg> with axes 0-100%, one label per few weeks when there are many, and a
// polyline id="compliance-line"; a short note instead when there are no weeks.
std::string compliance_chart_svg(const HistoryReport& report);

// <svg> with one row per rule (most commits first, at most kHeatmapRules) and
// one column per week (the latest kHeatmapWeeks), each cell shaded by the
// commits that rule blocked or gated that week, followed by a "N more" note
// for what was left out.
inline constexpr size_t kHeatmapRules = 15;
inline constexpr size_t kHeatmapWeeks = 52;
std::string rule_week_heatmap_html(const HistoryReport& report);

}  // namespace agentops::detail
