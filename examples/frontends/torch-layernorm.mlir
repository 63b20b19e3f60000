// torch-mlir (linalg-on-tensors) output of torch.nn.LayerNorm(256) on
// 1x128x256: keepdim sums over the last dimension, divides by 256, the
// variance, `rsqrt(var + eps)`, then the affine weight and bias.
#map = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#map1 = affine_map<(d0, d1, d2) -> (d0, d1, 0)>
#map2 = affine_map<(d0, d1, d2) -> (d2)>
module attributes {torch.debug_module_name = "LayerNorm"} {
  ml_program.global private mutable @global_seed(dense<0> : tensor<i64>) : tensor<i64>
  func.func @forward(%arg0: tensor<1x128x256xf32>) -> tensor<1x128x256xf32> {
    %cst = arith.constant dense_resource<torch_tensor_256_torch.float32> : tensor<256xf32>
    %cst_0 = arith.constant dense_resource<torch_tensor_256_torch.float32_1> : tensor<256xf32>
    %cst_1 = arith.constant 0.000000e+00 : f32
    %cst_2 = arith.constant 2.560000e+02 : f32
    %cst_3 = arith.constant 9.9999997473787516E-6 : f64
    %0 = tensor.empty() : tensor<1x128x1xf32>
    %1 = linalg.fill ins(%cst_1 : f32) outs(%0 : tensor<1x128x1xf32>) -> tensor<1x128x1xf32>
    %2 = linalg.generic {indexing_maps = [#map, #map1], iterator_types = ["parallel", "parallel", "reduction"]} ins(%arg0 : tensor<1x128x256xf32>) outs(%1 : tensor<1x128x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %12 = arith.addf %in, %out : f32
      linalg.yield %12 : f32
    } -> tensor<1x128x1xf32>
    %3 = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%2 : tensor<1x128x1xf32>) outs(%0 : tensor<1x128x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %12 = arith.divf %in, %cst_2 : f32
      linalg.yield %12 : f32
    } -> tensor<1x128x1xf32>
    %4 = tensor.empty() : tensor<1x128x256xf32>
    %5 = linalg.generic {indexing_maps = [#map, #map1, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%arg0, %3 : tensor<1x128x256xf32>, tensor<1x128x1xf32>) outs(%4 : tensor<1x128x256xf32>) {
    ^bb0(%in: f32, %in_4: f32, %out: f32):
      %12 = arith.subf %in, %in_4 : f32
      linalg.yield %12 : f32
    } -> tensor<1x128x256xf32>
    %6 = linalg.generic {indexing_maps = [#map, #map1], iterator_types = ["parallel", "parallel", "reduction"]} ins(%5 : tensor<1x128x256xf32>) outs(%1 : tensor<1x128x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %12 = arith.mulf %in, %in : f32
      %13 = arith.addf %12, %out : f32
      linalg.yield %13 : f32
    } -> tensor<1x128x1xf32>
    %7 = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%6 : tensor<1x128x1xf32>) outs(%0 : tensor<1x128x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %12 = arith.divf %in, %cst_2 : f32
      %13 = arith.truncf %cst_3 : f64 to f32
      %14 = arith.addf %12, %13 : f32
      %15 = math.rsqrt %14 : f32
      linalg.yield %15 : f32
    } -> tensor<1x128x1xf32>
    %8 = linalg.generic {indexing_maps = [#map, #map1, #map2, #map2, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%5, %7, %cst, %cst_0 : tensor<1x128x256xf32>, tensor<1x128x1xf32>, tensor<256xf32>, tensor<256xf32>) outs(%4 : tensor<1x128x256xf32>) {
    ^bb0(%in: f32, %in_4: f32, %in_5: f32, %in_6: f32, %out: f32):
      %12 = arith.mulf %in, %in_4 : f32
      %13 = arith.mulf %12, %in_5 : f32
      %14 = arith.addf %13, %in_6 : f32
      linalg.yield %14 : f32
    } -> tensor<1x128x256xf32>
    return %8 : tensor<1x128x256xf32>
  }
}

{-#
  dialect_resources: {
    builtin: {
      torch_tensor_256_torch.float32: "0x040000000000803F",
      torch_tensor_256_torch.float32_1: "0x0400000000000000"
    }
  }
#-}
