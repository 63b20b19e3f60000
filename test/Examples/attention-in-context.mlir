// Attention fed from one intermediate (10 einsums), as torch-mlir writes a
// block whose Q, K and V come from one normalized activation: t = -x;
// q = -t; kT = transpose(t); v = -t; then scores, softmax (max, exp, sum,
// div) and probabilities times V. Ranks meet through t only outside the attention
// block; with rank classes linked through the whole workload the score
// einsum held the query and key token ranks in one class, no attention
// group tiled the queries, and the curve was above "the attention block's
// own fused curve plus the rest alone" (block composition, oro-check:
// 218 capacities above with that linking).
//
// RUN: oro-check %s --max-block=11 --separability --pruning | FileCheck %s
// CHECK: forward_workload: 10 einsums, fused [[N:[0-9]+]] points (exact
// CHECK: witnesses: [[N]] points add up
// CHECK: block composition: 45 blocks of 2..11 einsums, {{[0-9]+}} capacities, 0 above
// CHECK: separability: the workload twice, [[N]] points, is twice its curve
// CHECK: witnesses (pruning off): [[N]] points add up
// CHECK: pruning and memo off: [[N]] points, the same points;
// CHECK: oro-check: passed (0 violations)
//
// The same checks with placements that differ from tensor to tensor: the
// persistent tensors kept, the intermediates free to be kept or bypassed
// (`keep: Persistent`, `may_keep: All`); witnesses replayed in the
// simulator, which checks the placements on its own.
// RUN: oro-check %s --max-block=11 --separability --pruning --placement=persistent | FileCheck %s --check-prefix=MIXED
// MIXED: forward_workload: 10 einsums, fused [[N:[0-9]+]] points (exact
// MIXED: witnesses: [[N]] points add up ({{[0-9]+}} distinct groups); fused groups replayed {{[1-9][0-9]*}}, over the simulator's bound 0
// MIXED: block composition: 45 blocks of 2..11 einsums, {{[0-9]+}} capacities, 0 above
// MIXED: separability: the workload twice, [[N]] points, is twice its curve
// MIXED: pruning and memo off: [[N]] points, the same points;
// MIXED: oro-check: passed (0 violations)

#map = affine_map<(d0, d1) -> (d0, d1)>
#red = affine_map<(d0, d1) -> (d0, 0)>
module attributes {torch.debug_module_name = "Attention"} {
  func.func @forward(%x: tensor<16x4xf32>) -> tensor<16x4xf32> {
    %zero = arith.constant 0.000000e+00 : f32
    %ninf = arith.constant 0xFF800000 : f32
    %e_md = tensor.empty() : tensor<16x4xf32>
    %t = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]}
        ins(%x : tensor<16x4xf32>) outs(%e_md : tensor<16x4xf32>) {
    ^bb0(%in: f32, %out: f32):
      %n = arith.negf %in : f32
      linalg.yield %n : f32
    } -> tensor<16x4xf32>
    %q = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]}
        ins(%t : tensor<16x4xf32>) outs(%e_md : tensor<16x4xf32>) {
    ^bb0(%in: f32, %out: f32):
      %n = arith.negf %in : f32
      linalg.yield %n : f32
    } -> tensor<16x4xf32>
    %e_dm = tensor.empty() : tensor<4x16xf32>
    %kt = linalg.transpose ins(%t : tensor<16x4xf32>) outs(%e_dm : tensor<4x16xf32>) permutation = [1, 0]
    %v = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]}
        ins(%t : tensor<16x4xf32>) outs(%e_md : tensor<16x4xf32>) {
    ^bb0(%in: f32, %out: f32):
      %n = arith.negf %in : f32
      linalg.yield %n : f32
    } -> tensor<16x4xf32>
    %e_mm = tensor.empty() : tensor<16x16xf32>
    %z_mm = linalg.fill ins(%zero : f32) outs(%e_mm : tensor<16x16xf32>) -> tensor<16x16xf32>
    %s = linalg.matmul ins(%q, %kt : tensor<16x4xf32>, tensor<4x16xf32>) outs(%z_mm : tensor<16x16xf32>) -> tensor<16x16xf32>
    %e_m1 = tensor.empty() : tensor<16x1xf32>
    %ninf_m1 = linalg.fill ins(%ninf : f32) outs(%e_m1 : tensor<16x1xf32>) -> tensor<16x1xf32>
    %mx = linalg.generic {indexing_maps = [#map, #red], iterator_types = ["parallel", "reduction"]}
        ins(%s : tensor<16x16xf32>) outs(%ninf_m1 : tensor<16x1xf32>) {
    ^bb0(%in: f32, %acc: f32):
      %m = arith.maximumf %in, %acc : f32
      linalg.yield %m : f32
    } -> tensor<16x1xf32>
    %ex = linalg.generic {indexing_maps = [#map, #red, #map], iterator_types = ["parallel", "parallel"]}
        ins(%s, %mx : tensor<16x16xf32>, tensor<16x1xf32>) outs(%e_mm : tensor<16x16xf32>) {
    ^bb0(%in: f32, %m: f32, %out: f32):
      %d = arith.subf %in, %m : f32
      %e = math.exp %d : f32
      linalg.yield %e : f32
    } -> tensor<16x16xf32>
    %z_m1 = linalg.fill ins(%zero : f32) outs(%e_m1 : tensor<16x1xf32>) -> tensor<16x1xf32>
    %sum = linalg.generic {indexing_maps = [#map, #red], iterator_types = ["parallel", "reduction"]}
        ins(%ex : tensor<16x16xf32>) outs(%z_m1 : tensor<16x1xf32>) {
    ^bb0(%in: f32, %acc: f32):
      %a = arith.addf %in, %acc : f32
      linalg.yield %a : f32
    } -> tensor<16x1xf32>
    %p = linalg.generic {indexing_maps = [#map, #red, #map], iterator_types = ["parallel", "parallel"]}
        ins(%ex, %sum : tensor<16x16xf32>, tensor<16x1xf32>) outs(%e_mm : tensor<16x16xf32>) {
    ^bb0(%in: f32, %l: f32, %out: f32):
      %d = arith.divf %in, %l : f32
      linalg.yield %d : f32
    } -> tensor<16x16xf32>
    %z_md = linalg.fill ins(%zero : f32) outs(%e_md : tensor<16x4xf32>) -> tensor<16x4xf32>
    %o = linalg.matmul ins(%p, %v : tensor<16x16xf32>, tensor<16x4xf32>) outs(%z_md : tensor<16x4xf32>) -> tensor<16x4xf32>
    return %o : tensor<16x4xf32>
  }
}
