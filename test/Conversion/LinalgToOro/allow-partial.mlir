// RUN: oro-opt %s -split-input-file -verify-diagnostics -allow-unregistered-dialect \
// RUN:   --convert-linalg-to-oro="allow-partial=true" | FileCheck %s

// With allow-partial, every op oro cannot describe gets a warning instead of
// an error, and its tensor results become persistent inputs of the workload
// (extra arguments named after the op), so its consumers still get einsums.

// CHECK-LABEL: oro.workload @opaque_producer_workload(
// CHECK-SAME:      %[[A:arg0]]: tensor<4xf32> {oro.name = "arg0"}
// CHECK-SAME:      %[[CALL:call]]: tensor<4xf32> {oro.name = "call"}
// CHECK-SAME:      %[[PAD:pad]]: tensor<6xf32> {oro.name = "pad"}
// CHECK:         %[[E:.*]] = einsum "exp" [d0 = 4] ins(%[[CALL]][d0]) outs[d0]
// CHECK:         %[[F:.*]] = einsum "exp_1" [d0 = 6] ins(%[[PAD]][d0]) outs[d0]
// CHECK:         yield %[[E]], %[[F]]
func.func @opaque_producer(%a: tensor<4xf32>) -> (tensor<4xf32>, tensor<6xf32>) {
  // expected-warning @+1 {{'func.call' of @ext was not inlined (an external or recursive callee); oro follows tensors into callees with a body only}}
  %0 = func.call @ext(%a) : (tensor<4xf32>) -> tensor<4xf32>
  %e = tensor.empty() : tensor<4xf32>
  %1 = linalg.exp ins(%0 : tensor<4xf32>) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  // expected-warning @+1 {{'tensor.pad' pads with a value computed from the position; oro needs a padding value that is the same everywhere (initialization, not traffic)}}
  %p = tensor.pad %a low[1] high[1] {
  ^bb0(%i: index):
    %ii = arith.index_cast %i : index to i32
    %v = arith.sitofp %ii : i32 to f32
    tensor.yield %v : f32
  } : tensor<4xf32> to tensor<6xf32>
  %e6 = tensor.empty() : tensor<6xf32>
  %2 = linalg.exp ins(%p : tensor<6xf32>) outs(%e6 : tensor<6xf32>) -> tensor<6xf32>
  return %1, %2 : tensor<4xf32>, tensor<6xf32>
}
func.func private @ext(tensor<4xf32>) -> tensor<4xf32>

// -----

// An op oro cannot describe is skipped the same way; the op producing
// several results contributes one argument per result read.
// CHECK-LABEL: oro.workload @skipped_linalg_workload(
// CHECK-SAME:      %[[A:arg0]]: tensor<8xf32> {oro.name = "arg0"}
// CHECK-SAME:      %[[G0:pair_0]]: tensor<8xf32> {oro.name = "pair_0"}
// CHECK-SAME:      %[[G1:pair_1]]: tensor<8xf32> {oro.name = "pair_1"}
// CHECK:         %[[ADD:.*]] = einsum "add" [d0 = 8] ins(%[[G0]][d0], %[[G1]][d0]) outs[d0]
// CHECK:         yield %[[ADD]]
func.func @skipped_linalg(%a: tensor<8xf32>) -> tensor<8xf32> {
  %e = tensor.empty() : tensor<8xf32>
  // expected-warning @+1 {{'foo.pair' has no einsum meaning}}
  %0:2 = "foo.pair"(%a) : (tensor<8xf32>) -> (tensor<8xf32>, tensor<8xf32>)
  %1 = linalg.add ins(%0#0, %0#1 : tensor<8xf32>, tensor<8xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  return %1 : tensor<8xf32>
}

// -----

// Dynamic tensors: the dynamic matmul is skipped and its result cannot be an
// argument (not static), so the return of it is skipped too; the static part
// is still described. The dynamic argument is left out of the workload.
// CHECK-LABEL: oro.workload @dynamic_workload(
// CHECK-SAME:      %[[B:arg1]]: tensor<4x4xf32> {oro.name = "arg1"}) -> tensor<4x4xf32>
// CHECK:         %[[E:.*]] = einsum "exp" [d0 = 4, d1 = 4] ins(%[[B]][d0, d1]) outs[d0, d1]
// CHECK:         yield %[[E]] : tensor<4x4xf32>
func.func @dynamic(%a: tensor<?x4xf32>, %b: tensor<4x4xf32>, %e: tensor<?x4xf32>) -> (tensor<?x4xf32>, tensor<4x4xf32>) {
  // expected-warning @+1 {{'linalg.matmul' has dynamic shape 'tensor<?x4xf32>': dimension #0 of operand #0 (argument #0) is dynamic}}
  %0 = linalg.matmul ins(%a, %b : tensor<?x4xf32>, tensor<4x4xf32>) outs(%e : tensor<?x4xf32>) -> tensor<?x4xf32>
  %e2 = tensor.empty() : tensor<4x4xf32>
  %1 = linalg.exp ins(%b : tensor<4x4xf32>) outs(%e2 : tensor<4x4xf32>) -> tensor<4x4xf32>
  // expected-warning @+1 {{'func.return' operand #0 has type 'tensor<?x4xf32>'; oro workloads yield statically shaped tensors}}
  return %0, %1 : tensor<?x4xf32>, tensor<4x4xf32>
}

// -----

// A function oro cannot describe at all gets a warning and no workload; the
// pass still succeeds.
// CHECK-LABEL: func.func @blocks(
// CHECK-NOT:   oro.workload
// expected-warning @+1 {{'func.func' @blocks has 2 blocks; oro needs a single block}}
func.func @blocks(%a: tensor<4xf32>) -> tensor<4xf32> {
  "test.br"()[^bb1] : () -> ()
^bb1:
  return %a : tensor<4xf32>
}


// -----

// A concatenation whose parts overlap (see pad-invalid.mlir): the second
// insert's result becomes a persistent input, and the first insert into
// tensor.empty is still a padding copy (whose result nothing else reads).
// CHECK-LABEL: oro.workload @concat_overlap_workload(
// CHECK-SAME:      %[[B:arg1]]: tensor<2x4xf32> {oro.name = "arg1"}
// CHECK-SAME:      %[[CAT:insert_slice]]: tensor<2x8xf32> {oro.name = "insert_slice"}
// CHECK:         einsum "pad" [d0 = 2, d1 = 4] ins(%[[B]][d0, d1]) outs[d0, d1 + 4]
// CHECK:         %[[X:.*]] = einsum "exp" [d0 = 2, d1 = 8] ins(%[[CAT]][d0, d1]) outs[d0, d1]
// CHECK:         yield %[[X]]
func.func @concat_overlap(%a: tensor<2x4xf32>, %b: tensor<2x4xf32>) -> tensor<2x8xf32> {
  %e = tensor.empty() : tensor<2x8xf32>
  %0 = tensor.insert_slice %b into %e[0, 4] [2, 4] [1, 1] : tensor<2x4xf32> into tensor<2x8xf32>
  // expected-warning @+1 {{'tensor.insert_slice' writes [0, 2] to [2, 6), which overlaps the part [0, 4] to [2, 8) an earlier insert_slice wrote; oro needs the parts of a concatenation to be disjoint}}
  %1 = tensor.insert_slice %a into %0[0, 2] [2, 4] [1, 1] : tensor<2x4xf32> into tensor<2x8xf32>
  %2 = linalg.exp ins(%1 : tensor<2x8xf32>) outs(%e : tensor<2x8xf32>) -> tensor<2x8xf32>
  return %2 : tensor<2x8xf32>
}
