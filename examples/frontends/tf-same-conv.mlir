// A TensorFlow Conv2D block (padding="SAME", stride 2) through
// `tf-opt --tf-to-tosa --tosa-to-linalg` as tpp-mlir imports it: NHWC, HWCF
// filter, SAME padding of an even input at stride 2 pads the high end only
// (low = 0), then bias add and ReLU6.
#map = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#map1 = affine_map<(d0, d1, d2, d3) -> (d3)>
module attributes {tf.versions = {bad_consumers = [], min_consumer = 0 : i32, producer = 1395 : i32}} {
  func.func @serving_default(%arg0: tensor<1x56x56x32xf32> {tf_saved_model.index_path = ["input_1"]}) -> (tensor<1x28x28x64xf32> {tf_saved_model.index_path = ["conv"]}) attributes {tf.entry_function = {inputs = "serving_default_input_1:0", outputs = "StatefulPartitionedCall:0"}, tf_saved_model.exported_names = ["serving_default"]} {
    %cst = arith.constant dense_resource<__elided__> : tensor<3x3x32x64xf32>
    %cst_0 = arith.constant dense_resource<__elided__> : tensor<64xf32>
    %cst_1 = arith.constant 0.000000e+00 : f32
    %cst_2 = arith.constant 6.000000e+00 : f32
    %padded = tensor.pad %arg0 low[0, 0, 0, 0] high[0, 1, 1, 0] {
    ^bb0(%arg1: index, %arg2: index, %arg3: index, %arg4: index):
      tensor.yield %cst_1 : f32
    } : tensor<1x56x56x32xf32> to tensor<1x57x57x32xf32>
    %0 = tensor.empty() : tensor<1x28x28x64xf32>
    %1 = linalg.fill ins(%cst_1 : f32) outs(%0 : tensor<1x28x28x64xf32>) -> tensor<1x28x28x64xf32>
    %2 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%padded, %cst : tensor<1x57x57x32xf32>, tensor<3x3x32x64xf32>) outs(%1 : tensor<1x28x28x64xf32>) -> tensor<1x28x28x64xf32>
    %3 = linalg.generic {indexing_maps = [#map, #map1, #map], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%2, %cst_0 : tensor<1x28x28x64xf32>, tensor<64xf32>) outs(%0 : tensor<1x28x28x64xf32>) {
    ^bb0(%in: f32, %in_3: f32, %out: f32):
      %5 = arith.addf %in, %in_3 : f32
      linalg.yield %5 : f32
    } -> tensor<1x28x28x64xf32>
    %4 = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%3 : tensor<1x28x28x64xf32>) outs(%0 : tensor<1x28x28x64xf32>) {
    ^bb0(%in: f32, %out: f32):
      %5 = arith.minimumf %in, %cst_2 : f32
      %6 = arith.maximumf %5, %cst_1 : f32
      linalg.yield %6 : f32
    } -> tensor<1x28x28x64xf32>
    return %4 : tensor<1x28x28x64xf32>
  }
}
