#!/usr/bin/env bash
# `agentops report --range BASE..HEAD` over a real history of about 5,000
# commits, against `git log -p` over the same range, in the same run. Prints
# both times, the ratio and the report's headline.
#   bash bench/report_range.sh REPO [COMMITS]   (default 5000; needs build/bin, hyperfine)
# REPO is a clone of a real project (bench of record: expressjs/express,
# cloned to /tmp); BASE is the first-parent ancestor of HEAD whose range
# holds at least COMMITS commits.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin="${AGENTOPS_BUILD_DIR:-$root/build}/bin"
repo=${1:?usage: bench/report_range.sh REPO [COMMITS]}
commits=${2:-5000}
work=$(mktemp -d "${TMPDIR:-/tmp}/agentops-report-XXXXXX")
trap 'rm -rf "$work"' EXIT
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
cd "$repo"

# The nearest first-parent ancestor whose range holds >= COMMITS commits (binary search).
mapfile -t line < <(git rev-list --first-parent HEAD)
lo=0 hi=$((${#line[@]} - 1))
while [ "$lo" -lt "$hi" ]; do
  mid=$(((lo + hi) / 2))
  if [ "$(git rev-list --count "${line[$mid]}..HEAD")" -ge "$commits" ]; then hi=$mid; else lo=$((mid + 1)); fi
done
base=${line[$lo]}
count=$(git rev-list --count "$base..HEAD")
echo "range: $base..HEAD, $count commits ($(git log -1 --format=%cs "$base") .. $(git log -1 --format=%cs HEAD))"

hyperfine -N --warmup 1 --runs 3 --export-json "$work/times.json" \
  "git log -p $base..HEAD" \
  "$bin/agentops report --range $base..HEAD --format json" \
  "$bin/agentops report --range $base..HEAD --preset twelve-factor --format json" >/dev/null 2>&1
"$bin/agentops" report --range "$base..HEAD" --preset twelve-factor >"$work/report.txt" 2>/dev/null
head -1 "$work/report.txt"
read -r git_s own_s preset_s < <(python3 -c "
import json; r = json.load(open('$work/times.json'))['results']
print(r[0]['mean'], r[1]['mean'], r[2]['mean'])")
python3 - <<PY
print(f"git log -p:                         {$git_s*1000:8.1f} ms")
print(f"report --range (the base's policy): {$own_s*1000:8.1f} ms  ({$own_s*1e6/$count:.0f} us per commit, {$own_s/$git_s:.2f}x)")
print(f"report --range --preset twelve-factor: {$preset_s*1000:8.1f} ms  ({$preset_s/$git_s:.2f}x)")
PY
