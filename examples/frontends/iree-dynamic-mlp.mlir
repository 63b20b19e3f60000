// An IREE input (util-free excerpt, as `iree-import-onnx`/torch export it
// before `iree-compile`) with a dynamic batch: Linear(1024, 1024) + bias +
// GELU (tanh form) on `?x1024`. Bind the batch with
// `--oro-pipeline="... dynamic-dims=64"` (tools/oro-run FILE dynamic-dims=64).
#map = affine_map<(d0, d1) -> (d0, d1)>
#map1 = affine_map<(d0, d1) -> (d1)>
module {
  func.func @main_graph(%arg0: tensor<?x1024xf32>) -> tensor<?x1024xf32> {
    %cst = arith.constant dense_resource<_fc1.weight> : tensor<1024x1024xf32>
    %cst_0 = arith.constant dense_resource<_fc1.bias> : tensor<1024xf32>
    %cst_1 = arith.constant 0.000000e+00 : f32
    %cst_2 = arith.constant 5.000000e-01 : f32
    %cst_3 = arith.constant 1.000000e+00 : f32
    %cst_4 = arith.constant 0.797884583 : f32
    %cst_5 = arith.constant 4.471500e-02 : f32
    %c0 = arith.constant 0 : index
    %dim = tensor.dim %arg0, %c0 : tensor<?x1024xf32>
    %0 = tensor.empty(%dim) : tensor<?x1024xf32>
    %1 = linalg.fill ins(%cst_1 : f32) outs(%0 : tensor<?x1024xf32>) -> tensor<?x1024xf32>
    %2 = linalg.matmul indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>] ins(%arg0, %cst : tensor<?x1024xf32>, tensor<1024x1024xf32>) outs(%1 : tensor<?x1024xf32>) -> tensor<?x1024xf32>
    %3 = linalg.generic {indexing_maps = [#map, #map1, #map], iterator_types = ["parallel", "parallel"]} ins(%2, %cst_0 : tensor<?x1024xf32>, tensor<1024xf32>) outs(%0 : tensor<?x1024xf32>) {
    ^bb0(%in: f32, %in_6: f32, %out: f32):
      %5 = arith.addf %in, %in_6 : f32
      linalg.yield %5 : f32
    } -> tensor<?x1024xf32>
    %4 = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]} ins(%3 : tensor<?x1024xf32>) outs(%0 : tensor<?x1024xf32>) {
    ^bb0(%in: f32, %out: f32):
      %5 = arith.mulf %in, %in : f32
      %6 = arith.mulf %5, %in : f32
      %7 = arith.mulf %6, %cst_5 : f32
      %8 = arith.addf %in, %7 : f32
      %9 = arith.mulf %8, %cst_4 : f32
      %10 = math.tanh %9 : f32
      %11 = arith.addf %10, %cst_3 : f32
      %12 = arith.mulf %in, %cst_2 : f32
      %13 = arith.mulf %12, %11 : f32
      linalg.yield %13 : f32
    } -> tensor<?x1024xf32>
    return %4 : tensor<?x1024xf32>
  }
}

{-#
  dialect_resources: {
    builtin: {
      _fc1.weight: "0x04000000CDCCCC3D",
      _fc1.bias: "0x0400000000000000"
    }
  }
#-}
