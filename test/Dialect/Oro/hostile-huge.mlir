// RUN: oro-opt %s -split-input-file | FileCheck %s
// RUN: oro-opt %s -split-input-file | oro-opt -split-input-file | FileCheck %s
// RUN: oro-opt %s -split-input-file -verify-diagnostics --oro-map-search="arch=%arches/snowcat.yaml progress=never max-candidates=1000" -o /dev/null

// Hostile oro IR (fuzzing of the foundation): extents of 2^40, 2^62 and a
// 2^64-element product, and an output offset near 2^63, parse, print and
// round-trip; the search maps 2^40, rejects 2^62 and runs out of budget on
// the product (it would take about half an hour with the default budget).

// CHECK-LABEL: oro.workload @big40(
// CHECK:         einsum "a" [i = 1099511627776] ins(%arg0[i]) outs[i]
// CHECK:         einsum "pad" [i = 4] ins(%arg1[i]) outs[i + 9223372036854775800] : (tensor<4xf32>) -> tensor<9223372036854775807xf32>
oro.workload @big40(%a: tensor<1099511627776xf32>, %d: tensor<4xf32>)
    -> (tensor<1099511627776xf32>, tensor<9223372036854775807xf32>) {
  %x = oro.einsum "a" [i = 1099511627776] ins(%a[i]) outs[i] : (tensor<1099511627776xf32>) -> tensor<1099511627776xf32>
  %p = oro.einsum "pad" [i = 4] ins(%d[i]) outs[i + 9223372036854775800] : (tensor<4xf32>) -> tensor<9223372036854775807xf32>
  oro.yield %x, %p : tensor<1099511627776xf32>, tensor<9223372036854775807xf32>
}

// -----

// CHECK-LABEL: oro.workload @big62(
// CHECK:         einsum "b" [i = 4611686018427387904] ins(%arg0[i]) outs[i]
oro.workload @big62(%b: tensor<4611686018427387904xf32>) -> tensor<4611686018427387904xf32> {
  // expected-error @+1 {{extents must be in}}
  %y = oro.einsum "b" [i = 4611686018427387904] ins(%b[i]) outs[i] : (tensor<4611686018427387904xf32>) -> tensor<4611686018427387904xf32>
  oro.yield %y : tensor<4611686018427387904xf32>
}

// -----

// CHECK-LABEL: oro.workload @product(
// CHECK:         einsum "mm" [m = 4294967296, n = 4294967296, k = 4294967296] ins(%arg0[m, k], %arg0[k, n]) outs[m, n]
oro.workload @product(%c: tensor<4294967296x4294967296xf32>) -> tensor<4294967296x4294967296xf32> {
  // expected-error @+1 {{exceeded the candidate budget}}
  %z = oro.einsum "mm" [m = 4294967296, n = 4294967296, k = 4294967296] ins(%c[m, k], %c[k, n]) outs[m, n]
         : (tensor<4294967296x4294967296xf32>, tensor<4294967296x4294967296xf32>) -> tensor<4294967296x4294967296xf32>
  oro.yield %z : tensor<4294967296x4294967296xf32>
}
