// RUN: oro-opt %s --convert-linalg-to-oro | FileCheck %s
// Round trip: the converted module parses, verifies and prints the same.
// RUN: oro-opt %s --convert-linalg-to-oro | oro-opt | FileCheck %s
// Idempotent: a second run finds the workloads and changes nothing.
// RUN: oro-opt %s --convert-linalg-to-oro --convert-linalg-to-oro | FileCheck %s --check-prefix=TWICE

// Matmul family, initialization vs traffic, weights, labels, constants,
// yields. Convolutions, elementwise ops and reshapes have their own files.

// The function stays; the Linalg op is tagged with its einsum's label.
// CHECK-LABEL: func.func @matmul(
// CHECK:         linalg.matmul {oro.einsum = "matmul"}
// CHECK-LABEL: oro.workload @matmul_workload(
// CHECK-SAME:      %[[A:arg0]]: tensor<64x32xbf16> {oro.name = "arg0"}
// CHECK-SAME:      %[[B:arg1]]: tensor<32x16xbf16> {oro.name = "arg1", oro.weight}
// CHECK-SAME:      -> tensor<64x16xbf16>
// The fill init is not traffic: two inputs only.
// CHECK:         %[[C:.*]] = einsum "matmul" [m = 64, n = 16, k = 32]
// CHECK-SAME:      ins(%[[A]][m, k], %[[B]][k, n]) outs[m, n]
// CHECK-SAME:      : (tensor<64x32xbf16>, tensor<32x16xbf16>) -> tensor<64x16xbf16>
// CHECK:         yield %[[C]] : tensor<64x16xbf16>
// TWICE-COUNT-1: oro.workload @matmul_workload(
// TWICE-NOT:     oro.workload @matmul_workload(
func.func @matmul(%a: tensor<64x32xbf16>, %b: tensor<32x16xbf16>) -> tensor<64x16xbf16> {
  %zero = arith.constant 0.0 : bf16
  %e = tensor.empty() : tensor<64x16xbf16>
  %f = linalg.fill ins(%zero : bf16) outs(%e : tensor<64x16xbf16>) -> tensor<64x16xbf16>
  %c = linalg.matmul ins(%a, %b : tensor<64x32xbf16>, tensor<32x16xbf16>)
                     outs(%f : tensor<64x16xbf16>) -> tensor<64x16xbf16>
  return %c : tensor<64x16xbf16>
}

// Transposed B through indexing_maps; a cast matmul; accumulation into a
// real tensor (the bias) reads it: it becomes a third input with the output
// projection. Names come from NameLocs on arguments and ops.
// CHECK-LABEL: oro.workload @matmul_forms_workload(
// CHECK-SAME:      %[[X:x]]: tensor<8x4xf32> {oro.name = "x"}
// CHECK-SAME:      %[[WT:w_t]]: tensor<16x4xf32> {oro.name = "w_t", oro.weight}
// CHECK-SAME:      %[[BIAS:bias]]: tensor<8x16xf32> {oro.name = "bias"}
// CHECK-SAME:      %[[W8:w8]]: tensor<4x16xi8> {oro.name = "w8", oro.weight}
// CHECK:         %[[T:.*]] = einsum "proj" [m = 8, n = 16, k = 4]
// CHECK-SAME:      ins(%[[X]][m, k], %[[WT]][n, k], %[[BIAS]][m, n]) outs[m, n]
// CHECK:         %[[U:.*]] = einsum "matmul" [m = 8, n = 16, k = 4]
// CHECK-SAME:      ins(%[[X]][m, k], %[[W8]][k, n]) outs[m, n]
// CHECK-SAME:      : (tensor<8x4xf32>, tensor<4x16xi8>) -> tensor<8x16xf32>
// CHECK:         yield %[[T]], %[[U]]
func.func @matmul_forms(%x: tensor<8x4xf32> loc("x"), %w_t: tensor<16x4xf32> loc("w_t"),
                        %bias: tensor<8x16xf32> loc("bias"), %w8: tensor<4x16xi8> loc("w8"))
    -> (tensor<8x16xf32>, tensor<8x16xf32>) {
  %t = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>,
                                      affine_map<(m, n, k) -> (n, k)>,
                                      affine_map<(m, n, k) -> (m, n)>]
         ins(%x, %w_t : tensor<8x4xf32>, tensor<16x4xf32>)
         outs(%bias : tensor<8x16xf32>) -> tensor<8x16xf32> loc("proj")
  %e = tensor.empty() : tensor<8x16xf32>
  %u = linalg.matmul {cast = #linalg.type_fn<cast_unsigned>}
         ins(%x, %w8 : tensor<8x4xf32>, tensor<4x16xi8>)
         outs(%e : tensor<8x16xf32>) -> tensor<8x16xf32>
  return %t, %u : tensor<8x16xf32>, tensor<8x16xf32>
}

// batch_matmul plain, with a broadcast weight through indexing_maps, and
// torch-mlir's form: the weight broadcast by linalg.broadcast first (it is
// still a weight through the broadcast).
// CHECK-LABEL: oro.workload @batch_matmul_workload(
// CHECK-SAME:      %[[X:arg0]]: tensor<4x8x16xf32> {oro.name = "arg0"}
// CHECK-SAME:      %[[Y:arg1]]: tensor<4x16x8xf32> {oro.name = "arg1", oro.weight}
// CHECK-SAME:      %[[W:arg2]]: tensor<16x8xf32> {oro.name = "arg2", oro.weight}
// CHECK:         einsum "batch_matmul" [b = 4, m = 8, n = 8, k = 16]
// CHECK-SAME:      ins(%[[X]][b, m, k], %[[Y]][b, k, n]) outs[b, m, n]
// CHECK:         einsum "batch_matmul_1" [b = 4, m = 8, n = 8, k = 16]
// CHECK-SAME:      ins(%[[X]][b, m, k], %[[W]][k, n]) outs[b, m, n]
// CHECK:         %[[WB:.*]] = einsum "broadcast" [d0 = 4, d1 = 16, d2 = 8]
// CHECK-SAME:      ins(%[[W]][d1, d2]) outs[d0, d1, d2]
// CHECK:         einsum "batch_matmul_2" [b = 4, m = 8, n = 8, k = 16]
// CHECK-SAME:      ins(%[[X]][b, m, k], %[[WB]][b, k, n]) outs[b, m, n]
func.func @batch_matmul(%x: tensor<4x8x16xf32>, %y: tensor<4x16x8xf32>, %w: tensor<16x8xf32>)
    -> (tensor<4x8x8xf32>, tensor<4x8x8xf32>, tensor<4x8x8xf32>) {
  %e = tensor.empty() : tensor<4x8x8xf32>
  %0 = linalg.batch_matmul ins(%x, %y : tensor<4x8x16xf32>, tensor<4x16x8xf32>)
                           outs(%e : tensor<4x8x8xf32>) -> tensor<4x8x8xf32>
  %1 = linalg.batch_matmul indexing_maps = [affine_map<(b, m, n, k) -> (b, m, k)>,
                                            affine_map<(b, m, n, k) -> (k, n)>,
                                            affine_map<(b, m, n, k) -> (b, m, n)>]
         ins(%x, %w : tensor<4x8x16xf32>, tensor<16x8xf32>)
         outs(%e : tensor<4x8x8xf32>) -> tensor<4x8x8xf32>
  %eb = tensor.empty() : tensor<4x16x8xf32>
  %wb = linalg.broadcast ins(%w : tensor<16x8xf32>) outs(%eb : tensor<4x16x8xf32>) dimensions = [0]
  %2 = linalg.batch_matmul ins(%x, %wb : tensor<4x8x16xf32>, tensor<4x16x8xf32>)
                           outs(%e : tensor<4x8x8xf32>) -> tensor<4x8x8xf32>
  return %0, %1, %2 : tensor<4x8x8xf32>, tensor<4x8x8xf32>, tensor<4x8x8xf32>
}

// Vector contractions. matvec accumulates into its real init.
// CHECK-LABEL: oro.workload @vectors_workload(
// CHECK-SAME:      %[[M:arg0]]: tensor<16x8xf32>
// CHECK-SAME:      %[[V16:arg1]]: tensor<16xf32>
// CHECK-SAME:      %[[V8:arg2]]: tensor<8xf32>
// CHECK-SAME:      %[[BM:arg3]]: tensor<2x16x8xf32>
// CHECK-SAME:      %[[BV:arg4]]: tensor<2x8xf32>
// CHECK:         einsum "matvec" [m = 16, k = 8] ins(%[[M]][m, k], %[[V8]][k], %[[V16]][m]) outs[m]
// CHECK:         einsum "vecmat" [n = 8, k = 16] ins(%[[V16]][k], %[[M]][k, n]) outs[n]
// CHECK:         einsum "dot" [k = 16] ins(%[[V16]][k], %[[V16]][k]) outs[]
// CHECK-SAME:      -> tensor<f32>
// CHECK:         einsum "batch_matvec" [b = 2, m = 16, k = 8] ins(%[[BM]][b, m, k], %[[BV]][b, k]) outs[b, m]
func.func @vectors(%m: tensor<16x8xf32>, %v16: tensor<16xf32>, %v8: tensor<8xf32>,
                   %bm: tensor<2x16x8xf32>, %bv: tensor<2x8xf32>)
    -> (tensor<16xf32>, tensor<8xf32>, tensor<f32>, tensor<2x16xf32>) {
  %0 = linalg.matvec ins(%m, %v8 : tensor<16x8xf32>, tensor<8xf32>) outs(%v16 : tensor<16xf32>) -> tensor<16xf32>
  %e8 = tensor.empty() : tensor<8xf32>
  %1 = linalg.vecmat ins(%v16, %m : tensor<16xf32>, tensor<16x8xf32>) outs(%e8 : tensor<8xf32>) -> tensor<8xf32>
  %s = tensor.empty() : tensor<f32>
  %2 = linalg.dot ins(%v16, %v16 : tensor<16xf32>, tensor<16xf32>) outs(%s : tensor<f32>) -> tensor<f32>
  %e2 = tensor.empty() : tensor<2x16xf32>
  %3 = linalg.batch_matvec ins(%bm, %bv : tensor<2x16x8xf32>, tensor<2x8xf32>) outs(%e2 : tensor<2x16xf32>) -> tensor<2x16xf32>
  return %0, %1, %2, %3 : tensor<16xf32>, tensor<8xf32>, tensor<f32>, tensor<2x16xf32>
}

// linalg.contract with transposed operands: names from the contraction dims.
// CHECK-LABEL: oro.workload @contract_workload(
// CHECK:         einsum "contract" [m = 4, n = 6, k = 8] ins(%{{.*}}[k, m], %{{.*}}[k, n]) outs[m, n]
func.func @contract(%a: tensor<8x4xf32>, %b: tensor<8x6xf32>) -> tensor<4x6xf32> {
  %e = tensor.empty() : tensor<4x6xf32>
  %0 = linalg.contract indexing_maps = [affine_map<(m, n, k) -> (k, m)>,
                                        affine_map<(m, n, k) -> (k, n)>,
                                        affine_map<(m, n, k) -> (m, n)>]
         ins(%a, %b : tensor<8x4xf32>, tensor<8x6xf32>) outs(%e : tensor<4x6xf32>) -> tensor<4x6xf32>
  return %0 : tensor<4x6xf32>
}

// Constants: dense_resource and dense tensors read by an einsum become
// oro.constant (labelled by NameLoc, blob name, or `cst`). A splat read by an
// elementwise computation only broadcasts a scalar (no input), and a splat
// init is not traffic. Scalar constants are ignored.
// CHECK-LABEL: oro.workload @constants_workload(
// CHECK-SAME:      %[[X:arg0]]: tensor<2x4xf32> {oro.name = "arg0"}) -> tensor<2x4xf32>
// CHECK:         %[[W:.*]] = constant "w_blob" : tensor<4x4xf32>
// CHECK:         %[[MM:.*]] = einsum "matmul" [m = 2, n = 4, k = 4] ins(%[[X]][m, k], %[[W]][k, n]) outs[m, n]
// CHECK:         %[[BIAS:.*]] = constant "bias" : tensor<4xf32>
// CHECK:         %[[ADD:.*]] = einsum "addf" [d0 = 2, d1 = 4] ins(%[[MM]][d0, d1], %[[BIAS]][d1]) outs[d0, d1]
// CHECK-NOT:     constant "cst"
// CHECK:         %[[MUL:.*]] = einsum "mul" [d0 = 2, d1 = 4] ins(%[[ADD]][d0, d1]) outs[d0, d1]
// CHECK:         yield %[[MUL]]
func.func @constants(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %w = arith.constant dense_resource<w_blob> : tensor<4x4xf32>
  %bias = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32> loc("bias")
  %zeros = arith.constant dense<0.0> : tensor<2x4xf32>
  %ones = arith.constant dense<1.0> : tensor<2x4xf32>
  %mm = linalg.matmul ins(%x, %w : tensor<2x4xf32>, tensor<4x4xf32>) outs(%zeros : tensor<2x4xf32>) -> tensor<2x4xf32>
  %e = tensor.empty() : tensor<2x4xf32>
  %add = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>,
                                          affine_map<(d0, d1) -> (d0, d1)>],
                         iterator_types = ["parallel", "parallel"]}
      ins(%mm, %bias : tensor<2x4xf32>, tensor<4xf32>) outs(%e : tensor<2x4xf32>) {
  ^bb0(%in: f32, %b: f32, %out: f32):
    %s = arith.addf %in, %b : f32
    linalg.yield %s : f32
  } -> tensor<2x4xf32>
  %mul = linalg.mul ins(%add, %ones : tensor<2x4xf32>, tensor<2x4xf32>) outs(%e : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %mul : tensor<2x4xf32>
}

// Declarations have no body and get no workload; a function without Linalg
// yields its argument; arguments that are not static tensors are left out.
// CHECK-NOT:   oro.workload @external
// CHECK-LABEL: oro.workload @passthrough_workload(
// CHECK-SAME:      %[[T:arg1]]: tensor<4xf32> {oro.name = "arg1"}) -> tensor<4xf32>
// CHECK-NEXT:    yield %[[T]] : tensor<4xf32>
func.func private @external(tensor<4xf32>) -> tensor<4xf32>
func.func @passthrough(%s: f32, %t: tensor<4xf32>) -> tensor<4xf32> {
  %c = arith.addf %s, %s : f32
  return %t : tensor<4xf32>
}

// Extents need not fit in 32 bits: 2^40.
// CHECK-LABEL: oro.workload @huge_workload(
// CHECK:         einsum "exp" [d0 = 1099511627776] ins(%{{.*}}[d0]) outs[d0]
func.func @huge(%a: tensor<1099511627776xbf16>) -> tensor<1099511627776xbf16> {
  %e = tensor.empty() : tensor<1099511627776xbf16>
  %0 = linalg.exp ins(%a : tensor<1099511627776xbf16>) outs(%e : tensor<1099511627776xbf16>) -> tensor<1099511627776xbf16>
  return %0 : tensor<1099511627776xbf16>
}

{-#
  dialect_resources: {
    builtin: {
      w_blob: "0x040000000000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F"
    }
  }
#-}
