// RUN: oro-opt %s --convert-linalg-to-oro | FileCheck %s
// RUN: oro-opt %s --convert-linalg-to-oro | oro-opt | FileCheck %s

// A small attention block as torch-mlir emits it (S = 8 tokens, D = 16,
// H = 2 heads of 8): layernorm as generic reductions with broadcast maps
// (d0, d1, d2) -> (d0, d1, 0), splat and dense_resource constants, a linear
// layer as a batch_matmul against a weight broadcast by a generic, heads
// split by expand_shape and merged by collapse_shape, softmax as generic
// reductions.

// CHECK-LABEL: oro.workload @attention_workload(
// CHECK-SAME:      %[[X:arg0]]: tensor<1x8x16xf32> {oro.name = "arg0"}
// CHECK-SAME:      %[[WQ:arg1]]: tensor<16x16xf32> {oro.name = "arg1", oro.weight}
// CHECK-SAME:      %[[WO:arg2]]: tensor<16x16xf32> {oro.name = "arg2", oro.weight}
// CHECK-SAME:      -> tensor<1x8x16xf32>

// Layernorm: mean (keepdim reduction), centre, normalize with splat gamma
// (read by an elementwise computation, a splat broadcasts a scalar: no input).
// CHECK:         %[[MEAN:.*]] = einsum "reduce_addf" [d0 = 1, d1 = 8, d2 = 16] ins(%[[X]][d0, d1, d2]) outs[d0, d1, 0]
// CHECK:         %[[CEN:.*]] = einsum "subf" [d0 = 1, d1 = 8, d2 = 16] ins(%[[X]][d0, d1, d2], %[[MEAN]][d0, d1, 0]) outs[d0, d1, d2]
// CHECK-NOT:     constant "cst"
// CHECK:         %[[LN:.*]] = einsum "mulf" [d0 = 1, d1 = 8, d2 = 16] ins(%[[CEN]][d0, d1, d2]) outs[d0, d1, d2]

// Q projection: the weight broadcast over the batch, then batch_matmul.
// CHECK:         %[[WQB:.*]] = einsum "broadcast" [d0 = 1, d1 = 16, d2 = 16] ins(%[[WQ]][d1, d2]) outs[d0, d1, d2]
// CHECK:         %[[Q:.*]] = einsum "batch_matmul" [b = 1, m = 8, n = 16, k = 16]
// CHECK-SAME:      ins(%[[LN]][b, m, k], %[[WQB]][b, k, n]) outs[b, m, n]

// Heads: expand [1,8,16] -> [1,8,2,8], transpose to [1,2,8,8] (affine).
// CHECK:         %[[QH:.*]] = einsum "transpose" [d0 = 1, d1 = 2, d2 = 8, d3 = 8]
// CHECK-SAME:      ins(%[[Q]][d0, d2, 8*d1 + d3]) outs[d0, d1, d2, d3]

// Scores per head (Q K^T with K = Q here), softmax.
// CHECK:         %[[S:.*]] = einsum "contraction" [b = 2, m = 8, n = 8, k = 8]
// CHECK-SAME:      ins(%[[QH]][0, b, m, k], %[[QH]][0, b, n, k]) outs[b, m, n]
// CHECK:         %[[MAX:.*]] = einsum "reduce_maximumf" [d0 = 2, d1 = 8, d2 = 8] ins(%[[S]][d0, d1, d2]) outs[d0, d1]
// CHECK:         %[[EXP:.*]] = einsum "subf_exp" [d0 = 2, d1 = 8, d2 = 8] ins(%[[S]][d0, d1, d2], %[[MAX]][d0, d1]) outs[d0, d1, d2]
// CHECK:         %[[SUM:.*]] = einsum "reduce_addf_1" [d0 = 2, d1 = 8, d2 = 8] ins(%[[EXP]][d0, d1, d2]) outs[d0, d1]
// CHECK:         %[[P:.*]] = einsum "divf" [d0 = 2, d1 = 8, d2 = 8] ins(%[[EXP]][d0, d1, d2], %[[SUM]][d0, d1]) outs[d0, d1, d2]

// P V, back to [8,2,8], merged heads read by the output projection: its
// reduction rank k (2*8) is split into k_0 and k_1.
// CHECK:         %[[AV:.*]] = einsum "batch_matmul_1" [b = 2, m = 8, n = 8, k = 8]
// CHECK-SAME:      ins(%[[P]][b, m, k], %[[QH]][0, b, k, n]) outs[b, m, n]
// CHECK:         %[[AVT:.*]] = einsum "transpose_1" [d0 = 8, d1 = 2, d2 = 8] ins(%[[AV]][d1, d0, d2]) outs[d0, d1, d2]
// CHECK:         %[[O:.*]] = einsum "matmul" [m = 8, n = 16, k_0 = 2, k_1 = 8]
// CHECK-SAME:      ins(%[[AVT]][m, k_0, k_1], %[[WO]][8*k_0 + k_1, n]) outs[m, n]

// Residual: the output projection expanded back to [1,8,16]; the bias is a
// dense_resource constant, labelled by its blob.
// CHECK:         %[[BIAS:.*]] = constant "torch_tensor_16_torch.float32" : tensor<16xf32>
// CHECK:         %[[RES:.*]] = einsum "addf_addf" [d0 = 1, d1 = 8, d2 = 16]
// CHECK-SAME:      ins(%[[X]][d0, d1, d2], %[[O]][8*d0 + d1, d2], %[[BIAS]][d2]) outs[d0, d1, d2]
// CHECK:         yield %[[RES]] : tensor<1x8x16xf32>
func.func @attention(%x: tensor<1x8x16xf32>, %wq: tensor<16x16xf32>, %wo: tensor<16x16xf32>) -> tensor<1x8x16xf32> {
  %zero = arith.constant 0.000000e+00 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %gamma = arith.constant dense<1.000000e+00> : tensor<16xf32>
  %bias = arith.constant dense_resource<torch_tensor_16_torch.float32> : tensor<16xf32>

  // Layernorm (mean and centring only, enough for the maps).
  %e1 = tensor.empty() : tensor<1x8x1xf32>
  %z1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<1x8x1xf32>) -> tensor<1x8x1xf32>
  %mean = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, 0)>],
                          iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%x : tensor<1x8x16xf32>) outs(%z1 : tensor<1x8x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %in, %out : f32
    linalg.yield %s : f32
  } -> tensor<1x8x1xf32>
  %e3 = tensor.empty() : tensor<1x8x16xf32>
  %cen = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, 0)>,
                                          affine_map<(d0, d1, d2) -> (d0, d1, d2)>],
                         iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%x, %mean : tensor<1x8x16xf32>, tensor<1x8x1xf32>) outs(%e3 : tensor<1x8x16xf32>) {
  ^bb0(%in: f32, %m: f32, %out: f32):
    %s = arith.subf %in, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x8x16xf32>
  %ln = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d2)>,
                                         affine_map<(d0, d1, d2) -> (d0, d1, d2)>],
                        iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%cen, %gamma : tensor<1x8x16xf32>, tensor<16xf32>) outs(%e3 : tensor<1x8x16xf32>) {
  ^bb0(%in: f32, %g: f32, %out: f32):
    %s = arith.mulf %in, %g : f32
    linalg.yield %s : f32
  } -> tensor<1x8x16xf32>

  // Q = ln @ wq as torch-mlir's aten.matmul: broadcast the weight, batch_matmul.
  %ew = tensor.empty() : tensor<1x16x16xf32>
  %wqb = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>],
                         iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%wq : tensor<16x16xf32>) outs(%ew : tensor<1x16x16xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x16x16xf32>
  %zq = linalg.fill ins(%zero : f32) outs(%e3 : tensor<1x8x16xf32>) -> tensor<1x8x16xf32>
  %q = linalg.batch_matmul ins(%ln, %wqb : tensor<1x8x16xf32>, tensor<1x16x16xf32>) outs(%zq : tensor<1x8x16xf32>) -> tensor<1x8x16xf32>

  // Split heads and move them in front.
  %qs = tensor.expand_shape %q [[0], [1], [2, 3]] output_shape [1, 8, 2, 8] : tensor<1x8x16xf32> into tensor<1x8x2x8xf32>
  %eh = tensor.empty() : tensor<1x2x8x8xf32>
  %qh = linalg.transpose ins(%qs : tensor<1x8x2x8xf32>) outs(%eh : tensor<1x2x8x8xf32>) permutation = [0, 2, 1, 3]
  %qh3 = tensor.collapse_shape %qh [[0, 1], [2], [3]] : tensor<1x2x8x8xf32> into tensor<2x8x8xf32>

  // Scores = Q K^T per head (a contraction generic), then softmax.
  %es = tensor.empty() : tensor<2x8x8xf32>
  %zs = linalg.fill ins(%zero : f32) outs(%es : tensor<2x8x8xf32>) -> tensor<2x8x8xf32>
  %s = linalg.generic {indexing_maps = [affine_map<(b, m, n, k) -> (b, m, k)>, affine_map<(b, m, n, k) -> (b, n, k)>,
                                        affine_map<(b, m, n, k) -> (b, m, n)>],
                       iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%qh3, %qh3 : tensor<2x8x8xf32>, tensor<2x8x8xf32>) outs(%zs : tensor<2x8x8xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %p = arith.mulf %a, %b : f32
    %t = arith.addf %acc, %p : f32
    linalg.yield %t : f32
  } -> tensor<2x8x8xf32>
  %em = tensor.empty() : tensor<2x8xf32>
  %fm = linalg.fill ins(%ninf : f32) outs(%em : tensor<2x8xf32>) -> tensor<2x8xf32>
  %max = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>],
                         iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%s : tensor<2x8x8xf32>) outs(%fm : tensor<2x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %out : f32
    linalg.yield %m : f32
  } -> tensor<2x8xf32>
  %exp = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>,
                                          affine_map<(d0, d1, d2) -> (d0, d1, d2)>],
                         iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%s, %max : tensor<2x8x8xf32>, tensor<2x8xf32>) outs(%es : tensor<2x8x8xf32>) {
  ^bb0(%in: f32, %m: f32, %out: f32):
    %d = arith.subf %in, %m : f32
    %e = math.exp %d : f32
    linalg.yield %e : f32
  } -> tensor<2x8x8xf32>
  %fs = linalg.fill ins(%zero : f32) outs(%em : tensor<2x8xf32>) -> tensor<2x8xf32>
  %sum = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>],
                         iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%exp : tensor<2x8x8xf32>) outs(%fs : tensor<2x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %a = arith.addf %in, %out : f32
    linalg.yield %a : f32
  } -> tensor<2x8xf32>
  %p = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>,
                                        affine_map<(d0, d1, d2) -> (d0, d1, d2)>],
                       iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%exp, %sum : tensor<2x8x8xf32>, tensor<2x8xf32>) outs(%es : tensor<2x8x8xf32>) {
  ^bb0(%in: f32, %t: f32, %out: f32):
    %d = arith.divf %in, %t : f32
    linalg.yield %d : f32
  } -> tensor<2x8x8xf32>

  // A V (V = Q here), heads back behind the tokens, merged, projected.
  %av = linalg.batch_matmul ins(%p, %qh3 : tensor<2x8x8xf32>, tensor<2x8x8xf32>) outs(%zs : tensor<2x8x8xf32>) -> tensor<2x8x8xf32>
  %et = tensor.empty() : tensor<8x2x8xf32>
  %avt = linalg.transpose ins(%av : tensor<2x8x8xf32>) outs(%et : tensor<8x2x8xf32>) permutation = [1, 0, 2]
  %ctx = tensor.collapse_shape %avt [[0], [1, 2]] : tensor<8x2x8xf32> into tensor<8x16xf32>
  %eo = tensor.empty() : tensor<8x16xf32>
  %zo = linalg.fill ins(%zero : f32) outs(%eo : tensor<8x16xf32>) -> tensor<8x16xf32>
  %o = linalg.matmul ins(%ctx, %wo : tensor<8x16xf32>, tensor<16x16xf32>) outs(%zo : tensor<8x16xf32>) -> tensor<8x16xf32>
  %o3 = tensor.expand_shape %o [[0, 1], [2]] output_shape [1, 8, 16] : tensor<8x16xf32> into tensor<1x8x16xf32>
  %res = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>,
                                          affine_map<(d0, d1, d2) -> (d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>],
                         iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%x, %o3, %bias : tensor<1x8x16xf32>, tensor<1x8x16xf32>, tensor<16xf32>) outs(%e3 : tensor<1x8x16xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32, %out: f32):
    %t = arith.addf %a, %b : f32
    %u = arith.addf %t, %c : f32
    linalg.yield %u : f32
  } -> tensor<1x8x16xf32>
  return %res : tensor<1x8x16xf32>
}

{-#
  dialect_resources: {
    builtin: {
      torch_tensor_16_torch.float32: "0x0400000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    }
  }
#-}
