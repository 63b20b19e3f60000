// RUN: oro-opt %s --convert-linalg-to-oro | FileCheck %s

// A global an einsum reads (ml_program.global_load_const of a parameter) is
// a constant of the workload, named after the global.

// CHECK-LABEL: oro.workload @f_workload(
// CHECK-NEXT:    %[[W:.*]] = constant "w" : tensor<4x4xf32>
// CHECK-NEXT:    einsum "matmul" [m = 2, n = 4, k = 4] ins(%arg0[m, k], %[[W]][k, n]) outs[m, n]
module {
  ml_program.global private @w(dense<1.0> : tensor<4x4xf32>) : tensor<4x4xf32>
  func.func @f(%a: tensor<2x4xf32>) -> tensor<2x4xf32> {
    %w = ml_program.global_load_const @w : tensor<4x4xf32>
    %z = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<2x4xf32>
    %f = linalg.fill ins(%z : f32) outs(%e : tensor<2x4xf32>) -> tensor<2x4xf32>
    %m = linalg.matmul ins(%a, %w : tensor<2x4xf32>, tensor<4x4xf32>) outs(%f : tensor<2x4xf32>) -> tensor<2x4xf32>
    return %m : tensor<2x4xf32>
  }
}
