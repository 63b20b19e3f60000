// torch-mlir (linalg-on-tensors) output of a regression head and its loss,
// torch.nn.functional.mse_loss(Linear(64, 1)(x), y) on a batch of 128: the
// mean over all elements is a full reduction to tensor<f32> followed by a
// 0-d divide.
#map = affine_map<(d0, d1) -> (d0, d1)>
#map1 = affine_map<(d0, d1) -> (0, 0)>
#map2 = affine_map<(d0, d1) -> ()>
#map3 = affine_map<() -> ()>
module attributes {torch.debug_module_name = "RegressionLoss"} {
  ml_program.global private mutable @global_seed(dense<0> : tensor<i64>) : tensor<i64>
  func.func @forward(%arg0: tensor<128x64xf32>, %arg1: tensor<128x1xf32>) -> tensor<f32> {
    %cst = arith.constant dense_resource<torch_tensor_1_64_torch.float32> : tensor<1x64xf32>
    %cst_0 = arith.constant dense_resource<torch_tensor_1_torch.float32> : tensor<1xf32>
    %cst_1 = arith.constant 0.000000e+00 : f32
    %cst_2 = arith.constant 1.280000e+02 : f32
    %0 = tensor.empty() : tensor<64x1xf32>
    %transposed = linalg.transpose ins(%cst : tensor<1x64xf32>) outs(%0 : tensor<64x1xf32>) permutation = [1, 0] 
    %1 = tensor.empty() : tensor<128x1xf32>
    %2 = linalg.fill ins(%cst_1 : f32) outs(%1 : tensor<128x1xf32>) -> tensor<128x1xf32>
    %3 = linalg.matmul ins(%arg0, %transposed : tensor<128x64xf32>, tensor<64x1xf32>) outs(%2 : tensor<128x1xf32>) -> tensor<128x1xf32>
    %expanded = tensor.expand_shape %cst_0 [[0, 1]] output_shape [1, 1] : tensor<1xf32> into tensor<1x1xf32>
    %4 = linalg.generic {indexing_maps = [#map, #map1, #map, #map], iterator_types = ["parallel", "parallel"]} ins(%3, %expanded, %arg1 : tensor<128x1xf32>, tensor<1x1xf32>, tensor<128x1xf32>) outs(%1 : tensor<128x1xf32>) {
    ^bb0(%in: f32, %in_3: f32, %in_4: f32, %out: f32):
      %9 = arith.addf %in, %in_3 : f32
      %10 = arith.subf %9, %in_4 : f32
      %11 = arith.mulf %10, %10 : f32
      linalg.yield %11 : f32
    } -> tensor<128x1xf32>
    %5 = tensor.empty() : tensor<f32>
    %6 = linalg.fill ins(%cst_1 : f32) outs(%5 : tensor<f32>) -> tensor<f32>
    %7 = linalg.generic {indexing_maps = [#map, #map2], iterator_types = ["reduction", "reduction"]} ins(%4 : tensor<128x1xf32>) outs(%6 : tensor<f32>) {
    ^bb0(%in: f32, %out: f32):
      %9 = arith.addf %in, %out : f32
      linalg.yield %9 : f32
    } -> tensor<f32>
    %8 = linalg.generic {indexing_maps = [#map3, #map3], iterator_types = []} ins(%7 : tensor<f32>) outs(%5 : tensor<f32>) {
    ^bb0(%in: f32, %out: f32):
      %9 = arith.divf %in, %cst_2 : f32
      linalg.yield %9 : f32
    } -> tensor<f32>
    return %8 : tensor<f32>
  }
}

{-#
  dialect_resources: {
    builtin: {
      torch_tensor_1_64_torch.float32: "0x04000000CDCCCC3D",
      torch_tensor_1_torch.float32: "0x0400000000000000"
    }
  }
#-}
