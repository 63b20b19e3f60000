// RUN: oro-opt %s -split-input-file --convert-linalg-to-oro | FileCheck %s

// Partial writes: an einsum output that covers part of its tensor, the rest
// being initialization. TF's "SAME" padding of an even input at stride 2
// pads the high end only (low = 0), written without an offset; an
// insert_slice at offset 0 or at any static offset into a filled tensor.

// CHECK-LABEL: oro.workload @tf_same_workload(
// CHECK-SAME:      %[[X:arg0]]: tensor<1x8x8x4xf32> {oro.name = "arg0"}
// CHECK-SAME:      %[[W:arg1]]: tensor<3x3x4x8xf32> {oro.name = "arg1", oro.weight}
// CHECK-NEXT:    %[[P:.*]] = einsum "pad" [n = 1, h = 8, w = 8, c = 4] ins(%[[X]][n, h, w, c]) outs[n, h, w, c] : (tensor<1x8x8x4xf32>) -> tensor<1x9x9x4xf32>
// CHECK-NEXT:    %[[C:.*]] = einsum "conv_2d_nhwc_hwcf" [n = 1, p = 4, q = 4, f = 8, r = 3, s = 3, c = 4] ins(%[[P]][n, 2*p + r, 2*q + s, c], %[[W]][r, s, c, f]) outs[n, p, q, f]
// CHECK-NEXT:    yield %[[C]]
func.func @tf_same(%arg0: tensor<1x8x8x4xf32>, %arg1: tensor<3x3x4x8xf32>) -> tensor<1x4x4x8xf32> {
  %cst = arith.constant 0.000000e+00 : f32
  %padded = tensor.pad %arg0 low[0, 0, 0, 0] high[0, 1, 1, 0] {
  ^bb0(%arg2: index, %arg3: index, %arg4: index, %arg5: index):
    tensor.yield %cst : f32
  } : tensor<1x8x8x4xf32> to tensor<1x9x9x4xf32>
  %0 = tensor.empty() : tensor<1x4x4x8xf32>
  %1 = linalg.fill ins(%cst : f32) outs(%0 : tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  %2 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%padded, %arg1 : tensor<1x9x9x4xf32>, tensor<3x3x4x8xf32>) outs(%1 : tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  return %2 : tensor<1x4x4x8xf32>
}

// -----

// CHECK-LABEL: oro.workload @insert_at_zero_workload(
// CHECK-SAME:      %[[A:arg0]]: tensor<6x5xf32> {oro.name = "arg0"}
// CHECK-NEXT:    %[[I:.*]] = einsum "pad" [d0 = 6, d1 = 5] ins(%[[A]][d0, d1]) outs[d0, d1] : (tensor<6x5xf32>) -> tensor<8x8xf32>
// CHECK-NEXT:    %[[E:.*]] = einsum "exp" [d0 = 8, d1 = 8] ins(%[[I]][d0, d1]) outs[d0, d1]
func.func @insert_at_zero(%a: tensor<6x5xf32>) -> tensor<8x8xf32> {
  %cst = arith.constant 0.000000e+00 : f32
  %0 = tensor.empty() : tensor<8x8xf32>
  %1 = linalg.fill ins(%cst : f32) outs(%0 : tensor<8x8xf32>) -> tensor<8x8xf32>
  %inserted = tensor.insert_slice %a into %1[0, 0] [6, 5] [1, 1] : tensor<6x5xf32> into tensor<8x8xf32>
  %2 = linalg.exp ins(%inserted : tensor<8x8xf32>) outs(%0 : tensor<8x8xf32>) -> tensor<8x8xf32>
  return %2 : tensor<8x8xf32>
}

// -----

// CHECK-LABEL: oro.workload @insert_at_offset_workload(
// CHECK-SAME:      %[[A:arg0]]: tensor<6x5xf32> {oro.name = "arg0"}
// CHECK-NEXT:    %[[I:.*]] = einsum "pad" [d0 = 6, d1 = 5] ins(%[[A]][d0, d1]) outs[d0 + 1, d1 + 3] : (tensor<6x5xf32>) -> tensor<8x8xf32>
func.func @insert_at_offset(%a: tensor<6x5xf32>) -> tensor<8x8xf32> {
  %cst = arith.constant 0.000000e+00 : f32
  %0 = tensor.empty() : tensor<8x8xf32>
  %1 = linalg.fill ins(%cst : f32) outs(%0 : tensor<8x8xf32>) -> tensor<8x8xf32>
  %inserted = tensor.insert_slice %a into %1[1, 3] [6, 5] [1, 1] : tensor<6x5xf32> into tensor<8x8xf32>
  return %inserted : tensor<8x8xf32>
}
