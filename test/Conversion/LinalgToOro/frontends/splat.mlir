// RUN: oro-opt %s --convert-linalg-to-oro | FileCheck %s

// The splat rule. A splat constant read by an elementwise computation (no
// reduction loop, a payload that computes) only broadcasts a scalar: the
// 2.0 of RMSNorm's powf, the 1.0 of a sigmoid; no traffic. A splat read by
// a contraction or convolution, or only moved (broadcast, transpose, copy),
// is a placeholder for a real weight and stays an input, like a
// dense_resource blob.

// CHECK-LABEL: oro.workload @rmsnorm_sigmoid_workload(
// CHECK-SAME:      %[[X:arg0]]: tensor<4x16xf32> {oro.name = "arg0"}) -> tensor<4x8xf32>
// CHECK-NEXT:    %[[POW:.*]] = einsum "powf" [d0 = 4, d1 = 16] ins(%[[X]][d0, d1]) outs[d0, d1]
// CHECK-NEXT:    %[[W:.*]] = constant "cst" : tensor<16x8xf32>
// CHECK-NEXT:    %[[MM:.*]] = einsum "matmul" [m = 4, n = 8, k = 16] ins(%[[POW]][m, k], %[[W]][k, n]) outs[m, n]
// CHECK-NEXT:    %[[B:.*]] = constant "cst{{.*}}" : tensor<8xf32>
// CHECK-NEXT:    %[[BB:.*]] = einsum "broadcast" [d0 = 4, d1 = 8] ins(%[[B]][d1]) outs[d0, d1]
// CHECK-NEXT:    %[[ADD:.*]] = einsum "add" [d0 = 4, d1 = 8] ins(%[[MM]][d0, d1], %[[BB]][d0, d1]) outs[d0, d1]
// CHECK-NEXT:    %[[SIG:.*]] = einsum "negf_exp_addf" [d0 = 4, d1 = 8] ins(%[[ADD]][d0, d1]) outs[d0, d1]
// CHECK-NEXT:    yield %[[SIG]]
func.func @rmsnorm_sigmoid(%x: tensor<4x16xf32>) -> tensor<4x8xf32> {
  %two = arith.constant dense<2.000000e+00> : tensor<4x16xf32>
  %w = arith.constant dense<1.000000e-01> : tensor<16x8xf32>
  %bias = arith.constant dense<0.000000e+00> : tensor<8xf32>
  %one = arith.constant dense<1.000000e+00> : tensor<4x8xf32>
  %cst = arith.constant 0.000000e+00 : f32
  %e0 = tensor.empty() : tensor<4x16xf32>
  %pow = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%x, %two : tensor<4x16xf32>, tensor<4x16xf32>) outs(%e0 : tensor<4x16xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %0 = math.powf %in, %in_0 : f32
    linalg.yield %0 : f32
  } -> tensor<4x16xf32>
  %e1 = tensor.empty() : tensor<4x8xf32>
  %f = linalg.fill ins(%cst : f32) outs(%e1 : tensor<4x8xf32>) -> tensor<4x8xf32>
  %mm = linalg.matmul ins(%pow, %w : tensor<4x16xf32>, tensor<16x8xf32>) outs(%f : tensor<4x8xf32>) -> tensor<4x8xf32>
  %bb = linalg.broadcast ins(%bias : tensor<8xf32>) outs(%e1 : tensor<4x8xf32>) dimensions = [0]
  %add = linalg.add ins(%mm, %bb : tensor<4x8xf32>, tensor<4x8xf32>) outs(%e1 : tensor<4x8xf32>) -> tensor<4x8xf32>
  %sig = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%add, %one : tensor<4x8xf32>, tensor<4x8xf32>) outs(%e1 : tensor<4x8xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %0 = arith.negf %in : f32
    %1 = math.exp %0 : f32
    %2 = arith.addf %in_0, %1 : f32
    linalg.yield %2 : f32
  } -> tensor<4x8xf32>
  return %sig : tensor<4x8xf32>
}
