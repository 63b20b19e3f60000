// RUN: oro-opt %s -split-input-file --convert-linalg-to-oro | FileCheck %s
// RUN: oro-opt %s -split-input-file --convert-linalg-to-oro | oro-opt | FileCheck %s

// Padding copies. A `tensor.insert_slice` into initialization (tensor.empty,
// linalg.fill, a splat constant) and a `tensor.pad` with a constant padding
// value become an einsum over the source's shape that writes the source at
// the offsets (the low padding) of a larger tensor whose rest is
// initialization: `outs[n, c, h + 1, w + 1]`. Consumers read the padded
// tensor, so a convolution with padding=1 reads it at `p + r`.

// The IREE/upstream decomposition of tensor.pad: fill, then insert_slice.
// CHECK-LABEL: func.func @insert_into_fill(
// CHECK:         tensor.insert_slice {{.*}} {oro.einsum = "pad"}
// CHECK-LABEL: oro.workload @insert_into_fill_workload(
// CHECK-SAME:      %[[X:arg0]]: tensor<1x3x8x8xf32>
// CHECK-SAME:      %[[W:arg1]]: tensor<4x3x3x3xf32> {oro.name = "arg1", oro.weight}
// CHECK:         %[[PAD:.*]] = einsum "pad" [n = 1, c = 3, h = 8, w = 8] ins(%[[X]][n, c, h, w]) outs[n, c, h + 1, w + 1]
// CHECK-SAME:      : (tensor<1x3x8x8xf32>) -> tensor<1x3x10x10xf32>
// CHECK:         %[[CONV:.*]] = einsum "conv_2d_nchw_fchw" [n = 1, f = 4, p = 8, q = 8, c = 3, r = 3, s = 3]
// CHECK-SAME:      ins(%[[PAD]][n, c, p + r, q + s], %[[W]][f, c, r, s]) outs[n, f, p, q]
// CHECK:         yield %[[CONV]]
func.func @insert_into_fill(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32> {
  %zero = arith.constant 0.0 : f32
  %e10 = tensor.empty() : tensor<1x3x10x10xf32>
  %z10 = linalg.fill ins(%zero : f32) outs(%e10 : tensor<1x3x10x10xf32>) -> tensor<1x3x10x10xf32>
  %p = tensor.insert_slice %x into %z10[0, 0, 1, 1] [1, 3, 8, 8] [1, 1, 1, 1] : tensor<1x3x8x8xf32> into tensor<1x3x10x10xf32>
  %e = tensor.empty() : tensor<1x4x8x8xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  %c = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
         ins(%p, %w : tensor<1x3x10x10xf32>, tensor<4x3x3x3xf32>) outs(%z : tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  return %c : tensor<1x4x8x8xf32>
}

// -----

// Into tensor.empty (the border is undefined, still not traffic). An NHWC
// tensor padded in its middle dimensions gets `n, h, w, c`; asymmetric
// padding is fine as long as some offset is non-zero.
// CHECK-LABEL: oro.workload @insert_into_empty_workload(
// CHECK:         %[[PAD:.*]] = einsum "pad" [n = 2, h = 5, w = 6, c = 3] ins(%arg0[n, h, w, c]) outs[n, h + 2, w + 1, c]
// CHECK-SAME:      : (tensor<2x5x6x3xbf16>) -> tensor<2x8x8x3xbf16>
// CHECK:         yield %[[PAD]]
func.func @insert_into_empty(%x: tensor<2x5x6x3xbf16>) -> tensor<2x8x8x3xbf16> {
  %e = tensor.empty() : tensor<2x8x8x3xbf16>
  %p = tensor.insert_slice %x into %e[0, 2, 1, 0] [2, 5, 6, 3] [1, 1, 1, 1] : tensor<2x5x6x3xbf16> into tensor<2x8x8x3xbf16>
  return %p : tensor<2x8x8x3xbf16>
}

// -----

// torch-mlir's lowering of a conv2d with padding=1: tensor.pad with a zero
// constant, a bias broadcast as the init, then the convolution.
// CHECK-LABEL: func.func @torch_conv_pad(
// CHECK:         tensor.pad
// CHECK:         } {oro.einsum = "pad"} : tensor<1x3x16x16xf32> to tensor<1x3x18x18xf32>
// CHECK-LABEL: oro.workload @torch_conv_pad_workload(
// CHECK-SAME:      %[[X:arg0]]: tensor<1x3x16x16xf32>
// CHECK-SAME:      %[[W:arg1]]: tensor<8x3x3x3xf32> {oro.name = "arg1", oro.weight}
// CHECK-SAME:      %[[B:arg2]]: tensor<8xf32>
// CHECK:         %[[PAD:.*]] = einsum "pad" [n = 1, c = 3, h = 16, w = 16] ins(%[[X]][n, c, h, w]) outs[n, c, h + 1, w + 1]
// CHECK-SAME:      : (tensor<1x3x16x16xf32>) -> tensor<1x3x18x18xf32>
// CHECK:         %[[INIT:.*]] = einsum "broadcast" {{.*}} ins(%[[B]][d1])
// CHECK:         einsum "conv_2d_nchw_fchw" [n = 1, f = 8, p = 8, q = 8, c = 3, r = 3, s = 3]
// CHECK-SAME:      ins(%[[PAD]][n, c, 2*p + r, 2*q + s], %[[W]][f, c, r, s], %[[INIT]][n, f, p, q]) outs[n, f, p, q]
func.func @torch_conv_pad(%x: tensor<1x3x16x16xf32>, %w: tensor<8x3x3x3xf32>, %b: tensor<8xf32>) -> tensor<1x8x8x8xf32> {
  %cst = arith.constant 0.000000e+00 : f32
  %padded = tensor.pad %x low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%i0: index, %i1: index, %i2: index, %i3: index):
    tensor.yield %cst : f32
  } : tensor<1x3x16x16xf32> to tensor<1x3x18x18xf32>
  %e = tensor.empty() : tensor<1x8x8x8xf32>
  %init = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d1)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>],
                          iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%b : tensor<8xf32>) outs(%e : tensor<1x8x8x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x8x8x8xf32>
  %c = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>}
         ins(%padded, %w : tensor<1x3x18x18xf32>, tensor<8x3x3x3xf32>) outs(%init : tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32>
  return %c : tensor<1x8x8x8xf32>
}

// -----

// A padding value defined outside the region (a scalar argument) is the same
// everywhere, like the scalar of a linalg.fill: initialization too. Labels
// are unique; a NameLoc names the einsum. A pad of a splat constant reads the
// constant. Dimensions padded other than an obvious layout get `d<i>`.
// CHECK-LABEL: oro.workload @labels_workload(
// CHECK:         %[[P:.*]] = einsum "pad" [d0 = 4, d1 = 6] ins(%arg0[d0, d1]) outs[d0 + 2, d1]
// CHECK:         %[[P1:.*]] = einsum "pad_1" [d0 = 6, d1 = 6] ins(%[[P]][d0, d1]) outs[d0 + 1, d1 + 3]
// CHECK:         %[[Q:.*]] = einsum "front_pad" [d0 = 4] ins(%arg1[d0]) outs[d0 + 1]
// CHECK:         %[[K:.*]] = constant "cst" : tensor<4xf32>
// CHECK:         %[[S:.*]] = einsum "pad_2" [d0 = 4] ins(%[[K]][d0]) outs[d0 + 2]
// CHECK:         yield %[[P1]], %[[Q]], %[[S]]
func.func @labels(%a: tensor<4x6xf32>, %b: tensor<4xf32>, %v: f32) -> (tensor<7x9xf32>, tensor<6xf32>, tensor<6xf32>) {
  %0 = tensor.pad %a low[2, 0] high[0, 0] {
  ^bb0(%i: index, %j: index):
    tensor.yield %v : f32
  } : tensor<4x6xf32> to tensor<6x6xf32>
  %1 = tensor.pad %0 low[1, 3] high[0, 0] {
  ^bb0(%i: index, %j: index):
    tensor.yield %v : f32
  } : tensor<6x6xf32> to tensor<7x9xf32>
  %e = tensor.empty() : tensor<6xf32>
  %2 = tensor.insert_slice %b into %e[1] [4] [1] : tensor<4xf32> into tensor<6xf32> loc("front_pad")
  %k = arith.constant dense<1.0> : tensor<4xf32>
  %3 = tensor.insert_slice %k into %e[2] [4] [1] : tensor<4xf32> into tensor<6xf32>
  return %1, %2, %3 : tensor<7x9xf32>, tensor<6xf32>, tensor<6xf32>
}

// -----

// A rank-reducing insert writes the dimensions the source lacks at their
// offset (a constant output dimension); into a splat constant, which is
// initialization.
// CHECK-LABEL: oro.workload @rank_reducing_workload(
// CHECK:         einsum "pad" [d0 = 4, d1 = 4] ins(%arg0[d0, d1]) outs[1, d0 + 1, d1 + 1]
// CHECK-SAME:      : (tensor<4x4xf16>) -> tensor<3x6x6xf16>
func.func @rank_reducing(%a: tensor<4x4xf16>) -> tensor<3x6x6xf16> {
  %z = arith.constant dense<0.0> : tensor<3x6x6xf16>
  %0 = tensor.insert_slice %a into %z[1, 1, 1] [1, 4, 4] [1, 1, 1] : tensor<4x4xf16> into tensor<3x6x6xf16>
  return %0 : tensor<3x6x6xf16>
}

// -----

// Views between producer and pad are composed into the pad's projection; an
// insert covering its whole (initialized) destination is a plain copy.
// CHECK-LABEL: oro.workload @views_workload(
// CHECK:         %[[E:.*]] = einsum "exp" [d0 = 8] ins(%arg0[d0]) outs[d0]
// CHECK:         %[[P:.*]] = einsum "pad" [d0 = 2, d1 = 4] ins(%[[E]][4*d0 + d1]) outs[d0 + 1, d1 + 1]
// CHECK-SAME:      : (tensor<8xf32>) -> tensor<4x6xf32>
// CHECK:         %[[C:.*]] = einsum "copy" [d0 = 4, d1 = 6] ins(%[[P]][d0, d1]) outs[d0, d1]
// CHECK:         yield %[[C]]
func.func @views(%a: tensor<8xf32>) -> tensor<4x6xf32> {
  %e8 = tensor.empty() : tensor<8xf32>
  %0 = linalg.exp ins(%a : tensor<8xf32>) outs(%e8 : tensor<8xf32>) -> tensor<8xf32>
  %1 = tensor.expand_shape %0 [[0, 1]] output_shape [2, 4] : tensor<8xf32> into tensor<2x4xf32>
  %z = arith.constant 0.0 : f32
  %2 = tensor.pad %1 low[1, 1] high[1, 1] {
  ^bb0(%i: index, %j: index):
    tensor.yield %z : f32
  } : tensor<2x4xf32> to tensor<4x6xf32>
  %e = tensor.empty() : tensor<4x6xf32>
  %3 = tensor.insert_slice %2 into %e[0, 0] [4, 6] [1, 1] : tensor<4x6xf32> into tensor<4x6xf32>
  return %3 : tensor<4x6xf32>
}

// -----

// Reading a collapsed dimension splits the rank; an unpadded dimension may be
// split (the einsum writes the expanded tensor and consumers read through the
// collapse), a padded one may not (see pad-invalid.mlir).
// CHECK-LABEL: oro.workload @split_workload(
// CHECK:         %[[E:.*]] = einsum "exp" [d0 = 2, d1 = 3, d2 = 4] ins(%arg0[d0, d1, d2]) outs[d0, d1, d2]
// CHECK:         %[[P:.*]] = einsum "pad" [d0_0 = 2, d0_1 = 3, d1 = 4] ins(%[[E]][d0_0, d0_1, d1]) outs[d0_0, d0_1, d1 + 1]
// CHECK-SAME:      : (tensor<2x3x4xf32>) -> tensor<2x3x6xf32>
// CHECK:         %[[X:.*]] = einsum "exp_1" [d0_0 = 2, d0_1 = 3, d1 = 6] ins(%[[P]][d0_0, d0_1, d1]) outs[d0_0, d0_1, d1]
// CHECK:         yield %[[X]] : tensor<2x3x6xf32>
func.func @split(%a: tensor<2x3x4xf32>) -> tensor<6x6xf32> {
  %e = tensor.empty() : tensor<2x3x4xf32>
  %0 = linalg.exp ins(%a : tensor<2x3x4xf32>) outs(%e : tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %1 = tensor.collapse_shape %0 [[0, 1], [2]] : tensor<2x3x4xf32> into tensor<6x4xf32>
  %z = arith.constant 0.0 : f32
  %2 = tensor.pad %1 low[0, 1] high[0, 1] {
  ^bb0(%i: index, %j: index):
    tensor.yield %z : f32
  } : tensor<6x4xf32> to tensor<6x6xf32>
  %e6 = tensor.empty() : tensor<6x6xf32>
  %3 = linalg.exp ins(%2 : tensor<6x6xf32>) outs(%e6 : tensor<6x6xf32>) -> tensor<6x6xf32>
  return %3 : tensor<6x6xf32>
}

// -----

// Moving initialization around is initialization: no einsum, and a consumer
// does not read it.
// CHECK-LABEL: oro.workload @init_only_workload(
// CHECK-NOT:     einsum "pad"
// CHECK:         einsum "matmul" [m = 4, n = 4, k = 6] ins(%arg0[m, k]) outs[m, n]
func.func @init_only(%a: tensor<4x6xf32>) -> tensor<4x4xf32> {
  %zero = arith.constant 0.0 : f32
  %e4 = tensor.empty() : tensor<4x4xf32>
  %z4 = linalg.fill ins(%zero : f32) outs(%e4 : tensor<4x4xf32>) -> tensor<4x4xf32>
  %e6 = tensor.empty() : tensor<6x4xf32>
  %z6 = linalg.fill ins(%zero : f32) outs(%e6 : tensor<6x4xf32>) -> tensor<6x4xf32>
  %b = tensor.insert_slice %z4 into %z6[1, 0] [4, 4] [1, 1] : tensor<4x4xf32> into tensor<6x4xf32>
  %c = linalg.matmul ins(%a, %b : tensor<4x6xf32>, tensor<6x4xf32>) outs(%z4 : tensor<4x4xf32>) -> tensor<4x4xf32>
  return %c : tensor<4x4xf32>
}
