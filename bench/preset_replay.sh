#!/usr/bin/env bash
# Replays a real history under a preset (or a policy file): how many of its
# ordinary commits would have waited for a person, or been refused?
#
#   bash bench/preset_replay.sh REPO [PRESET|FILE.toml] [RANGE] [--show RULE]
#
# REPO is a git directory (bare or not; it is only read). PRESET defaults to
# ai-agents; a name ending in .toml is a policy file. RANGE defaults to
# ROOT..HEAD (the first root commit, an import, is left out).
# One process judges the whole range (`agentops check --range R --preset P
# --format json`, a dry run); "ordinary commits" are the first-parent,
# non-merge commits of the range (`git rev-list --first-parent --no-merges`):
# the commits side branches bring in are judged too but not counted, and a
# merge's diff against its first parent is a whole branch, not one change.
# Nothing approves a commit in a replay: a commit with a gate finding and no
# blocking one is "gated", one with a blocking finding "blocked". Change rules
# and message rules (message.*) are counted apart, as teams opt into the latter;
# "but path.protected" counts the change rules without the gate on the
# repository's control files (CI workflows...), which fires by design.
# `--show RULE` lists every counted commit the rule gated or blocked, with its
# subject and the finding, to inspect each one.
#   Needs build/bin/agentops (or AGENTOPS=path), git, python3.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
agentops="${AGENTOPS:-${AGENTOPS_BUILD_DIR:-$root/build}/bin/agentops}"
show=""
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --show) show="$2"; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
repo="${args[0]:?usage: preset_replay.sh REPO [PRESET|FILE.toml] [RANGE] [--show RULE]}"
preset="${args[1]:-ai-agents}"
range="${args[2]:-}"
if [ -z "$range" ]; then
  first_root=$(git -C "$repo" rev-list --max-parents=0 HEAD | tail -n 1)
  range="$first_root..HEAD"
fi
case "$preset" in
  *.toml) judge=(--policy "$preset") ;;
  *) judge=(--preset "$preset") ;;
esac
work=$(mktemp -d "${TMPDIR:-/tmp}/agentops-replay-XXXXXX")
trap 'rm -rf "$work"' EXIT

git -C "$repo" rev-list --first-parent --no-merges "$range" > "$work/ordinary"
git -C "$repo" log --first-parent --no-merges --format='%H %s' "$range" > "$work/subjects"
status=0
"$agentops" check --repo "$repo" --range "$range" "${judge[@]}" --format json > "$work/report.json" \
  2> "$work/stderr" || status=$?
if [ "$status" -gt 1 ]; then
  cat "$work/stderr" >&2
  exit "$status"
fi

python3 - "$work" "$repo" "$preset" "$range" "$show" <<'PY'
import collections, json, sys
work, repo, preset, rng, show = sys.argv[1:6]
ordinary = [line.strip() for line in open(f"{work}/ordinary") if line.strip()]
subjects = dict(line.rstrip("\n").split(" ", 1) if " " in line else (line.strip(), "")
                for line in open(f"{work}/subjects"))
report = json.load(open(f"{work}/report.json"))
by_commit = collections.defaultdict(list)
for f in report["findings"]:
    if f.get("commit") in subjects and f["severity"] in ("gate", "block"):
        by_commit[f["commit"]].append(f)
n = len(ordinary)

def tally(keep):
    gated = blocked = 0
    rules = collections.defaultdict(lambda: [0, 0])  # rule -> [commits gated, commits blocked]
    for c in ordinary:
        fs = [f for f in by_commit.get(c, []) if keep(f["rule"])]
        if not fs:
            continue
        if any(f["severity"] == "block" for f in fs):
            blocked += 1
        else:
            gated += 1
        for rule in sorted({f["rule"] for f in fs}):
            sev = {f["severity"] for f in fs if f["rule"] == rule}
            rules[rule][1 if "block" in sev else 0] += 1
    return gated, blocked, rules

def pct(k):
    return f"{100.0 * k / n:5.2f}%" if n else "  n/a"

print(f"{repo} under {preset}, {rng}: {n} ordinary commits (first-parent, non-merge) "
      f"of {report.get('stats', {}).get('commits', '?')} judged")
for title, keep in (("change rules", lambda r: not r.startswith("message.")),
                    ("  but path.protected", lambda r: not r.startswith("message.") and r != "path.protected"),
                    ("message rules", lambda r: r.startswith("message.")),
                    ("all rules", lambda r: True)):
    gated, blocked, rules = tally(keep)
    print(f"  {title:14s} gated {gated:5d} {pct(gated)}   blocked {blocked:5d} {pct(blocked)}")
    if title in ("all rules", "  but path.protected"):
        continue
    for rule, (g, b) in sorted(rules.items(), key=lambda kv: -(kv[1][0] + kv[1][1])):
        print(f"    {rule:34s} gated {g:5d} {pct(g)}   blocked {b:5d} {pct(b)}")
if show:
    print(f"commits {show} gated or blocked:")
    for c in ordinary:
        for f in by_commit.get(c, []):
            if f["rule"] == show:
                where = f.get("path", "") + (f":{f['line']}" if f.get("line") else "")
                print(f"  {c[:10]} {f['severity']:5s} {where} | {f['message'][:90]} | {subjects.get(c, '')[:70]}")
PY
