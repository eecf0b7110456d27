#!/usr/bin/env bash
# CI's packaging check (.ci/run): builds the .deb (scripts/package.sh), installs
# it with apt-get as a user would, runs the installed executables from /usr/bin
# (version, --help, and a real commit of a secret refused by hooks that
# agentops-install wrote), then removes the package so the rest of CI does not
# see it. Needs root or sudo.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
fail() { echo "agentops package check: $*" >&2; exit 1; }

"$root/scripts/package.sh" "$@" >/dev/null
deb=$(ls "${AGENTOPS_PACKAGE_BUILD_DIR:-$root/build-package}"/agentops_*.deb)
work=$(mktemp -d "${TMPDIR:-/tmp}/agentops-package-XXXXXX")
# sudo resets the environment: DEBIAN_FRONTEND goes through env.
apt_get() { $sudo env DEBIAN_FRONTEND=noninteractive apt-get "$@"; }
cleanup() {
  cd /
  rm -rf "$work"
  apt_get remove -y agentops >/dev/null
}
# Set before installing: a failed install step still takes the package out.
trap cleanup EXIT
apt_get install -y "$deb" >/dev/null

version=$(/usr/bin/agentops --version)
echo "agentops package check: installed $(basename "$deb"): $version"
case "$version" in "agentops "?*) ;; *) fail "agentops --version printed '$version'";; esac
/usr/bin/agentops-pre-commit --help | grep -q '^usage: agentops-pre-commit' ||
  fail "agentops-pre-commit --help printed no usage"

# A repository with the installed hooks: a staged AWS key is refused, a clean file is not.
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
git init -q -b main "$work/repo"
cd "$work/repo"
git config user.name "package check"
git config user.email package-check@example.com
/usr/bin/agentops-install >/dev/null
grep -q /usr/bin/agentops-pre-commit .git/hooks/pre-commit || fail "the pre-commit hook does not run /usr/bin/agentops-pre-commit"
printf 'AWS_ACCESS_KEY_ID=%s\n' "AKIA""QYLPMN5HHHFPZAM2" > config.env
git add config.env
if git commit -q -m "add config" 2>"$work/refused.txt"; then fail "a commit of an AWS key was not refused"; fi
# Refused for the key, not because the installed hook cannot run.
grep -q 'secret.aws-access-key-id' "$work/refused.txt" ||
  fail "the commit was refused, but not for the AWS key: $(head -c 500 "$work/refused.txt")"
git rev-parse -q --verify HEAD >/dev/null && fail "the refused commit was made"
git rm -q --cached config.env
echo hello > README
git add README
git commit -q -m "add readme" || fail "a clean commit was refused"
echo "agentops package check: ok (a staged AWS key was refused by the installed hooks)"
