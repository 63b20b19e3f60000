#!/usr/bin/env bash
# The slow tier of the fused search's checks: tools/oro-check's metamorphic
# relations (block composition, separability, pruning and memo off, one
# thread against all cores, groups as intervals never below the wider
# search, lower bounds, witness reconciliation) on the
# real workloads, where no brute force reaches.
#
#   tools/check-metamorphic.sh [BUILD-DIR]
#
# CI runs it after check-oro (Release build only: minutes under the
# sanitizers). Blocks are a seeded sample, so the run is deterministic; each
# line of oro-check's output says what was checked. Exits non-zero on the
# first workload that fails.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build}"
check="$build/bin/oro-check"
[[ -x "$check" ]] || { echo "check-metamorphic: $check is missing" >&2; exit 1; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
sed 's/2048/8192/g' "$root/examples/gpt3/gpt3-6.7b-layer.mlir" > "$tmp/gpt3-8192.mlir"
/usr/bin/python3 "$root/tools/oro-bench/make-stack.py" \
  "$root/examples/gpt3/gpt3-6.7b-layer.mlir" 2 --shared mask > "$tmp/gpt3-2-layers.mlir"

run() {
  local name="$1"; shift
  echo "== $name" >&2
  local start=$(date +%s)
  "$check" "$@"
  echo "   ($(( $(date +%s) - start )) s)" >&2
}
run "GPT-3 6.7B layer, 2048 tokens" "$root/examples/gpt3/gpt3-6.7b-layer.mlir" \
  --sample=40 --seed=1 --separability --pruning --compare-lookahead \
  --compare-share-inputs --compare-retile
run "GPT-3 6.7B layer, 8192 tokens" "$tmp/gpt3-8192.mlir" --sample=12 --seed=2 \
  --compare-lookahead --compare-share-inputs
run "BERT-base layer" "$root/examples/bert/bert-base-layer.mlir" \
  --sample=40 --seed=3 --separability --pruning --compare-threads \
  --compare-share-inputs --compare-retile
run "BERT-base layer, re-tiling" "$root/examples/bert/bert-base-layer.mlir" \
  --retile --sample=40 --seed=3 --separability --pruning
run "GPT-3 6.7B, 2 layers" "$tmp/gpt3-2-layers.mlir" --sample=16 --seed=4 \
  --compare-lookahead --compare-share-inputs
# The bottleneck: its fused search is exact within the pipeline's group
# budget (the 3x3 convolution's inner searches used to cut three groups);
# its witnesses are checked, and the lower bounds against its curve.
run "ResNet-50 bottleneck" "$root/examples/resnet50/bottleneck.mlir" \
  --max-group-candidates=20000000 --max-block=0
