#!/usr/bin/env bash
# Re-checking a 1,000-commit push: `agentops check --range BASE..HEAD` (what
# pre-push, pre-receive and CI run) against `git log -p` over the same range,
# in the same run. Prints both times and the ratio.
#   bash bench/range_recheck.sh [COMMITS]   (default 1000; needs build/bin, hyperfine)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin="${AGENTOPS_BUILD_DIR:-$root/build}/bin"
commits=${1:-1000}
work=$(mktemp -d "${TMPDIR:-/tmp}/agentops-range-XXXXXX")
trap 'rm -rf "$work"' EXIT
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null

git init -q -b main "$work/repo"
cd "$work/repo"
git config user.name bench && git config user.email bench@example.com
for i in $(seq 1 100); do printf 'line %s of file %s\n' $(seq 1 200 | sed "s/$/ $i/") > "file$i.txt"; done
git add -A && git commit -q -m "chore: initial files"
base=$(git rev-parse HEAD)
# Each commit rewrites 20 lines in one of 100 files (fast-import: seconds, not minutes).
python3 - "$commits" <<'PY' | git fast-import --quiet
import sys
n = int(sys.argv[1])
for c in range(1, n + 1):
    f = c % 100 + 1
    lines = [f"line {i} of file {f} {f}" for i in range(1, 201)]
    for k in range(20):
        lines[(c * 7 + k) % 200] = f"commit {c} token_{k} = compute(value_{k}, {c * k})"
    data = ("\n".join(lines) + "\n").encode()
    msg = f"feat: change {c} to file {f}\n".encode()
    print("commit refs/heads/main")
    print(f"committer bench <bench@example.com> {1700000000 + c} +0000")
    print(f"data {len(msg)}"); sys.stdout.flush(); sys.stdout.buffer.write(msg); print()
    if c == 1:
        print("from refs/heads/main^0")
    print(f"M 100644 inline file{f}.txt")
    print(f"data {len(data)}"); sys.stdout.flush(); sys.stdout.buffer.write(data); print()
PY
git reset -q --hard main
test "$(git rev-list --count "$base"..HEAD)" -eq "$commits"

hyperfine -N --warmup 1 --runs 5 --export-json "$work/times.json" \
  "git log -p $base..HEAD" "$bin/agentops check --range $base..HEAD" >/dev/null 2>&1
read -r git_s agentops_s < <(python3 -c "
import json; r = json.load(open('$work/times.json'))['results']
print(r[0]['mean'], r[1]['mean'])")
"$bin/agentops" check --range "$base..HEAD" --format json | python3 -c "
import json,sys; d=json.load(sys.stdin); print('findings:', len(d['findings']), 'decision:', d['decision'], 'commits:', d['stats']['commits'])"
python3 - <<PY
print(f"git log -p:            {$git_s*1000:8.1f} ms")
print(f"agentops check --range: {$agentops_s*1000:8.1f} ms  ({$commits} commits, {$agentops_s*1e6/$commits:.0f} us per commit)")
print(f"ratio:                 {$agentops_s/$git_s:8.2f}x")
PY
