#!/usr/bin/env bash
# The main job, end to end: installs missing packages, builds agentops, installs
# its hooks into a fresh demo repository, and shows git refusing a commit that
# holds a secret and accepting a clean one.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/deps.sh"
agentops_install_packages
"$root/scripts/build.sh"
bin="${AGENTOPS_BUILD_DIR:-$root/build}/bin"

demo=$(mktemp -d "${TMPDIR:-/tmp}/agentops-demo-XXXXXX")
cd "$demo"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "A fresh repository at $demo, with agentops' hooks"
git init -q -b main
git config user.name "Demo User"
git config user.email demo@example.com
"$bin/agentops-install"

step "Commit a config file holding an AWS access key id: git must refuse it"
key="AKIA""QYLPMN5HHHFPZAM2"   # split so this script itself holds no key
printf 'region = "eu-west-1"\naws_access_key_id = "%s"\n' "$key" > settings.toml
git add settings.toml
if git commit -m "feat: add settings"; then
  echo "demo failed: the commit with a secret went through" >&2
  exit 1
fi
echo "-> refused; commits on main: $(git rev-list --count HEAD 2>/dev/null || echo 0)"

step "Read the key from the environment instead: git accepts it"
printf 'region = "eu-west-1"\naws_access_key_id = "${AWS_ACCESS_KEY_ID}"\n' > settings.toml
git add settings.toml
git commit -q -m "feat: add settings"
git log --oneline
echo "-> accepted. The demo repository is at $demo"
