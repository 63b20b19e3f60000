// A 3x3 convolution mapped down an Eyeriss-like hierarchy, its output-row
// window rank p (input row p + r) tiled at the global buffer and again at
// the PE, as the row-stationary dataflow does.
// RUN: oro-opt %s --oro-pipeline="arch=%inputs/eyeriss-tiny.yaml progress=never report=%t.json" | FileCheck %s
// RUN: FileCheck %s --check-prefix=REPORT < %t.json

// eyeriss-tiny: DRAM -> 384 B GlobalBuffer -> 2 PEs of 128 B. O[p, q] +=
// I[p + r, q + s] * W[r, s], P = Q = 8, R = S = 3, f32 (32 bits).
// The global buffer tiles p by 2 (q whole); each PE takes 4 columns of q
// (spatial), loops r, then p by 1, and holds I below r, W and O below the
// spatial loop.
// CHECK-LABEL: oro.workload @conv_workload
// CHECK: einsum "conv_2d_nchw_fchw" [n = 1, f = 1, p = 8, q = 8, c = 1, r = 3, s = 3]
// CHECK-SAME: inner_mappings = [#oro.mapping<level = "PEScratchpad", loops = [q : 4, r : 1, p : 1], spatial = 1, positions = [2, 1, 1]>]
// CHECK-SAME: mapping = #oro.mapping<level = "GlobalBuffer", loops = [p : 2, q : 8], positions = [1, 0, 2]>
// CHECK-NOT: warning

// Traffic across GlobalBuffer <- DRAM: every element once (the buffer's
// tiles slide over p with their overlap kept): (100 + 9 + 64) * 32 = 5536.
// Traffic across PEScratchpad <- GlobalBuffer, counted by hand:
// - W (position 1, under the p:2 and q loops it does not use): its 9
//   elements stay; the spatial q loop multicasts them: 9 * 32 = 288.
// - O (position 1): each PE holds a 2 x 4 block for one p-chunk (r and s
//   run inside), written back once: 64 elements, no partial sums: 2048.
// - I (position 2, below r): a PE's box is rows {2i + r, 2i + r + 1} of
//   p-chunk i (p + r over p in the chunk) by the 4 + 3 - 1 = 6 columns of
//   its q chunk. Within a chunk each step of r brings one new row; from
//   r = 2 of chunk i to r = 0 of chunk i + 1 the rows {2i + 2, 2i + 3} are
//   the same, so nothing is fetched. Each PE fetches the 10 rows once:
//   2 PEs * 10 * 6 = 120 elements (not multicast: I depends on q), 3840.
// Total 288 + 2048 + 3840 = 6176. Missing the reuse across the global
// buffer's p-chunks (3 chunk changes per PE, each keeping a 12-element box)
// would add 3 * 2 * 12 * 32 = 2304 bits.
// REPORT: "hierarchy"
// REPORT: "level": "GlobalBuffer",
// REPORT: "attained_bits": 5536,
// REPORT: "level": "PEScratchpad",
// REPORT: "attained_bits": 6176,

module {
  func.func @conv(%img: tensor<1x1x10x10xf32>, %w: tensor<1x1x3x3xf32>) -> tensor<1x1x8x8xf32> {
    %zero = arith.constant 0.000000e+00 : f32
    %init = tensor.empty() : tensor<1x1x8x8xf32>
    %acc = linalg.fill ins(%zero : f32) outs(%init : tensor<1x1x8x8xf32>) -> tensor<1x1x8x8xf32>
    %out = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
             ins(%img, %w : tensor<1x1x10x10xf32>, tensor<1x1x3x3xf32>)
             outs(%acc : tensor<1x1x8x8xf32>) -> tensor<1x1x8x8xf32>
    return %out : tensor<1x1x8x8xf32>
  }
}
