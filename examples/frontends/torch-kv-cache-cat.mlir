// torch-mlir (linalg-on-tensors backend) output of one decoder attention
// step with a key/value cache, batch 1, 16 new tokens, 48 cached, width 64:
//   k = torch.cat((past_k, x @ Wk.T), dim=1); v = torch.cat((past_v, x @ Wv.T), dim=1)
//   out = softmax((x @ Wq.T) @ k.transpose(1, 2) / 8) @ v; return out, k, v
// as torch-mlir printed torch.cat before it emitted tensor.concat: a
// tensor.empty and one tensor.insert_slice per part, each into the previous
// one (offsets folded to constants by the backend pipeline). The RNG seed
// global, the shape asserts of `aten.bmm` and the Linear weights as
// `dense_resource` blobs (data cut short; oro drops it) are as printed.
#map = affine_map<(d0, d1, d2) -> (d1, d2)>
#map1 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#map2 = affine_map<(d0, d1, d2) -> (d0, d1, 0)>
module attributes {torch.debug_module_name = "CachedAttention"} {
  ml_program.global private mutable @global_seed(dense<0> : tensor<i64>) : tensor<i64>
  func.func @forward(%arg0: tensor<1x16x64xf32>, %arg1: tensor<1x48x64xf32>, %arg2: tensor<1x48x64xf32>) -> (tensor<1x16x64xf32>, tensor<1x64x64xf32>, tensor<1x64x64xf32>) {
    %c64 = arith.constant 64 : index
    %c2 = arith.constant 2 : index
    %c1 = arith.constant 1 : index
    %cst = arith.constant dense_resource<torch_tensor_64_64_torch.float32> : tensor<64x64xf32>
    %cst_0 = arith.constant dense_resource<torch_tensor_64_64_torch.float32_1> : tensor<64x64xf32>
    %cst_1 = arith.constant dense_resource<torch_tensor_64_64_torch.float32_2> : tensor<64x64xf32>
    %cst_2 = arith.constant 0.000000e+00 : f32
    %cst_3 = arith.constant 8.000000e+00 : f32
    %cst_4 = arith.constant 0xFF800000 : f32
    %0 = tensor.empty() : tensor<64x64xf32>
    %transposed = linalg.transpose ins(%cst : tensor<64x64xf32>) outs(%0 : tensor<64x64xf32>) permutation = [1, 0] 
    %1 = tensor.empty() : tensor<1x64x64xf32>
    %2 = linalg.generic {indexing_maps = [#map, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%transposed : tensor<64x64xf32>) outs(%1 : tensor<1x64x64xf32>) {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    } -> tensor<1x64x64xf32>
    %3 = tensor.empty() : tensor<1x16x64xf32>
    %4 = linalg.fill ins(%cst_2 : f32) outs(%3 : tensor<1x16x64xf32>) -> tensor<1x16x64xf32>
    %5 = linalg.batch_matmul ins(%arg0, %2 : tensor<1x16x64xf32>, tensor<1x64x64xf32>) outs(%4 : tensor<1x16x64xf32>) -> tensor<1x16x64xf32>
    %transposed_5 = linalg.transpose ins(%cst_0 : tensor<64x64xf32>) outs(%0 : tensor<64x64xf32>) permutation = [1, 0] 
    %6 = linalg.generic {indexing_maps = [#map, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%transposed_5 : tensor<64x64xf32>) outs(%1 : tensor<1x64x64xf32>) {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    } -> tensor<1x64x64xf32>
    %7 = linalg.batch_matmul ins(%arg0, %6 : tensor<1x16x64xf32>, tensor<1x64x64xf32>) outs(%4 : tensor<1x16x64xf32>) -> tensor<1x16x64xf32>
    %transposed_6 = linalg.transpose ins(%cst_1 : tensor<64x64xf32>) outs(%0 : tensor<64x64xf32>) permutation = [1, 0] 
    %8 = linalg.generic {indexing_maps = [#map, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%transposed_6 : tensor<64x64xf32>) outs(%1 : tensor<1x64x64xf32>) {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    } -> tensor<1x64x64xf32>
    %9 = linalg.batch_matmul ins(%arg0, %8 : tensor<1x16x64xf32>, tensor<1x64x64xf32>) outs(%4 : tensor<1x16x64xf32>) -> tensor<1x16x64xf32>
    %inserted_slice = tensor.insert_slice %arg1 into %1[0, 0, 0] [1, 48, 64] [1, 1, 1] : tensor<1x48x64xf32> into tensor<1x64x64xf32>
    %inserted_slice_7 = tensor.insert_slice %7 into %inserted_slice[0, 48, 0] [1, 16, 64] [1, 1, 1] : tensor<1x16x64xf32> into tensor<1x64x64xf32>
    %inserted_slice_8 = tensor.insert_slice %arg2 into %1[0, 0, 0] [1, 48, 64] [1, 1, 1] : tensor<1x48x64xf32> into tensor<1x64x64xf32>
    %inserted_slice_9 = tensor.insert_slice %9 into %inserted_slice_8[0, 48, 0] [1, 16, 64] [1, 1, 1] : tensor<1x16x64xf32> into tensor<1x64x64xf32>
    %transposed_10 = linalg.transpose ins(%inserted_slice_7 : tensor<1x64x64xf32>) outs(%1 : tensor<1x64x64xf32>) permutation = [0, 2, 1] 
    %dim = tensor.dim %5, %c2 : tensor<1x16x64xf32>
    %10 = arith.cmpi eq, %dim, %c64 : index
    cf.assert %10, "mismatching contracting dimension"
    %dim_11 = tensor.dim %transposed_10, %c1 : tensor<1x64x64xf32>
    %11 = arith.cmpi eq, %dim_11, %c64 : index
    cf.assert %11, "mismatching contracting dimension"
    %12 = linalg.batch_matmul ins(%5, %transposed_10 : tensor<1x16x64xf32>, tensor<1x64x64xf32>) outs(%4 : tensor<1x16x64xf32>) -> tensor<1x16x64xf32>
    %13 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%12 : tensor<1x16x64xf32>) outs(%3 : tensor<1x16x64xf32>) {
    ^bb0(%in: f32, %out: f32):
      %24 = arith.divf %in, %cst_3 : f32
      linalg.yield %24 : f32
    } -> tensor<1x16x64xf32>
    %14 = tensor.empty() : tensor<1x16x1xf32>
    %15 = linalg.fill ins(%cst_4 : f32) outs(%14 : tensor<1x16x1xf32>) -> tensor<1x16x1xf32>
    %16 = linalg.generic {indexing_maps = [#map1, #map2], iterator_types = ["parallel", "parallel", "reduction"]} ins(%13 : tensor<1x16x64xf32>) outs(%15 : tensor<1x16x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %24 = arith.maximumf %in, %out : f32
      linalg.yield %24 : f32
    } -> tensor<1x16x1xf32>
    %17 = linalg.generic {indexing_maps = [#map1, #map2, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%13, %16 : tensor<1x16x64xf32>, tensor<1x16x1xf32>) outs(%3 : tensor<1x16x64xf32>) {
    ^bb0(%in: f32, %in_13: f32, %out: f32):
      %24 = arith.subf %in, %in_13 : f32
      %25 = math.exp %24 : f32
      linalg.yield %25 : f32
    } -> tensor<1x16x64xf32>
    %18 = linalg.fill ins(%cst_2 : f32) outs(%14 : tensor<1x16x1xf32>) -> tensor<1x16x1xf32>
    %19 = linalg.generic {indexing_maps = [#map1, #map2], iterator_types = ["parallel", "parallel", "reduction"]} ins(%17 : tensor<1x16x64xf32>) outs(%18 : tensor<1x16x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %24 = arith.addf %in, %out : f32
      linalg.yield %24 : f32
    } -> tensor<1x16x1xf32>
    %20 = linalg.generic {indexing_maps = [#map1, #map2, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%17, %19 : tensor<1x16x64xf32>, tensor<1x16x1xf32>) outs(%3 : tensor<1x16x64xf32>) {
    ^bb0(%in: f32, %in_13: f32, %out: f32):
      %24 = arith.divf %in, %in_13 : f32
      linalg.yield %24 : f32
    } -> tensor<1x16x64xf32>
    %dim_12 = tensor.dim %20, %c2 : tensor<1x16x64xf32>
    %21 = arith.cmpi eq, %dim_12, %c64 : index
    cf.assert %21, "mismatching contracting dimension"
    %22 = linalg.batch_matmul ins(%20, %inserted_slice_9 : tensor<1x16x64xf32>, tensor<1x64x64xf32>) outs(%4 : tensor<1x16x64xf32>) -> tensor<1x16x64xf32>
    return %22, %inserted_slice_7, %inserted_slice_9 : tensor<1x16x64xf32>, tensor<1x64x64xf32>, tensor<1x64x64xf32>
  }
}

{-#
  dialect_resources: {
    builtin: {
      torch_tensor_64_64_torch.float32: "0x04000000CDCCCC3D",
      torch_tensor_64_64_torch.float32_1: "0x04000000CDCCCC3D",
      torch_tensor_64_64_torch.float32_2: "0x04000000CDCCCC3D"
    }
  }
#-}
