// agentops_sample_score CORPUS [--policy FILE] [--missed] [--flagged]
// Scores the built-in catalogue (or the policy FILE's secret rules, gitleaks
// import included) on gitleaks' rule samples and prints Markdown tables; with
// --missed / --flagged, the samples behind the numbers.
#include <cstdio>
#include <cstring>
#include <iostream>

#include "agentops/policy.h"
#include "sample_corpus.h"

namespace {

std::string escaped(const std::string& text) {
  std::string out;
  for (char c : text) out += c == '\n' ? std::string("\\n") : std::string(1, c);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: agentops_sample_score CORPUS [--policy FILE] [--missed] [--flagged]\n";
    return 2;
  }
  std::string policy_file;
  bool missed = false, flagged = false;
  for (int i = 2; i < argc; ++i) {
    if (std::strcmp(argv[i], "--policy") == 0 && i + 1 < argc) policy_file = argv[++i];
    else if (std::strcmp(argv[i], "--missed") == 0) missed = true;
    else if (std::strcmp(argv[i], "--flagged") == 0) flagged = true;
    else {
      std::cerr << "unknown argument: " << argv[i] << "\n";
      return 2;
    }
  }
  auto policy = policy_file.empty() ? agentops::load_preset("baseline") : agentops::load_policy_file(policy_file);
  if (!policy) {
    std::cerr << policy.error().message << "\n";
    return 2;
  }
  auto samples = agentops::corpus::load_samples(argv[1]);
  if (!samples) {
    std::cerr << samples.error().message << "\n";
    return 2;
  }
  auto score = agentops::corpus::score(policy->secrets, *samples);
  if (!score) {
    std::cerr << score.error().message << "\n";
    return 2;
  }
  std::cout << agentops::corpus::markdown(*score);
  if (missed)
    for (const auto* sample : score->missed) std::cout << "MISSED\t" << sample->rule << "\t" << escaped(sample->text) << "\n";
  if (flagged)
    for (const auto& [sample, rule] : score->flagged)
      std::cout << "FLAGGED\t" << sample->rule << "\t" << rule << "\t" << escaped(sample->text) << "\n";
  return 0;
}
