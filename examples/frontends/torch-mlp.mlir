// torch-mlir (linalg-on-tensors backend) output of a two-layer MLP,
// torch.nn.Sequential(Linear(784, 256), ReLU(), Linear(256, 10)) on a batch
// of 32, as `torchscript.compile(..., output_type="linalg-on-tensors")`
// prints it: the RNG seed global, the shape assert of `aten.mm`, parameters
// as `dense_resource` blobs (their data cut short here; oro drops it).
#map = affine_map<(d0, d1) -> (d0, d1)>
#map1 = affine_map<(d0, d1) -> (d1)>
module attributes {torch.debug_module_name = "MLP"} {
  ml_program.global private mutable @global_seed(dense<0> : tensor<i64>) : tensor<i64>
  func.func @forward(%arg0: tensor<32x784xf32>) -> tensor<32x10xf32> {
    %c784 = arith.constant 784 : index
    %c1 = arith.constant 1 : index
    %cst = arith.constant dense_resource<torch_tensor_10_torch.float32> : tensor<10xf32>
    %cst_0 = arith.constant dense_resource<torch_tensor_10_256_torch.float32> : tensor<10x256xf32>
    %cst_1 = arith.constant dense_resource<torch_tensor_256_torch.float32> : tensor<256xf32>
    %cst_2 = arith.constant dense_resource<torch_tensor_256_784_torch.float32> : tensor<256x784xf32>
    %cst_3 = arith.constant 0.000000e+00 : f32
    %0 = tensor.empty() : tensor<784x256xf32>
    %transposed = linalg.transpose ins(%cst_2 : tensor<256x784xf32>) outs(%0 : tensor<784x256xf32>) permutation = [1, 0] 
    %dim = tensor.dim %arg0, %c1 : tensor<32x784xf32>
    %1 = arith.cmpi eq, %dim, %c784 : index
    cf.assert %1, "mismatching contracting dimension for torch.aten.mm"
    %2 = tensor.empty() : tensor<32x256xf32>
    %3 = linalg.fill ins(%cst_3 : f32) outs(%2 : tensor<32x256xf32>) -> tensor<32x256xf32>
    %4 = linalg.matmul ins(%arg0, %transposed : tensor<32x784xf32>, tensor<784x256xf32>) outs(%3 : tensor<32x256xf32>) -> tensor<32x256xf32>
    %5 = linalg.generic {indexing_maps = [#map, #map1, #map], iterator_types = ["parallel", "parallel"]} ins(%4, %cst_1 : tensor<32x256xf32>, tensor<256xf32>) outs(%2 : tensor<32x256xf32>) {
    ^bb0(%in: f32, %in_6: f32, %out: f32):
      %12 = arith.addf %in, %in_6 : f32
      linalg.yield %12 : f32
    } -> tensor<32x256xf32>
    %6 = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]} ins(%5 : tensor<32x256xf32>) outs(%2 : tensor<32x256xf32>) {
    ^bb0(%in: f32, %out: f32):
      %12 = arith.cmpf ugt, %in, %cst_3 : f32
      %13 = arith.select %12, %in, %cst_3 : f32
      linalg.yield %13 : f32
    } -> tensor<32x256xf32>
    %7 = tensor.empty() : tensor<256x10xf32>
    %transposed_4 = linalg.transpose ins(%cst_0 : tensor<10x256xf32>) outs(%7 : tensor<256x10xf32>) permutation = [1, 0] 
    %8 = tensor.empty() : tensor<32x10xf32>
    %9 = linalg.fill ins(%cst_3 : f32) outs(%8 : tensor<32x10xf32>) -> tensor<32x10xf32>
    %10 = linalg.matmul ins(%6, %transposed_4 : tensor<32x256xf32>, tensor<256x10xf32>) outs(%9 : tensor<32x10xf32>) -> tensor<32x10xf32>
    %11 = linalg.generic {indexing_maps = [#map, #map1, #map], iterator_types = ["parallel", "parallel"]} ins(%10, %cst : tensor<32x10xf32>, tensor<10xf32>) outs(%8 : tensor<32x10xf32>) {
    ^bb0(%in: f32, %in_6: f32, %out: f32):
      %12 = arith.addf %in, %in_6 : f32
      linalg.yield %12 : f32
    } -> tensor<32x10xf32>
    return %11 : tensor<32x10xf32>
  }
}

{-#
  dialect_resources: {
    builtin: {
      torch_tensor_10_torch.float32: "0x04000000CDCCCC3D",
      torch_tensor_10_256_torch.float32: "0x04000000CDCCCC3D",
      torch_tensor_256_torch.float32: "0x04000000CDCCCC3D",
      torch_tensor_256_784_torch.float32: "0x04000000CDCCCC3D"
    }
  }
#-}
