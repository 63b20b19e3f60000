// The mapping chosen for the arch's capacity.
// RUN: oro-opt %s --oro-map-search="arch=%arches/snowcat.yaml" | FileCheck %s --check-prefix=INF
// RUN: oro-opt %s --oro-map-search="arch=%inputs/buffer-64bits.yaml" | FileCheck %s --check-prefix=B64
// RUN: oro-opt %s --oro-map-search="arch=%inputs/buffer-64bits.yaml" | oro-opt | FileCheck %s --check-prefix=B64

// Unbounded buffer: the least capacity that reaches compulsory traffic
// (21 elements): A whole, a column of B, one element of C.
// INF-LABEL: oro.workload @mm4
// INF: mapping = #oro.mapping<level = "GlobalBuffer", loops = [n : 1, m : 1], positions = [0, 1, 2]>

// 64-bit buffer (8 int8 elements): 2x1 of A, 1x2 of B and 2x2 of C, with C
// stationary over k: 32 + 32 + 16 elements moved, the curve's point at 64.
// B64-LABEL: oro.workload @mm4
// B64: mapping = #oro.mapping<level = "Buffer", loops = [m : 2, n : 2, k : 1], positions = [3, 3, 2]>
oro.workload @mm4(%a: tensor<4x4xi8> {oro.name = "A"}, %b: tensor<4x4xi8> {oro.name = "B"}) -> tensor<4x4xi8> {
  %c = oro.einsum "C" [m = 4, n = 4, k = 4] ins(%a[m, k], %b[k, n]) outs[m, n]
         : (tensor<4x4xi8>, tensor<4x4xi8>) -> tensor<4x4xi8>
  oro.yield %c : tensor<4x4xi8>
}
