#!/usr/bin/env bash
# The hook managers the end-to-end tests run agentops beside, as real binaries:
# Debian's pre-commit (a package) and npm's lefthook and husky (pinned
# versions, installed into .peer-tools/ of the source tree). Sourced by
# scripts/test.sh and scripts/sanitize.sh; safe to run again.
set -euo pipefail

AGENTOPS_PEER_NPM_PACKAGES=(lefthook@2.2.2 husky@9.1.7)

agentops_install_peer_tools() {
  local root dir sudo=""
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  dir=${AGENTOPS_PEER_TOOLS_DIR:-$root/.peer-tools}
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  if ! command -v pre-commit >/dev/null; then
    echo "agentops: installing Debian package pre-commit (peer tool for the tests)" >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y pre-commit >/dev/null ||
      { $sudo apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y pre-commit >/dev/null; }
  fi
  if [ -x "$dir/node_modules/.bin/lefthook" ] && [ -x "$dir/node_modules/.bin/husky" ]; then return 0; fi
  if ! command -v npm >/dev/null; then
    echo "agentops: installing Debian package npm (for the peer tools lefthook and husky)" >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y npm >/dev/null
  fi
  mkdir -p "$dir"
  [ -f "$dir/package.json" ] || echo '{"name":"agentops-peer-tools","private":true}' >"$dir/package.json"
  local attempt
  for attempt in 1 2 3; do
    (cd "$dir" && timeout 300 npm install --silent --no-audit --no-fund "${AGENTOPS_PEER_NPM_PACKAGES[@]}") && return 0
    echo "agentops: npm install of the peer tools failed (attempt $attempt of 3)" >&2
    sleep 5
  done
  return 1
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then agentops_install_peer_tools; fi
