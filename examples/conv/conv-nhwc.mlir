// MobileNet-like fragment (NHWC, N=1, f32): stem conv, depthwise-separable block, max pool,
// then a global average pool written in NCHW with pooling_nchw_sum.
// Shapes:
//   img   [1,225,225,3]  (224x224 RGB already padded TF-"SAME"-style for stride 2: +0 top/left, +1 bottom/right)
//   stem  conv_2d_nhwc_hwcf 3x3, stride 2, 3->32 : W0 [3,3,3,32]  -> [1,112,112,32], ReLU6   (112*112*32*27 = 10,838,016 MACs)
//   dw    depthwise_conv_2d_nhwc_hwc 3x3, stride 1 : Wdw [3,3,32] -> [1,110,110,32], ReLU6 (valid, no padding; 110*110*32*9 = 3,484,800 MACs)
//   pw    conv_2d_nhwc_hwcf 1x1, 32->64 : Wpw [1,1,32,64] -> [1,110,110,64], ReLU6                  (110*110*64*32 = 24,780,800 MACs)
//   pool  pooling_nhwc_max 2x2, stride 2 -> [1,55,55,64]
//   NHWC->NCHW linalg.transpose -> [1,64,55,55]; pooling_nchw_sum 55x55 -> [1,64,1,1]; divide by 3025 -> global avg pool.
// Source: hand-written in the form torch-mlir / TOSA-to-Linalg produce for these layers: conv outputs
//   initialised with tensor.empty + linalg.fill(0), max-pool init -inf, pooling window shape given by a
//   tensor.empty operand, strides/dilations as dense<..> : vector<2xi64> attributes.
// Padding: no tensor.pad anywhere. The stem takes the pre-padded image as its function argument
//   (the network input, so nothing upstream is lost); the depthwise conv is "valid" (112 -> 110),
//   unlike real MobileNet (which pads 1 and keeps 112).
// RUN-EXAMPLE: build/bin/oro-opt examples/conv/conv-nhwc.mlir --oro-pipeline="arch=examples/arches/snowcat.yaml report=out/conv-nhwc.json"
// IMPORT: build/bin/oro-opt examples/conv/conv-nhwc.mlir --convert-linalg-to-oro

#id4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>

module {
  func.func @forward(%img: tensor<1x225x225x3xf32>,
                     %w0: tensor<3x3x3x32xf32>,
                     %wdw: tensor<3x3x32xf32>,
                     %wpw: tensor<1x1x32x64xf32>) -> tensor<1x64x1x1xf32> {
    %zero = arith.constant 0.000000e+00 : f32
    %six = arith.constant 6.000000e+00 : f32
    %ninf = arith.constant 0xFF800000 : f32
    %area = arith.constant 3.025000e+03 : f32   // 55*55

    // ---- stem: 3x3 stride-2 conv, [1,225,225,3] -> [1,112,112,32] ----
    %s_e = tensor.empty() : tensor<1x112x112x32xf32>
    %s_0 = linalg.fill ins(%zero : f32) outs(%s_e : tensor<1x112x112x32xf32>) -> tensor<1x112x112x32xf32>
    %stem = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>}
        ins(%img, %w0 : tensor<1x225x225x3xf32>, tensor<3x3x3x32xf32>) outs(%s_0 : tensor<1x112x112x32xf32>) -> tensor<1x112x112x32xf32>
    %stem_r = linalg.generic {indexing_maps = [#id4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
        ins(%stem : tensor<1x112x112x32xf32>) outs(%s_e : tensor<1x112x112x32xf32>) {
    ^bb0(%in: f32, %out: f32):
      %lo = arith.maximumf %in, %zero : f32
      %y = arith.minimumf %lo, %six : f32
      linalg.yield %y : f32
    } -> tensor<1x112x112x32xf32>

    // ---- depthwise 3x3 stride 1 (valid), [1,112,112,32] -> [1,110,110,32] ----
    %d_e = tensor.empty() : tensor<1x110x110x32xf32>
    %d_0 = linalg.fill ins(%zero : f32) outs(%d_e : tensor<1x110x110x32xf32>) -> tensor<1x110x110x32xf32>
    %dw = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
        ins(%stem_r, %wdw : tensor<1x112x112x32xf32>, tensor<3x3x32xf32>) outs(%d_0 : tensor<1x110x110x32xf32>) -> tensor<1x110x110x32xf32>
    %dw_r = linalg.generic {indexing_maps = [#id4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
        ins(%dw : tensor<1x110x110x32xf32>) outs(%d_e : tensor<1x110x110x32xf32>) {
    ^bb0(%in: f32, %out: f32):
      %lo = arith.maximumf %in, %zero : f32
      %y = arith.minimumf %lo, %six : f32
      linalg.yield %y : f32
    } -> tensor<1x110x110x32xf32>

    // ---- pointwise 1x1 conv, 32 -> 64, [1,110,110,32] -> [1,110,110,64] ----
    %p_e = tensor.empty() : tensor<1x110x110x64xf32>
    %p_0 = linalg.fill ins(%zero : f32) outs(%p_e : tensor<1x110x110x64xf32>) -> tensor<1x110x110x64xf32>
    %pw = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
        ins(%dw_r, %wpw : tensor<1x110x110x32xf32>, tensor<1x1x32x64xf32>) outs(%p_0 : tensor<1x110x110x64xf32>) -> tensor<1x110x110x64xf32>
    %pw_r = linalg.generic {indexing_maps = [#id4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
        ins(%pw : tensor<1x110x110x64xf32>) outs(%p_e : tensor<1x110x110x64xf32>) {
    ^bb0(%in: f32, %out: f32):
      %lo = arith.maximumf %in, %zero : f32
      %y = arith.minimumf %lo, %six : f32
      linalg.yield %y : f32
    } -> tensor<1x110x110x64xf32>

    // ---- 2x2 stride-2 max pool, [1,110,110,64] -> [1,55,55,64] ----
    %mp_win = tensor.empty() : tensor<2x2xf32>
    %mp_e = tensor.empty() : tensor<1x55x55x64xf32>
    %mp_0 = linalg.fill ins(%ninf : f32) outs(%mp_e : tensor<1x55x55x64xf32>) -> tensor<1x55x55x64xf32>
    %mp = linalg.pooling_nhwc_max {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>}
        ins(%pw_r, %mp_win : tensor<1x110x110x64xf32>, tensor<2x2xf32>) outs(%mp_0 : tensor<1x55x55x64xf32>) -> tensor<1x55x55x64xf32>

    // ---- NHWC -> NCHW, global average pool = 55x55 sum pool / 3025 ----
    %t_e = tensor.empty() : tensor<1x64x55x55xf32>
    %mp_nchw = linalg.transpose ins(%mp : tensor<1x55x55x64xf32>) outs(%t_e : tensor<1x64x55x55xf32>) permutation = [0, 3, 1, 2]
    %gp_win = tensor.empty() : tensor<55x55xf32>
    %gp_e = tensor.empty() : tensor<1x64x1x1xf32>
    %gp_0 = linalg.fill ins(%zero : f32) outs(%gp_e : tensor<1x64x1x1xf32>) -> tensor<1x64x1x1xf32>
    %gp_sum = linalg.pooling_nchw_sum {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
        ins(%mp_nchw, %gp_win : tensor<1x64x55x55xf32>, tensor<55x55xf32>) outs(%gp_0 : tensor<1x64x1x1xf32>) -> tensor<1x64x1x1xf32>
    %gp = linalg.generic {indexing_maps = [#id4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
        ins(%gp_sum : tensor<1x64x1x1xf32>) outs(%gp_e : tensor<1x64x1x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %y = arith.divf %in, %area : f32
      linalg.yield %y : f32
    } -> tensor<1x64x1x1xf32>
    return %gp : tensor<1x64x1x1xf32>
  }
}
