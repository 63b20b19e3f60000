// torch-mlir (linalg-on-tensors) output of a small CNN stem:
// Conv2d(16, 32, 3, padding=1) -> BatchNorm2d (eval) -> ReLU ->
// MaxPool2d(3, stride=2, padding=1), batch 1 at 28x28, with the RNG seed
// global and the parameters as dense_resource blobs (data cut short).
#map = affine_map<(d0, d1, d2, d3) -> (d1)>
#map1 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#map2 = affine_map<(d0, d1, d2, d3) -> (0, d1, 0, 0)>
module attributes {torch.debug_module_name = "Stem"} {
  ml_program.global private mutable @global_seed(dense<0> : tensor<i64>) : tensor<i64>
  func.func @forward(%arg0: tensor<1x16x28x28xf32>) -> tensor<1x32x14x14xf32> {
    %cst = arith.constant dense_resource<torch_tensor_32_16_3_3_torch.float32> : tensor<32x16x3x3xf32>
    %cst_0 = arith.constant dense_resource<torch_tensor_32_torch.float32> : tensor<32xf32>
    %cst_1 = arith.constant dense_resource<torch_tensor_32_torch.float32_1> : tensor<32xf32>
    %cst_2 = arith.constant dense_resource<torch_tensor_32_torch.float32_2> : tensor<32xf32>
    %cst_3 = arith.constant dense_resource<torch_tensor_32_torch.float32_3> : tensor<32xf32>
    %cst_4 = arith.constant dense_resource<torch_tensor_32_torch.float32_4> : tensor<32xf32>
    %cst_5 = arith.constant 0.000000e+00 : f32
    %cst_6 = arith.constant 1.000000e-05 : f64
    %cst_7 = arith.constant 0xFF800000 : f32
    %padded = tensor.pad %arg0 low[0, 0, 1, 1] high[0, 0, 1, 1] {
    ^bb0(%arg1: index, %arg2: index, %arg3: index, %arg4: index):
      tensor.yield %cst_5 : f32
    } : tensor<1x16x28x28xf32> to tensor<1x16x30x30xf32>
    %0 = tensor.empty() : tensor<1x32x28x28xf32>
    %1 = linalg.generic {indexing_maps = [#map, #map1], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%cst_0 : tensor<32xf32>) outs(%0 : tensor<1x32x28x28xf32>) {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    } -> tensor<1x32x28x28xf32>
    %2 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%padded, %cst : tensor<1x16x30x30xf32>, tensor<32x16x3x3xf32>) outs(%1 : tensor<1x32x28x28xf32>) -> tensor<1x32x28x28xf32>
    %expanded = tensor.expand_shape %cst_3 [[0, 1, 2, 3]] output_shape [1, 32, 1, 1] : tensor<32xf32> into tensor<1x32x1x1xf32>
    %expanded_8 = tensor.expand_shape %cst_4 [[0, 1, 2, 3]] output_shape [1, 32, 1, 1] : tensor<32xf32> into tensor<1x32x1x1xf32>
    %expanded_9 = tensor.expand_shape %cst_1 [[0, 1, 2, 3]] output_shape [1, 32, 1, 1] : tensor<32xf32> into tensor<1x32x1x1xf32>
    %expanded_10 = tensor.expand_shape %cst_2 [[0, 1, 2, 3]] output_shape [1, 32, 1, 1] : tensor<32xf32> into tensor<1x32x1x1xf32>
    %3 = linalg.generic {indexing_maps = [#map1, #map2, #map2, #map2, #map2, #map1], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%2, %expanded_9, %expanded_10, %expanded, %expanded_8 : tensor<1x32x28x28xf32>, tensor<1x32x1x1xf32>, tensor<1x32x1x1xf32>, tensor<1x32x1x1xf32>, tensor<1x32x1x1xf32>) outs(%0 : tensor<1x32x28x28xf32>) {
    ^bb0(%in: f32, %in_13: f32, %in_14: f32, %in_15: f32, %in_16: f32, %out: f32):
      %10 = arith.truncf %cst_6 : f64 to f32
      %11 = arith.addf %in_16, %10 : f32
      %12 = math.rsqrt %11 : f32
      %13 = arith.subf %in, %in_15 : f32
      %14 = arith.mulf %13, %12 : f32
      %15 = arith.mulf %14, %in_13 : f32
      %16 = arith.addf %15, %in_14 : f32
      linalg.yield %16 : f32
    } -> tensor<1x32x28x28xf32>
    %4 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%3 : tensor<1x32x28x28xf32>) outs(%0 : tensor<1x32x28x28xf32>) {
    ^bb0(%in: f32, %out: f32):
      %10 = arith.cmpf ugt, %in, %cst_5 : f32
      %11 = arith.select %10, %in, %cst_5 : f32
      linalg.yield %11 : f32
    } -> tensor<1x32x28x28xf32>
    %padded_11 = tensor.pad %4 low[0, 0, 1, 1] high[0, 0, 1, 1] {
    ^bb0(%arg1: index, %arg2: index, %arg3: index, %arg4: index):
      tensor.yield %cst_7 : f32
    } : tensor<1x32x28x28xf32> to tensor<1x32x30x30xf32>
    %5 = tensor.empty() : tensor<1x32x14x14xf32>
    %6 = linalg.fill ins(%cst_7 : f32) outs(%5 : tensor<1x32x14x14xf32>) -> tensor<1x32x14x14xf32>
    %7 = tensor.empty() : tensor<3x3xf32>
    %8 = linalg.pooling_nchw_max {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>} ins(%padded_11, %7 : tensor<1x32x30x30xf32>, tensor<3x3xf32>) outs(%6 : tensor<1x32x14x14xf32>) -> tensor<1x32x14x14xf32>
    return %8 : tensor<1x32x14x14xf32>
  }
}

{-#
  dialect_resources: {
    builtin: {
      torch_tensor_32_16_3_3_torch.float32: "0x04000000CDCCCC3D",
      torch_tensor_32_torch.float32: "0x04000000CDCCCC3D",
      torch_tensor_32_torch.float32_1: "0x040000000000803F",
      torch_tensor_32_torch.float32_2: "0x0400000000000000",
      torch_tensor_32_torch.float32_3: "0x0400000000000000",
      torch_tensor_32_torch.float32_4: "0x040000000000803F"
    }
  }
#-}
