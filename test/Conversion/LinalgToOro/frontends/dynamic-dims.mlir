// RUN: oro-opt %s -split-input-file -verify-diagnostics --convert-linalg-to-oro
// RUN: oro-opt %s -split-input-file --convert-linalg-to-oro="dynamic-dims=128" | FileCheck %s --check-prefix=ALL
// RUN: oro-opt %s -split-input-file --convert-linalg-to-oro="dynamic-dims=0.0=4,64" | FileCheck %s --check-prefix=ONE
// RUN: not oro-opt %s --convert-linalg-to-oro="dynamic-dims=x" 2>&1 | FileCheck %s --check-prefix=BAD

// IREE-style dynamic batch: without a binding, a located error names the
// dynamic dimension; `dynamic-dims` binds every dynamic dimension (`N`) or
// one (`ARG.DIM=N`, which wins), records the sizes on the function and the
// workload, and canonicalizes so that they reach every op.

// ALL-LABEL: oro.workload @dyn_matmul_workload(
// ALL-SAME:      oro.dynamic_dims = {arg0.d0 = 128 : i64}
// ALL:         einsum "matmul" [m = 128, n = 256, k = 512]
// ALL:         einsum "exp" [d0 = 128, d1 = 256]
// ONE-LABEL: oro.workload @dyn_matmul_workload(
// ONE-SAME:      oro.dynamic_dims = {arg0.d0 = 4 : i64}
// ONE:         einsum "matmul" [m = 4, n = 256, k = 512]
// BAD: error: dynamic-dims entry 'x' is neither 'N' nor 'ARG.DIM=N' with N >= 1
func.func @dyn_matmul(%arg0: tensor<?x512xf32>, %arg1: tensor<512x256xf32>) -> tensor<?x256xf32> {
  %c0 = arith.constant 0 : index
  %cst = arith.constant 0.000000e+00 : f32
  %dim = tensor.dim %arg0, %c0 : tensor<?x512xf32>
  %0 = tensor.empty(%dim) : tensor<?x256xf32>
  %1 = linalg.fill ins(%cst : f32) outs(%0 : tensor<?x256xf32>) -> tensor<?x256xf32>
  // expected-error @+1 {{'linalg.matmul' has dynamic shape 'tensor<?x512xf32>': dimension #0 of operand #0 (argument #0) is dynamic; oro needs static extents (bind dynamic sizes with dynamic-dims=...)}}
  %2 = linalg.matmul ins(%arg0, %arg1 : tensor<?x512xf32>, tensor<512x256xf32>) outs(%1 : tensor<?x256xf32>) -> tensor<?x256xf32>
  // expected-error @+1 {{'linalg.exp' has dynamic shape 'tensor<?x256xf32>': dimension #0 of operand #0 is dynamic}}
  %3 = linalg.exp ins(%2 : tensor<?x256xf32>) outs(%0 : tensor<?x256xf32>) -> tensor<?x256xf32>
  // expected-error @+1 {{'func.return' operand #0 has type 'tensor<?x256xf32>'}}
  return %3 : tensor<?x256xf32>
}
