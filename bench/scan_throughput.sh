#!/usr/bin/env bash
# Whole-process throughput on a large staged change: `agentops check --staged`
# (full catalogue, baseline preset) against `git diff --cached` producing the
# same diff, in the same run. Prints MB/s, the ratio, and agentops' peak memory.
#   bash bench/scan_throughput.sh [MB]   (default 20; needs build/bin, hyperfine, python3)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin="${AGENTOPS_BUILD_DIR:-$root/build}/bin"
megabytes=${1:-20}
work=$(mktemp -d "${TMPDIR:-/tmp}/agentops-scan-XXXXXX")
trap 'rm -rf "$work"' EXIT
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null

git init -q -b main "$work/repo"
cd "$work/repo"
git config user.name bench && git config user.email bench@example.com
# Source-like files, 100 KB each: code, config assignments, UUIDs, hashes, URLs;
# words that wake the keyword prefilter (token, key, secret) but no real secret.
python3 - "$megabytes" <<'PY'
import os, random, sys
random.seed(7)
words = ["user", "token", "value", "config", "request", "secret_name", "api", "key", "client",
         "handler", "result", "password_hint", "session", "cache", "retry", "timeout"]
def line(i):
    r = random.random()
    w = random.choice(words)
    if r < 0.2:
        return f'    {w}_{i} = os.environ["{w.upper()}_{i}"]'
    if r < 0.35:
        return f'    id = "{random.getrandbits(128):032x}"  # {w}'
    if r < 0.45:
        return f'    url = "https://example.com/{w}/{i}?q={random.randint(0, 10**6)}"'
    if r < 0.55:
        return f'    {w}Count += compute_{w}({i}, "{w}-{random.randint(0, 999)}")'
    return f'    if {w} is not None and len({w}) > {i % 97}: return {w}.{random.choice(words)}()'
total = int(sys.argv[1]) * 1024 * 1024
written, n = 0, 0
while written < total:
    path = f"src/module_{n // 50}/file_{n}.py"
    os.makedirs(os.path.dirname(path), exist_ok=True)
    lines = [f"def function_{n}(args):"]
    size = 0
    while size < 100 * 1024:
        lines.append(line(len(lines)))
        size += len(lines[-1]) + 1
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    written += size
    n += 1
PY
git add -A
bytes=$(git diff --cached | wc -c)
files=$(git diff --cached --name-only | wc -l)

hyperfine -N --warmup 2 --runs 10 --export-json "$work/times.json" \
  "git diff --cached" "$bin/agentops check --staged" >/dev/null 2>&1 || true
read -r git_s agentops_s < <(python3 -c "
import json; r = json.load(open('$work/times.json'))['results']
print(r[0]['mean'], r[1]['mean'])")
peak_kb=$(/usr/bin/time -f %M "$bin/agentops" check --staged 2>&1 >/dev/null | tail -1)
"$bin/agentops" check --staged --format json | python3 -c "
import json,sys; d=json.load(sys.stdin); print('findings:', len(d['findings']), 'decision:', d['decision'])"
python3 - <<PY
mb = $bytes / 1e6
print(f"staged change:        {mb:.1f} MB of diff, $files files")
print(f"git diff --cached:    {$git_s*1000:8.1f} ms  ({mb/$git_s:7.1f} MB/s)")
print(f"agentops check:       {$agentops_s*1000:8.1f} ms  ({mb/$agentops_s:7.1f} MB/s)")
print(f"ratio:                {$agentops_s/$git_s:8.2f}x")
print(f"agentops peak memory: {$peak_kb/1024:8.1f} MB")
PY
