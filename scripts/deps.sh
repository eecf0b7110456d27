#!/usr/bin/env bash
# Installs the Debian 12 packages agentops builds with, when any is missing.
# Sourced by scripts/demo.sh and scripts/test.sh; safe to run again.
set -euo pipefail

AGENTOPS_PACKAGES=(cmake g++ make pkg-config git openssh-client gnupg
  libgit2-dev libtomlplusplus-dev libre2-dev libfmt-dev
  googletest libgtest-dev libbenchmark-dev)
# Needed by the test suite only: the HTML dashboard's test renders the page in
# headless Chromium and checks the screenshot.
AGENTOPS_TEST_PACKAGES=(chromium)

# agentops_missing_packages [--tests]: the build packages (and with --tests the
# test-only ones) that are not installed.
agentops_missing_packages() {
  local wanted=("${AGENTOPS_PACKAGES[@]}")
  [ "${1:-}" = "--tests" ] && wanted+=("${AGENTOPS_TEST_PACKAGES[@]}")
  local missing=()
  for package in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$package")
  done
  echo "${missing[@]:-}"
}

# agentops_install_packages [--tests]: installs what agentops_missing_packages names.
agentops_install_packages() {
  local missing
  missing=$(agentops_missing_packages "${1:-}")
  [ -z "$missing" ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "agentops: installing Debian packages: $missing" >&2
  $sudo apt-get update
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y $missing
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then agentops_install_packages "${1:-}"; fi
