// Micro benchmarks of commit-message judging: cleanup, trailer parsing and the
// message rules over a message of N trailer lines. The reported complexity
// should be linear (oN): a quadratic pass once held a server for minutes.
#include <benchmark/benchmark.h>

#include <string>

#include "agentops/message.h"
#include "agentops/policy.h"

namespace {

void BM_MessageOfTrailers(benchmark::State& state) {
  std::string message = "feat: x\n\n";
  for (int64_t i = 0; i < state.range(0); ++i) message += "Acked-by: Somebody <somebody@example.com>\n";
  const auto policy = agentops::load_policy(agentops::PolicySource{
      ".agentops/policy.toml",
      "version = 1\n[message]\nforbidden_trailers = [\"Bad-By: x\"]\nrequired_trailers = [\"Signed-off-by\"]\n", {}});
  if (!policy) {
    state.SkipWithError(policy.error().message.c_str());
    return;
  }
  for (auto _ : state) {
    const std::string cleaned = agentops::clean_message(message, agentops::CleanupOptions{});
    auto trailers = agentops::parse_trailers(cleaned);
    auto findings = agentops::check_message(cleaned, agentops::MessageContext{}, *policy);
    benchmark::DoNotOptimize(trailers);
    benchmark::DoNotOptimize(findings);
  }
  state.SetComplexityN(state.range(0));
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(message.size()));
}
BENCHMARK(BM_MessageOfTrailers)->RangeMultiplier(4)->Range(1 << 10, 1 << 16)->Complexity(benchmark::oN);

}  // namespace

BENCHMARK_MAIN();
