#!/usr/bin/env bash
# The whole performance comparison in one run, side by side: agentops against
# plain git and against the hook tools people put in the same place (husky,
# lefthook, prek, pre-commit, git-secrets, commitlint, secretlint), every
# ratio taken against plain git measured in the SAME run, so a loaded or slow
# machine shows in both numbers and the ratio stays meaningful.
#   bash bench/compare.sh [--commits N] [--scale] [--markdown FILE]
# --commits N   commits per commit-latency row (default 60)
# --scale       also the monorepo rows (100,000-file index; takes minutes)
# --markdown F  also write a markdown fragment for docs/performance.md
# Uses the built binaries in ${AGENTOPS_BUILD_DIR:-ROOT/build}/bin and builds
# nothing. npm tools go to ${AGENTOPS_BENCH_TOOLS:-/tmp/agentops-bench-tools}
# (outside any git repository: npm's lefthook runs `lefthook install` on the
# nearest .git). A tool that is missing and cannot be installed is reported as
# "skipped: <reason>"; the script still exits 0.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin="${AGENTOPS_BUILD_DIR:-$root/build}/bin"
tools=${AGENTOPS_BENCH_TOOLS:-${TMPDIR:-/tmp}/agentops-bench-tools}
commits=60 scale=0 markdown=""
while [ $# -gt 0 ]; do
  case $1 in
    --commits) commits=${2:?--commits N}; shift 2 ;;
    --scale) scale=1; shift ;;
    --markdown) markdown=${2:?--markdown FILE}; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "compare.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -n "$markdown" ] && markdown=$(realpath -m "$markdown")
for b in agentops agentops-install agentops-pre-commit agentops-commit-msg; do
  [ -x "$bin/$b" ] || { echo "compare.sh: $bin/$b missing: build first (this script builds nothing)" >&2; exit 2; }
done
command -v hyperfine >/dev/null || { echo "compare.sh: needs hyperfine" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/agentops-compare-XXXXXX")
trap 'rm -rf "$work"' EXIT
# Repositories made here never read the user's configuration; the Python hook
# managers keep their caches in the work dir, not in ~/.cache.
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export PRE_COMMIT_HOME=$work/pre-commit-home PREK_HOME=$work/prek-home
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
md=$work/fragment.md
: >"$md"

say() { printf '%s\n' "$*"; }
mdline() { printf '%s\n' "$*" >>"$md"; }
# Arithmetic on floats without bc's quirks; "?" when an operand is missing (a
# skipped or failed measurement), so one failure never ends the run.
calc() { python3 -c 'import sys
try: print(format(eval(sys.argv[1]), sys.argv[2]))
except Exception: print("?")' "$1" "${2:-.1f}"; }
# Mean wall time in ms of hyperfine result $2 (0-based) in JSON file $1.
hf_ms() { python3 -c "import json
try: print(format(json.load(open('$1'))['results'][$2]['mean']*1000, '.1f'))
except Exception: print('?')"; }
# Peak resident memory in MB of one run of a command (GNU time, %M in KB).
# The command's own stderr is dropped (-o writes time's figure to a file).
# A binary that could not be run (126, 127: caught mid-rebuild) gives "?".
peak_mb() {
  /usr/bin/time -f '%M' -o "$work/time.out" "$@" >/dev/null 2>&1 || true
  if grep -q 'status 12[67]' "$work/time.out"; then echo "?"; else calc "$(tail -1 "$work/time.out") / 1024"; fi
}

# --- what this ran on -------------------------------------------------------
tool_version() {  # name -> version or empty
  case $1 in
    node-pkg) node -p "require('$2/package.json').version" 2>/dev/null ;;
    dpkg) dpkg-query -W -f '${Version}' "$2" 2>/dev/null ;;
  esac
}
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
ram=$(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo)
debian=$(cat /etc/debian_version 2>/dev/null || echo unknown)
machine="$(nproc) cores, ${cpu:-unknown CPU}, $ram RAM, Debian $debian"
gitv=$(git --version | awk '{print $3}')
agentopsv=$("$bin/agentops" version 2>/dev/null | head -1)
binrev=$(git -C "$(dirname "$bin")/.." rev-parse --short HEAD 2>/dev/null || echo unknown)
say "date:     $(date -u '+%Y-%m-%d %H:%M UTC')"
say "machine:  $machine; load $(cut -d' ' -f1-3 /proc/loadavg)"
say "git $gitv; hyperfine $(hyperfine --version | awk '{print $2}'); $agentopsv ($bin)"

# --- peer tools: find or install, else skip ---------------------------------
# Each tool ends up with a version[] entry, or a skip[] entry saying why not.
declare -A skip=() version=()
npm_tool() {  # DIR PACKAGE... -> installs into DIR unless already there
  local dir=$1; shift
  command -v npm >/dev/null || return 1
  mkdir -p "$dir"
  [ -f "$dir/package.json" ] || echo '{"name":"agentops-bench-tools","private":true}' >"$dir/package.json"
  (cd "$dir" && timeout 300 npm install --silent --no-audit --no-fund "$@" >/dev/null 2>&1)
}
# husky and lefthook: the pinned copies the tests use (scripts/peer_tools.sh), else our own dir.
# From a linked worktree, the main worktree's copy (.peer-tools is untracked).
peer=${AGENTOPS_PEER_TOOLS_DIR:-$root/.peer-tools}
[ -x "$peer/node_modules/.bin/husky" ] ||
  peer=$(cd "$root" && cd "$(git rev-parse --git-common-dir 2>/dev/null || echo .)/.." && pwd)/.peer-tools
[ -x "$peer/node_modules/.bin/husky" ] && [ -x "$peer/node_modules/.bin/lefthook" ] || {
  peer=$tools
  [ -x "$peer/node_modules/.bin/lefthook" ] || npm_tool "$tools" lefthook@2.2.2 husky@9.1.7 || true
}
husky=$peer/node_modules/.bin/husky lefthook=$peer/node_modules/.bin/lefthook
[ -x "$husky" ] && version[husky]=$(tool_version node-pkg "$peer/node_modules/husky") || skip[husky]="npm install husky failed"
[ -x "$lefthook" ] && version[lefthook]=$("$lefthook" version 2>/dev/null) || skip[lefthook]="npm install lefthook failed"
nb=$tools/node_modules/.bin
[ -x "$nb/prek" ] || npm_tool "$tools" @j178/prek || true
if [ -x "$nb/prek" ] && "$nb/prek" --version >/dev/null 2>&1; then version[prek]=$("$nb/prek" --version | awk '{print $2}')
else skip[prek]="npm @j178/prek not installable here (its binary package is needed)"; fi
if command -v pre-commit >/dev/null; then version[pre-commit]=$(pre-commit --version | awk '{print $2}')
else skip[pre-commit]="Debian package pre-commit not installed"; fi
if ! command -v git-secrets >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y git-secrets >/dev/null 2>&1 || true
fi
if command -v git-secrets >/dev/null; then version[git-secrets]=$(tool_version dpkg git-secrets); version[git-secrets]=${version[git-secrets]:-unknown}
else skip[git-secrets]="Debian package git-secrets not installed and apt-get install failed"; fi
[ -x "$nb/commitlint" ] && [ -d "$tools/node_modules/@commitlint/config-conventional" ] ||
  npm_tool "$tools" @commitlint/cli @commitlint/config-conventional || true
if [ -x "$nb/commitlint" ] && [ -d "$tools/node_modules/@commitlint/config-conventional" ]; then
  version[commitlint]=$(tool_version node-pkg "$tools/node_modules/@commitlint/cli")
  # Next to node_modules, so `extends` resolves there and not in the bench repo.
  printf "module.exports = {extends: ['@commitlint/config-conventional']};\n" >"$tools/commitlint.config.cjs"
else skip[commitlint]="npm install @commitlint/cli failed"; fi
[ -x "$nb/secretlint" ] && [ -d "$tools/node_modules/@secretlint/secretlint-rule-preset-recommend" ] ||
  npm_tool "$tools" secretlint @secretlint/secretlint-rule-preset-recommend || true
if [ -x "$nb/secretlint" ] && [ -d "$tools/node_modules/@secretlint/secretlint-rule-preset-recommend" ]; then
  version[secretlint]=$(tool_version node-pkg "$tools/node_modules/secretlint")
  printf '{"rules":[{"id":"@secretlint/secretlint-rule-preset-recommend"}]}\n' >"$tools/.secretlintrc.json"
else skip[secretlint]="npm install secretlint failed"; fi
versions="git $gitv, $agentopsv, hyperfine $(hyperfine --version | awk '{print $2}'), node $(node --version 2>/dev/null || echo none)"
for t in husky lefthook prek pre-commit git-secrets commitlint secretlint; do
  [ -n "${version[$t]:-}" ] && versions+=", $t ${version[$t]}"
done
say "versions: $versions"
for t in "${!skip[@]}"; do say "$t: skipped: ${skip[$t]}"; done

mdline "Measured $(date -u '+%Y-%m-%d %H:%M UTC') by \`bench/compare.sh --commits $commits$([ $scale = 1 ] && echo ' --scale')\`,"
mdline "binaries from \`$bin\` (\`$agentopsv\`, source tree at \`$binrev\`); $machine; load $(cut -d' ' -f1-3 /proc/loadavg) at the start."
mdline "Versions: $versions."
mdline ""

# --- 1. commit latency ------------------------------------------------------
# A 2,000-file repository (40 directories of 50 files), built once and copied
# so that every tool starts from an identical, fresh repository.
template=$work/template
make_template() {
  git init -q -b main "$template"
  python3 - "$template" <<'PY'
import os, sys
root = sys.argv[1]
for d in range(40):
    os.makedirs(f"{root}/src/pkg{d}", exist_ok=True)
    for f in range(50):
        with open(f"{root}/src/pkg{d}/mod{f}.py", "w") as out:
            out.write("".join(f"def f{f}_{i}(x):\n    return x + {i}\n" for i in range(20)))
PY
  git -C "$template" add -A
  git -C "$template" commit -q --no-verify -m "chore: initial 2,000 files"
  # Packed, as a real repository mostly is; no automatic gc going off in the
  # background in the middle of a timing.
  git -C "$template" gc -q && git -C "$template" config gc.auto 0
}

hook() { printf '#!/bin/sh\n%s\n' "$2" >"$1"; chmod +x "$1"; }
# The hook managers read a config committed in the repository (pre-commit
# refuses to run on an unstaged config), so the setup commits it first.
commit_config() { git -C "$1" add -A && git -C "$1" commit -q --no-verify -m "chore: hook config"; }
precommit_config='repos:
- repo: local
  hooks:
  - id: noop
    name: noop
    entry: "true"
    language: system
    pass_filenames: false
    always_run: true'

setup() {  # TOOL REPO: install TOOL's no-op (or real) hooks into REPO
  local r=$2
  case $1 in
    plain) ;;
    exit0) for h in pre-commit commit-msg post-commit; do hook "$r/.git/hooks/$h" 'exit 0'; done ;;
    husky) (cd "$r" && "$husky" >/dev/null) && printf 'true\n' >"$r/.husky/pre-commit" && commit_config "$r" ;;
    lefthook) printf 'pre-commit:\n  commands:\n    noop:\n      run: "true"\n' >"$r/lefthook.yml" &&
      commit_config "$r" && (cd "$r" && LEFTHOOK_BIN= "$lefthook" install >/dev/null) ;;
    prek) printf '%s\n' "$precommit_config" >"$r/.pre-commit-config.yaml" && commit_config "$r" &&
      (cd "$r" && "$nb/prek" install >/dev/null) ;;
    pre-commit) printf '%s\n' "$precommit_config" >"$r/.pre-commit-config.yaml" && commit_config "$r" &&
      (cd "$r" && pre-commit install >/dev/null) ;;
    git-secrets) (cd "$r" && git secrets --install >/dev/null && git secrets --register-aws >/dev/null) ;;
    commitlint) hook "$r/.git/hooks/commit-msg" "exec '$nb/commitlint' --config '$tools/commitlint.config.cjs' --edit \"\$1\"" ;;
    secretlint) hook "$r/.git/hooks/pre-commit" "git diff --cached --name-only --diff-filter=ACMR -z | xargs -0 -r '$nb/secretlint' --secretlintrc '$tools/.secretlintrc.json'" ;;
    agentops) "$bin/agentops-install" --repo "$r" >/dev/null ;;
  esac
}

# One `git commit` of a one-file change: appends to file $2 of repo $1, stages
# it, and times only the commit (not the edit nor the add); the microseconds
# are added to took[$3]. $EPOCHREALTIME, not date: no process to start.
commit_once() {
  local r=$1 f=$2 key=$3 start end
  printf 'def change_%s(x):\n    return x * 2\n' "${#took[@]}$RANDOM" >>"$r/$f"
  git -C "$r" add "$f"
  start=${EPOCHREALTIME/./}
  git -C "$r" commit -q -m "fix(core): handle empty input in the parser" -m "The parser crashed on empty files." \
    >"$work/commit-$key.log" 2>&1 || return 1
  end=${EPOCHREALTIME/./}
  took[$key]=$(( ${took[$key]:-0} + end - start ))
}

# Commit latency of several configurations, interleaved: commit i is made in
# every repository before commit i+1 in any, so a compiler starting or
# stopping on the machine weighs on every row alike, not on whichever ran then.
# Args: N FILE-FUNCTION KEY=REPO...; sets ms[KEY] (ms per commit) or leaves it
# unset when a commit failed.
declare -A took=() ms=()
interleave() {
  local n=$1 pathfn=$2 i kv key; shift 2
  local -A repo=() failed=()
  for kv in "$@"; do repo[${kv%%=*}]=${kv#*=}; took[${kv%%=*}]=0; done
  for i in $(seq 1 "$n"); do
    for kv in "$@"; do
      key=${kv%%=*}
      [ -n "${failed[$key]:-}" ] && continue
      commit_once "${repo[$key]}" "$($pathfn "$i")" "$key" || failed[$key]=1
    done
  done
  for kv in "$@"; do
    key=${kv%%=*}
    if [ -n "${failed[$key]:-}" ]; then unset "ms[$key]"; else ms[$key]=$(calc "${took[$key]} / 1000 / $n" .2f); fi
  done
}
template_file() { echo "src/pkg$(($1 % 40))/mod$(($1 % 50)).py"; }

section_commits() {
  say ""; say "== 1. git commit of a one-file change, 2,000-file repository ($commits commits each, fresh repo each, interleaved) =="
  mdline "#### Commit latency: one-file change in a 2,000-file repository ($commits commits each, interleaved)"
  mdline ""
  mdline "| hooks | ms per commit | ratio to plain git |"
  mdline "|---|---|---|"
  make_template
  local tool all=(plain exit0 husky lefthook prek pre-commit git-secrets commitlint secretlint agentops) ready=()
  local -A label=(
    [plain]="plain git, no hooks"
    [exit0]="three \`exit 0\` hooks (pre-commit, commit-msg, post-commit)"
    [husky]="husky${version[husky]:+ ${version[husky]}}, no-op pre-commit"
    [lefthook]="lefthook${version[lefthook]:+ ${version[lefthook]}}, no-op pre-commit"
    [prek]="prek${version[prek]:+ ${version[prek]}}, no-op local hook"
    [pre-commit]="pre-commit${version[pre-commit]:+ ${version[pre-commit]}}, no-op local hook"
    [git-secrets]="git-secrets${version[git-secrets]:+ ${version[git-secrets]}} (--install, --register-aws)"
    [commitlint]="commitlint${version[commitlint]:+ ${version[commitlint]}} (config-conventional), commit-msg"
    [secretlint]="secretlint${version[secretlint]:+ ${version[secretlint]}} (preset-recommend), pre-commit on staged files"
    [agentops]="agentops (agentops-install, default policy)")
  local -A why=()
  for tool in "${all[@]}"; do
    if [ -n "${skip[$tool]:-}" ]; then why[$tool]=${skip[$tool]}; continue; fi
    cp -a "$template" "$work/c-$tool"
    if setup "$tool" "$work/c-$tool"; then ready+=("$tool=$work/c-$tool"); else why[$tool]="setup failed"; fi
  done
  interleave "$commits" template_file "${ready[@]}"
  local plain=${ms[plain]:?plain git commits failed}
  for tool in "${all[@]}"; do
    if [ -z "${why[$tool]:-}" ] && [ -z "${ms[$tool]:-}" ]; then
      why[$tool]="a commit failed: $(tr '\n' ' ' <"$work/commit-$tool.log" | cut -c1-160)"
    fi
    if [ -n "${why[$tool]:-}" ]; then
      say "$(printf '%-70s' "${label[$tool]}") skipped: ${why[$tool]}"
      mdline "| ${label[$tool]} | skipped: ${why[$tool]} | |"
    else
      say "$(printf '%-70s %8s ms  %6sx' "${label[$tool]}" "${ms[$tool]}" "$(calc "${ms[$tool]} / $plain" .2f)")"
      mdline "| ${label[$tool]} | ${ms[$tool]} ms | $(calc "${ms[$tool]} / $plain" .2f)x |"
    fi
    rm -rf "$work/c-$tool"
  done
  mdline ""
}

# --- 2. the hook processes alone -------------------------------------------
section_hooks() {
  say ""; say "== 2. hook processes alone, one staged file in the 2,000-file repository (hyperfine -N) =="
  local r=$work/h
  cp -a "$template" "$r"
  "$bin/agentops-install" --repo "$r" >/dev/null
  printf 'def change(x):\n    return x\n' >>"$r/src/pkg1/mod1.py"
  git -C "$r" add src/pkg1/mod1.py
  printf 'fix(core): handle empty input in the parser\n\nThe parser crashed on empty files.\n' >"$work/msg"
  (cd "$r" && hyperfine -N -i --warmup 3 --runs 30 --export-json "$work/hooks.json" \
    "git diff --cached --stat" "$bin/agentops-pre-commit" "$bin/agentops-commit-msg $work/msg" \
    "$bin/agentops version" >/dev/null 2>&1) || true
  mdline "#### Hook processes alone (one staged file in the 2,000-file repository, \`hyperfine -N\`, 30 runs)"
  mdline ""
  mdline "| command | mean | ratio to git diff --cached --stat |"
  mdline "|---|---|---|"
  local i name ms ref
  ref=$(hf_ms "$work/hooks.json" 0)
  i=0
  for name in "git diff --cached --stat" "agentops-pre-commit" "agentops-commit-msg MSGFILE" "agentops version"; do
    ms=$(hf_ms "$work/hooks.json" $i)
    say "$(printf '%-30s %8s ms  %6sx' "$name" "$ms" "$(calc "$ms / $ref" .2f)")"
    mdline "| \`$name\` | $ms ms | $(calc "$ms / $ref" .2f)x |"
    i=$((i + 1))
  done
  rm -rf "$r"
  mdline ""
}

# --- 3. scanning a staged change --------------------------------------------
# One row: stage everything in repo $2 and time `git diff --cached` against
# `agentops check --staged` in the same hyperfine run (-i: a finding makes
# agentops exit 1, which is an answer, not a failure).
scan_row() {
  local label=$1 r=$2 files mb git_ms own_ms peak decision
  git -C "$r" add -A
  files=$(git -C "$r" diff --cached --name-only | wc -l)
  mb=$(calc "$(git -C "$r" diff --cached | wc -c) / 1e6")
  rm -f "$work/scan.json"
  (cd "$r" && hyperfine -N -i --warmup 1 --runs 5 --export-json "$work/scan.json" \
    "git diff --cached" "$bin/agentops check --staged" >/dev/null 2>&1) || true
  git_ms=$(hf_ms "$work/scan.json" 0) own_ms=$(hf_ms "$work/scan.json" 1)
  peak=$(cd "$r" && peak_mb "$bin/agentops" check --staged)
  decision=$(cd "$r" && { "$bin/agentops" check --staged --format json 2>/dev/null || true; } | python3 -c "
import json,sys; d=json.load(sys.stdin); print(f\"{d['decision']}, {len(d['findings'])} findings\")" 2>/dev/null || echo "?")
  say "$(printf '%-34s %6s files %7s MB  git %8s ms  agentops %8s ms  %5sx  peak %6s MB  (%s)' \
    "$label" "$files" "$mb" "$git_ms" "$own_ms" "$(calc "$own_ms / $git_ms" .2f)" "$peak" "$decision")"
  mdline "| $label | $files | $mb MB | $git_ms ms | $own_ms ms | $(calc "$own_ms / $git_ms" .2f)x | $peak MB | $decision |"
}

new_repo() { git init -q -b main "$1" && git -C "$1" config gc.auto 0; }

section_scan() {
  say ""; say "== 3. check --staged vs git diff --cached on a whole staged tree (hyperfine, 5 runs) =="
  mdline "#### Scanning a staged change (\`check --staged\` vs \`git diff --cached\`, hyperfine, 5 runs)"
  mdline ""
  mdline "| content | files | diff | git diff --cached | agentops check --staged | ratio | agentops peak | decision |"
  mdline "|---|---|---|---|---|---|---|---|"
  # Real content found on this machine: npm's own package tree, the packaged
  # JavaScript libraries and Python's standard library (no __pycache__).
  local r=$work/real src found=""
  new_repo "$r"
  for src in /usr/share/nodejs "$(npm root -g 2>/dev/null)/npm" /usr/share/javascript /usr/lib/python3.11; do
    [ -d "$src" ] || continue
    mkdir -p "$r/real$(dirname "$src")"
    cp -a "$src" "$r/real$src" 2>/dev/null || true
    found+="${found:+, }$src"
  done
  find "$r" -name __pycache__ -prune -exec rm -rf {} + 2>/dev/null || true
  if [ -n "$found" ]; then
    say "real content: $found"
    scan_row "real: $found" "$r"
  else
    say "real content: none of the directories exist; generated content instead"
    python3 - "$r" <<'PY'
import os, random, sys
random.seed(3)
for n in range(1500):
    os.makedirs(f"{sys.argv[1]}/gen/d{n // 100}", exist_ok=True)
    with open(f"{sys.argv[1]}/gen/d{n // 100}/f{n}.js", "w") as f:
        f.write("".join(f"export function f{i}(a) {{ return a * {random.randint(0, 999)}; }}\n" for i in range(400)))
PY
    scan_row "generated (no real content found)" "$r"
  fi
  rm -rf "$r"

  # Source-like: 20 MB of Python-looking code whose words wake the keyword
  # prefilter (token, key, secret) without holding a secret.
  r=$work/src; new_repo "$r"
  python3 - "$r" <<'PY'
import os, random, sys
random.seed(7)
words = ["user", "token", "value", "config", "request", "secret_name", "api", "key", "client",
         "handler", "result", "password_hint", "session", "cache", "retry", "timeout"]
def line(i):
    r, w = random.random(), random.choice(words)
    if r < 0.2: return f'    {w}_{i} = os.environ["{w.upper()}_{i}"]'
    if r < 0.35: return f'    id = "{random.getrandbits(128):032x}"  # {w}'
    if r < 0.45: return f'    url = "https://example.com/{w}/{i}?q={random.randint(0, 10**6)}"'
    return f'    if {w} is not None and len({w}) > {i % 97}: return {w}.{random.choice(words)}()'
for n in range(200):
    os.makedirs(f"{sys.argv[1]}/src/m{n // 50}", exist_ok=True)
    lines, size = [f"def function_{n}(args):"], 0
    while size < 100 * 1024:
        lines.append(line(len(lines))); size += len(lines[-1]) + 1
    open(f"{sys.argv[1]}/src/m{n // 50}/f{n}.py", "w").write("\n".join(lines) + "\n")
PY
  scan_row "synthetic source-like (seed 7)" "$r"
  rm -rf "$r"

  # Minified-like: 20 files of 1 MB each on ONE line of identifier soup, the
  # shape of a bundled .min.js (deterministic: awk's srand(1)).
  r=$work/min; new_repo "$r"; mkdir -p "$r/dist"
  awk -v dir="$r/dist" 'BEGIN {
    srand(1); split("a b c d e f g h i j k l m n o p q r s t u v w x y z _ $ A B C D E F 0 1 2 3 4 5 6 7 8 9", ch, " ")
    split("function return var let const if else for while this new null true false", kw, " ")
    for (f = 0; f < 20; f++) {
      out = dir "/bundle" f ".min.js"; size = 0; s = ""
      while (size < 1048576) {
        if (rand() < 0.2) w = kw[int(rand() * 14) + 1]
        else { w = ""; n = int(rand() * 8) + 1; for (i = 0; i < n; i++) w = w ch[int(rand() * 42) + 1] }
        s = s w substr("(){};,.=+ ", int(rand() * 10) + 1, 1)
        if (length(s) > 4096) { printf "%s", s > out; size += length(s); s = "" }
      }
      printf "%s", s > out; close(out)
    } }'
  scan_row "synthetic minified-like (awk srand(1))" "$r"
  rm -rf "$r"
  mdline ""
}

# --- 4. history -------------------------------------------------------------
section_history() {
  say ""; say "== 4. history: scan --history and check --range vs git log -p (hyperfine, 3 runs) =="
  local r=$work/hist label a count src
  # A real history: AGENTOPS_BENCH_HISTORY (any repository git can clone), else
  # the expressjs/express mirror of the workplace (the git dir may sit in repo/).
  for src in ${AGENTOPS_BENCH_HISTORY:-} /work/.mirror/expressjs+express /work/.mirror/expressjs+express/repo; do
    [ -e "$src" ] && git clone -q "$src" "$r" 2>/dev/null && { label="$(basename "${src%/repo}" | tr + /) (a clone of the real history)"; break; }
    rm -rf "$r"
  done
  if [ -z "${label:-}" ]; then
    # No real history at hand: 2,000 synthetic commits, each changing one file.
    label="synthetic history"
    new_repo "$r"
    python3 - <<'PY' | git -C "$r" fast-import --quiet
import sys
for c in range(1, 2001):
    data = "".join(f"line {i} changed in commit {c}\n" for i in range(c % 50, c % 50 + 40)).encode()
    msg = f"feat: change {c}\n".encode()
    print("commit refs/heads/main")
    print(f"committer bench <bench@example.com> {1700000000 + c} +0000")
    print(f"data {len(msg)}"); sys.stdout.flush(); sys.stdout.buffer.write(msg); print()
    print(f"M 100644 inline file{c % 100}.txt")
    print(f"data {len(data)}"); sys.stdout.flush(); sys.stdout.buffer.write(data); print()
PY
    git -C "$r" reset -q --hard main
  fi
  local all; all=$(git -C "$r" rev-list --count HEAD)
  # The range "the last 500 commits": HEAD's 501st ancestor in git's order.
  a=$(git -C "$r" rev-list HEAD | sed -n 501p)
  count=$(git -C "$r" rev-list --count "$a..HEAD")
  say "history: $label, $all commits; range ${a:0:10}..HEAD holds $count commits"
  (cd "$r" && hyperfine -N -i --warmup 1 --runs 3 --export-json "$work/hist.json" \
    "git log -p HEAD" "$bin/agentops scan --history HEAD" \
    "git log -p $a..HEAD" "$bin/agentops check --range $a..HEAD" >/dev/null 2>&1) || true
  local g1 s1 g2 s2 p1 p2
  g1=$(hf_ms "$work/hist.json" 0) s1=$(hf_ms "$work/hist.json" 1)
  g2=$(hf_ms "$work/hist.json" 2) s2=$(hf_ms "$work/hist.json" 3)
  p1=$(cd "$r" && peak_mb "$bin/agentops" scan --history HEAD)
  p2=$(cd "$r" && peak_mb "$bin/agentops" check --range "$a..HEAD")
  say "$(printf '%-42s git log -p %9s ms  agentops %9s ms  %5sx  peak %6s MB' "scan --history HEAD ($all commits)" "$g1" "$s1" "$(calc "$s1 / $g1" .2f)" "$p1")"
  say "$(printf '%-42s git log -p %9s ms  agentops %9s ms  %5sx  peak %6s MB' "check --range A..HEAD ($count commits)" "$g2" "$s2" "$(calc "$s2 / $g2" .2f)" "$p2")"
  mdline "#### History: $label (hyperfine, 3 runs)"
  mdline ""
  mdline "| command | commits | git log -p | agentops | ratio | agentops peak |"
  mdline "|---|---|---|---|---|---|"
  mdline "| \`scan --history HEAD\` | $all | $g1 ms | $s1 ms | $(calc "$s1 / $g1" .2f)x | $p1 MB |"
  mdline "| \`check --range A..HEAD\` | $count | $g2 ms | $s2 ms | $(calc "$s2 / $g2" .2f)x | $p2 MB |"
  mdline ""
  rm -rf "$r"
}

# --- 5. monorepo scale (--scale) --------------------------------------------
mono_file() { local d=$(($1 * 7 % 1000)); echo "pkg$((d / 100))/mod$d/f$(($1 % 100)).ts"; }
section_scale() {
  say ""; say "== 5. monorepo scale: 100,000-file index =="
  local r=$work/mono n=20 plain own
  new_repo "$r"
  python3 - "$r" <<'PY'
import os, sys
for d in range(1000):
    p = f"{sys.argv[1]}/pkg{d // 100}/mod{d}"
    os.makedirs(p, exist_ok=True)
    for f in range(100):
        open(f"{p}/f{f}.ts", "w").write(f"export const v{d}_{f} = {d * f};\n")
PY
  git -C "$r" add -A && git -C "$r" commit -q --no-verify -m "chore: 100,000 files"
  git -C "$r" gc -q   # 100,000 loose objects would set off git's own gc mid-run
  cp -a "$r" "$work/mono-own"
  "$bin/agentops-install" --repo "$work/mono-own" >/dev/null
  # Commit latency: the same loop as section 1, fewer commits (each is slower).
  interleave "$n" mono_file "plain=$r" "agentops=$work/mono-own"
  plain=${ms[plain]:-?} own=${ms[agentops]:-?}
  say "$(printf 'one-file commit, 100,000-file index: plain %8s ms  agentops %8s ms  %5sx (%s commits each)' "$plain" "$own" "$(calc "$own / $plain" .2f)" "$n")"
  mdline "#### Monorepo scale: 100,000-file index (\`--scale\`)"
  mdline ""
  mdline "| measure | plain git | agentops | ratio | agentops peak |"
  mdline "|---|---|---|---|---|"
  mdline "| one-file commit ($n commits each) | $plain ms | $own ms | $(calc "$own / $plain" .2f)x | |"
  # A 5,000-file staged change: one line added to each of 5,000 files.
  rm -rf "$work/mono-own"
  python3 - "$r" <<'PY'
import sys
for k in range(5000):
    d, f = k // 5, k % 100
    open(f"{sys.argv[1]}/pkg{d // 100}/mod{d}/f{f}.ts", "a").write(f"export const s{k} = 'changed {k}';\n")
PY
  git -C "$r" add -A
  (cd "$r" && hyperfine -N -i --warmup 1 --runs 5 --export-json "$work/mono.json" \
    "git diff --cached" "$bin/agentops check --staged" >/dev/null 2>&1) || true
  local g s p files
  files=$(git -C "$r" diff --cached --name-only | wc -l)
  g=$(hf_ms "$work/mono.json" 0) s=$(hf_ms "$work/mono.json" 1)
  p=$(cd "$r" && peak_mb "$bin/agentops" check --staged)
  say "$(printf '%s-file staged change: git diff --cached %8s ms  check --staged %8s ms  %5sx  peak %6s MB' "$files" "$g" "$s" "$(calc "$s / $g" .2f)" "$p")"
  mdline "| $files-file staged change: \`git diff --cached\` vs \`check --staged\` | $g ms | $s ms | $(calc "$s / $g" .2f)x | $p MB |"
  mdline ""
  rm -rf "$r"
}

section_commits
section_hooks
section_scan
section_history
if [ "$scale" = 1 ]; then section_scale; else say ""; say "(monorepo scale skipped: pass --scale)"; fi

if [ -n "$markdown" ]; then
  cp "$md" "$markdown"
  say ""; say "markdown fragment written to $markdown"
fi
