#!/usr/bin/env bash
# Checks oro as an installed library: installs a built tree into a temporary
# prefix, builds examples/consumer (an out-of-tree MLIR tool that does
# find_package(Oro)) against that prefix alone, runs it on a bundled example
# and compares what it produces with the build tree's own oro-opt on the same
# input: the same report (bar search timings), the same oro IR, and the
# bound it prints equal to the report's.
#
#   bash tools/check-install.sh [BUILD-DIR]      (default: build)
#
# ORO_CHECK_INSTALL_KEEP=1 keeps the temporary directory. Run from CI after
# `ninja -C build check-oro` (.ci/run).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$(cd "${1:-$root/build}" && pwd)"
[[ -x "$build/bin/oro-opt" ]] || {
  echo "check-install: $build/bin/oro-opt is missing; build $build first" >&2
  exit 1
}
start=$(date +%s%N)
work="$(mktemp -d "${TMPDIR:-/tmp}/oro-check-install.XXXXXX")"
if [[ "${ORO_CHECK_INSTALL_KEEP:-0}" == 1 ]]; then
  echo "check-install: keeping $work" >&2
else
  trap 'rm -rf "$work"' EXIT
fi
fail() { echo "check-install: FAIL: $*" >&2; exit 1; }
step() { echo "check-install: $*" >&2; }

# 1. Install.
prefix="$work/prefix"
step "installing $build into $prefix"
cmake --install "$build" --prefix "$prefix" >"$work/install.log" ||
  { cat "$work/install.log" >&2; fail "cmake --install"; }
for f in lib/cmake/oro/OroConfig.cmake lib/cmake/oro/OroConfigVersion.cmake \
         lib/cmake/oro/OroTargets.cmake bin/oro-opt \
         include/oro/InitAll.h include/oro/Transforms/Passes.h.inc \
         include/oro/Dialect/Oro/IR/OroOps.h.inc; do
  [[ -e "$prefix/$f" ]] || fail "$prefix/$f was not installed"
done

# 2. Configure and build the consumer against the prefix only.
consumer="$work/consumer"
step "building examples/consumer against $prefix"
cmake -S "$root/examples/consumer" -B "$consumer" -G Ninja \
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$prefix" \
  >"$work/configure.log" 2>&1 ||
  { cat "$work/configure.log" >&2; fail "configuring examples/consumer"; }
grep -q "Using OroConfig.cmake in: $prefix/lib/cmake/oro" "$work/configure.log" ||
  { cat "$work/configure.log" >&2; fail "the consumer did not find Oro in $prefix"; }
ninja -C "$consumer" >"$work/build.log" 2>&1 ||
  { cat "$work/build.log" >&2; fail "building examples/consumer"; }

# 3. Run the consumer and the build tree's oro-opt on the same input, from the
#    same directory with the same relative paths (the report records them).
cd "$root"
input=examples/matmul/matmul-4096.mlir
arch=examples/arches/snowcat.yaml
step "running oro-consumer and $build/bin/oro-opt on $input"
"$build/bin/oro-opt" "$input" \
  --oro-pipeline="arch=$arch report=$work/ref.json progress=never" \
  -o "$work/ref.mlir" || fail "$build/bin/oro-opt failed"
"$consumer/bin/oro-consumer" "$input" --arch="$arch" \
  --report="$work/lib.json" -o "$work/lib.mlir" >"$work/lib.out" ||
  fail "oro-consumer failed"
"$consumer/bin/oro-consumer" "$input" --arch="$arch" --by-name \
  --report="$work/byname.json" >"$work/byname.out" ||
  fail "oro-consumer --by-name failed"
sed 's/^/  /' "$work/lib.out" >&2

# The reports agree except for search timings; the IR agrees byte for byte.
strip_times() { grep -v '"seconds":' "$1"; }
grep -q '"curves"' "$work/ref.json" || fail "oro-opt wrote no curves"
diff <(strip_times "$work/ref.json") <(strip_times "$work/lib.json") \
  >/dev/null || fail "oro-consumer's report differs from oro-opt's"
diff <(strip_times "$work/ref.json") <(strip_times "$work/byname.json") \
  >/dev/null || fail "oro-consumer --by-name's report differs from oro-opt's"
diff "$work/ref.mlir" "$work/lib.mlir" >/dev/null ||
  fail "oro-consumer's oro IR differs from oro-opt's"
cmp -s <(grep '^einsum ' "$work/lib.out") <(grep '^einsum ' "$work/byname.out") ||
  fail "the C++ pipeline builder and --by-name disagree"

# What the consumer printed (read from the IR through oro's C++ API) is what
# oro-opt's report says: the einsum's MACs, its curve's compulsory traffic,
# length and chosen point.
expected="$(python3 - "$work/ref.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
einsum = report["einsums"][0]
curve = next(c for c in report["curves"]
             if c["scope"] == "einsum" and c["einsum"] == einsum["name"])
point = curve["points"][curve["chosen_point"]]
print(f"einsum {einsum['name']}: level={curve['level']} macs={einsum['macs']}"
      f" compulsory_bits={curve['compulsory_bits']}"
      f" capacity_bits={point['capacity_bits']}"
      f" accesses_bits={point['accesses_bits']} points={len(curve['points'])}")
PY
)"
grep -qxF "$expected" "$work/lib.out" ||
  fail "oro-consumer did not print the line oro-opt's report implies: $expected"

# The installed oro-opt runs on its own too.
"$prefix/bin/oro-opt" "$input" --convert-linalg-to-oro | grep -q 'einsum "matmul"' ||
  fail "the installed oro-opt does not convert $input"

ms=$(( ($(date +%s%N) - start) / 1000000 ))
printf 'check-install: PASS in %d.%03d s\n' $((ms / 1000)) $((ms % 1000)) >&2
