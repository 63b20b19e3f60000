// An IREE input (util-free excerpt of an ONNX attention export) with a
// dynamic batch and sequence length: softmax over the last dimension of
// `?x?x128`, as iree-import-onnx lowers `onnx.Softmax` (max, sub-exp, sum,
// div). Bind both with `--oro-pipeline="... dynamic-dims=64"`
// (tools/oro-run FILE dynamic-dims=64), or one with `dynamic-dims=0.1=256,8`.
#map = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#map1 = affine_map<(d0, d1, d2) -> (d0, d1)>
module {
  func.func @torch_jit(%arg0: tensor<?x?x128xf32>) -> tensor<?x?x128xf32> {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %cst = arith.constant 0xFF800000 : f32
    %cst_0 = arith.constant 0.000000e+00 : f32
    %dim = tensor.dim %arg0, %c0 : tensor<?x?x128xf32>
    %dim_1 = tensor.dim %arg0, %c1 : tensor<?x?x128xf32>
    %0 = tensor.empty(%dim, %dim_1) : tensor<?x?xf32>
    %1 = linalg.fill ins(%cst : f32) outs(%0 : tensor<?x?xf32>) -> tensor<?x?xf32>
    %2 = linalg.generic {indexing_maps = [#map, #map1], iterator_types = ["parallel", "parallel", "reduction"]} ins(%arg0 : tensor<?x?x128xf32>) outs(%1 : tensor<?x?xf32>) {
    ^bb0(%in: f32, %out: f32):
      %9 = arith.maximumf %in, %out : f32
      linalg.yield %9 : f32
    } -> tensor<?x?xf32>
    %3 = tensor.empty(%dim, %dim_1) : tensor<?x?x128xf32>
    %4 = linalg.generic {indexing_maps = [#map, #map1, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%arg0, %2 : tensor<?x?x128xf32>, tensor<?x?xf32>) outs(%3 : tensor<?x?x128xf32>) {
    ^bb0(%in: f32, %in_2: f32, %out: f32):
      %9 = arith.subf %in, %in_2 : f32
      %10 = math.exp %9 : f32
      linalg.yield %10 : f32
    } -> tensor<?x?x128xf32>
    %5 = linalg.fill ins(%cst_0 : f32) outs(%0 : tensor<?x?xf32>) -> tensor<?x?xf32>
    %6 = linalg.generic {indexing_maps = [#map, #map1], iterator_types = ["parallel", "parallel", "reduction"]} ins(%4 : tensor<?x?x128xf32>) outs(%5 : tensor<?x?xf32>) {
    ^bb0(%in: f32, %out: f32):
      %9 = arith.addf %in, %out : f32
      linalg.yield %9 : f32
    } -> tensor<?x?xf32>
    %7 = linalg.generic {indexing_maps = [#map, #map1, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%4, %6 : tensor<?x?x128xf32>, tensor<?x?xf32>) outs(%3 : tensor<?x?x128xf32>) {
    ^bb0(%in: f32, %in_2: f32, %out: f32):
      %9 = arith.divf %in, %in_2 : f32
      linalg.yield %9 : f32
    } -> tensor<?x?x128xf32>
    return %7 : tensor<?x?x128xf32>
  }
}
