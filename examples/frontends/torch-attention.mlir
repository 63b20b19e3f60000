// torch-mlir (linalg-on-tensors) output of single-head self-attention,
// softmax((x Wq^T + bq)(x Wk^T + bk)^T / 8) (x Wv^T + bv) on 1x64x64:
// torch.nn.Linear on a 3-d input becomes a broadcast weight and a
// batch_matmul, softmax a keepdim max, sub-exp, keepdim sum and div.
#map = affine_map<(d0, d1, d2) -> (d1, d2)>
#map1 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#map2 = affine_map<(d0, d1, d2) -> (d2)>
#map3 = affine_map<(d0, d1, d2) -> (d0, d1, 0)>
module attributes {torch.debug_module_name = "SelfAttention"} {
  ml_program.global private mutable @global_seed(dense<0> : tensor<i64>) : tensor<i64>
  func.func @forward(%arg0: tensor<1x64x64xf32>) -> tensor<1x64x64xf32> {
    %cst = arith.constant dense_resource<torch_tensor_64_64_torch.float32> : tensor<64x64xf32>
    %cst_0 = arith.constant dense_resource<torch_tensor_64_torch.float32> : tensor<64xf32>
    %cst_1 = arith.constant dense_resource<torch_tensor_64_64_torch.float32_1> : tensor<64x64xf32>
    %cst_2 = arith.constant dense_resource<torch_tensor_64_torch.float32_1> : tensor<64xf32>
    %cst_3 = arith.constant dense_resource<torch_tensor_64_64_torch.float32_2> : tensor<64x64xf32>
    %cst_4 = arith.constant dense_resource<torch_tensor_64_torch.float32_2> : tensor<64xf32>
    %cst_5 = arith.constant 0.000000e+00 : f32
    %cst_6 = arith.constant 8.000000e+00 : f32
    %cst_7 = arith.constant 0xFF800000 : f32
    %0 = tensor.empty() : tensor<64x64xf32>
    %transposed = linalg.transpose ins(%cst : tensor<64x64xf32>) outs(%0 : tensor<64x64xf32>) permutation = [1, 0] 
    %1 = tensor.empty() : tensor<1x64x64xf32>
    %2 = linalg.generic {indexing_maps = [#map, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%transposed : tensor<64x64xf32>) outs(%1 : tensor<1x64x64xf32>) {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    } -> tensor<1x64x64xf32>
    %3 = linalg.fill ins(%cst_5 : f32) outs(%1 : tensor<1x64x64xf32>) -> tensor<1x64x64xf32>
    %4 = linalg.batch_matmul ins(%arg0, %2 : tensor<1x64x64xf32>, tensor<1x64x64xf32>) outs(%3 : tensor<1x64x64xf32>) -> tensor<1x64x64xf32>
    %5 = linalg.generic {indexing_maps = [#map1, #map2, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%4, %cst_0 : tensor<1x64x64xf32>, tensor<64xf32>) outs(%1 : tensor<1x64x64xf32>) {
    ^bb0(%in: f32, %in_12: f32, %out: f32):
      %30 = arith.addf %in, %in_12 : f32
      linalg.yield %30 : f32
    } -> tensor<1x64x64xf32>
    %transposed_8 = linalg.transpose ins(%cst_1 : tensor<64x64xf32>) outs(%0 : tensor<64x64xf32>) permutation = [1, 0] 
    %6 = linalg.generic {indexing_maps = [#map, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%transposed_8 : tensor<64x64xf32>) outs(%1 : tensor<1x64x64xf32>) {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    } -> tensor<1x64x64xf32>
    %7 = linalg.batch_matmul ins(%arg0, %6 : tensor<1x64x64xf32>, tensor<1x64x64xf32>) outs(%3 : tensor<1x64x64xf32>) -> tensor<1x64x64xf32>
    %8 = linalg.generic {indexing_maps = [#map1, #map2, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%7, %cst_2 : tensor<1x64x64xf32>, tensor<64xf32>) outs(%1 : tensor<1x64x64xf32>) {
    ^bb0(%in: f32, %in_12: f32, %out: f32):
      %30 = arith.addf %in, %in_12 : f32
      linalg.yield %30 : f32
    } -> tensor<1x64x64xf32>
    %transposed_9 = linalg.transpose ins(%cst_3 : tensor<64x64xf32>) outs(%0 : tensor<64x64xf32>) permutation = [1, 0] 
    %9 = linalg.generic {indexing_maps = [#map, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%transposed_9 : tensor<64x64xf32>) outs(%1 : tensor<1x64x64xf32>) {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    } -> tensor<1x64x64xf32>
    %10 = linalg.batch_matmul ins(%arg0, %9 : tensor<1x64x64xf32>, tensor<1x64x64xf32>) outs(%3 : tensor<1x64x64xf32>) -> tensor<1x64x64xf32>
    %11 = linalg.generic {indexing_maps = [#map1, #map2, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%10, %cst_4 : tensor<1x64x64xf32>, tensor<64xf32>) outs(%1 : tensor<1x64x64xf32>) {
    ^bb0(%in: f32, %in_12: f32, %out: f32):
      %30 = arith.addf %in, %in_12 : f32
      linalg.yield %30 : f32
    } -> tensor<1x64x64xf32>
    %transposed_10 = linalg.transpose ins(%8 : tensor<1x64x64xf32>) outs(%1 : tensor<1x64x64xf32>) permutation = [0, 2, 1] 
    %12 = linalg.batch_matmul ins(%5, %transposed_10 : tensor<1x64x64xf32>, tensor<1x64x64xf32>) outs(%3 : tensor<1x64x64xf32>) -> tensor<1x64x64xf32>
    %13 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%12 : tensor<1x64x64xf32>) outs(%1 : tensor<1x64x64xf32>) {
    ^bb0(%in: f32, %out: f32):
      %30 = arith.divf %in, %cst_6 : f32
      linalg.yield %30 : f32
    } -> tensor<1x64x64xf32>
    %14 = tensor.empty() : tensor<1x64x1xf32>
    %15 = linalg.fill ins(%cst_7 : f32) outs(%14 : tensor<1x64x1xf32>) -> tensor<1x64x1xf32>
    %16 = linalg.generic {indexing_maps = [#map1, #map3], iterator_types = ["parallel", "parallel", "reduction"]} ins(%13 : tensor<1x64x64xf32>) outs(%15 : tensor<1x64x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %30 = arith.maximumf %in, %out : f32
      linalg.yield %30 : f32
    } -> tensor<1x64x1xf32>
    %17 = linalg.generic {indexing_maps = [#map1, #map3, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%13, %16 : tensor<1x64x64xf32>, tensor<1x64x1xf32>) outs(%1 : tensor<1x64x64xf32>) {
    ^bb0(%in: f32, %in_12: f32, %out: f32):
      %30 = arith.subf %in, %in_12 : f32
      %31 = math.exp %30 : f32
      linalg.yield %31 : f32
    } -> tensor<1x64x64xf32>
    %18 = linalg.fill ins(%cst_5 : f32) outs(%14 : tensor<1x64x1xf32>) -> tensor<1x64x1xf32>
    %19 = linalg.generic {indexing_maps = [#map1, #map3], iterator_types = ["parallel", "parallel", "reduction"]} ins(%17 : tensor<1x64x64xf32>) outs(%18 : tensor<1x64x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %30 = arith.addf %in, %out : f32
      linalg.yield %30 : f32
    } -> tensor<1x64x1xf32>
    %20 = linalg.generic {indexing_maps = [#map1, #map3, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%17, %19 : tensor<1x64x64xf32>, tensor<1x64x1xf32>) outs(%1 : tensor<1x64x64xf32>) {
    ^bb0(%in: f32, %in_12: f32, %out: f32):
      %30 = arith.divf %in, %in_12 : f32
      linalg.yield %30 : f32
    } -> tensor<1x64x64xf32>
    %21 = linalg.batch_matmul ins(%20, %11 : tensor<1x64x64xf32>, tensor<1x64x64xf32>) outs(%3 : tensor<1x64x64xf32>) -> tensor<1x64x64xf32>
    return %21 : tensor<1x64x64xf32>
  }
}

{-#
  dialect_resources: {
    builtin: {
      torch_tensor_64_64_torch.float32: "0x04000000CDCCCC3D",
      torch_tensor_64_torch.float32: "0x0400000000000000",
      torch_tensor_64_64_torch.float32_1: "0x04000000CDCCCC3D",
      torch_tensor_64_torch.float32_1: "0x0400000000000000",
      torch_tensor_64_64_torch.float32_2: "0x04000000CDCCCC3D",
      torch_tensor_64_torch.float32_2: "0x0400000000000000"
    }
  }
#-}
