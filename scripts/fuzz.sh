#!/usr/bin/env bash
# Runs each libFuzzer harness in fuzz/ for a bounded time (clang 14, ASan and
# UBSan, built into build-fuzz/), starting from the seed corpus checked in
# under fuzz/corpus/<harness>/. A crash, leak, undefined behaviour or timeout
# fails the script; the input that caused it is kept in build-fuzz/artifacts/.
#   AGENTOPS_FUZZ_SECONDS  time per harness (default 45)
#   AGENTOPS_FUZZ_SEED     libFuzzer seed (default 1: CI replays the inputs a
#                          local run tried; set another to explore)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/deps.sh"
# libFuzzer for clang 14 is in libclang-rt-14-dev (libclang_rt.fuzzer-x86_64.a).
AGENTOPS_PACKAGES+=(clang-14 libclang-rt-14-dev)
agentops_install_packages
build_dir=${AGENTOPS_FUZZ_BUILD_DIR:-$root/build-fuzz}
seconds=${AGENTOPS_FUZZ_SECONDS:-45}
harnesses=(policy message glob)

# Built as the hooks are (RelWithDebInfo, NDEBUG): toml++'s internal asserts,
# some of which fail on malformed ASCII input, are no-ops there under g++.
cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-14 \
  -DAGENTOPS_FUZZ=ON -DAGENTOPS_BUILD_TESTS=OFF -DAGENTOPS_BUILD_BENCH=OFF "$@" >/dev/null
targets=()
for harness in "${harnesses[@]}"; do targets+=("agentops_${harness}_fuzzer"); done
cmake --build "$build_dir" -j "$(nproc)" --target "${targets[@]}"

mkdir -p "$build_dir/artifacts"
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
status=0
for harness in "${harnesses[@]}"; do
  # New inputs go to a scratch corpus: the checked-in seeds stay as reviewed.
  work_corpus="$build_dir/corpus/$harness"
  mkdir -p "$work_corpus"
  echo "agentops fuzz: $harness for ${seconds}s" >&2
  if ! "$build_dir/bin/agentops_${harness}_fuzzer" "$work_corpus" "$root/fuzz/corpus/$harness" \
      -max_total_time="$seconds" -seed="${AGENTOPS_FUZZ_SEED:-1}" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
      -print_final_stats=1 -artifact_prefix="$build_dir/artifacts/${harness}-" \
      >"$build_dir/$harness.log" 2>&1; then
    echo "agentops fuzz: $harness FAILED; log: $build_dir/$harness.log" >&2
    tail -n 60 "$build_dir/$harness.log" >&2
    status=1
  else
    grep -E "^stat::number_of_executed_units|^Done" "$build_dir/$harness.log" >&2 || true
  fi
done
exit $status
