#!/usr/bin/env bash
# Whole-process benchmark: the wall time of one `git commit` of a small change,
# with no hooks and with agentops' hooks, measured in the same run. Prints
# milliseconds per commit and the ratio to plain git.
#   bash bench/commit_latency.sh [COMMITS]   (default 200; needs build/bin)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin="${AGENTOPS_BUILD_DIR:-$root/build}/bin"
commits=${1:-200}
work=$(mktemp -d "${TMPDIR:-/tmp}/agentops-bench-XXXXXX")
trap 'rm -rf "$work"' EXIT
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null

make_repo() {
  git init -q -b main "$1"
  git -C "$1" config user.name bench
  git -C "$1" config user.email bench@example.com
  for i in $(seq 1 50); do printf 'line %s\n' $(seq 1 40) > "$1/file$i.txt"; done
  git -C "$1" add -A && git -C "$1" commit -q --no-verify -m init
}

# Milliseconds per commit: each commit edits one file (20 added lines) and commits it.
time_commits() {
  local repo=$1 start end
  start=$(date +%s%N)
  for i in $(seq 1 "$commits"); do
    printf 'change %s line %s\n' "$i" {1..20} >> "$repo/file$((i % 50 + 1)).txt"
    git -C "$repo" commit -q -a -m "change $i"
  done
  end=$(date +%s%N)
  echo "scale=3; ($end - $start) / 1000000 / $commits" | bc
}

make_repo "$work/plain"
make_repo "$work/agentops"
"$bin/agentops-install" --repo "$work/agentops" >/dev/null

plain=$(time_commits "$work/plain")
hooked=$(time_commits "$work/agentops")
printf 'git commit, no hooks:        %8.3f ms\n' "$plain"
printf 'git commit, agentops hooks:  %8.3f ms\n' "$hooked"
printf 'ratio:                       %8.2fx (%s commits each)\n' "$(echo "scale=3; $hooked / $plain" | bc)" "$commits"
