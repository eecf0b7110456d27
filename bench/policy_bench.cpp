// What every commit pays before it looks at the change: loading and validating
// the effective policy (a preset, or a repository file that extends one) and
// preparing the secret scanner.
#include <benchmark/benchmark.h>

#include "agentops/policy.h"
#include "agentops/secrets.h"

namespace {

void BM_LoadPreset(benchmark::State& state, const char* name) {
  for (auto _ : state) {
    auto policy = agentops::load_preset(name);
    if (!policy) state.SkipWithError(policy.error().message.c_str());
    benchmark::DoNotOptimize(policy);
  }
}
BENCHMARK_CAPTURE(BM_LoadPreset, baseline, "baseline");
BENCHMARK_CAPTURE(BM_LoadPreset, strict, "strict");
BENCHMARK_CAPTURE(BM_LoadPreset, ai_agents, "ai-agents");
BENCHMARK_CAPTURE(BM_LoadPreset, twelve_factor, "twelve-factor");

// A repository policy with its own rules: these regexes are validated at load.
void BM_LoadRepositoryPolicy(benchmark::State& state) {
  const agentops::PolicySource source{".agentops/policy.toml", R"(
version = 1
extends = ["ai-agents"]
[limits]
max_lines_changed = 500
[[secrets.rules]]
id = "acme-token"
regex = 'acme_[a-z0-9]{32}'
keywords = ["acme_"]
[[content]]
id = "no-internal-host"
regex = 'corp\.internal\b'
severity = "block"
)", {}};
  for (auto _ : state) {
    auto policy = agentops::load_policy(source);
    if (!policy) state.SkipWithError(policy.error().message.c_str());
    benchmark::DoNotOptimize(policy);
  }
}
BENCHMARK(BM_LoadRepositoryPolicy);

void BM_PrepareSecretScanner(benchmark::State& state) {
  auto policy = agentops::load_preset("baseline");
  for (auto _ : state) {
    auto scanner = agentops::SecretScanner::compile(policy->secrets);
    benchmark::DoNotOptimize(scanner);
  }
}
BENCHMARK(BM_PrepareSecretScanner);

}  // namespace

BENCHMARK_MAIN();
