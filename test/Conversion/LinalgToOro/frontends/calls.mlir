// RUN: oro-opt %s --convert-linalg-to-oro | FileCheck %s

// Calls of functions with a body are inlined before the import (a chain of
// calls included); the callees, left without callers, are erased: one
// workload per public function, with the callees' einsums in place.

// CHECK-NOT:   func.func private
// CHECK-LABEL: oro.workload @forward_workload(
// CHECK-SAME:      %[[X:arg0]]: tensor<8x16xf32> {oro.name = "arg0"}
// CHECK-SAME:      %[[W0:arg1]]: tensor<16x32xf32> {oro.name = "arg1", oro.weight}
// CHECK-SAME:      %[[W1:arg2]]: tensor<32x4xf32> {oro.name = "arg2", oro.weight}) -> tensor<8x4xf32>
// CHECK-NEXT:    %[[M0:.*]] = einsum "matmul" [m = 8, n = 32, k = 16] ins(%[[X]][m, k], %[[W0]][k, n]) outs[m, n]
// CHECK-NEXT:    %[[R0:.*]] = einsum "max" [d0 = 8, d1 = 32] ins(%[[M0]][d0, d1]) outs[d0, d1]
// CHECK-NEXT:    %[[M1:.*]] = einsum "matmul_1" [m = 8, n = 4, k = 32] ins(%[[R0]][m, k], %[[W1]][k, n]) outs[m, n]
// CHECK-NEXT:    yield %[[M1]]
// CHECK-NOT:   oro.workload
func.func @forward(%x: tensor<8x16xf32>, %w0: tensor<16x32xf32>, %w1: tensor<32x4xf32>) -> tensor<8x4xf32> {
  %0 = call @layer(%x, %w0) : (tensor<8x16xf32>, tensor<16x32xf32>) -> tensor<8x32xf32>
  %1 = call @head(%0, %w1) : (tensor<8x32xf32>, tensor<32x4xf32>) -> tensor<8x4xf32>
  return %1 : tensor<8x4xf32>
}
func.func private @layer(%x: tensor<8x16xf32>, %w: tensor<16x32xf32>) -> tensor<8x32xf32> {
  %0 = call @linear(%x, %w) : (tensor<8x16xf32>, tensor<16x32xf32>) -> tensor<8x32xf32>
  %1 = call @relu(%0) : (tensor<8x32xf32>) -> tensor<8x32xf32>
  return %1 : tensor<8x32xf32>
}
func.func private @linear(%x: tensor<8x16xf32>, %w: tensor<16x32xf32>) -> tensor<8x32xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8x32xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<8x32xf32>) -> tensor<8x32xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<8x16xf32>, tensor<16x32xf32>) outs(%f : tensor<8x32xf32>) -> tensor<8x32xf32>
  return %0 : tensor<8x32xf32>
}
func.func private @head(%x: tensor<8x32xf32>, %w: tensor<32x4xf32>) -> tensor<8x4xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8x4xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<8x4xf32>) -> tensor<8x4xf32>
  %0 = linalg.matmul ins(%x, %w : tensor<8x32xf32>, tensor<32x4xf32>) outs(%f : tensor<8x4xf32>) -> tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}
func.func private @relu(%x: tensor<8x32xf32>) -> tensor<8x32xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8x32xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<8x32xf32>) -> tensor<8x32xf32>
  %0 = linalg.max ins(%x, %f : tensor<8x32xf32>, tensor<8x32xf32>) outs(%e : tensor<8x32xf32>) -> tensor<8x32xf32>
  return %0 : tensor<8x32xf32>
}
