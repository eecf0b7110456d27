#!/usr/bin/env bash
# Installs the Debian 12 packages agentops builds with, when any is missing.
# Sourced by scripts/demo.sh and scripts/test.sh; safe to run again.
set -euo pipefail

AGENTOPS_PACKAGES=(cmake g++ make pkg-config git openssh-client gnupg
  libgit2-dev libtomlplusplus-dev libre2-dev libfmt-dev
  googletest libgtest-dev libbenchmark-dev)

agentops_missing_packages() {
  local missing=()
  for package in "${AGENTOPS_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$package")
  done
  echo "${missing[@]:-}"
}

agentops_install_packages() {
  local missing
  missing=$(agentops_missing_packages)
  [ -z "$missing" ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "agentops: installing Debian packages: $missing" >&2
  $sudo apt-get update
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y $missing
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then agentops_install_packages; fi
