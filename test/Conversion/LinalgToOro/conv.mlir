// RUN: oro-opt %s --convert-linalg-to-oro | FileCheck %s
// RUN: oro-opt %s --convert-linalg-to-oro | oro-opt | FileCheck %s

// Convolutions, depthwise convolutions and pooling. Ranks use Timeloop's
// names: n batch, c input channel, f output channel, p/q output rows/columns,
// r/s filter rows/columns (z/t the third spatial dimension of 3-d ones, g
// groups, m the depthwise multiplier). Strides and dilations come from the
// op attributes through the indexing maps: `2*p + r`, `p + 2*r`. Pooling
// windows are shape-only operands and are not read.

// CHECK-LABEL: oro.workload @conv2d_workload(
// CHECK-SAME:      %[[X:arg0]]: tensor<1x3x14x14xf32> {oro.name = "arg0"}
// CHECK-SAME:      %[[W:arg1]]: tensor<8x3x3x3xf32> {oro.name = "arg1", oro.weight}
// CHECK-SAME:      %[[XH:arg2]]: tensor<1x14x14x3xf32> {oro.name = "arg2"}
// CHECK-SAME:      %[[WH:arg3]]: tensor<3x3x3x8xf32> {oro.name = "arg3", oro.weight}
// CHECK:         einsum "conv_2d_nchw_fchw" [n = 1, f = 8, p = 6, q = 6, c = 3, r = 3, s = 3]
// CHECK-SAME:      ins(%[[X]][n, c, 2*p + r, 2*q + s], %[[W]][f, c, r, s]) outs[n, f, p, q]
// CHECK:         einsum "conv_2d_nhwc_hwcf" [n = 1, p = 5, q = 5, f = 8, r = 3, s = 3, c = 3]
// CHECK-SAME:      ins(%[[XH]][n, 2*p + 2*r, 2*q + 2*s, c], %[[WH]][r, s, c, f]) outs[n, p, q, f]
func.func @conv2d(%x: tensor<1x3x14x14xf32>, %w: tensor<8x3x3x3xf32>,
                  %xh: tensor<1x14x14x3xf32>, %wh: tensor<3x3x3x8xf32>)
    -> (tensor<1x8x6x6xf32>, tensor<1x5x5x8xf32>) {
  %e = tensor.empty() : tensor<1x8x6x6xf32>
  %0 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
         ins(%x, %w : tensor<1x3x14x14xf32>, tensor<8x3x3x3xf32>) outs(%e : tensor<1x8x6x6xf32>) -> tensor<1x8x6x6xf32>
  %eh = tensor.empty() : tensor<1x5x5x8xf32>
  %1 = linalg.conv_2d_nhwc_hwcf {dilations = dense<2> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
         ins(%xh, %wh : tensor<1x14x14x3xf32>, tensor<3x3x3x8xf32>) outs(%eh : tensor<1x5x5x8xf32>) -> tensor<1x5x5x8xf32>
  return %0, %1 : tensor<1x8x6x6xf32>, tensor<1x5x5x8xf32>
}

// torch-mlir initializes a convolution's output with the broadcast bias and
// accumulates into it: the init is read, with the output projection.
// CHECK-LABEL: oro.workload @conv_bias_workload(
// CHECK-SAME:      %[[X:arg0]]: tensor<1x4x8x8xf32>
// CHECK-SAME:      %[[W:arg1]]: tensor<16x4x1x1xf32> {oro.name = "arg1", oro.weight}
// CHECK-SAME:      %[[B:arg2]]: tensor<16xf32> {oro.name = "arg2"}
// CHECK:         %[[INIT:.*]] = einsum "broadcast" [d0 = 1, d1 = 16, d2 = 8, d3 = 8] ins(%[[B]][d1]) outs[d0, d1, d2, d3]
// CHECK:         einsum "conv_2d_nchw_fchw" [n = 1, f = 16, p = 8, q = 8, c = 4, r = 1, s = 1]
// CHECK-SAME:      ins(%[[X]][n, c, p + r, q + s], %[[W]][f, c, r, s], %[[INIT]][n, f, p, q]) outs[n, f, p, q]
func.func @conv_bias(%x: tensor<1x4x8x8xf32>, %w: tensor<16x4x1x1xf32>, %b: tensor<16xf32>) -> tensor<1x16x8x8xf32> {
  %e = tensor.empty() : tensor<1x16x8x8xf32>
  %init = linalg.generic {indexing_maps = [affine_map<(n, c, h, w) -> (c)>, affine_map<(n, c, h, w) -> (n, c, h, w)>],
                          iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%b : tensor<16xf32>) outs(%e : tensor<1x16x8x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x16x8x8xf32>
  %0 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
         ins(%x, %w : tensor<1x4x8x8xf32>, tensor<16x4x1x1xf32>) outs(%init : tensor<1x16x8x8xf32>) -> tensor<1x16x8x8xf32>
  return %0 : tensor<1x16x8x8xf32>
}

// 1-d and 3-d convolutions, a grouped convolution.
// CHECK-LABEL: oro.workload @conv_nd_workload(
// CHECK:         einsum "conv_1d" [p = 10, r = 3] ins(%{{.*}}[p + r], %{{.*}}[r]) outs[p]
// CHECK:         einsum "conv_1d_nwc_wcf" [n = 1, p = 10, f = 8, r = 3, c = 4]
// CHECK-SAME:      ins(%{{.*}}[n, p + r, c], %{{.*}}[r, c, f]) outs[n, p, f]
// CHECK:         einsum "conv_3d_ndhwc_dhwcf" [n = 1, z = 6, p = 8, q = 8, f = 16, t = 3, r = 3, s = 3, c = 4]
// CHECK-SAME:      ins(%{{.*}}[n, z + t, p + r, q + s, c], %{{.*}}[t, r, s, c, f]) outs[n, z, p, q, f]
// CHECK:         einsum "conv_2d_ngchw_gfchw" [n = 1, g = 2, f = 8, p = 8, q = 8, c = 4, r = 3, s = 3]
// CHECK-SAME:      ins(%{{.*}}[n, g, c, p + r, q + s], %{{.*}}[g, f, c, r, s]) outs[n, g, f, p, q]
func.func @conv_nd(%x1: tensor<12xf32>, %w1: tensor<3xf32>,
                   %xn: tensor<1x12x4xf32>, %wn: tensor<3x4x8xf32>,
                   %x3: tensor<1x8x10x10x4xf32>, %w3: tensor<3x3x3x4x16xf32>,
                   %xg: tensor<1x2x4x10x10xf32>, %wg: tensor<2x8x4x3x3xf32>)
    -> (tensor<10xf32>, tensor<1x10x8xf32>, tensor<1x6x8x8x16xf32>, tensor<1x2x8x8x8xf32>) {
  %e1 = tensor.empty() : tensor<10xf32>
  %0 = linalg.conv_1d ins(%x1, %w1 : tensor<12xf32>, tensor<3xf32>) outs(%e1 : tensor<10xf32>) -> tensor<10xf32>
  %en = tensor.empty() : tensor<1x10x8xf32>
  %1 = linalg.conv_1d_nwc_wcf {dilations = dense<1> : tensor<1xi64>, strides = dense<1> : tensor<1xi64>}
         ins(%xn, %wn : tensor<1x12x4xf32>, tensor<3x4x8xf32>) outs(%en : tensor<1x10x8xf32>) -> tensor<1x10x8xf32>
  %e3 = tensor.empty() : tensor<1x6x8x8x16xf32>
  %2 = linalg.conv_3d_ndhwc_dhwcf ins(%x3, %w3 : tensor<1x8x10x10x4xf32>, tensor<3x3x3x4x16xf32>)
         outs(%e3 : tensor<1x6x8x8x16xf32>) -> tensor<1x6x8x8x16xf32>
  %eg = tensor.empty() : tensor<1x2x8x8x8xf32>
  %3 = linalg.conv_2d_ngchw_gfchw ins(%xg, %wg : tensor<1x2x4x10x10xf32>, tensor<2x8x4x3x3xf32>)
         outs(%eg : tensor<1x2x8x8x8xf32>) -> tensor<1x2x8x8x8xf32>
  return %0, %1, %2, %3 : tensor<10xf32>, tensor<1x10x8xf32>, tensor<1x6x8x8x16xf32>, tensor<1x2x8x8x8xf32>
}

// Depthwise: the channel indexes input, filter and output.
// CHECK-LABEL: oro.workload @depthwise_workload(
// CHECK-SAME:      %[[XH:arg0]]: tensor<1x10x10x4xf32>
// CHECK-SAME:      %[[WH:arg1]]: tensor<3x3x4xf32> {oro.name = "arg1", oro.weight}
// CHECK-SAME:      %[[XC:arg2]]: tensor<1x4x10x10xf32>
// CHECK-SAME:      %[[WC:arg3]]: tensor<4x3x3xf32> {oro.name = "arg3", oro.weight}
// CHECK-SAME:      %[[WM:arg4]]: tensor<3x3x4x2xf32> {oro.name = "arg4", oro.weight}
// CHECK:         einsum "depthwise_conv_2d_nhwc_hwc" [n = 1, p = 8, q = 8, c = 4, r = 3, s = 3]
// CHECK-SAME:      ins(%[[XH]][n, p + r, q + s, c], %[[WH]][r, s, c]) outs[n, p, q, c]
// CHECK:         einsum "depthwise_conv_2d_nchw_chw" [n = 1, p = 4, q = 4, c = 4, r = 3, s = 3]
// CHECK-SAME:      ins(%[[XC]][n, c, 2*p + r, 2*q + s], %[[WC]][c, r, s]) outs[n, c, p, q]
// CHECK:         einsum "depthwise_conv_2d_nhwc_hwcm" [n = 1, p = 8, q = 8, c = 4, m = 2, r = 3, s = 3]
// CHECK-SAME:      ins(%[[XH]][n, p + r, q + s, c], %[[WM]][r, s, c, m]) outs[n, p, q, c, m]
func.func @depthwise(%xh: tensor<1x10x10x4xf32>, %wh: tensor<3x3x4xf32>,
                     %xc: tensor<1x4x10x10xf32>, %wc: tensor<4x3x3xf32>, %wm: tensor<3x3x4x2xf32>)
    -> (tensor<1x8x8x4xf32>, tensor<1x4x4x4xf32>, tensor<1x8x8x4x2xf32>) {
  %e = tensor.empty() : tensor<1x8x8x4xf32>
  %0 = linalg.depthwise_conv_2d_nhwc_hwc ins(%xh, %wh : tensor<1x10x10x4xf32>, tensor<3x3x4xf32>)
         outs(%e : tensor<1x8x8x4xf32>) -> tensor<1x8x8x4xf32>
  %ec = tensor.empty() : tensor<1x4x4x4xf32>
  %1 = linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
         ins(%xc, %wc : tensor<1x4x10x10xf32>, tensor<4x3x3xf32>) outs(%ec : tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %em = tensor.empty() : tensor<1x8x8x4x2xf32>
  %2 = linalg.depthwise_conv_2d_nhwc_hwcm ins(%xh, %wm : tensor<1x10x10x4xf32>, tensor<3x3x4x2xf32>)
         outs(%em : tensor<1x8x8x4x2xf32>) -> tensor<1x8x8x4x2xf32>
  return %0, %1, %2 : tensor<1x8x8x4xf32>, tensor<1x4x4x4xf32>, tensor<1x8x8x4x2xf32>
}

// Pooling: the window operand is not an input; the channel is named c.
// CHECK-LABEL: oro.workload @pooling_workload(
// CHECK-SAME:      %[[XH:arg0]]: tensor<1x10x10x4xf32> {oro.name = "arg0"}
// CHECK-SAME:      %[[XC:arg1]]: tensor<1x4x10x10xf32> {oro.name = "arg1"}
// CHECK:         einsum "pooling_nhwc_max" [n = 1, p = 5, q = 5, c = 4, r = 2, s = 2]
// CHECK-SAME:      ins(%[[XH]][n, 2*p + r, 2*q + s, c]) outs[n, p, q, c]
// CHECK-SAME:      : (tensor<1x10x10x4xf32>) -> tensor<1x5x5x4xf32>
// CHECK:         einsum "pooling_nhwc_sum" [n = 1, p = 9, q = 9, c = 4, r = 2, s = 2]
// CHECK-SAME:      ins(%[[XH]][n, p + r, q + s, c]) outs[n, p, q, c]
// CHECK:         einsum "pooling_nchw_max" [n = 1, c = 4, p = 5, q = 5, r = 2, s = 2]
// CHECK-SAME:      ins(%[[XC]][n, c, 2*p + r, 2*q + s]) outs[n, c, p, q]
// CHECK:         einsum "pooling_nchw_sum" [n = 1, c = 4, p = 8, q = 8, r = 2, s = 2]
// CHECK-SAME:      ins(%[[XC]][n, c, p + 2*r, q + 2*s]) outs[n, c, p, q]
func.func @pooling(%xh: tensor<1x10x10x4xf32>, %xc: tensor<1x4x10x10xf32>)
    -> (tensor<1x5x5x4xf32>, tensor<1x9x9x4xf32>, tensor<1x4x5x5xf32>, tensor<1x4x8x8xf32>) {
  %win = tensor.empty() : tensor<2x2xf32>
  %ninf = arith.constant 0xFF800000 : f32
  %zero = arith.constant 0.0 : f32
  %e0 = tensor.empty() : tensor<1x5x5x4xf32>
  %f0 = linalg.fill ins(%ninf : f32) outs(%e0 : tensor<1x5x5x4xf32>) -> tensor<1x5x5x4xf32>
  %0 = linalg.pooling_nhwc_max {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>}
         ins(%xh, %win : tensor<1x10x10x4xf32>, tensor<2x2xf32>) outs(%f0 : tensor<1x5x5x4xf32>) -> tensor<1x5x5x4xf32>
  %e1 = tensor.empty() : tensor<1x9x9x4xf32>
  %f1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<1x9x9x4xf32>) -> tensor<1x9x9x4xf32>
  %1 = linalg.pooling_nhwc_sum ins(%xh, %win : tensor<1x10x10x4xf32>, tensor<2x2xf32>)
         outs(%f1 : tensor<1x9x9x4xf32>) -> tensor<1x9x9x4xf32>
  %e2 = tensor.empty() : tensor<1x4x5x5xf32>
  %2 = linalg.pooling_nchw_max {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>}
         ins(%xc, %win : tensor<1x4x10x10xf32>, tensor<2x2xf32>) outs(%e2 : tensor<1x4x5x5xf32>) -> tensor<1x4x5x5xf32>
  %e3 = tensor.empty() : tensor<1x4x8x8xf32>
  %3 = linalg.pooling_nchw_sum {dilations = dense<2> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
         ins(%xc, %win : tensor<1x4x10x10xf32>, tensor<2x2xf32>) outs(%e3 : tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  return %0, %1, %2, %3 : tensor<1x5x5x4xf32>, tensor<1x9x9x4xf32>, tensor<1x4x5x5xf32>, tensor<1x4x8x8xf32>
}
