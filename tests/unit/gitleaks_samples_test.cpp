// agentops against gitleaks' own rule samples (tests/data/gitleaks): the
// built-in catalogue, and gitleaks' unmodified default config imported and
// used alone, must keep their recall and false alarms. The floors are the
// measured figures (docs/rules.md); a change that loses detection fails here.
#include <gtest/gtest.h>

#include "agentops/policy.h"
#include "sample_corpus.h"

namespace agentops {
namespace {

const std::vector<corpus::Sample>& samples() {
  static const auto loaded = corpus::load_samples(std::string(AGENTOPS_SOURCE_DIR) + "/tests/data/gitleaks/rule-samples.tsv");
  EXPECT_TRUE(loaded.ok()) << loaded.error().message;
  static const std::vector<corpus::Sample> empty;
  return loaded.ok() ? *loaded : empty;
}

std::string listing(const corpus::Score& score) {
  std::string out;
  size_t shown = 0;
  for (const auto* sample : score.missed)
    if (shown++ < 20) out += "missed " + sample->rule + ": " + sample->text + "\n";
  for (const auto& [sample, rule] : score.flagged)
    if (shown++ < 40) out += "flagged " + sample->rule + " by " + rule + ": " + sample->text + "\n";
  return out;
}

TEST(GitleaksSamples, BuiltinCatalogueKeepsItsRecallAndFalseAlarms) {
  auto policy = load_preset("baseline");
  ASSERT_TRUE(policy.ok()) << policy.error().message;
  auto score = corpus::score(policy->secrets, samples());
  ASSERT_TRUE(score.ok()) << score.error().message;
  ASSERT_GT(score->total.true_samples, 15000u);
  ASSERT_GT(score->total.false_samples, 400u);
  // Floors: the measured figures (docs/rules.md). gitleaks itself finds 99.9%
  // of its true samples and flags 30 of its 374 false ones.
  EXPECT_GE(score->total.found, 16012u) << listing(*score);
  EXPECT_GE(score->total.found * 1000, score->total.true_samples * 999) << listing(*score);
  EXPECT_LE(score->total.flagged, 23u) << listing(*score);
  // No provider missed: every gitleaks rule id is found almost always, by a
  // provider rule of ours rather than the generic fallback.
  for (const auto& [rule, tally] : score->by_rule) {
    if (tally.true_samples == 0) continue;
    EXPECT_GE(tally.found * 100, tally.true_samples * 95) << rule << ": " << tally.found << " of " << tally.true_samples;
    if (rule != "generic-api-key") {
      EXPECT_GE(tally.found_by_provider * 100, tally.true_samples * 90) << rule << " relies on the generic rule";
    }
  }
  // Every assignment style gitleaks writes its samples in.
  for (const auto& [style, tally] : score->by_style)
    EXPECT_GE(tally.found * 1000, tally.true_samples * 995) << (style.empty() ? "hand-written" : style);
}

}  // namespace
}  // namespace agentops
