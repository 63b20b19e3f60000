// Round trip of multi-level mappings: `spatial` loops in `#oro.mapping` and
// the `inner_mappings` of an einsum (one mapping per level below the level
// of its `mapping`, outermost first). The printed form must parse back to
// itself, also through the generic form.
// RUN: oro-opt %s | oro-opt | FileCheck %s
// RUN: oro-opt %s --mlir-print-op-generic | oro-opt | FileCheck %s

// Three levels: L2 holds tiles of 128x128, SharedMemory spreads its `m` and
// `n` loops over its instances, Registers bypasses `%a`. `spatial = 0` is
// the default and is not printed.
// CHECK-LABEL: oro.workload @multilevel(
// CHECK:         einsum "matmul" [m = 256, n = 256, k = 64]
// CHECK-SAME:      inner_mappings = [#oro.mapping<level = "SharedMemory", loops = [m : 64, n : 32, k : 16], spatial = 2, positions = [3, 3, 2]>, #oro.mapping<level = "Registers", loops = [k : 1], positions = [bypass, 1, 0]>]
// CHECK-SAME:      mapping = #oro.mapping<level = "L2", loops = [m : 128, n : 128], positions = [1, 2, 2]>}
oro.workload @multilevel(%a: tensor<256x64xf32>, %b: tensor<64x256xf32>)
    -> tensor<256x256xf32> {
  %c = oro.einsum "matmul" [m = 256, n = 256, k = 64]
         ins(%a[m, k], %b[k, n]) outs[m, n]
         {mapping = #oro.mapping<level = "L2", loops = [m : 128, n : 128], spatial = 0, positions = [1, 2, 2]>,
          inner_mappings = [
            #oro.mapping<level = "SharedMemory", loops = [m : 64, n : 32, k : 16], spatial = 2, positions = [3, 3, 2]>,
            #oro.mapping<level = "Registers", loops = [k : 1], positions = [bypass, 1, 0]>]}
         : (tensor<256x64xf32>, tensor<64x256xf32>) -> tensor<256x256xf32>
  oro.yield %c : tensor<256x256xf32>
}

// Spatial loops at the outer level, every loop spatial, an inner level
// without loops (it holds the whole tile the outer levels leave), and tiles
// bounded by the nearest outer segment with a loop over the rank: `k`
// nests in the `k : 8` of L2 although SharedMemory has no `k` loop.
// CHECK-LABEL: oro.workload @spatial(
// CHECK:         einsum "mm" [m = 64, n = 16, k = 32]
// CHECK-SAME:      inner_mappings = [#oro.mapping<level = "SharedMemory", loops = [m : 4, n : 4], spatial = 2, positions = [2, 2, 2]>, #oro.mapping<level = "Registers", loops = [k : 2], positions = [1, 1, 0]>, #oro.mapping<level = "Lanes", loops = [], positions = [0, 0, 0]>]
// CHECK-SAME:      mapping = #oro.mapping<level = "L2", loops = [m : 16, k : 8], spatial = 1, positions = [2, 1, bypass]>}
oro.workload @spatial(%a: tensor<64x32xbf16>, %b: tensor<32x16xbf16>)
    -> tensor<64x16xbf16> {
  %c = oro.einsum "mm" [m = 64, n = 16, k = 32]
         ins(%a[m, k], %b[k, n]) outs[m, n]
         {mapping = #oro.mapping<level = "L2", loops = [m : 16, k : 8], spatial = 1, positions = [2, 1, bypass]>,
          inner_mappings = [
            #oro.mapping<level = "SharedMemory", loops = [m : 4, n : 4], spatial = 2, positions = [2, 2, 2]>,
            #oro.mapping<level = "Registers", loops = [k : 2], positions = [1, 1, 0]>,
            #oro.mapping<level = "Lanes", loops = [], positions = [0, 0, 0]>]}
         : (tensor<64x32xbf16>, tensor<32x16xbf16>) -> tensor<64x16xbf16>
  oro.yield %c : tensor<64x16xbf16>
}

// A fused group whose members carry inner mappings: only `mapping` takes
// part in fusion (shared loops, `fused` positions); the inner levels of the
// members differ freely.
// CHECK-LABEL: oro.workload @fused(
// CHECK:         %[[T:.*]] = einsum "mm1" [m = 64, n = 32, k = 16]
// CHECK-SAME:      fusion = #oro.fusion<group = 0, shared_loops = 1>
// CHECK-SAME:      inner_mappings = [#oro.mapping<level = "Registers", loops = [m : 1, k : 4], spatial = 1, positions = [2, 2, bypass]>]
// CHECK-SAME:      mapping = #oro.mapping<level = "Buffer", loops = [m : 2, k : 16], positions = [1, 0, fused]>
// CHECK:         einsum "mm2" [m = 64, p = 8, n = 32] ins(%[[T]][m, n], %{{.*}}[n, p]) outs[m, p]
// CHECK-SAME:      fusion = #oro.fusion<group = 0, shared_loops = 1>
// CHECK-SAME:      inner_mappings = [#oro.mapping<level = "Registers", loops = [p : 8], positions = [bypass, 0, 1]>]
// CHECK-SAME:      mapping = #oro.mapping<level = "Buffer", loops = [m : 2, n : 8], positions = [fused, 1, 1]>
oro.workload @fused(%a: tensor<64x16xf32>, %b: tensor<16x32xf32>,
                    %c: tensor<32x8xf32>) -> tensor<64x8xf32> {
  %t = oro.einsum "mm1" [m = 64, n = 32, k = 16]
         ins(%a[m, k], %b[k, n]) outs[m, n]
         {fusion = #oro.fusion<group = 0, shared_loops = 1>,
          mapping = #oro.mapping<level = "Buffer", loops = [m : 2, k : 16], positions = [1, 0, fused]>,
          inner_mappings = [#oro.mapping<level = "Registers", loops = [m : 1, k : 4], spatial = 1, positions = [2, 2, bypass]>]}
         : (tensor<64x16xf32>, tensor<16x32xf32>) -> tensor<64x32xf32>
  %u = oro.einsum "mm2" [m = 64, p = 8, n = 32]
         ins(%t[m, n], %c[n, p]) outs[m, p]
         {fusion = #oro.fusion<group = 0, shared_loops = 1>,
          mapping = #oro.mapping<level = "Buffer", loops = [m : 2, n : 8], positions = [fused, 1, 1]>,
          inner_mappings = [#oro.mapping<level = "Registers", loops = [p : 8], positions = [bypass, 0, 1]>]}
         : (tensor<64x32xf32>, tensor<32x8xf32>) -> tensor<64x8xf32>
  oro.yield %u : tensor<64x8xf32>
}
