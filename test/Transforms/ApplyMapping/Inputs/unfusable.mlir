// A fused group the interpreter cannot fuse: the consumer accumulates into
// the producer's result (its init), so inside the shared scf.for it reads a
// loop-carried slice, not the producer's. fuse_into_containing_op fails;
// --oro-apply-mapping reports it at the producer's Linalg op. Used by
// errors.test.
func.func @acc(%a: tensor<13x17xf32>, %b: tensor<17x7xf32>, %c: tensor<13x5xf32>, %d: tensor<5x7xf32>) -> tensor<13x7xf32> {
  %cst = arith.constant 0.000000e+00 : f32
  %0 = tensor.empty() : tensor<13x7xf32>
  %1 = linalg.fill ins(%cst : f32) outs(%0 : tensor<13x7xf32>) -> tensor<13x7xf32>
  %2 = linalg.matmul {oro.einsum = "prod"} ins(%a, %b : tensor<13x17xf32>, tensor<17x7xf32>) outs(%1 : tensor<13x7xf32>) -> tensor<13x7xf32>
  %3 = linalg.matmul {oro.einsum = "cons"} ins(%c, %d : tensor<13x5xf32>, tensor<5x7xf32>) outs(%2 : tensor<13x7xf32>) -> tensor<13x7xf32>
  return %3 : tensor<13x7xf32>
}
oro.workload @acc_workload(%a: tensor<13x17xf32> {oro.name = "a"}, %b: tensor<17x7xf32> {oro.name = "b"}, %c: tensor<13x5xf32> {oro.name = "c"}, %d: tensor<5x7xf32> {oro.name = "d"}) -> tensor<13x7xf32> {
  %p = einsum "prod" [m = 13, n = 7, k = 17] ins(%a[m, k], %b[k, n]) outs[m, n] {fusion = #oro.fusion<group = 0, shared_loops = 1>, mapping = #oro.mapping<level = "Buffer", loops = [m : 1, n : 1, k : 1], positions = [3, 2, 1]>} : (tensor<13x17xf32>, tensor<17x7xf32>) -> tensor<13x7xf32>
  %q = einsum "cons" [m = 13, n = 7, k = 5] ins(%c[m, k], %d[k, n]) outs[m, n] {fusion = #oro.fusion<group = 0, shared_loops = 1>, mapping = #oro.mapping<level = "Buffer", loops = [m : 1, n : 1, k : 1], positions = [3, 2, 1]>} : (tensor<13x5xf32>, tensor<5x7xf32>) -> tensor<13x7xf32>
  yield %q : tensor<13x7xf32>
}
