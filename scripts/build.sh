#!/usr/bin/env bash
# Configures and builds agentops into build/ (executables in build/bin/).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${AGENTOPS_BUILD_DIR:-$root/build}
cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DAGENTOPS_WERROR=ON "$@" >/dev/null
cmake --build "$build_dir" -j "$(nproc)"
