// A JAX MLP through `stablehlo-opt --stablehlo-legalize-to-linalg`: jax.jit
// keeps each `jax.nn` helper as a private function, called from the public
// entry point (`@relu` twice, `@dense` through `@block`).
#map = affine_map<(d0, d1) -> (d0, d1)>
#map1 = affine_map<(d0, d1) -> (d1)>
module @jit_mlp attributes {mhlo.num_partitions = 1 : i32, mhlo.num_replicas = 1 : i32} {
  func.func public @main(%arg0: tensor<16x128xf32> {mhlo.layout_mode = "default"}, %arg1: tensor<128x128xf32> {mhlo.layout_mode = "default"}, %arg2: tensor<128xf32> {mhlo.layout_mode = "default"}, %arg3: tensor<128x32xf32> {mhlo.layout_mode = "default"}) -> (tensor<16x32xf32> {jax.result_info = "", mhlo.layout_mode = "default"}) {
    %0 = call @block(%arg0, %arg1, %arg2) : (tensor<16x128xf32>, tensor<128x128xf32>, tensor<128xf32>) -> tensor<16x128xf32>
    %1 = call @block(%0, %arg1, %arg2) : (tensor<16x128xf32>, tensor<128x128xf32>, tensor<128xf32>) -> tensor<16x128xf32>
    %cst = arith.constant 0.000000e+00 : f32
    %2 = tensor.empty() : tensor<16x32xf32>
    %3 = linalg.fill ins(%cst : f32) outs(%2 : tensor<16x32xf32>) -> tensor<16x32xf32>
    %4 = linalg.matmul ins(%1, %arg3 : tensor<16x128xf32>, tensor<128x32xf32>) outs(%3 : tensor<16x32xf32>) -> tensor<16x32xf32>
    return %4 : tensor<16x32xf32>
  }
  func.func private @block(%arg0: tensor<16x128xf32>, %arg1: tensor<128x128xf32>, %arg2: tensor<128xf32>) -> tensor<16x128xf32> {
    %0 = call @dense(%arg0, %arg1, %arg2) : (tensor<16x128xf32>, tensor<128x128xf32>, tensor<128xf32>) -> tensor<16x128xf32>
    %1 = call @relu(%0) : (tensor<16x128xf32>) -> tensor<16x128xf32>
    return %1 : tensor<16x128xf32>
  }
  func.func private @dense(%arg0: tensor<16x128xf32>, %arg1: tensor<128x128xf32>, %arg2: tensor<128xf32>) -> tensor<16x128xf32> {
    %cst = arith.constant 0.000000e+00 : f32
    %0 = tensor.empty() : tensor<16x128xf32>
    %1 = linalg.fill ins(%cst : f32) outs(%0 : tensor<16x128xf32>) -> tensor<16x128xf32>
    %2 = linalg.matmul ins(%arg0, %arg1 : tensor<16x128xf32>, tensor<128x128xf32>) outs(%1 : tensor<16x128xf32>) -> tensor<16x128xf32>
    %3 = linalg.generic {indexing_maps = [#map, #map1, #map], iterator_types = ["parallel", "parallel"]} ins(%2, %arg2 : tensor<16x128xf32>, tensor<128xf32>) outs(%0 : tensor<16x128xf32>) {
    ^bb0(%in: f32, %in_0: f32, %out: f32):
      %4 = arith.addf %in, %in_0 : f32
      linalg.yield %4 : f32
    } -> tensor<16x128xf32>
    return %3 : tensor<16x128xf32>
  }
  func.func private @relu(%arg0: tensor<16x128xf32>) -> tensor<16x128xf32> {
    %cst = arith.constant 0.000000e+00 : f32
    %0 = tensor.empty() : tensor<16x128xf32>
    %1 = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]} ins(%arg0 : tensor<16x128xf32>) outs(%0 : tensor<16x128xf32>) {
    ^bb0(%in: f32, %out: f32):
      %2 = arith.maximumf %in, %cst : f32
      linalg.yield %2 : f32
    } -> tensor<16x128xf32>
    return %1 : tensor<16x128xf32>
  }
}
