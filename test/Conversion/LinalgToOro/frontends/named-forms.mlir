// RUN: oro-opt %s --convert-linalg-to-oro | FileCheck %s

// Named-op forms newer front ends print: linalg.matmul with transposed
// indexing maps (x W^T, as torch-mlir and IREE emit for Linear), linalg.contract,
// linalg.elementwise, and a broadcast through a constant index
// (d0, d1, d2) -> (0, d1, d2).

// CHECK-LABEL: oro.workload @forms_workload(
// CHECK-SAME:      %[[X:arg0]]: tensor<8x16xf32> {oro.name = "arg0"}
// CHECK-SAME:      %[[W:arg1]]: tensor<32x16xf32> {oro.name = "arg1", oro.weight}
// CHECK-SAME:      %[[V:arg2]]: tensor<32x4xf32> {oro.name = "arg2", oro.weight}
// CHECK-SAME:      %[[B:arg3]]: tensor<1x8x4xf32> {oro.name = "arg3"}
// CHECK-NEXT:    %[[MT:.*]] = einsum "matmul" [m = 8, n = 32, k = 16] ins(%[[X]][m, k], %[[W]][n, k]) outs[m, n]
// CHECK-NEXT:    %[[EX:.*]] = einsum "exp" [d0 = 8, d1 = 32] ins(%[[MT]][d0, d1]) outs[d0, d1]
// CHECK-NEXT:    %[[C:.*]] = einsum "contract" [m = 8, n = 4, k = 32] ins(%[[EX]][m, k], %[[V]][k, n]) outs[m, n]
// CHECK-NEXT:    %[[BC:.*]] = einsum "addf" [d0 = 2, d1 = 8, d2 = 4] ins(%[[C]][d1, d2], %[[B]][0, d1, d2]) outs[d0, d1, d2]
// CHECK-NEXT:    yield %[[BC]]
func.func @forms(%x: tensor<8x16xf32>, %w: tensor<32x16xf32>, %v: tensor<32x4xf32>, %b: tensor<1x8x4xf32>) -> tensor<2x8x4xf32> {
  %cst = arith.constant 0.000000e+00 : f32
  %0 = tensor.empty() : tensor<8x32xf32>
  %1 = linalg.fill ins(%cst : f32) outs(%0 : tensor<8x32xf32>) -> tensor<8x32xf32>
  %2 = linalg.matmul indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>] ins(%x, %w : tensor<8x16xf32>, tensor<32x16xf32>) outs(%1 : tensor<8x32xf32>) -> tensor<8x32xf32>
  %3 = linalg.elementwise kind=#linalg.elementwise_kind<exp> ins(%2 : tensor<8x32xf32>) outs(%0 : tensor<8x32xf32>) -> tensor<8x32xf32>
  %4 = tensor.empty() : tensor<8x4xf32>
  %5 = linalg.fill ins(%cst : f32) outs(%4 : tensor<8x4xf32>) -> tensor<8x4xf32>
  %6 = linalg.contract indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>] ins(%3, %v : tensor<8x32xf32>, tensor<32x4xf32>) outs(%5 : tensor<8x4xf32>) -> tensor<8x4xf32>
  %7 = tensor.empty() : tensor<2x8x4xf32>
  %8 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%6, %b : tensor<8x4xf32>, tensor<1x8x4xf32>) outs(%7 : tensor<2x8x4xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %9 = arith.addf %in, %in_0 : f32
    linalg.yield %9 : f32
  } -> tensor<2x8x4xf32>
  return %8 : tensor<2x8x4xf32>
}
