// The dashboard's SVG line chart and heatmap. Layout constants are in pixels
// of the SVG's own coordinate system; the page scales the SVG to its column.
#include "report/history_charts.h"

#include <algorithm>
#include <set>
#include <string_view>
#include <vector>

#include "report/html_text.h"

namespace agentops::detail {
namespace {

// Line chart frame.
constexpr long kChartWidth = 960;
constexpr long kChartHeight = 300;
constexpr long kLeft = 56;
constexpr long kRight = 24;
constexpr long kTop = 16;
constexpr long kBottom = 48;
constexpr long kPlotWidth = kChartWidth - kLeft - kRight;
constexpr long kPlotHeight = kChartHeight - kTop - kBottom;
// At most this many week labels under the chart; the others are thinned out.
constexpr size_t kMaxWeekLabels = 12;
// Points are marked with a dot while they are few enough to tell apart.
constexpr size_t kMaxDots = 60;

// Heatmap frame.
constexpr long kRuleLabelWidth = 230;
constexpr long kWeekLabelHeight = 26;
constexpr long kCellHeight = 22;
constexpr long kHeatmapCellsWidth = 720;
constexpr long kMinWeekLabelSpacing = 64;
constexpr size_t kRuleLabelCharacters = 32;
// Zero, then four shades from light to dark by share of the busiest cell.
constexpr const char* kShades[] = {"#f1f3f5", "#ffe8cc", "#ffc078", "#fd7e14", "#d9480f"};

void append_number(std::string& out, long value) { out += std::to_string(value); }

// Compliance of a week in tenths of a percent (0..1000).
long compliance_tenths(const WeekCompliance& week) {
  return static_cast<long>((week.compliant * 1000 + week.commits / 2) / week.commits);
}

long point_x(size_t index, size_t count) {
  if (count <= 1) return kLeft + kPlotWidth / 2;
  return kLeft + kPlotWidth * static_cast<long>(index) / static_cast<long>(count - 1);
}

long point_y(long tenths) { return kTop + kPlotHeight - kPlotHeight * tenths / 1000; }

void append_axes(std::string& out) {
  for (long percent = 0; percent <= 100; percent += 25) {
    const long y = point_y(percent * 10);
    out += "<line class=\"grid\" x1=\"";
    append_number(out, kLeft);
    out += "\" y1=\"";
    append_number(out, y);
    out += "\" x2=\"";
    append_number(out, kLeft + kPlotWidth);
    out += "\" y2=\"";
    append_number(out, y);
    out += "\"/><text class=\"axis-label\" x=\"";
    append_number(out, kLeft - 8);
    out += "\" y=\"";
    append_number(out, y + 4);
    out += "\" text-anchor=\"end\">";
    append_number(out, percent);
    out += "%</text>";
  }
  out += "<line class=\"axis\" x1=\"";
  append_number(out, kLeft);
  out += "\" y1=\"";
  append_number(out, kTop);
  out += "\" x2=\"";
  append_number(out, kLeft);
  out += "\" y2=\"";
  append_number(out, kTop + kPlotHeight);
  out += "\"/>";
}

void append_week_labels(std::string& out, const std::vector<WeekCompliance>& weeks) {
  const size_t step = (weeks.size() + kMaxWeekLabels - 1) / kMaxWeekLabels;
  for (size_t i = 0; i < weeks.size(); i += std::max<size_t>(step, 1)) {
    out += "<text class=\"axis-label\" x=\"";
    append_number(out, point_x(i, weeks.size()));
    out += "\" y=\"";
    append_number(out, kTop + kPlotHeight + 20);
    out += "\" text-anchor=\"middle\">";
    append_html_text(out, shorten_text(weeks[i].week, 10));
    out += "</text>";
  }
}

std::vector<std::string> heatmap_rule_order(const HistoryReport& report) {
  std::vector<std::string> order;
  std::set<std::string> seen;
  for (const auto& rule : report.rules)
    if (seen.insert(rule.rule).second) order.push_back(rule.rule);
  std::set<std::string> extra;  // rules only the weeks name, by name
  for (const auto& week : report.weeks)
    for (const auto& [rule, commits] : week.rules)
      if (commits > 0 && !seen.count(rule)) extra.insert(rule);
  order.insert(order.end(), extra.begin(), extra.end());
  return order;
}

std::uint64_t cell_count(const WeekCompliance& week, const std::string& rule) {
  const auto found = week.rules.find(rule);
  return found == week.rules.end() ? 0 : found->second;
}

size_t shade_level(std::uint64_t count, std::uint64_t busiest) {
  if (count == 0 || busiest == 0) return 0;
  return static_cast<size_t>(1 + (count * 4 - 1) / busiest);
}

}  // namespace

std::string percent_text(std::uint64_t part, std::uint64_t whole) {
  if (whole == 0) return "n/a";
  const std::uint64_t tenths = (part * 1000 + whole / 2) / whole;
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + "%";
}

std::string compliance_chart_svg(const HistoryReport& report) {
  std::vector<WeekCompliance> weeks;
  for (const auto& week : report.weeks)
    if (week.commits > 0) weeks.push_back(week);
  if (weeks.empty()) return "<p class=\"empty\">No commits in this range, so no weeks to chart.</p>\n";

  std::string out;
  out += "<svg class=\"chart\" viewBox=\"0 0 ";
  append_number(out, kChartWidth);
  out += ' ';
  append_number(out, kChartHeight);
  out += "\" role=\"img\" aria-label=\"Compliance per ISO week from 0 to 100 percent\">";
  out += "<title>Compliance per ISO week</title>";
  append_axes(out);
  append_week_labels(out, weeks);
  out += "<polyline id=\"compliance-line\" fill=\"none\" stroke=\"";
  out += kComplianceLineColour;
  out += "\" stroke-width=\"3\" stroke-linejoin=\"round\" points=\"";
  for (size_t i = 0; i < weeks.size(); ++i) {
    if (i > 0) out += ' ';
    append_number(out, point_x(i, weeks.size()));
    out += ',';
    append_number(out, point_y(compliance_tenths(weeks[i])));
  }
  out += "\"/>";
  if (weeks.size() <= kMaxDots) {
    for (size_t i = 0; i < weeks.size(); ++i) {
      out += "<circle cx=\"";
      append_number(out, point_x(i, weeks.size()));
      out += "\" cy=\"";
      append_number(out, point_y(compliance_tenths(weeks[i])));
      out += "\" r=\"4\" fill=\"";
      out += kComplianceLineColour;
      out += "\"><title>";
      append_html_text(out, weeks[i].week);
      out += ' ' + html_text(percent_text(weeks[i].compliant, weeks[i].commits)) + " of " +
             std::to_string(weeks[i].commits) + " commits</title></circle>";
    }
  }
  out += "</svg>\n";
  return out;
}

std::string rule_week_heatmap_html(const HistoryReport& report) {
  const std::vector<std::string> all_rules = heatmap_rule_order(report);
  if (all_rules.empty() || report.weeks.empty())
    return "<p class=\"empty\">No rule blocked or gated a commit in this range.</p>\n";
  const std::vector<std::string> rules(all_rules.begin(),
                                       all_rules.begin() + static_cast<long>(std::min(all_rules.size(), kHeatmapRules)));
  const size_t first_week = report.weeks.size() > kHeatmapWeeks ? report.weeks.size() - kHeatmapWeeks : 0;
  const size_t columns = report.weeks.size() - first_week;

  std::uint64_t busiest = 0;
  for (size_t w = first_week; w < report.weeks.size(); ++w)
    for (const auto& rule : rules) busiest = std::max(busiest, cell_count(report.weeks[w], rule));

  const long cell_width = std::clamp<long>(kHeatmapCellsWidth / static_cast<long>(columns), 10, 40);
  // Room on the right for a week label that starts at the last column.
  const long width = kRuleLabelWidth + cell_width * static_cast<long>(columns) + kMinWeekLabelSpacing;
  const long height = kWeekLabelHeight + kCellHeight * static_cast<long>(rules.size()) + 4;
  const size_t label_step = static_cast<size_t>((kMinWeekLabelSpacing + cell_width - 1) / cell_width);

  std::string out;
  out += "<svg class=\"heatmap\" viewBox=\"0 0 ";
  append_number(out, width);
  out += ' ';
  append_number(out, height);
  out += "\" style=\"max-width:";
  append_number(out, width);
  out += "px\" role=\"img\" aria-label=\"Commits blocked or gated per rule and ISO week\">";
  for (size_t column = 0; column < columns; column += label_step) {
    out += "<text class=\"axis-label\" x=\"";
    append_number(out, kRuleLabelWidth + cell_width * static_cast<long>(column));
    out += "\" y=\"16\">";
    append_html_text(out, shorten_text(report.weeks[first_week + column].week, 10));
    out += "</text>";
  }
  for (size_t row = 0; row < rules.size(); ++row) {
    const long y = kWeekLabelHeight + kCellHeight * static_cast<long>(row);
    out += "<text class=\"rule-label\" x=\"";
    append_number(out, kRuleLabelWidth - 8);
    out += "\" y=\"";
    append_number(out, y + 15);
    out += "\" text-anchor=\"end\">";
    append_html_text(out, shorten_text(rules[row], kRuleLabelCharacters));
    out += "</text>";
    for (size_t column = 0; column < columns; ++column) {
      const WeekCompliance& week = report.weeks[first_week + column];
      const std::uint64_t count = cell_count(week, rules[row]);
      out += "<rect x=\"";
      append_number(out, kRuleLabelWidth + cell_width * static_cast<long>(column));
      out += "\" y=\"";
      append_number(out, y);
      out += "\" width=\"";
      append_number(out, cell_width - 2);
      out += "\" height=\"";
      append_number(out, kCellHeight - 2);
      out += "\" fill=\"";
      out += kShades[shade_level(count, busiest)];
      out += "\">";
      if (count > 0) {
        out += "<title>";
        append_html_text(out, rules[row] + ", " + week.week + ": " + std::to_string(count) +
                                  (count == 1 ? " commit" : " commits"));
        out += "</title>";
      }
      out += "</rect>";
    }
  }
  out += "</svg>\n<p class=\"legend\">Shade: commits the rule blocked or gated that week, from 1 (lightest) to ";
  out += std::to_string(busiest);
  out += " (darkest); grey is none.</p>\n";
  const size_t more_rules = all_rules.size() - rules.size();
  if (more_rules > 0 || first_week > 0) {
    out += "<p class=\"more\">";
    if (more_rules > 0) out += std::to_string(more_rules) + " more " + (more_rules == 1 ? "rule" : "rules") + " not shown";
    if (more_rules > 0 && first_week > 0) out += "; ";
    if (first_week > 0)
      out += std::to_string(first_week) + " more earlier " + (first_week == 1 ? "week" : "weeks") + " not shown";
    out += ".</p>\n";
  }
  return out;
}

}  // namespace agentops::detail
