// Diagnostics depend on the IR, not on what an earlier run in the same
// process cached. --split-input-file runs the same pipeline on two modules
// in one process (as a plugin or a long-lived compiler does); the second
// module's search comes from the first's cache, yet it warns the same.
// Within one pipeline the warning still comes once: --oro-emit-bounds does
// not repeat it when --oro-map-search annotated the workload at that level.
//
// RUN: oro-opt %s --split-input-file --oro-pipeline="arch=%arches/snowcat.yaml max-group-candidates=300 progress=never" -o /dev/null 2>&1 | FileCheck %s
// RUN: oro-opt %s --split-input-file --oro-emit-bounds="arch=%arches/snowcat.yaml max-group-candidates=300 progress=never" -o /dev/null 2>&1 | FileCheck %s
//
// CHECK: no-process-state.mlir:[[#@LINE+7]]:1: warning: fused curve at level 'GlobalBuffer' is attainable but not exact
// CHECK-NOT: warning
// CHECK: no-process-state.mlir:[[#@LINE+16]]:1: warning: fused curve at level 'GlobalBuffer' is attainable but not exact
// CHECK-NOT: warning

// The chain of fused.mlir: its one group {C, E} takes 818 candidates, so a
// budget of 300 cuts it.
oro.workload @chain(%a: tensor<4x3xbf16> {oro.name = "A"}, %b: tensor<3x5xbf16> {oro.name = "B"},
                    %d: tensor<5x2xbf16> {oro.name = "D"}) -> tensor<4x2xbf16> {
  %c = oro.einsum "C" [m = 4, n = 5, k = 3] ins(%a[m, k], %b[k, n]) outs[m, n]
         : (tensor<4x3xbf16>, tensor<3x5xbf16>) -> tensor<4x5xbf16>
  %e = oro.einsum "E" [m = 4, p = 2, n = 5] ins(%c[m, n], %d[n, p]) outs[m, p]
         : (tensor<4x5xbf16>, tensor<5x2xbf16>) -> tensor<4x2xbf16>
  oro.yield %e : tensor<4x2xbf16>
}

// -----

oro.workload @chain(%a: tensor<4x3xbf16> {oro.name = "A"}, %b: tensor<3x5xbf16> {oro.name = "B"},
                    %d: tensor<5x2xbf16> {oro.name = "D"}) -> tensor<4x2xbf16> {
  %c = oro.einsum "C" [m = 4, n = 5, k = 3] ins(%a[m, k], %b[k, n]) outs[m, n]
         : (tensor<4x3xbf16>, tensor<3x5xbf16>) -> tensor<4x5xbf16>
  %e = oro.einsum "E" [m = 4, p = 2, n = 5] ins(%c[m, n], %d[n, p]) outs[m, p]
         : (tensor<4x5xbf16>, tensor<5x2xbf16>) -> tensor<4x2xbf16>
  oro.yield %e : tensor<4x2xbf16>
}
