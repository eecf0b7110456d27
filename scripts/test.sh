#!/usr/bin/env bash
# The whole test suite on a fresh Debian 12 machine: installs missing packages,
# builds, and runs every unit and end-to-end test under ctest.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/deps.sh"
agentops_install_packages --tests
source "$root/scripts/peer_tools.sh"
agentops_install_peer_tools
"$root/scripts/build.sh"
ctest --test-dir "${AGENTOPS_BUILD_DIR:-$root/build}" --output-on-failure -j "$(nproc)"
