// RUN: oro-opt %s -verify-diagnostics --convert-linalg-to-oro | FileCheck %s

// Mixed tensor/memref IR (a TOSA pipeline's leftovers, partly bufferized):
// the tensor part gets a workload; the memref code is skipped with one
// warning, and the tensor it produces (bufferization.to_tensor) is an input.
// `tosa.const_shape` computes a shape, not data.

// CHECK-LABEL: oro.workload @mixed_workload(
// CHECK-SAME:      %[[X:arg0]]: tensor<4x8xf32> {oro.name = "arg0"}
// CHECK-SAME:      %[[T:to_tensor]]: tensor<4x8xf32> {oro.name = "to_tensor"}) -> tensor<4x8xf32>
// CHECK-NEXT:    %[[E:.*]] = einsum "exp" [d0 = 4, d1 = 8] ins(%[[X]][d0, d1]) outs[d0, d1]
// CHECK-NEXT:    %[[A:.*]] = einsum "add" [d0 = 4, d1 = 8] ins(%[[E]][d0, d1], %[[T]][d0, d1]) outs[d0, d1]
// CHECK-NEXT:    yield %[[A]]
func.func @mixed(%arg0: tensor<4x8xf32>, %arg1: memref<4x8xf32>) -> tensor<4x8xf32> {
  %shape = tosa.const_shape {values = dense<[4, 8]> : tensor<2xindex>} : () -> !tosa.shape<2>
  // expected-warning @+1 {{skipped 3 ops on memrefs from this 'memref.alloc' on (bufferized code): oro bounds the tensor part of @mixed; tensors the skipped code produces are workload inputs}}
  %alloc = memref.alloc() : memref<4x8xf32>
  linalg.exp ins(%arg1 : memref<4x8xf32>) outs(%alloc : memref<4x8xf32>)
  %t = bufferization.to_tensor %alloc restrict : memref<4x8xf32> to tensor<4x8xf32>
  %0 = tensor.empty() : tensor<4x8xf32>
  %1 = linalg.exp ins(%arg0 : tensor<4x8xf32>) outs(%0 : tensor<4x8xf32>) -> tensor<4x8xf32>
  %2 = linalg.add ins(%1, %t : tensor<4x8xf32>, tensor<4x8xf32>) outs(%0 : tensor<4x8xf32>) -> tensor<4x8xf32>
  return %2 : tensor<4x8xf32>
}
