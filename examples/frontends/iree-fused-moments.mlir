// Batch-norm statistics as IREE's dispatch formation leaves them after
// elementwise fusion: one multi-output `linalg.generic` computes the sum and
// the sum of squares per channel in one pass (NHWC 8x28x28x64), then the
// mean, the variance and the normalization.
#map = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#map1 = affine_map<(d0, d1, d2, d3) -> (d3)>
#map2 = affine_map<(d0) -> (d0)>
module {
  func.func @batchnorm_train(%arg0: tensor<8x28x28x64xf32>) -> (tensor<8x28x28x64xf32>, tensor<64xf32>, tensor<64xf32>) {
    %cst = arith.constant 0.000000e+00 : f32
    %cst_0 = arith.constant 6.272000e+03 : f32
    %cst_1 = arith.constant 9.99999974E-6 : f32
    %0 = tensor.empty() : tensor<64xf32>
    %1 = linalg.fill ins(%cst : f32) outs(%0 : tensor<64xf32>) -> tensor<64xf32>
    %2:2 = linalg.generic {indexing_maps = [#map, #map1, #map1], iterator_types = ["reduction", "reduction", "reduction", "parallel"]} ins(%arg0 : tensor<8x28x28x64xf32>) outs(%1, %1 : tensor<64xf32>, tensor<64xf32>) {
    ^bb0(%in: f32, %out: f32, %out_2: f32):
      %7 = arith.addf %in, %out : f32
      %8 = arith.mulf %in, %in : f32
      %9 = arith.addf %8, %out_2 : f32
      linalg.yield %7, %9 : f32, f32
    } -> (tensor<64xf32>, tensor<64xf32>)
    %3:2 = linalg.generic {indexing_maps = [#map2, #map2, #map2, #map2], iterator_types = ["parallel"]} ins(%2#0, %2#1 : tensor<64xf32>, tensor<64xf32>) outs(%0, %0 : tensor<64xf32>, tensor<64xf32>) {
    ^bb0(%in: f32, %in_2: f32, %out: f32, %out_3: f32):
      %7 = arith.divf %in, %cst_0 : f32
      %8 = arith.divf %in_2, %cst_0 : f32
      %9 = arith.mulf %7, %7 : f32
      %10 = arith.subf %8, %9 : f32
      linalg.yield %7, %10 : f32, f32
    } -> (tensor<64xf32>, tensor<64xf32>)
    %4 = tensor.empty() : tensor<8x28x28x64xf32>
    %5 = linalg.generic {indexing_maps = [#map, #map1, #map1, #map], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%arg0, %3#0, %3#1 : tensor<8x28x28x64xf32>, tensor<64xf32>, tensor<64xf32>) outs(%4 : tensor<8x28x28x64xf32>) {
    ^bb0(%in: f32, %in_2: f32, %in_3: f32, %out: f32):
      %7 = arith.subf %in, %in_2 : f32
      %8 = arith.addf %in_3, %cst_1 : f32
      %9 = math.rsqrt %8 : f32
      %10 = arith.mulf %7, %9 : f32
      linalg.yield %10 : f32
    } -> tensor<8x28x28x64xf32>
    return %5, %3#0, %3#1 : tensor<8x28x28x64xf32>, tensor<64xf32>, tensor<64xf32>
  }
}
