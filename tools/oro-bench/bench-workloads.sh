#!/usr/bin/env bash
# Benchmark of the whole pipeline on workloads (not a test): for each case,
# the einsums, wall time and peak RSS of `oro-opt --oro-pipeline`, and the
# fused search's own time, groups and points, read back from the report.
#
#   tools/oro-bench/bench-workloads.sh [--stacks "1 2 4 8 16"] [--resnet]
#       [--models "gpt3:32 bert:12 resnet50:16"] [--options "k=v ..."] [out-dir]
#
# Cases: the GPT-3 6.7B layer and stacks of it (tools/oro-bench/make-stack.py,
# the mask shared), the BERT-base layer, with --resnet the ResNet-50
# bottleneck (minutes: its 3x3 convolution's exact window search), and with
# --models whole models from examples/models (NAME:LAYERS; --stacks "" to
# skip the stacks). --options is appended to the pipeline's options (e.g.
# "fusion=false" or "max-group-size=64").
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
opt="$root/build/bin/oro-opt"
arch="$root/examples/arches/snowcat.yaml"
stacks="1 2 4 8 16"
resnet=0
models=""
extra=""
out=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --stacks) stacks="$2"; shift 2 ;;
    --resnet) resnet=1; shift ;;
    --models) models="$2"; shift 2 ;;
    --options) extra="$2"; shift 2 ;;
    *) out="$1"; shift ;;
  esac
done
out="${out:-$(mktemp -d)}"
mkdir -p "$out"
[[ -x "$opt" ]] || { echo "bench-workloads: $opt is missing; run tools/setup.sh first" >&2; exit 1; }
py=/usr/bin/python3

cases=()
for n in $stacks; do
  if [[ "$n" == 1 ]]; then
    cases+=("gpt3-layer=$root/examples/gpt3/gpt3-6.7b-layer.mlir")
  else
    "$py" "$root/tools/oro-bench/make-stack.py" \
      "$root/examples/gpt3/gpt3-6.7b-layer.mlir" "$n" --shared mask \
      > "$out/gpt3-x$n.mlir"
    cases+=("gpt3-x$n=$out/gpt3-x$n.mlir")
  fi
done
cases+=("bert-layer=$root/examples/bert/bert-base-layer.mlir")
[[ "$resnet" == 1 ]] && cases+=("resnet-bottleneck=$root/examples/resnet50/bottleneck.mlir")
for m in $models; do
  model="${m%%:*}" layers="${m#*:}"
  case "$model" in
    gpt3) gen=gpt3-6.7b.py ;;
    bert) gen=bert-base.py ;;
    resnet50) gen=resnet50.py ;;
    *) echo "bench-workloads: unknown model '$model' (gpt3, bert, resnet50)" >&2; exit 1 ;;
  esac
  "$py" "$root/examples/models/$gen" "$layers" > "$out/$model-$layers.mlir"
  cases+=("$model-$layers=$out/$model-$layers.mlir")
done

printf '%-18s %8s %10s %10s %10s %10s %8s %8s %6s\n' case einsums wall_s user_s rss_MiB fused_s groups points exact
for c in "${cases[@]}"; do
  name="${c%%=*}" file="${c#*=}"
  /usr/bin/time -f '%e %U %M' -o "$out/$name.time" "$opt" "$file" \
    --oro-pipeline="arch=$arch report=$out/$name.json progress=never $extra" \
    -o /dev/null
  read -r wall user rss < "$out/$name.time"
  "$py" - "$out/$name.json" "$name" "$wall" "$user" "$rss" <<'PY'
import json, sys
path, name = sys.argv[1], sys.argv[2]
wall, user, rss = float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
r = json.load(open(path))
fused = [c for c in r["curves"] if c.get("fusion") == "fused"]
f = fused[0] if fused else None
print("%-18s %8d %10.2f %10.2f %10.0f %10s %8s %8s %6s" % (
    name, len(r["einsums"]), wall, user, rss / 1024,
    "%.2f" % f["search"]["seconds"] if f else "-",
    f["search"]["groups_searched"] if f else "-",
    len(f["points"]) if f else "-",
    ("yes" if f["search"]["exact"] else "no") if f else "-"))
PY
done
