// Round trip of every op and attribute of the oro dialect; the printed form
// must parse back to itself.
// RUN: oro-opt %s | oro-opt | FileCheck %s
// RUN: oro-opt %s --mlir-print-op-generic | oro-opt | FileCheck %s

// CHECK-LABEL: oro.workload @matmul(
// CHECK-SAME:    %a: tensor<64x32xbf16> {oro.name = "a"}
// CHECK-SAME:    %b: tensor<32x16xbf16> {oro.name = "b", oro.weight}
// CHECK-SAME:    -> tensor<64x16xbf16>
// CHECK:         %[[C:.*]] = einsum "matmul" [m = 64, n = 16, k = 32] ins(%a[m, k], %b[k, n]) outs[m, n]
// CHECK-SAME:      : (tensor<64x32xbf16>, tensor<32x16xbf16>) -> tensor<64x16xbf16>
// CHECK:         yield %[[C]] : tensor<64x16xbf16>
oro.workload @matmul(%a: tensor<64x32xbf16> {oro.name = "a"},
                     %b: tensor<32x16xbf16> {oro.name = "b", oro.weight})
    -> tensor<64x16xbf16> {
  %c = oro.einsum "matmul" [m = 64, n = 16, k = 32]
         ins(%a[m, k], %b[k, n]) outs[m, n]
         : (tensor<64x32xbf16>, tensor<32x16xbf16>) -> tensor<64x16xbf16>
  oro.yield %c : tensor<64x16xbf16>
}

// Strided convolution: `2*p + r` windows; spaces around `*` are optional.
// CHECK-LABEL: oro.workload @conv(
// CHECK:         einsum "conv" [n = 1, f = 8, p = 6, q = 6, c = 3, r = 3, s = 3]
// CHECK-SAME:      ins(%{{.*}}[n, c, 2*p + r, 2*q + s], %{{.*}}[f, c, r, s]) outs[n, f, p, q]
oro.workload @conv(%x: tensor<1x3x13x13xf32>, %w: tensor<8x3x3x3xf32>)
    -> tensor<1x8x6x6xf32> {
  %y = oro.einsum "conv" [n = 1, f = 8, p = 6, q = 6, c = 3, r = 3, s = 3]
         ins(%x[n, c, 2 * p + r, q * 2 + s], %w[f, c, r, s]) outs[n, f, p, q]
         : (tensor<1x3x13x13xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x6x6xf32>
  oro.yield %y : tensor<1x8x6x6xf32>
}

// Constants, broadcast (constant 0) dims, reshape-composed projections
// (`16*i + j` reads a collapsed dimension), keepdim reductions writing a
// constant-0 output dimension, and einsums with no inputs.
// CHECK-LABEL: oro.workload @misc(
// CHECK:         %[[W:.*]] = constant "bias" : tensor<1x16xf32>
// CHECK:         %[[E:.*]] = einsum "add" [i = 4, j = 16] ins(%[[W]][0, j], %{{.*}}[i, j]) outs[i, j]
// CHECK:         einsum "sum" [i = 4, j = 16] ins(%[[E]][i, j]) outs[i, 0]
// CHECK:         einsum "view" [i = 4, j = 16] ins(%{{.*}}[16*i + j]) outs[i, j]
// CHECK:         einsum "iota" [i = 4] ins() outs[i]
oro.workload @misc(%x: tensor<4x16xf32>, %flat: tensor<64xf32>)
    -> (tensor<4x1xf32>, tensor<4x16xf32>, tensor<4xi32>) {
  %b = oro.constant "bias" : tensor<1x16xf32>
  %e = oro.einsum "add" [i = 4, j = 16] ins(%b[0, j], %x[i, j]) outs[i, j]
         : (tensor<1x16xf32>, tensor<4x16xf32>) -> tensor<4x16xf32>
  %s = oro.einsum "sum" [i = 4, j = 16] ins(%e[i, j]) outs[i, 0]
         : (tensor<4x16xf32>) -> tensor<4x1xf32>
  %v = oro.einsum "view" [i = 4, j = 16] ins(%flat[16*i + j]) outs[i, j]
         : (tensor<64xf32>) -> tensor<4x16xf32>
  %n = oro.einsum "iota" [i = 4] ins() outs[i] : () -> tensor<4xi32>
  oro.yield %s, %v, %n : tensor<4x1xf32>, tensor<4x16xf32>, tensor<4xi32>
}

// Attributes attached by the analysis passes.
// CHECK-LABEL: oro.workload @annotated(
// CHECK:         bounds = #oro.bounds<level = "GlobalBuffer", capacity_bits = 1024, accesses_bits = 65536, compulsory_bits = 40960, compulsory_capacity_bits = 8192, macs = 32768, points = 7>
// CHECK-SAME:    mapping = #oro.mapping<level = "GlobalBuffer", loops = [m : 16, k : 8], positions = [2, 1, bypass]>
oro.workload @annotated(%a: tensor<64x32xbf16>, %b: tensor<32x16xbf16>)
    -> tensor<64x16xbf16> {
  %c = oro.einsum "matmul" [m = 64, n = 16, k = 32]
         ins(%a[m, k], %b[k, n]) outs[m, n]
         {mapping = #oro.mapping<level = "GlobalBuffer", loops = [m : 16, k : 8], positions = [2, 1, bypass]>,
          bounds = #oro.bounds<level = "GlobalBuffer", capacity_bits = 1024, accesses_bits = 65536, compulsory_bits = 40960, compulsory_capacity_bits = 8192, macs = 32768, points = 7>}
         : (tensor<64x32xbf16>, tensor<32x16xbf16>) -> tensor<64x16xbf16>
  oro.yield %c : tensor<64x16xbf16>
}

// A fused group chosen by `--oro-map-search`: both einsums share their
// outermost loop (`m : 2`) and the intermediate `%t` never leaves the buffer.
// The constant between the members does not split the group.
// CHECK-LABEL: oro.workload @fused(
// CHECK:         %[[T:.*]] = einsum "mm1" [m = 64, n = 32, k = 16] ins(%{{.*}}[m, k], %{{.*}}[k, n]) outs[m, n]
// CHECK-SAME:      fusion = #oro.fusion<group = 0, shared_loops = 1>
// CHECK-SAME:      mapping = #oro.mapping<level = "Buffer", loops = [m : 2, k : 16], positions = [1, 0, fused]>
// CHECK:         constant "c"
// CHECK:         %[[U:.*]] = einsum "mm2" [m = 64, p = 8, n = 32] ins(%[[T]][m, n], %{{.*}}[n, p]) outs[m, p]
// CHECK-SAME:      fusion = #oro.fusion<group = 0, shared_loops = 1>
// CHECK-SAME:      mapping = #oro.mapping<level = "Buffer", loops = [m : 2, n : 8], positions = [fused, 1, 1]>
// CHECK:         einsum "relu" [m = 64, p = 8] ins(%[[U]][m, p]) outs[m, p]
// CHECK-SAME:      fusion = #oro.fusion<group = 1, shared_loops = 0>
// CHECK-SAME:      mapping = #oro.mapping<level = "Buffer", loops = [], positions = [bypass, bypass]>
oro.workload @fused(%a: tensor<64x16xf32>, %b: tensor<16x32xf32>)
    -> tensor<64x8xf32> {
  %t = oro.einsum "mm1" [m = 64, n = 32, k = 16]
         ins(%a[m, k], %b[k, n]) outs[m, n]
         {fusion = #oro.fusion<group = 0, shared_loops = 1>,
          mapping = #oro.mapping<level = "Buffer", loops = [m : 2, k : 16], positions = [1, 0, fused]>}
         : (tensor<64x16xf32>, tensor<16x32xf32>) -> tensor<64x32xf32>
  %c = oro.constant "c" : tensor<32x8xf32>
  %u = oro.einsum "mm2" [m = 64, p = 8, n = 32]
         ins(%t[m, n], %c[n, p]) outs[m, p]
         {fusion = #oro.fusion<group = 0, shared_loops = 1>,
          mapping = #oro.mapping<level = "Buffer", loops = [m : 2, n : 8], positions = [fused, 1, 1]>}
         : (tensor<64x32xf32>, tensor<32x8xf32>) -> tensor<64x8xf32>
  %r = oro.einsum "relu" [m = 64, p = 8] ins(%u[m, p]) outs[m, p]
         {fusion = #oro.fusion<group = 1, shared_loops = 0>,
          mapping = #oro.mapping<level = "Buffer", loops = [], positions = [bypass, bypass]>}
         : (tensor<64x8xf32>) -> tensor<64x8xf32>
  oro.yield %r : tensor<64x8xf32>
}

// A group whose members share an input: both projections read %x once, in
// one reservation at position 1 (below the shared m loop); the attribute
// prints `shares_inputs` only when set.
// CHECK-LABEL: oro.workload @shared_input(
// CHECK:         einsum "q"
// CHECK-SAME:      fusion = #oro.fusion<group = 0, shared_loops = 1, shares_inputs = true>
// CHECK:         einsum "k"
// CHECK-SAME:      fusion = #oro.fusion<group = 0, shared_loops = 1, shares_inputs = true>
oro.workload @shared_input(%x: tensor<8x4xf32>, %wq: tensor<4x8xf32>,
                           %wk: tensor<4x8xf32>)
    -> (tensor<8x8xf32>, tensor<8x8xf32>) {
  %q = oro.einsum "q" [m = 8, n = 8, k = 4] ins(%x[m, k], %wq[k, n]) outs[m, n]
         {fusion = #oro.fusion<group = 0, shared_loops = 1, shares_inputs = true>,
          mapping = #oro.mapping<level = "Buffer", loops = [m : 1], positions = [1, 0, 1]>}
         : (tensor<8x4xf32>, tensor<4x8xf32>) -> tensor<8x8xf32>
  %k = oro.einsum "k" [m = 8, n = 8, k = 4] ins(%x[m, k], %wk[k, n]) outs[m, n]
         {fusion = #oro.fusion<group = 0, shared_loops = 1, shares_inputs = true>,
          mapping = #oro.mapping<level = "Buffer", loops = [m : 1], positions = [1, 0, 1]>}
         : (tensor<8x4xf32>, tensor<4x8xf32>) -> tensor<8x8xf32>
  oro.yield %q, %k : tensor<8x8xf32>, tensor<8x8xf32>
}

// Groups need not be contiguous: two branches written interleaved, each
// projection fused with its activation (the other branch's einsum between
// them is on no path between them).
// CHECK-LABEL: oro.workload @interleaved(
// CHECK:         einsum "mmA"
// CHECK-SAME:      fusion = #oro.fusion<group = 0, shared_loops = 1>
// CHECK:         einsum "mmB"
// CHECK-SAME:      fusion = #oro.fusion<group = 1, shared_loops = 1>
// CHECK:         einsum "reluA"
// CHECK-SAME:      fusion = #oro.fusion<group = 0, shared_loops = 1>
// CHECK:         einsum "reluB"
// CHECK-SAME:      fusion = #oro.fusion<group = 1, shared_loops = 1>
oro.workload @interleaved(%x: tensor<8x4xf32>, %w1: tensor<4x8xf32>,
                          %y: tensor<8x4xf32>, %w2: tensor<4x8xf32>)
    -> (tensor<8x8xf32>, tensor<8x8xf32>) {
  %a = oro.einsum "mmA" [m = 8, n = 8, k = 4] ins(%x[m, k], %w1[k, n]) outs[m, n]
         {fusion = #oro.fusion<group = 0, shared_loops = 1>,
          mapping = #oro.mapping<level = "Buffer", loops = [m : 1], positions = [1, 0, fused]>}
         : (tensor<8x4xf32>, tensor<4x8xf32>) -> tensor<8x8xf32>
  %b = oro.einsum "mmB" [m = 8, n = 8, k = 4] ins(%y[m, k], %w2[k, n]) outs[m, n]
         {fusion = #oro.fusion<group = 1, shared_loops = 1>,
          mapping = #oro.mapping<level = "Buffer", loops = [m : 1], positions = [1, 0, fused]>}
         : (tensor<8x4xf32>, tensor<4x8xf32>) -> tensor<8x8xf32>
  %c = oro.einsum "reluA" [i = 8, j = 8] ins(%a[i, j]) outs[i, j]
         {fusion = #oro.fusion<group = 0, shared_loops = 1>,
          mapping = #oro.mapping<level = "Buffer", loops = [i : 1], positions = [fused, 1]>}
         : (tensor<8x8xf32>) -> tensor<8x8xf32>
  %d = oro.einsum "reluB" [i = 8, j = 8] ins(%b[i, j]) outs[i, j]
         {fusion = #oro.fusion<group = 1, shared_loops = 1>,
          mapping = #oro.mapping<level = "Buffer", loops = [i : 1], positions = [fused, 1]>}
         : (tensor<8x8xf32>) -> tensor<8x8xf32>
  oro.yield %c, %d : tensor<8x8xf32>, tensor<8x8xf32>
}

// A padding copy writes the interior of a larger tensor (the border is
// initialization, not traffic).
// CHECK-LABEL: oro.workload @pad(
// CHECK:         einsum "pad" [c = 3, h = 4, w = 4] ins(%{{.*}}[c, h, w]) outs[c, h + 1, w + 1]
oro.workload @pad(%x: tensor<3x4x4xf32>) -> tensor<3x6x6xf32> {
  %y = oro.einsum "pad" [c = 3, h = 4, w = 4] ins(%x[c, h, w]) outs[c, h + 1, w + 1]
         : (tensor<3x4x4xf32>) -> tensor<3x6x6xf32>
  oro.yield %y : tensor<3x6x6xf32>
}

// Extents far past 32 bits are fine for the IR.
// CHECK-LABEL: oro.workload @huge(
// CHECK:         einsum "copy" [i = 1099511627776] ins(%{{.*}}[i]) outs[i]
oro.workload @huge(%x: tensor<1099511627776xi8>) -> tensor<1099511627776xi8> {
  %y = oro.einsum "copy" [i = 1099511627776] ins(%x[i]) outs[i]
         : (tensor<1099511627776xi8>) -> tensor<1099511627776xi8>
  oro.yield %y : tensor<1099511627776xi8>
}
