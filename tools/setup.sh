#!/usr/bin/env bash
# Sets up oro on Debian 12 (bookworm): installs the packages it builds and
# runs with (LLVM/MLIR 22 come from bookworm-security), configures and builds
# into build/. Safe to run again: apt skips what is installed, ninja rebuilds
# what changed. Set ORO_SKIP_APT=1 to skip the package step.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  cmake ninja-build g++ git python3 python3-matplotlib
  # The Python package (python/oro) and its tests; the notebook in
  # examples/tutorial runs headless with nbconvert and ipykernel.
  python3-pandas python3-jsonschema python3-pytest python3-distributed
  jupyter-nbconvert python3-nbformat python3-nbclient python3-ipykernel
  llvm-22-dev libmlir-22-dev mlir-22-tools llvm-22-tools
  libyaml-cpp-dev libgtest-dev
  # Link interface of Debian's LLVM 22 CMake package.
  libzstd-dev zlib1g-dev libxml2-dev libedit-dev libffi-dev libcurl4-openssl-dev
)

if [[ "${ORO_SKIP_APT:-0}" != 1 ]]; then
  missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    echo "oro setup: installing ${missing[*]}" >&2
    SUDO=""
    [[ $(id -u) != 0 ]] && SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
fi

# `import oro` for Debian's /usr/bin/python3: a .pth file in its site
# directory for local packages (/usr/local/lib/python3.X/dist-packages)
# naming this tree's python/ (ORO_PYTHON_SITE: another directory; ORO_SKIP_PTH=1:
# none).
if [[ "${ORO_SKIP_PTH:-0}" != 1 ]]; then
  site="${ORO_PYTHON_SITE:-$(/usr/bin/python3 -c 'import sysconfig; print(sysconfig.get_path("purelib"))')}"
  SUDO=""
  [[ $(id -u) != 0 && ! -w "$(dirname "$site")" ]] && SUDO=sudo
  $SUDO mkdir -p "$site"
  echo "$(pwd)/python" | $SUDO tee "$site/oro.pth" >/dev/null
  echo "oro setup: /usr/bin/python3 imports oro from $(pwd)/python ($site/oro.pth)" >&2
fi

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir >/dev/null
ninja -C build -j"$(nproc)" all
echo "oro setup: built $(pwd)/build/bin/oro-opt" >&2
