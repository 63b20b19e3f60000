// RUN: oro-opt %s -split-input-file --convert-linalg-to-oro | FileCheck %s

// A 0-d Linalg op computes one scalar: it is no einsum, and the einsums that
// read it (through views too) do not count it as traffic. Returned, it is a
// constant of the workload. (torch-mlir's mean over all elements: a full
// reduction to tensor<f32>, then a 0-d divide.)

// CHECK-LABEL: oro.workload @mse_workload(
// CHECK-SAME:      %[[A:arg0]]: tensor<16x8xf32> {oro.name = "arg0"}
// CHECK-SAME:      %[[B:arg1]]: tensor<16x8xf32> {oro.name = "arg1"}) -> (tensor<f32>, tensor<16x8xf32>)
// CHECK-NEXT:    %[[D:.*]] = einsum "subf_mulf" [d0 = 16, d1 = 8] ins(%[[A]][d0, d1], %[[B]][d0, d1]) outs[d0, d1]
// CHECK-NEXT:    %[[S:.*]] = einsum "reduce_addf" [d0 = 16, d1 = 8] ins(%[[D]][d0, d1]) outs[]
// CHECK-NEXT:    %[[N:.*]] = einsum "divf" [d0 = 16, d1 = 8] ins(%[[D]][d0, d1]) outs[d0, d1]
// CHECK-NEXT:    %[[M:.*]] = constant "generic" : tensor<f32>
// CHECK-NEXT:    yield %[[M]], %[[N]]
#map = affine_map<(d0, d1) -> (d0, d1)>
#map1 = affine_map<(d0, d1) -> ()>
#map2 = affine_map<() -> ()>
#map3 = affine_map<(d0, d1) -> (0, 0)>
func.func @mse(%arg0: tensor<16x8xf32>, %arg1: tensor<16x8xf32>) -> (tensor<f32>, tensor<16x8xf32>) {
  %cst = arith.constant 0.000000e+00 : f32
  %cst_0 = arith.constant 1.280000e+02 : f32
  %0 = tensor.empty() : tensor<16x8xf32>
  %1 = linalg.generic {indexing_maps = [#map, #map, #map], iterator_types = ["parallel", "parallel"]} ins(%arg0, %arg1 : tensor<16x8xf32>, tensor<16x8xf32>) outs(%0 : tensor<16x8xf32>) {
  ^bb0(%in: f32, %in_1: f32, %out: f32):
    %8 = arith.subf %in, %in_1 : f32
    %9 = arith.mulf %8, %8 : f32
    linalg.yield %9 : f32
  } -> tensor<16x8xf32>
  %2 = tensor.empty() : tensor<f32>
  %3 = linalg.fill ins(%cst : f32) outs(%2 : tensor<f32>) -> tensor<f32>
  %4 = linalg.generic {indexing_maps = [#map, #map1], iterator_types = ["reduction", "reduction"]} ins(%1 : tensor<16x8xf32>) outs(%3 : tensor<f32>) {
  ^bb0(%in: f32, %out: f32):
    %8 = arith.addf %in, %out : f32
    linalg.yield %8 : f32
  } -> tensor<f32>
  %5 = linalg.generic {indexing_maps = [#map2, #map2], iterator_types = []} ins(%4 : tensor<f32>) outs(%2 : tensor<f32>) {
  ^bb0(%in: f32, %out: f32):
    %8 = arith.divf %in, %cst_0 : f32
    linalg.yield %8 : f32
  } -> tensor<f32>
  %expanded = tensor.expand_shape %5 [] output_shape [1, 1] : tensor<f32> into tensor<1x1xf32>
  %6 = linalg.generic {indexing_maps = [#map, #map3, #map], iterator_types = ["parallel", "parallel"]} ins(%1, %expanded : tensor<16x8xf32>, tensor<1x1xf32>) outs(%0 : tensor<16x8xf32>) {
  ^bb0(%in: f32, %in_1: f32, %out: f32):
    %8 = arith.divf %in, %in_1 : f32
    linalg.yield %8 : f32
  } -> tensor<16x8xf32>
  return %5, %6 : tensor<f32>, tensor<16x8xf32>
}

// -----

// A multi-output generic becomes one einsum per output, each reading the
// inputs its yielded value depends on (a fused mean/variance; a 3-output
// split of a packed tensor).

// CHECK-LABEL: oro.workload @moments_workload(
// CHECK-SAME:      %[[X:arg0]]: tensor<32x64xf32> {oro.name = "arg0"}
// CHECK-SAME:      %[[SQ:arg1]]: tensor<32x64xf32> {oro.name = "arg1"})
// CHECK-NEXT:    %[[S:.*]] = einsum "reduce_addf_addf" [d0 = 32, d1 = 64] ins(%[[X]][d0, d1]) outs[d0]
// CHECK-NEXT:    %[[S2:.*]] = einsum "reduce_addf_addf_1" [d0 = 32, d1 = 64] ins(%[[SQ]][d0, d1]) outs[d0]
// CHECK-NEXT:    yield %[[S]], %[[S2]]
func.func @moments(%x: tensor<32x64xf32>, %sq: tensor<32x64xf32>) -> (tensor<32xf32>, tensor<32xf32>) {
  %cst = arith.constant 0.000000e+00 : f32
  %0 = tensor.empty() : tensor<32xf32>
  %1 = linalg.fill ins(%cst : f32) outs(%0 : tensor<32xf32>) -> tensor<32xf32>
  %2:2 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]} ins(%x, %sq : tensor<32x64xf32>, tensor<32x64xf32>) outs(%1, %1 : tensor<32xf32>, tensor<32xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32, %out_1: f32):
    %3 = arith.addf %in, %out : f32
    %4 = arith.addf %in_0, %out_1 : f32
    linalg.yield %3, %4 : f32, f32
  } -> (tensor<32xf32>, tensor<32xf32>)
  return %2#0, %2#1 : tensor<32xf32>, tensor<32xf32>
}

// -----

// CHECK-LABEL: oro.workload @split3_workload(
// CHECK-SAME:      %[[QKV:arg0]]: tensor<8x3x16xf32> {oro.name = "arg0"}
// CHECK-NEXT:    %[[Q:.*]] = einsum "copy" [d0 = 8, d1 = 16] ins(%[[QKV]][d0, 0, d1]) outs[d0, d1]
// CHECK-NEXT:    %[[K:.*]] = einsum "copy_1" [d0 = 8, d1 = 16] ins(%[[QKV]][d0, 1, d1]) outs[d0, d1]
// CHECK-NEXT:    %[[V:.*]] = einsum "copy_2" [d0 = 8, d1 = 16] ins(%[[QKV]][d0, 2, d1]) outs[d0, d1]
// CHECK-NEXT:    yield %[[Q]], %[[K]], %[[V]]
func.func @split3(%qkv: tensor<8x3x16xf32>) -> (tensor<8x16xf32>, tensor<8x16xf32>, tensor<8x16xf32>) {
  %0 = tensor.empty() : tensor<8x16xf32>
  %1:3 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, 0, d1)>, affine_map<(d0, d1) -> (d0, 1, d1)>, affine_map<(d0, d1) -> (d0, 2, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%qkv, %qkv, %qkv : tensor<8x3x16xf32>, tensor<8x3x16xf32>, tensor<8x3x16xf32>) outs(%0, %0, %0 : tensor<8x16xf32>, tensor<8x16xf32>, tensor<8x16xf32>) {
  ^bb0(%q: f32, %k: f32, %v: f32, %o0: f32, %o1: f32, %o2: f32):
    linalg.yield %q, %k, %v : f32, f32, f32
  } -> (tensor<8x16xf32>, tensor<8x16xf32>, tensor<8x16xf32>)
  return %1#0, %1#1, %1#2 : tensor<8x16xf32>, tensor<8x16xf32>, tensor<8x16xf32>
}
