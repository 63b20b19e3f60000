// `--tosa-to-linalg-pipeline` output of an RMSNorm followed by a linear
// layer (TOSA from a TFLite/torch export), as printed part-way through a
// lowering: `tosa.const_shape` leftovers, splat constants for the exponent,
// the epsilon and a placeholder weight, and a bufferized tail that copies the
// result into an output buffer (mixed tensor/memref IR).
#map = affine_map<(d0, d1) -> (d0, d1)>
#map1 = affine_map<(d0, d1) -> (d0, 0)>
#map2 = affine_map<(d0, d1) -> (d0)>
#map3 = affine_map<(d0, d1) -> (0, d1)>
module {
  func.func @main(%arg0: tensor<64x512xf32>, %arg1: memref<64x256xf32>) -> tensor<64x256xf32> {
    %0 = tosa.const_shape {values = dense<[64, 1]> : tensor<2xindex>} : () -> !tosa.shape<2>
    %1 = tosa.const_shape {values = dense<[1, 512]> : tensor<2xindex>} : () -> !tosa.shape<2>
    %cst = arith.constant dense<2.000000e+00> : tensor<64x512xf32>
    %cst_0 = arith.constant dense<9.99999997E-7> : tensor<64x1xf32>
    %cst_1 = arith.constant dense<1.000000e+00> : tensor<1x512xf32>
    %cst_2 = arith.constant dense<1.000000e-02> : tensor<512x256xf32>
    %cst_3 = arith.constant 0.000000e+00 : f32
    %cst_4 = arith.constant 5.120000e+02 : f32
    %2 = tensor.empty() : tensor<64x512xf32>
    %3 = linalg.generic {indexing_maps = [#map, #map, #map], iterator_types = ["parallel", "parallel"]} ins(%arg0, %cst : tensor<64x512xf32>, tensor<64x512xf32>) outs(%2 : tensor<64x512xf32>) {
    ^bb0(%in: f32, %in_5: f32, %out: f32):
      %14 = math.powf %in, %in_5 : f32
      linalg.yield %14 : f32
    } -> tensor<64x512xf32>
    %4 = tensor.empty() : tensor<64xf32>
    %5 = linalg.fill ins(%cst_3 : f32) outs(%4 : tensor<64xf32>) -> tensor<64xf32>
    %reduced = linalg.reduce ins(%3 : tensor<64x512xf32>) outs(%5 : tensor<64xf32>) dimensions = [1] 
      (%in: f32, %init: f32) {
        %14 = arith.addf %in, %init : f32
        linalg.yield %14 : f32
      }
    %expanded = tensor.expand_shape %reduced [[0, 1]] output_shape [64, 1] : tensor<64xf32> into tensor<64x1xf32>
    %6 = tensor.empty() : tensor<64x1xf32>
    %7 = linalg.generic {indexing_maps = [#map, #map, #map], iterator_types = ["parallel", "parallel"]} ins(%expanded, %cst_0 : tensor<64x1xf32>, tensor<64x1xf32>) outs(%6 : tensor<64x1xf32>) {
    ^bb0(%in: f32, %in_5: f32, %out: f32):
      %14 = arith.divf %in, %cst_4 : f32
      %15 = arith.addf %14, %in_5 : f32
      %16 = math.rsqrt %15 : f32
      linalg.yield %16 : f32
    } -> tensor<64x1xf32>
    %8 = linalg.generic {indexing_maps = [#map, #map1, #map3, #map], iterator_types = ["parallel", "parallel"]} ins(%arg0, %7, %cst_1 : tensor<64x512xf32>, tensor<64x1xf32>, tensor<1x512xf32>) outs(%2 : tensor<64x512xf32>) {
    ^bb0(%in: f32, %in_5: f32, %in_6: f32, %out: f32):
      %14 = arith.mulf %in, %in_5 : f32
      %15 = arith.mulf %14, %in_6 : f32
      linalg.yield %15 : f32
    } -> tensor<64x512xf32>
    %9 = tensor.empty() : tensor<64x256xf32>
    %10 = linalg.fill ins(%cst_3 : f32) outs(%9 : tensor<64x256xf32>) -> tensor<64x256xf32>
    %11 = linalg.matmul ins(%8, %cst_2 : tensor<64x512xf32>, tensor<512x256xf32>) outs(%10 : tensor<64x256xf32>) -> tensor<64x256xf32>
    %12 = bufferization.to_buffer %11 : tensor<64x256xf32> to memref<64x256xf32>
    memref.copy %12, %arg1 : memref<64x256xf32> to memref<64x256xf32>
    return %11 : tensor<64x256xf32>
  }
}
