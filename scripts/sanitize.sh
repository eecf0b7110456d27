#!/usr/bin/env bash
# The whole test suite again, built with AddressSanitizer (leaks included) and
# UBSan into build-sanitize/: any report fails the test that triggered it,
# including reports from the hook executables that git runs inside e2e tests.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/deps.sh"
agentops_install_packages --tests  # g++ brings libasan and libubsan with it
source "$root/scripts/peer_tools.sh"
agentops_install_peer_tools
build_dir=${AGENTOPS_SANITIZE_BUILD_DIR:-$root/build-sanitize}
jobs=$(nproc)

cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DAGENTOPS_WERROR=ON \
  -DAGENTOPS_SANITIZE=ON -DAGENTOPS_BUILD_BENCH=OFF "$@" >/dev/null
cmake --build "$build_dir" -j "$jobs"

# Every finding is fatal: UBSan would otherwise print and carry on, and a
# test would pass over undefined behaviour.
# Full stacks through libgit2 (built without frame pointers), so that the
# suppressions in lsan.supp match libgit2's own leaks and nothing of ours.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:fast_unwind_on_malloc=0}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/scripts/lsan.supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
ctest --test-dir "$build_dir" --output-on-failure -j "$jobs"
