#!/usr/bin/env bash
# Whole-process benchmark: the wall time of one `agentops hook claude
# PreToolUse` call, as an agent runs it before every tool call: a clean
# one-file Write (20 lines, the baseline policy), a Bash command, and a tool
# that writes nothing (answered without opening the repository). Beside them,
# `agentops version`: the cost of starting the process at all.
#   bash bench/agent_hook_latency.sh [CALLS]   (default 200; needs build/bin)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin="${AGENTOPS_BUILD_DIR:-$root/build}/bin"
calls=${1:-200}
work=$(mktemp -d "${TMPDIR:-/tmp}/agentops-bench-XXXXXX")
trap 'rm -rf "$work"' EXIT
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null

repo="$work/repo"
git init -q -b main "$repo"
for i in $(seq 1 50); do printf 'line %s\n' $(seq 1 40) > "$repo/file$i.txt"; done
git -C "$repo" add -A
git -C "$repo" -c user.name=bench -c user.email=bench@example.com commit -q --no-verify -m init

content=$(printf 'change line %s\\n' $(seq 1 20))
printf '{"hook_event_name":"PreToolUse","cwd":"%s","tool_name":"Write","tool_input":{"file_path":"%s/src/new.py","content":"%s"}}' \
  "$repo" "$repo" "$content" > "$work/write.json"
printf '{"hook_event_name":"PreToolUse","cwd":"%s","tool_name":"Bash","tool_input":{"command":"npm test && git status"}}' \
  "$repo" > "$work/bash.json"
printf '{"hook_event_name":"PreToolUse","cwd":"%s","tool_name":"Read","tool_input":{"file_path":"%s/file1.txt"}}' \
  "$repo" "$repo" > "$work/read.json"

# Checks once that the call is answered as expected (exit 0: allowed).
"$bin/agentops" hook claude PreToolUse < "$work/write.json"

# Milliseconds per call of "$@".
time_calls() {
  local start end
  start=$(date +%s%N)
  for _ in $(seq 1 "$calls"); do "$@" >/dev/null; done
  end=$(date +%s%N)
  echo "scale=3; ($end - $start) / 1000000 / $calls" | bc
}
hook_call() { "$bin/agentops" hook claude PreToolUse < "$1"; }

printf 'agentops version (process start): %8.3f ms\n' "$(time_calls "$bin/agentops" version)"
printf 'hook: Write, one file, 20 lines:  %8.3f ms\n' "$(time_calls hook_call "$work/write.json")"
printf 'hook: Bash command:               %8.3f ms\n' "$(time_calls hook_call "$work/bash.json")"
printf 'hook: Read (nothing to judge):    %8.3f ms\n' "$(time_calls hook_call "$work/read.json")"
printf '(%s calls each)\n' "$calls"
