// RUN: oro-opt %s -split-input-file --convert-linalg-to-oro | FileCheck %s
// RUN: oro-opt %s -split-input-file --convert-linalg-to-oro | oro-opt -split-input-file | FileCheck %s

// Concatenation: one tensor, several writers (docs/FrontEnds.md,
// "Concatenation"). Each part that is not initialization is copied by an
// einsum that reads it in full and writes its box of the concatenated tensor
// (`outs[d0, d1 + 8]`); the einsums are labelled `concat`. oro's core gives
// a tensor one producer, so readers read the last writer's result, and a
// concatenation with two or more writers is also yielded by the workload
// (materialized: the fused search never keeps it on chip with its last
// writer alone). Errors: pad-invalid.mlir.

// torch.cat as torch-mlir wrote it before tensor.concat: tensor.empty, then
// one insert_slice per part, each into the previous one.
// CHECK-LABEL: func.func @cat_inserts(
// CHECK:         tensor.insert_slice {{.*}} {oro.einsum = "concat"}
// CHECK:         tensor.insert_slice {{.*}} {oro.einsum = "concat_1"}
// CHECK-LABEL: oro.workload @cat_inserts_workload(
// CHECK-SAME:      %[[A:arg0]]: tensor<4x8xf32> {oro.name = "arg0"}
// CHECK-SAME:      %[[B:arg1]]: tensor<4x8xf32> {oro.name = "arg1"}
// CHECK-SAME:      -> (tensor<4x16xf32>, tensor<4x16xf32>)
// CHECK-NEXT:    %[[P0:.*]] = einsum "concat" [d0 = 4, d1 = 8] ins(%[[A]][d0, d1]) outs[d0, d1] : (tensor<4x8xf32>) -> tensor<4x16xf32>
// CHECK-NEXT:    %[[P1:.*]] = einsum "concat_1" [d0 = 4, d1 = 8] ins(%[[B]][d0, d1]) outs[d0, d1 + 8] : (tensor<4x8xf32>) -> tensor<4x16xf32>
// CHECK-NEXT:    %[[E:.*]] = einsum "exp" [d0 = 4, d1 = 16] ins(%[[P1]][d0, d1]) outs[d0, d1]
// CHECK-NEXT:    yield %[[E]], %[[P1]] : tensor<4x16xf32>, tensor<4x16xf32>
func.func @cat_inserts(%a: tensor<4x8xf32>, %b: tensor<4x8xf32>) -> tensor<4x16xf32> {
  %e = tensor.empty() : tensor<4x16xf32>
  %0 = tensor.insert_slice %a into %e[0, 0] [4, 8] [1, 1] : tensor<4x8xf32> into tensor<4x16xf32>
  %1 = tensor.insert_slice %b into %0[0, 8] [4, 8] [1, 1] : tensor<4x8xf32> into tensor<4x16xf32>
  %2 = linalg.exp ins(%1 : tensor<4x16xf32>) outs(%e : tensor<4x16xf32>) -> tensor<4x16xf32>
  return %2 : tensor<4x16xf32>
}

// -----

// The same as torch-mlir writes it today: tensor.concat.
// CHECK-LABEL: func.func @cat_op(
// CHECK:         tensor.concat dim(1) {{.*}} {oro.einsum = "concat"}
// CHECK-LABEL: oro.workload @cat_op_workload(
// CHECK-NEXT:    %[[P0:.*]] = einsum "concat" [d0 = 4, d1 = 8] ins(%arg0[d0, d1]) outs[d0, d1] : (tensor<4x8xf32>) -> tensor<4x16xf32>
// CHECK-NEXT:    %[[P1:.*]] = einsum "concat_1" [d0 = 4, d1 = 8] ins(%arg1[d0, d1]) outs[d0, d1 + 8] : (tensor<4x8xf32>) -> tensor<4x16xf32>
// CHECK-NEXT:    %[[E:.*]] = einsum "exp" [d0 = 4, d1 = 16] ins(%[[P1]][d0, d1]) outs[d0, d1]
// CHECK-NEXT:    yield %[[E]], %[[P1]]
func.func @cat_op(%a: tensor<4x8xf32>, %b: tensor<4x8xf32>) -> tensor<4x16xf32> {
  %e = tensor.empty() : tensor<4x16xf32>
  %1 = tensor.concat dim(1) %a, %b : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x16xf32>
  %2 = linalg.exp ins(%1 : tensor<4x16xf32>) outs(%e : tensor<4x16xf32>) -> tensor<4x16xf32>
  return %2 : tensor<4x16xf32>
}

// -----

// Along two axes at once: four blocks of a 6x8 tensor. Returned, so yielded
// once.
// CHECK-LABEL: oro.workload @grid_workload(
// CHECK-SAME:      -> tensor<6x8xf32>
// CHECK-NEXT:    einsum "concat" [d0 = 2, d1 = 3] ins(%arg0[d0, d1]) outs[d0, d1] : (tensor<2x3xf32>) -> tensor<6x8xf32>
// CHECK-NEXT:    einsum "concat_1" [d0 = 2, d1 = 5] ins(%arg1[d0, d1]) outs[d0, d1 + 3] : (tensor<2x5xf32>) -> tensor<6x8xf32>
// CHECK-NEXT:    einsum "concat_2" [d0 = 4, d1 = 3] ins(%arg2[d0, d1]) outs[d0 + 2, d1] : (tensor<4x3xf32>) -> tensor<6x8xf32>
// CHECK-NEXT:    %[[L:.*]] = einsum "concat_3" [d0 = 4, d1 = 5] ins(%arg3[d0, d1]) outs[d0 + 2, d1 + 3] : (tensor<4x5xf32>) -> tensor<6x8xf32>
// CHECK-NEXT:    yield %[[L]] : tensor<6x8xf32>
func.func @grid(%a: tensor<2x3xf32>, %b: tensor<2x5xf32>, %c: tensor<4x3xf32>, %d: tensor<4x5xf32>) -> tensor<6x8xf32> {
  %e = tensor.empty() : tensor<6x8xf32>
  %0 = tensor.insert_slice %a into %e[0, 0] [2, 3] [1, 1] : tensor<2x3xf32> into tensor<6x8xf32>
  %1 = tensor.insert_slice %b into %0[0, 3] [2, 5] [1, 1] : tensor<2x5xf32> into tensor<6x8xf32>
  %2 = tensor.insert_slice %c into %1[2, 0] [4, 3] [1, 1] : tensor<4x3xf32> into tensor<6x8xf32>
  %3 = tensor.insert_slice %d into %2[2, 3] [4, 5] [1, 1] : tensor<4x5xf32> into tensor<6x8xf32>
  return %3 : tensor<6x8xf32>
}

// -----

// A part that is initialization (torch.zeros) has no writer: the offsets
// of the others count it.
// CHECK-LABEL: oro.workload @cat_zeros_workload(
// CHECK-NEXT:    einsum "concat" [d0 = 4] ins(%arg0[d0]) outs[d0 + 3] : (tensor<4xf32>) -> tensor<10xf32>
// CHECK-NEXT:    %[[L:.*]] = einsum "concat_1" [d0 = 3] ins(%arg1[d0]) outs[d0 + 7] : (tensor<3xf32>) -> tensor<10xf32>
// CHECK-NEXT:    yield %[[L]] : tensor<10xf32>
func.func @cat_zeros(%a: tensor<4xf32>, %b: tensor<3xf32>) -> tensor<10xf32> {
  %cst = arith.constant 0.0 : f32
  %e3 = tensor.empty() : tensor<3xf32>
  %z = linalg.fill ins(%cst : f32) outs(%e3 : tensor<3xf32>) -> tensor<3xf32>
  %1 = tensor.concat dim(0) %z, %a, %b : (tensor<3xf32>, tensor<4xf32>, tensor<3xf32>) -> tensor<10xf32>
  return %1 : tensor<10xf32>
}

// -----

// One real part and an inserted fill: a single writer, the padding copy of
// partial-writes.mlir (the fill insert is the same tensor): not yielded.
// CHECK-LABEL: oro.workload @one_writer_workload(
// CHECK-SAME:      -> tensor<8xf32>
// CHECK-NEXT:    %[[P:.*]] = einsum "pad" [d0 = 4] ins(%arg0[d0]) outs[d0] : (tensor<4xf32>) -> tensor<8xf32>
// CHECK-NEXT:    %[[E:.*]] = einsum "exp" [d0 = 8] ins(%[[P]][d0]) outs[d0]
// CHECK-NEXT:    yield %[[E]] : tensor<8xf32>
func.func @one_writer(%a: tensor<4xf32>) -> tensor<8xf32> {
  %cst = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8xf32>
  %e4 = tensor.empty() : tensor<4xf32>
  %z = linalg.fill ins(%cst : f32) outs(%e4 : tensor<4xf32>) -> tensor<4xf32>
  %0 = tensor.insert_slice %a into %e[0] [4] [1] : tensor<4xf32> into tensor<8xf32>
  %1 = tensor.insert_slice %z into %0[4] [4] [1] : tensor<4xf32> into tensor<8xf32>
  %2 = linalg.exp ins(%1 : tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  return %2 : tensor<8xf32>
}

// -----

// TF-style padding written as inserts into a filled tensor, two inputs
// side by side along channels: the border stays initialization.
// CHECK-LABEL: oro.workload @pad_two_parts_workload(
// CHECK-NEXT:    einsum "concat" [d0 = 1, d1 = 4, d2 = 4, d3 = 2] ins(%arg0[d0, d1, d2, d3]) outs[d0, d1 + 1, d2 + 1, d3] : (tensor<1x4x4x2xf32>) -> tensor<1x6x6x4xf32>
// CHECK-NEXT:    %[[L:.*]] = einsum "concat_1" [d0 = 1, d1 = 4, d2 = 4, d3 = 2] ins(%arg1[d0, d1, d2, d3]) outs[d0, d1 + 1, d2 + 1, d3 + 2] : (tensor<1x4x4x2xf32>) -> tensor<1x6x6x4xf32>
// CHECK-NEXT:    yield %[[L]]
func.func @pad_two_parts(%x: tensor<1x4x4x2xf32>, %y: tensor<1x4x4x2xf32>) -> tensor<1x6x6x4xf32> {
  %cst = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x6x6x4xf32>
  %f = linalg.fill ins(%cst : f32) outs(%e : tensor<1x6x6x4xf32>) -> tensor<1x6x6x4xf32>
  %0 = tensor.insert_slice %x into %f[0, 1, 1, 0] [1, 4, 4, 2] [1, 1, 1, 1] : tensor<1x4x4x2xf32> into tensor<1x6x6x4xf32>
  %1 = tensor.insert_slice %y into %0[0, 1, 1, 2] [1, 4, 4, 2] [1, 1, 1, 1] : tensor<1x4x4x2xf32> into tensor<1x6x6x4xf32>
  return %1 : tensor<1x6x6x4xf32>
}

// -----

// Nested: a concatenation of concatenations. The inner ones are tensors of
// their own, read by the outer writers, and yielded.
// CHECK-LABEL: oro.workload @nested_workload(
// CHECK-SAME:      -> (tensor<4x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>)
// CHECK-NEXT:    einsum "concat" [d0 = 2, d1 = 4] ins(%arg0[d0, d1]) outs[d0, d1]
// CHECK-NEXT:    %[[AB:.*]] = einsum "concat_1" [d0 = 2, d1 = 4] ins(%arg1[d0, d1]) outs[d0, d1 + 4]
// CHECK-NEXT:    einsum "concat_2" [d0 = 2, d1 = 4] ins(%arg1[d0, d1]) outs[d0, d1]
// CHECK-NEXT:    %[[BA:.*]] = einsum "concat_3" [d0 = 2, d1 = 4] ins(%arg0[d0, d1]) outs[d0, d1 + 4]
// CHECK-NEXT:    einsum "concat_4" [d0 = 2, d1 = 8] ins(%[[AB]][d0, d1]) outs[d0, d1] : (tensor<2x8xf32>) -> tensor<4x8xf32>
// CHECK-NEXT:    %[[R:.*]] = einsum "concat_5" [d0 = 2, d1 = 8] ins(%[[BA]][d0, d1]) outs[d0 + 2, d1] : (tensor<2x8xf32>) -> tensor<4x8xf32>
// CHECK-NEXT:    yield %[[R]], %[[AB]], %[[BA]]
func.func @nested(%a: tensor<2x4xf32>, %b: tensor<2x4xf32>) -> tensor<4x8xf32> {
  %ab = tensor.concat dim(1) %a, %b : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x8xf32>
  %ba = tensor.concat dim(1) %b, %a : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x8xf32>
  %r = tensor.concat dim(0) %ab, %ba : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<4x8xf32>
  return %r : tensor<4x8xf32>
}

// -----

// torch.stack: rank-reducing inserts, each part written at a constant row.
// CHECK-LABEL: oro.workload @stack_workload(
// CHECK-NEXT:    einsum "concat" [d0 = 4] ins(%arg0[d0]) outs[0, d0] : (tensor<4xf32>) -> tensor<2x4xf32>
// CHECK-NEXT:    %[[L:.*]] = einsum "concat_1" [d0 = 4] ins(%arg1[d0]) outs[1, d0] : (tensor<4xf32>) -> tensor<2x4xf32>
// CHECK-NEXT:    yield %[[L]] : tensor<2x4xf32>
func.func @stack(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<2x4xf32> {
  %e = tensor.empty() : tensor<2x4xf32>
  %0 = tensor.insert_slice %a into %e[0, 0] [1, 4] [1, 1] : tensor<4xf32> into tensor<2x4xf32>
  %1 = tensor.insert_slice %b into %0[1, 0] [1, 4] [1, 1] : tensor<4xf32> into tensor<2x4xf32>
  return %1 : tensor<2x4xf32>
}

// -----

// A part that is initialization may be filled later by an insert_slice (a
// placeholder); an empty part writes nothing.
// CHECK-LABEL: oro.workload @fill_placeholder_workload(
// CHECK-NEXT:    einsum "concat" [d0 = 2, d1 = 4] ins(%arg0[d0, d1]) outs[d0, d1] : (tensor<2x4xf32>) -> tensor<6x4xf32>
// CHECK-NEXT:    einsum "concat_1" [d0 = 2, d1 = 4] ins(%arg1[d0, d1]) outs[d0 + 4, d1] : (tensor<2x4xf32>) -> tensor<6x4xf32>
// CHECK-NEXT:    %[[L:.*]] = einsum "concat_2" [d0 = 2, d1 = 4] ins(%arg2[d0, d1]) outs[d0 + 2, d1] : (tensor<2x4xf32>) -> tensor<6x4xf32>
// CHECK-NEXT:    yield %[[L]] : tensor<6x4xf32>
func.func @fill_placeholder(%a: tensor<2x4xf32>, %b: tensor<2x4xf32>, %c: tensor<2x4xf32>, %none: tensor<0x4xf32>) -> tensor<6x4xf32> {
  %e = tensor.empty() : tensor<2x4xf32>
  %0 = tensor.concat dim(0) %a, %none, %e, %b : (tensor<2x4xf32>, tensor<0x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<6x4xf32>
  %1 = tensor.insert_slice %c into %0[2, 0] [2, 4] [1, 1] : tensor<2x4xf32> into tensor<6x4xf32>
  return %1 : tensor<6x4xf32>
}
