// RUN: oro-opt %s --convert-linalg-to-oro | FileCheck %s
// RUN: oro-opt %s --convert-linalg-to-oro | oro-opt | FileCheck %s

// Data movement, reductions, elementwise ops and generics. Ranks keep the
// names of the op's loops (d0, d1, ...). Labels come from the op name, from
// the kind of linalg.elementwise, and for linalg.generic from what it does.

// CHECK-LABEL: oro.workload @layout_workload(
// CHECK-SAME:      %[[A:arg0]]: tensor<4x8xf32>
// CHECK-SAME:      %[[V:arg1]]: tensor<8xf32>
// CHECK:         einsum "transpose" [d0 = 8, d1 = 4] ins(%[[A]][d1, d0]) outs[d0, d1]
// CHECK:         einsum "broadcast" [d0 = 4, d1 = 8] ins(%[[V]][d1]) outs[d0, d1]
// CHECK:         einsum "copy" [d0 = 4, d1 = 8] ins(%[[A]][d0, d1]) outs[d0, d1]
// CHECK:         einsum "reduce" [d0 = 4, d1 = 8] ins(%[[A]][d0, d1]) outs[d0]
func.func @layout(%a: tensor<4x8xf32>, %v: tensor<8xf32>)
    -> (tensor<8x4xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4xf32>) {
  %et = tensor.empty() : tensor<8x4xf32>
  %0 = linalg.transpose ins(%a : tensor<4x8xf32>) outs(%et : tensor<8x4xf32>) permutation = [1, 0]
  %e = tensor.empty() : tensor<4x8xf32>
  %1 = linalg.broadcast ins(%v : tensor<8xf32>) outs(%e : tensor<4x8xf32>) dimensions = [0]
  %2 = linalg.copy ins(%a : tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) -> tensor<4x8xf32>
  %zero = arith.constant 0.0 : f32
  %er = tensor.empty() : tensor<4xf32>
  %fr = linalg.fill ins(%zero : f32) outs(%er : tensor<4xf32>) -> tensor<4xf32>
  %3 = linalg.reduce ins(%a : tensor<4x8xf32>) outs(%fr : tensor<4xf32>) dimensions = [1]
    (%in: f32, %acc: f32) {
      %s = arith.addf %in, %acc : f32
      linalg.yield %s : f32
    }
  return %0, %1, %2, %3 : tensor<8x4xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4xf32>
}

// Named elementwise ops, linalg.map, linalg.elementwise (kind as label, with
// a broadcast operand through its indexing maps). Inits are overwritten, not
// read, even when they are real tensors.
// CHECK-LABEL: oro.workload @elementwise_workload(
// CHECK-SAME:      %[[A:arg0]]: tensor<4x8xf32>
// CHECK-SAME:      %[[B:arg1]]: tensor<4x8xf32>
// CHECK-SAME:      %[[V:arg2]]: tensor<8xf32>
// CHECK:         %[[ADD:.*]] = einsum "add" [d0 = 4, d1 = 8] ins(%[[A]][d0, d1], %[[B]][d0, d1]) outs[d0, d1]
// CHECK-SAME:      : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
// CHECK:         %[[MUL:.*]] = einsum "mul" [d0 = 4, d1 = 8] ins(%[[ADD]][d0, d1], %[[B]][d0, d1]) outs[d0, d1]
// CHECK:         %[[EXP:.*]] = einsum "exp" [d0 = 4, d1 = 8] ins(%[[MUL]][d0, d1]) outs[d0, d1]
// CHECK:         %[[MAX:.*]] = einsum "max" [d0 = 4, d1 = 8] ins(%[[EXP]][d0, d1], %[[A]][d0, d1]) outs[d0, d1]
// CHECK:         %[[SUB:.*]] = einsum "sub" [d0 = 4, d1 = 8] ins(%[[MAX]][d0, d1], %[[A]][d0, d1]) outs[d0, d1]
// CHECK:         %[[MAP:.*]] = einsum "map" [d0 = 4, d1 = 8] ins(%[[SUB]][d0, d1], %[[A]][d0, d1]) outs[d0, d1]
// CHECK:         %[[EXP1:.*]] = einsum "exp_1" [d0 = 4, d1 = 8] ins(%[[MAP]][d0, d1]) outs[d0, d1]
// CHECK:         %[[BADD:.*]] = einsum "add_1" [d0 = 4, d1 = 8] ins(%[[EXP1]][d0, d1], %[[V]][d1]) outs[d0, d1]
// CHECK:         yield %[[BADD]]
func.func @elementwise(%a: tensor<4x8xf32>, %b: tensor<4x8xf32>, %v: tensor<8xf32>) -> tensor<4x8xf32> {
  %0 = linalg.add ins(%a, %b : tensor<4x8xf32>, tensor<4x8xf32>) outs(%b : tensor<4x8xf32>) -> tensor<4x8xf32>
  %1 = linalg.mul ins(%0, %b : tensor<4x8xf32>, tensor<4x8xf32>) outs(%a : tensor<4x8xf32>) -> tensor<4x8xf32>
  %e = tensor.empty() : tensor<4x8xf32>
  %2 = linalg.exp ins(%1 : tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) -> tensor<4x8xf32>
  %3 = linalg.max ins(%2, %a : tensor<4x8xf32>, tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) -> tensor<4x8xf32>
  %4 = linalg.sub ins(%3, %a : tensor<4x8xf32>, tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) -> tensor<4x8xf32>
  %5 = linalg.map ins(%4, %a : tensor<4x8xf32>, tensor<4x8xf32>) outs(%e : tensor<4x8xf32>)
    (%x: f32, %y: f32, %o: f32) {
      %m = arith.mulf %x, %y : f32
      linalg.yield %m : f32
    }
  %6 = linalg.elementwise kind=#linalg.elementwise_kind<exp>
         ins(%5 : tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) -> tensor<4x8xf32>
  %7 = linalg.elementwise kind=#linalg.elementwise_kind<add>
         indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>,
                          affine_map<(d0, d1) -> (d0, d1)>]
         ins(%6, %v : tensor<4x8xf32>, tensor<8xf32>) outs(%e : tensor<4x8xf32>) -> tensor<4x8xf32>
  return %7 : tensor<4x8xf32>
}

// linalg.generic with any affine maps: constant-0 broadcast maps as torch-mlir
// emits them, a keepdim reduction written through a constant-0 output
// dimension, an accumulation into a real init, and a sliding window whose
// window operand only gives the shape (it is not read).
// CHECK-LABEL: oro.workload @generic_workload(
// CHECK-SAME:      %[[X:arg0]]: tensor<2x4x8xf32>
// CHECK-SAME:      %[[ROW:arg1]]: tensor<1x4x8xf32>
// CHECK-SAME:      %[[ACC:arg2]]: tensor<2x4xf32>
// CHECK-SAME:      %[[SIG:arg3]]: tensor<10xf32>
// CHECK:         %[[SUM:.*]] = einsum "addf" [d0 = 2, d1 = 4, d2 = 8] ins(%[[X]][d0, d1, d2], %[[ROW]][0, d1, d2]) outs[d0, d1, d2]
// CHECK:         %[[RED:.*]] = einsum "reduce_maximumf" [d0 = 2, d1 = 4, d2 = 8] ins(%[[SUM]][d0, d1, d2]) outs[d0, d1, 0]
// CHECK-SAME:      -> tensor<2x4x1xf32>
// CHECK:         einsum "reduce_addf" [d0 = 2, d1 = 4, d2 = 8] ins(%[[SUM]][d0, d1, d2], %[[ACC]][d0, d1]) outs[d0, d1]
// A generic the convolution matcher recognizes gets conv names and label.
// CHECK:         einsum "conv" [p = 8, r = 3] ins(%[[SIG]][p + r]) outs[p]
func.func @generic(%x: tensor<2x4x8xf32>, %row: tensor<1x4x8xf32>, %acc: tensor<2x4xf32>, %sig: tensor<10xf32>)
    -> (tensor<2x4x1xf32>, tensor<2x4xf32>, tensor<8xf32>) {
  %e = tensor.empty() : tensor<2x4x8xf32>
  %sum = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>,
                                          affine_map<(d0, d1, d2) -> (0, d1, d2)>,
                                          affine_map<(d0, d1, d2) -> (d0, d1, d2)>],
                         iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%x, %row : tensor<2x4x8xf32>, tensor<1x4x8xf32>) outs(%e : tensor<2x4x8xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %s = arith.addf %a, %b : f32
    linalg.yield %s : f32
  } -> tensor<2x4x8xf32>
  %ninf = arith.constant 0xFF800000 : f32
  %er = tensor.empty() : tensor<2x4x1xf32>
  %fr = linalg.fill ins(%ninf : f32) outs(%er : tensor<2x4x1xf32>) -> tensor<2x4x1xf32>
  %max = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>,
                                          affine_map<(d0, d1, d2) -> (d0, d1, 0)>],
                         iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%sum : tensor<2x4x8xf32>) outs(%fr : tensor<2x4x1xf32>) {
  ^bb0(%a: f32, %o: f32):
    %m = arith.maximumf %a, %o : f32
    linalg.yield %m : f32
  } -> tensor<2x4x1xf32>
  %tot = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>,
                                          affine_map<(d0, d1, d2) -> (d0, d1)>],
                         iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%sum : tensor<2x4x8xf32>) outs(%acc : tensor<2x4xf32>) {
  ^bb0(%a: f32, %o: f32):
    %s = arith.addf %a, %o : f32
    linalg.yield %s : f32
  } -> tensor<2x4xf32>
  %ew = tensor.empty() : tensor<8xf32>
  %window = tensor.empty() : tensor<3xf32>
  %win = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0 + d1)>, affine_map<(d0, d1) -> (d1)>,
                                          affine_map<(d0, d1) -> (d0)>],
                         iterator_types = ["parallel", "reduction"]}
      ins(%sig, %window : tensor<10xf32>, tensor<3xf32>) outs(%ew : tensor<8xf32>) {
  ^bb0(%a: f32, %unused: f32, %o: f32):
    %s = arith.addf %a, %o : f32
    linalg.yield %s : f32
  } -> tensor<8xf32>
  return %max, %tot, %win : tensor<2x4x1xf32>, tensor<2x4xf32>, tensor<8xf32>
}
