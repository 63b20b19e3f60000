#!/usr/bin/env bash
# Builds oro's libFuzzer targets (tools/oro-fuzz) with clang-22 and fuzzes
# each for a while (docs/Testing.md, "Fuzzing").
#
#   tools/fuzz.sh [BUILD-DIR]        (default build-fuzz)
#
# BUILD-DIR is configured if it has no CMakeCache.txt: clang-22, -O1 -g1,
# ORO_ENABLE_FUZZERS=ON and ORO_ENABLE_SANITIZERS=ON (ASan + UBSan). An
# existing BUILD-DIR must have been configured with ORO_ENABLE_FUZZERS=ON.
# Each target runs ORO_FUZZ_SECONDS (default 60) seconds, starting from the
# committed corpus and crash reproducers (test/Fuzz/corpus/<t>,
# test/Fuzz/crashes/<t>), read-only: new inputs go to a temporary working
# corpus. A crash, leak, UB, timeout or out-of-memory fails the script with
# the reproducer's path; it is kept (with the working corpus) for you to add
# to test/Fuzz/crashes/<t>/ once fixed.
#
# A reproducer of up to 64 KiB is also printed in base64, so that a finding
# on a machine that is gone (CI) can be recovered from the log.
#
# Environment: ORO_FUZZ_SECONDS, ORO_FUZZ_TARGETS (default "arch ir einsum"),
# ORO_FUZZ_SEED (libFuzzer's -seed; default a random one, which the summary
# line prints; even with the same seed, runs differ, since libFuzzer's
# corpus does not grow the same way twice), ORO_FUZZ_WORK (working
# directory; default a new mktemp -d), and ORO_FUZZ_JOBS (ninja -j, default
# nproc).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-fuzz}
seconds=${ORO_FUZZ_SECONDS:-60}
targets=${ORO_FUZZ_TARGETS:-"arch ir einsum"}
jobs=${ORO_FUZZ_JOBS:-$(nproc)}

if [[ ! -f "$build/CMakeCache.txt" ]]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
    -DORO_ENABLE_FUZZERS=ON -DORO_ENABLE_SANITIZERS=ON \
    -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir >/dev/null
elif ! grep -q '^ORO_ENABLE_FUZZERS:BOOL=ON' "$build/CMakeCache.txt"; then
  echo "fuzz: $build was not configured with -DORO_ENABLE_FUZZERS=ON" >&2
  exit 1
fi
build_start=$(date +%s)
ninja -C "$build" -j"$jobs" $(printf 'oro-fuzz-%s ' $targets)
echo "fuzz: targets built in $(( $(date +%s) - build_start )) s"

work=${ORO_FUZZ_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/oro-fuzz.XXXXXX")}
# As check-oro sets them for the sanitizer build (CMakeLists.txt explains
# allow_user_poisoning=0); options you export come last and win.
export ASAN_OPTIONS="detect_leaks=1:allow_user_poisoning=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"

status=0
for t in $targets; do
  case $t in
    einsum) max_len=64 ;;   # the decoder reads about 60 bytes at most
    *) max_len=8192 ;;
  esac
  mkdir -p "$work/$t/corpus" "$work/$t/artifacts"
  seeds=(test/Fuzz/corpus/"$t")
  [[ -d test/Fuzz/crashes/$t ]] && seeds+=(test/Fuzz/crashes/"$t")
  echo "fuzz: oro-fuzz-$t for $seconds s (log: $work/$t/log)"
  rc=0
  "$build/bin/oro-fuzz-$t" -max_total_time="$seconds" -max_len="$max_len" \
    ${ORO_FUZZ_SEED:+-seed="$ORO_FUZZ_SEED"} \
    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$work/$t/artifacts/" \
    "$work/$t/corpus" "${seeds[@]}" >"$work/$t/log" 2>&1 || rc=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$t/log")
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/$t/log")
  seed=$(sed -n 's/^INFO: Seed: *//p' "$work/$t/log")
  corpus=$(ls "$work/$t/corpus" | wc -l)
  echo "fuzz: oro-fuzz-$t: ${runs:-?} inputs, ${speed:-?} exec/s," \
       "$corpus new corpus entries, seed ${seed:-?}, exit $rc"
  if [[ $rc != 0 ]] || [[ -n $(ls -A "$work/$t/artifacts") ]]; then
    status=1
    tail -n 60 "$work/$t/log" >&2
    for a in "$work/$t/artifacts"/*; do
      [[ -e $a ]] || continue
      echo "fuzz: FAILED: oro-fuzz-$t reproducer: $a" >&2
      if (( $(wc -c <"$a") <= 65536 )); then
        echo "fuzz: the reproducer in base64 (base64 -d > FILE):" >&2
        base64 -w 76 "$a" >&2
      fi
    done
  fi
done
if [[ $status != 0 ]]; then
  echo "fuzz: failed; working directory kept: $work" >&2
  exit 1
fi
[[ -z ${ORO_FUZZ_WORK:-} ]] && rm -rf "$work"
echo "fuzz: all targets clean"
