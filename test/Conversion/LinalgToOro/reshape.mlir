// RUN: oro-opt %s --convert-linalg-to-oro | FileCheck %s
// RUN: oro-opt %s --convert-linalg-to-oro | oro-opt | FileCheck %s

// Views between producer and consumer never cut the dataflow graph: they are
// composed into the consumer's projection onto the viewed tensor.

// expand_shape is affine: source index = sum of expanded index * stride.
// CHECK-LABEL: oro.workload @expand_workload(
// CHECK-SAME:      %[[X:arg0]]: tensor<8x64xf32>
// CHECK:         %[[E:.*]] = einsum "exp" [d0 = 8, d1 = 64]
// CHECK:         einsum "transpose" [d0 = 4, d1 = 8, d2 = 16] ins(%[[E]][d1, 16*d0 + d2]) outs[d0, d1, d2]
// CHECK-SAME:      : (tensor<8x64xf32>) -> tensor<4x8x16xf32>
func.func @expand(%x: tensor<8x64xf32>) -> tensor<4x8x16xf32> {
  %e = tensor.empty() : tensor<8x64xf32>
  %0 = linalg.exp ins(%x : tensor<8x64xf32>) outs(%e : tensor<8x64xf32>) -> tensor<8x64xf32>
  %1 = tensor.expand_shape %0 [[0], [1, 2]] output_shape [8, 4, 16] : tensor<8x64xf32> into tensor<8x4x16xf32>
  %et = tensor.empty() : tensor<4x8x16xf32>
  %2 = linalg.transpose ins(%1 : tensor<8x4x16xf32>) outs(%et : tensor<4x8x16xf32>) permutation = [1, 0, 2]
  return %2 : tensor<4x8x16xf32>
}

// collapse_shape is not affine: the reduction rank k (4*16) that reads the
// collapsed dimension is split into k_0 (4) and k_1 (16), in every access.
// CHECK-LABEL: oro.workload @collapse_workload(
// CHECK-SAME:      %[[H:arg0]]: tensor<8x4x16xf32>
// CHECK-SAME:      %[[W:arg1]]: tensor<64x32xf32> {oro.name = "arg1", oro.weight}
// CHECK:         %[[T:.*]] = einsum "transpose" [d0 = 8, d1 = 4, d2 = 16]
// CHECK:         einsum "matmul" [m = 8, n = 32, k_0 = 4, k_1 = 16]
// CHECK-SAME:      ins(%[[T]][m, k_0, k_1], %[[W]][16*k_0 + k_1, n]) outs[m, n]
// CHECK-SAME:      : (tensor<8x4x16xf32>, tensor<64x32xf32>) -> tensor<8x32xf32>
func.func @collapse(%h: tensor<8x4x16xf32>, %w: tensor<64x32xf32>) -> tensor<8x32xf32> {
  %et = tensor.empty() : tensor<8x4x16xf32>
  %t = linalg.transpose ins(%h : tensor<8x4x16xf32>) outs(%et : tensor<8x4x16xf32>) permutation = [0, 1, 2]
  %c = tensor.collapse_shape %t [[0], [1, 2]] : tensor<8x4x16xf32> into tensor<8x64xf32>
  %e = tensor.empty() : tensor<8x32xf32>
  %0 = linalg.matmul ins(%c, %w : tensor<8x64xf32>, tensor<64x32xf32>) outs(%e : tensor<8x32xf32>) -> tensor<8x32xf32>
  return %0 : tensor<8x32xf32>
}

// Unit dimensions collapse to the constant 0; an expand followed by the
// collapse that undoes it needs no split.
// CHECK-LABEL: oro.workload @unit_and_roundtrip_workload(
// CHECK-SAME:      %[[X:arg0]]: tensor<1x8x64xf32>
// CHECK:         %[[E:.*]] = einsum "exp" [d0 = 8, d1 = 64] ins(%[[X]][0, d0, d1]) outs[d0, d1]
// CHECK:         einsum "exp_1" [d0 = 8, d1 = 64] ins(%[[E]][d0, d1]) outs[d0, d1]
func.func @unit_and_roundtrip(%x: tensor<1x8x64xf32>) -> tensor<8x64xf32> {
  %c = tensor.collapse_shape %x [[0, 1], [2]] : tensor<1x8x64xf32> into tensor<8x64xf32>
  %e = tensor.empty() : tensor<8x64xf32>
  %0 = linalg.exp ins(%c : tensor<8x64xf32>) outs(%e : tensor<8x64xf32>) -> tensor<8x64xf32>
  %1 = tensor.expand_shape %0 [[0], [1, 2]] output_shape [8, 4, 16] : tensor<8x64xf32> into tensor<8x4x16xf32>
  %2 = tensor.collapse_shape %1 [[0], [1, 2]] : tensor<8x4x16xf32> into tensor<8x64xf32>
  %3 = linalg.exp ins(%2 : tensor<8x64xf32>) outs(%e : tensor<8x64xf32>) -> tensor<8x64xf32>
  return %3 : tensor<8x64xf32>
}

// Static extract_slice: index = offset + stride * index; a rank-reducing
// slice reads the dropped dimension at its offset. tensor.cast changes
// nothing.
// CHECK-LABEL: oro.workload @slice_and_cast_workload(
// CHECK-SAME:      %[[A:act]]: tensor<8x16xf32> {oro.name = "act"}
// CHECK-SAME:      %[[B:arg1]]: tensor<4x4xf32>
// CHECK:         einsum "mulf" [d0 = 4, d1 = 4] ins(%[[A]][2, 3*d1 + 1], %[[B]][d0, d1]) outs[d0, d1]
func.func @slice_and_cast(%a: tensor<8x16xf32> loc("act"), %b: tensor<4x4xf32>) -> tensor<4x4xf32> {
  %s = tensor.extract_slice %a[2, 1] [1, 4] [1, 3] : tensor<8x16xf32> to tensor<4xf32>
  %c = tensor.cast %b : tensor<4x4xf32> to tensor<4x4xf32>
  %e = tensor.empty() : tensor<4x4xf32>
  %0 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>,
                                        affine_map<(d0, d1) -> (d0, d1)>],
                       iterator_types = ["parallel", "parallel"]}
      ins(%s, %c : tensor<4xf32>, tensor<4x4xf32>) outs(%e : tensor<4x4xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %m = arith.mulf %x, %y : f32
    linalg.yield %m : f32
  } -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// A rank of the output that reads a collapsed dimension is split too: the
// einsum then writes the expanded tensor (4x8 instead of 32), and its
// consumers read through that collapse. A function result that is a reshape
// of an einsum output yields the einsum output itself.
// CHECK-LABEL: oro.workload @split_output_workload(
// CHECK-SAME:      %[[A:arg0]]: tensor<4x8xf32>
// CHECK-SAME:      %[[B:arg1]]: tensor<32xf32>
// CHECK-SAME:      -> (tensor<4x8xf32>, tensor<2x2x8xf32>)
// CHECK:         %[[ADD:.*]] = einsum "add" [d0_0 = 4, d0_1 = 8]
// CHECK-SAME:      ins(%[[A]][d0_0, d0_1], %[[B]][8*d0_0 + d0_1]) outs[d0_0, d0_1]
// CHECK-SAME:      -> tensor<4x8xf32>
// CHECK:         %[[EXP:.*]] = einsum "exp" [d0 = 2, d1_0 = 2, d1_1 = 8]
// CHECK-SAME:      ins(%[[ADD]][2*d0 + d1_0, d1_1]) outs[d0, d1_0, d1_1]
// CHECK-SAME:      : (tensor<4x8xf32>) -> tensor<2x2x8xf32>
// CHECK:         yield %[[ADD]], %[[EXP]] : tensor<4x8xf32>, tensor<2x2x8xf32>
func.func @split_output(%a: tensor<4x8xf32>, %b: tensor<32xf32>) -> (tensor<2x16xf32>, tensor<2x16xf32>) {
  %c = tensor.collapse_shape %a [[0, 1]] : tensor<4x8xf32> into tensor<32xf32>
  %e = tensor.empty() : tensor<32xf32>
  %0 = linalg.add ins(%c, %b : tensor<32xf32>, tensor<32xf32>) outs(%e : tensor<32xf32>) -> tensor<32xf32>
  %1 = tensor.expand_shape %0 [[0, 1]] output_shape [2, 16] : tensor<32xf32> into tensor<2x16xf32>
  %e2 = tensor.empty() : tensor<2x16xf32>
  %2 = linalg.exp ins(%1 : tensor<2x16xf32>) outs(%e2 : tensor<2x16xf32>) -> tensor<2x16xf32>
  return %1, %2 : tensor<2x16xf32>, tensor<2x16xf32>
}
