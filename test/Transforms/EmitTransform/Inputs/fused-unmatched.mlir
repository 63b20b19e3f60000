// A fused group whose producer cannot be matched (its Linalg op lost its
// label) is tiled unfused: the consumer alone, with its whole mapping.
// Used by skipped.mlir.
func.func @chain(%arg0: tensor<13x19xf32>, %arg1: tensor<19x17xf32>, %arg2: tensor<17x7xf32>) -> tensor<13x7xf32> {
  %cst = arith.constant 0.000000e+00 : f32
  %0 = tensor.empty() : tensor<13x17xf32>
  %1 = linalg.fill ins(%cst : f32) outs(%0 : tensor<13x17xf32>) -> tensor<13x17xf32>
  %2 = linalg.matmul {oro.einsum = "renamed"} ins(%arg0, %arg1 : tensor<13x19xf32>, tensor<19x17xf32>) outs(%1 : tensor<13x17xf32>) -> tensor<13x17xf32>
  %3 = tensor.empty() : tensor<13x7xf32>
  %4 = linalg.fill ins(%cst : f32) outs(%3 : tensor<13x7xf32>) -> tensor<13x7xf32>
  %5 = linalg.matmul {oro.einsum = "matmul_1"} ins(%2, %arg2 : tensor<13x17xf32>, tensor<17x7xf32>) outs(%4 : tensor<13x7xf32>) -> tensor<13x7xf32>
  return %5 : tensor<13x7xf32>
}
oro.workload @chain_workload(%arg0: tensor<13x19xf32> {oro.name = "arg0"}, %arg1: tensor<19x17xf32> {oro.name = "arg1", oro.weight}, %arg2: tensor<17x7xf32> {oro.name = "arg2", oro.weight}) -> tensor<13x7xf32> {
  %matmul = einsum "matmul" [m = 13, n = 17, k = 19] ins(%arg0[m, k], %arg1[k, n]) outs[m, n] {fusion = #oro.fusion<group = 0, shared_loops = 1>, mapping = #oro.mapping<level = "Buffer", loops = [n : 9, k : 1, m : 1], positions = [3, 2, fused]>} : (tensor<13x19xf32>, tensor<19x17xf32>) -> tensor<13x17xf32>
  %matmul_1 = einsum "matmul_1" [m = 13, n = 7, k = 17] ins(%matmul[m, k], %arg2[k, n]) outs[m, n] {fusion = #oro.fusion<group = 0, shared_loops = 1>, mapping = #oro.mapping<level = "Buffer", loops = [k : 9, n : 1, m : 1], positions = [fused, 2, 3]>} : (tensor<13x17xf32>, tensor<17x7xf32>) -> tensor<13x7xf32>
  yield %matmul_1 : tensor<13x7xf32>
}
