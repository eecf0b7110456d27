#!/usr/bin/env bash
# Builds the Debian package: a Release tree in build-package/ (no tests, no
# benchmarks), then CPack writes build-package/agentops_<version>_<arch>.deb,
# its version from `git describe` (docs/install.md). Install it with
#   sudo apt install ./build-package/agentops_*.deb
# Extra arguments go to cmake, e.g. -DCMAKE_CXX_COMPILER_LAUNCHER=ccache.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/deps.sh"
agentops_install_packages
# CPack reads the executables with dpkg-shlibdeps (dpkg-dev) and `file` to
# declare the Debian packages of the shared libraries they load.
AGENTOPS_PACKAGES=(dpkg-dev file)
agentops_install_packages
build_dir=${AGENTOPS_PACKAGE_BUILD_DIR:-$root/build-package}
rm -f "$build_dir"/agentops_*.deb
cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DAGENTOPS_WERROR=ON \
  -DAGENTOPS_BUILD_TESTS=OFF -DAGENTOPS_BUILD_BENCH=OFF "$@" >/dev/null
cmake --build "$build_dir" -j "$(nproc)"
(cd "$build_dir" && cpack -G DEB >/dev/null)
ls "$build_dir"/agentops_*.deb
