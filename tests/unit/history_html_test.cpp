#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "agentops/history_report.h"
#include "history_report_samples.h"
#include "report/history_charts.h"

namespace agentops {
namespace {

using testing::sample_report;
using testing::SampleShape;

size_t count_of(const std::string& text, const std::string& needle) {
  size_t count = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++count;
  return count;
}

std::string lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
  return text;
}

// What would make the page reach outside itself, or run anything.
// `hostile` pages quote subjects such as "https://..." as text: the word stays, the colon does not.
void expect_no_outside_reference(const std::string& page, bool hostile = false) {
  const std::string lower = lowercase(page);
  for (const char* needle : {"http:", "https:", "//", "url(", "@import", "src=", "href=", "<script", "<link", "<img",
                             "<iframe", "<object", "<embed", "xlink", "javascript:", "data:", "<base", "<form"})
    EXPECT_EQ(lower.find(needle), std::string::npos) << needle;
  // "http" appears once: the Content-Security-Policy's http-equiv.
  if (!hostile) {
    EXPECT_EQ(count_of(lower, "http"), 1u);
  }
  EXPECT_EQ(count_of(lower, "http-equiv=\"content-security-policy\""), 1u);
}

TEST(HistoryHtml, PageHasEveryPanel) {
  HistoryReport report = sample_report();
  report.dry_run = true;
  report.judged_by = "the preset twelve-factor";
  const std::string page = format_history_html(report);
  EXPECT_EQ(page.rfind("<!doctype html>\n", 0), 0u);
  EXPECT_EQ(count_of(page, "<style>"), 1u);
  EXPECT_EQ(count_of(page, "</style>"), 1u);
  for (const char* id : {"tile-compliance", "tile-blocked", "tile-gated", "tile-bypasses", "tile-agents", "weekly",
                         "rules", "hygiene", "protected", "bypasses"})
    EXPECT_NE(page.find(std::string("id=\"") + id + "\""), std::string::npos) << id;
  EXPECT_EQ(count_of(page, "id=\"compliance-line\""), 1u);
  EXPECT_NE(page.find("class=\"heatmap\""), std::string::npos);
  EXPECT_NE(page.find("v1.0..main"), std::string::npos);
  EXPECT_NE(page.find("the preset twelve-factor"), std::string::npos);
  EXPECT_NE(page.find("dry run"), std::string::npos);
  EXPECT_NE(page.find("<dt>Commits judged</dt><dd>400</dd>"), std::string::npos);
  EXPECT_NE(page.find("Learning"), std::string::npos);
  EXPECT_NE(page.find("Signed-off-by"), std::string::npos);
  EXPECT_NE(page.find("approval-signed"), std::string::npos);
  EXPECT_NE(page.find("approval-none"), std::string::npos);
  EXPECT_EQ(page.substr(page.size() - 8), "</html>\n");
}

TEST(HistoryHtml, TilesShowTheReportFigures) {
  HistoryReport report;
  report.range = "a..b";
  report.commits = 10;
  report.compliant = 6;
  for (int i = 0; i < 10; ++i) {
    CommitVerdict verdict;
    verdict.commit = testing::sample_commit_id(static_cast<size_t>(i));
    verdict.decision = i < 6 ? Decision::allow : i < 9 ? Decision::block : Decision::gate;
    report.verdicts.push_back(verdict);
  }
  report.agents = {4, 1};
  report.others = {6, 5};
  const std::string page = format_history_html(report);
  EXPECT_NE(page.find("<div class=\"value\">60.0%</div><div class=\"detail\">6 of 10 commits</div>"), std::string::npos);
  EXPECT_NE(page.find("id=\"tile-blocked\"><div class=\"label\">Commits blocked</div><div class=\"value\">3</div>"),
            std::string::npos);
  EXPECT_NE(page.find("id=\"tile-gated\"><div class=\"label\">Commits gated</div><div class=\"value\">1</div>"),
            std::string::npos);
  EXPECT_NE(page.find("<div class=\"value\">40.0%</div><div class=\"detail\">agents 25.0% compliant, others 83.3%"),
            std::string::npos);
}

TEST(HistoryHtml, SameReportSameBytes) {
  const HistoryReport report = sample_report();
  const HistoryReport copy = report;
  EXPECT_EQ(format_history_html(report), format_history_html(copy));
  EXPECT_EQ(format_history_html(report), format_history_html(sample_report()));
}

TEST(HistoryHtml, ReferencesNothingOutsideThePage) { expect_no_outside_reference(format_history_html(sample_report())); }

HistoryReport hostile_report() {
  const std::vector<std::string> hostile = {
      "</style><script>alert(1)</script>",
      "javascript:alert(document.cookie)",
      "x{background:url(https://evil.example/p.png)}",
      "@import 'https://evil.example/x.css';",
      "<img src=x onerror=alert(1)>",
      "line one\nline two\r\n<svg onload=alert(1)>",
      "bad utf-8 \xff\xfe<\xc0\xbc",
      "\" onmouseover=\"alert(1)",
      "</title></svg></table><a href=\"//evil.example\">",
  };
  HistoryReport report = sample_report({.weeks = 3, .commits_per_week = 4, .rules = 3, .protected_every = 2});
  report.range = hostile[0] + ".." + hostile[1];
  report.judged_by = hostile[2];
  for (size_t i = 0; i < hostile.size(); ++i) {
    CommitVerdict verdict;
    verdict.commit = hostile[i % hostile.size()];
    verdict.subject = hostile[i];
    verdict.week = hostile[(i + 1) % hostile.size()];
    verdict.reason = hostile[(i + 2) % hostile.size()];
    verdict.decision = Decision::block;
    verdict.blocking_rules = {hostile[(i + 3) % hostile.size()]};
    report.bypasses.push_back(verdict);
    report.protected_changes.push_back({hostile[i], hostile[(i + 4) % hostile.size()], hostile[(i + 5) % hostile.size()],
                                        hostile[(i + 6) % hostile.size()]});
    report.rules.push_back({hostile[i], 1, 1});
    report.hygiene.trailers[hostile[i]] = 1;
    report.hygiene.sections[hostile[i]] = 1;
    report.weeks[0].rules[hostile[i]] = 2;
  }
  report.weeks[1].week = hostile[3];
  return report;
}

TEST(HistoryHtml, HostileTextIsEscapedEverywhere) {
  const std::string page = format_history_html(hostile_report());
  expect_no_outside_reference(page, true);
  EXPECT_EQ(count_of(page, "</style>"), 1u);
  EXPECT_EQ(count_of(page, "<title>"), count_of(page, "</title>"));
  EXPECT_EQ(count_of(page, "<svg"), 2u);
  EXPECT_EQ(count_of(page, "</svg>"), 2u);
  EXPECT_EQ(count_of(page, "<table"), count_of(page, "</table>"));
  EXPECT_EQ(page.find("onerror="), std::string::npos);
  EXPECT_EQ(page.find("onload="), std::string::npos);
  EXPECT_EQ(page.find("<a "), std::string::npos);
  EXPECT_NE(page.find("&#60;&#47;style&#62;&#60;script&#62;alert&#40;1)&#60;&#47;script&#62;"), std::string::npos);
  EXPECT_NE(page.find("bad utf-8 \xEF\xBF\xBD\xEF\xBF\xBD&#60;\xEF\xBF\xBD\xEF\xBF\xBD"), std::string::npos);
  EXPECT_EQ(page.find("\xff"), std::string::npos);
  EXPECT_NE(page.find("line one line two  &#60;svg onload&#61;alert"), std::string::npos);
}

TEST(HistoryHtml, EmptyRangeMakesASensiblePage) {
  HistoryReport report;
  report.range = "main..main";
  report.judged_by = "the policy of main";
  const std::string page = format_history_html(report);
  expect_no_outside_reference(page);
  EXPECT_NE(page.find("<dt>Commits judged</dt><dd>0</dd>"), std::string::npos);
  EXPECT_NE(page.find("<div class=\"value\">n&#47;a</div>"), std::string::npos);
  EXPECT_NE(page.find("No commits in this range"), std::string::npos);
  EXPECT_NE(page.find("No rule blocked or gated"), std::string::npos);
  EXPECT_NE(page.find("No commit in this range changed a protected path"), std::string::npos);
  EXPECT_NE(page.find("No commit reached this range while breaking the policy"), std::string::npos);
  EXPECT_EQ(page.find("compliance-line"), std::string::npos);
  EXPECT_EQ(lowercase(page).find("nan"), std::string::npos);
  EXPECT_EQ(lowercase(page).find("inf"), std::string::npos);
}

TEST(HistoryHtml, LongListsAreCappedWithHowManyMore) {
  HistoryReport report = sample_report({.weeks = 60, .commits_per_week = 2, .rules = 3, .protected_every = 0});
  report.bypasses.assign(150, report.verdicts.front());
  report.protected_changes.assign(250, {report.verdicts.front().commit, "a", "none", ""});
  report.rules.clear();
  for (int i = 0; i < 20; ++i) report.rules.push_back({"rule-" + std::to_string(100 + i), 1, 0});
  for (int i = 0; i < 15; ++i) report.hygiene.trailers["Trailer-" + std::to_string(i)] = 1;
  const std::string page = format_history_html(report);
  EXPECT_NE(page.find("50 more commits not shown."), std::string::npos);
  EXPECT_NE(page.find("50 more protected-path changes not shown."), std::string::npos);
  EXPECT_NE(page.find("5 more rules not shown."), std::string::npos);
  EXPECT_NE(page.find("7 more trailers not shown."), std::string::npos);
  // The heatmap: 15 of 23 rules (20 named, 3 only in weeks), the latest 52 of 60 weeks.
  EXPECT_NE(page.find("8 more rules not shown; 8 more earlier weeks not shown."), std::string::npos);
  EXPECT_EQ(count_of(page, "class=\"rule-label\""), detail::kHeatmapRules);
}

TEST(HistoryHtml, TenThousandCommitsMakeABoundedPage) {
  const HistoryReport small = sample_report({.weeks = 40, .commits_per_week = 10});
  const HistoryReport large = sample_report({.weeks = 100, .commits_per_week = 100});
  ASSERT_EQ(large.verdicts.size(), 10000u);
  const std::string small_page = format_history_html(small);
  const std::string large_page = format_history_html(large);
  EXPECT_LT(large_page.size(), 400u * 1024);
  EXPECT_LT(large_page.size(), small_page.size() * 4);
  std::cout << "[ figures  ] 400 commits: " << small_page.size() << " bytes; 10,000 commits: " << large_page.size()
            << " bytes\n";
}

TEST(HistoryCharts, LineGoesFromBottomForNoneToTopForAll) {
  HistoryReport report;
  report.weeks = {{"2026-W01", 4, 0, {}}, {"2026-W02", 4, 2, {}}, {"2026-W03", 4, 4, {}}};
  const std::string svg = detail::compliance_chart_svg(report);
  // Plot from x 56 to 936, y 252 (0%) to 16 (100%).
  EXPECT_NE(svg.find("points=\"56,252 496,134 936,16\""), std::string::npos) << svg;
  EXPECT_NE(svg.find(">0%</text>"), std::string::npos);
  EXPECT_NE(svg.find(">100%</text>"), std::string::npos);
  EXPECT_NE(svg.find(detail::kComplianceLineColour), std::string::npos);
}

TEST(HistoryCharts, WeekLabelsAreThinnedWhenMany) {
  const HistoryReport report = sample_report({.weeks = 100, .commits_per_week = 1});
  const std::string svg = detail::compliance_chart_svg(report);
  EXPECT_LE(count_of(svg, "text-anchor=\"middle\""), 12u);
  EXPECT_GE(count_of(svg, "text-anchor=\"middle\""), 8u);
  EXPECT_EQ(count_of(svg, ","), 100u);  // one point per week (no dots past 60 weeks)
}

TEST(HistoryCharts, PercentTextRoundsWithIntegers) {
  EXPECT_EQ(detail::percent_text(2, 3), "66.7%");
  EXPECT_EQ(detail::percent_text(1, 1), "100.0%");
  EXPECT_EQ(detail::percent_text(0, 7), "0.0%");
  EXPECT_EQ(detail::percent_text(1, 2000), "0.1%");
  EXPECT_EQ(detail::percent_text(0, 0), "n/a");
}

}  // namespace
}  // namespace agentops
