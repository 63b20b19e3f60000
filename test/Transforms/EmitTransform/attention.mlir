// A tiny attention block (f32): S = Q K^T as a linalg.generic contraction,
// softmax over the rows of S as linalg.generic reductions (max, exp(S -
// max), sum, divide) and O = P V, on a 512-byte buffer. map-search fuses
// all six einsums over blocks of 4 query rows; the script tiles the last
// (P V) by that shared loop, fuses the five others and the fills of their
// accumulators into it, tiles the two contractions below it and merges the
// producer clones (one per use) with CSE. Upstream mlir-opt applies it, and
// the program prints the same result before and after.
// REQUIRES: mlir-runner
// RUN: oro-opt %s --convert-linalg-to-oro --oro-map-search="arch=%S/Inputs/buffer-512B.yaml progress=never" --oro-emit-transform="file=%t.xform.mlir payload=%t.payload.mlir" -o %t.oro.mlir
// RUN: FileCheck %s --check-prefix=MAP < %t.oro.mlir
// RUN: FileCheck %s --check-prefix=SCRIPT < %t.xform.mlir
// RUN: cat %t.payload.mlir %S/Inputs/attention-main.mlir > %t.full.mlir
// RUN: mlir-opt %t.full.mlir --transform-preload-library=transform-library-paths=%t.xform.mlir --transform-interpreter --canonicalize -o %t.tiled.mlir
// RUN: FileCheck %s --check-prefix=TILED < %t.tiled.mlir
// RUN: cat %s %S/Inputs/attention-main.mlir | mlir-opt %lower_to_llvm | mlir-runner %run_main | sed -e 's/base@ = 0x[0-9a-f]*//' > %t.before
// RUN: mlir-opt %t.tiled.mlir %lower_to_llvm | mlir-runner %run_main | sed -e 's/base@ = 0x[0-9a-f]*//' > %t.after
// RUN: diff %t.before %t.after
// RUN: FileCheck %s --check-prefix=OUT < %t.after

#s_q = affine_map<(i, j, d) -> (i, d)>
#s_k = affine_map<(i, j, d) -> (j, d)>
#s_s = affine_map<(i, j, d) -> (i, j)>
#id2 = affine_map<(i, j) -> (i, j)>
#row = affine_map<(i, j) -> (i)>
func.func @attention(%q: tensor<12x16xf32>, %k: tensor<12x16xf32>, %v: tensor<12x16xf32>) -> tensor<12x16xf32> {
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant -3.0e38 : f32
  %e_s = tensor.empty() : tensor<12x12xf32>
  %s0 = linalg.fill ins(%zero : f32) outs(%e_s : tensor<12x12xf32>) -> tensor<12x12xf32>
  // S = Q K^T
  %s = linalg.generic {indexing_maps = [#s_q, #s_k, #s_s], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%q, %k : tensor<12x16xf32>, tensor<12x16xf32>) outs(%s0 : tensor<12x12xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %p = arith.mulf %a, %b : f32
    %r = arith.addf %acc, %p : f32
    linalg.yield %r : f32
  } -> tensor<12x12xf32>
  // Softmax over j: row max, exp(S - max), row sum, divide.
  %e_r = tensor.empty() : tensor<12xf32>
  %m0 = linalg.fill ins(%ninf : f32) outs(%e_r : tensor<12xf32>) -> tensor<12xf32>
  %m = linalg.generic {indexing_maps = [#id2, #row], iterator_types = ["parallel", "reduction"]}
      ins(%s : tensor<12x12xf32>) outs(%m0 : tensor<12xf32>) {
  ^bb0(%x: f32, %acc: f32):
    %r = arith.maximumf %acc, %x : f32
    linalg.yield %r : f32
  } -> tensor<12xf32>
  %ex = linalg.generic {indexing_maps = [#id2, #row, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%s, %m : tensor<12x12xf32>, tensor<12xf32>) outs(%e_s : tensor<12x12xf32>) {
  ^bb0(%x: f32, %mx: f32, %o: f32):
    %d = arith.subf %x, %mx : f32
    %r = math.exp %d : f32
    linalg.yield %r : f32
  } -> tensor<12x12xf32>
  %z0 = linalg.fill ins(%zero : f32) outs(%e_r : tensor<12xf32>) -> tensor<12xf32>
  %z = linalg.generic {indexing_maps = [#id2, #row], iterator_types = ["parallel", "reduction"]}
      ins(%ex : tensor<12x12xf32>) outs(%z0 : tensor<12xf32>) {
  ^bb0(%x: f32, %acc: f32):
    %r = arith.addf %acc, %x : f32
    linalg.yield %r : f32
  } -> tensor<12xf32>
  %p = linalg.generic {indexing_maps = [#id2, #row, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%ex, %z : tensor<12x12xf32>, tensor<12xf32>) outs(%e_s : tensor<12x12xf32>) {
  ^bb0(%x: f32, %sum: f32, %o: f32):
    %r = arith.divf %x, %sum : f32
    linalg.yield %r : f32
  } -> tensor<12x12xf32>
  // O = P V
  %e_o = tensor.empty() : tensor<12x16xf32>
  %o0 = linalg.fill ins(%zero : f32) outs(%e_o : tensor<12x16xf32>) -> tensor<12x16xf32>
  %o = linalg.matmul ins(%p, %v : tensor<12x12xf32>, tensor<12x16xf32>) outs(%o0 : tensor<12x16xf32>) -> tensor<12x16xf32>
  return %o : tensor<12x16xf32>
}

// MAP: einsum "contraction" [m = 12, n = 12, k = 16] {{.*}}fusion = #oro.fusion<group = 0, shared_loops = 1>, mapping = #oro.mapping<level = "Buffer", loops = [m : 4, k : 1, n : 1]
// MAP: einsum "reduce_maximumf" {{.*}}fusion = #oro.fusion<group = 0, shared_loops = 1>, mapping = #oro.mapping<level = "Buffer", loops = [d0 : 4]
// MAP: einsum "subf_exp" {{.*}}fusion = #oro.fusion<group = 0, shared_loops = 1>
// MAP: einsum "reduce_addf" {{.*}}fusion = #oro.fusion<group = 0, shared_loops = 1>
// MAP: einsum "divf" {{.*}}fusion = #oro.fusion<group = 0, shared_loops = 1>
// MAP: einsum "matmul" [m = 12, n = 16, k = 12] {{.*}}fusion = #oro.fusion<group = 0, shared_loops = 1>, mapping = #oro.mapping<level = "Buffer", loops = [m : 4, n : 1, k : 1]

// SCRIPT:      // fused group 0: consumer "matmul", 1 shared loop(s)
// SCRIPT:      transform.structured.tile_using_for %{{.+}} tile_sizes [4, 0, 0] :
// SCRIPT-COUNT-8: transform.structured.fuse_into_containing_op
// SCRIPT-NEXT: // einsum "contraction" below the shared loops
// SCRIPT:      transform.structured.tile_using_for %{{.+}} tile_sizes [0, 1, 1] interchange = [2, 1, 0]
// SCRIPT-NEXT: // einsum "matmul" below the shared loops
// SCRIPT:      transform.structured.tile_using_for %{{.+}} tile_sizes [0, 1, 1] interchange = [1, 2, 0]
// SCRIPT-NEXT: transform.apply_cse to
// SCRIPT-NEXT: transform.yield

// One loop over blocks of 4 rows computes every einsum once, on 4-row
// tiles; nothing is left outside it.
// TILED-LABEL: func.func @attention
// TILED-NOT:     oro.einsum
// TILED:         scf.for %{{.*}} = %c0 to %c12 step %c4
// TILED:           scf.for %{{.*}} = %c0 to %c16 step %c1
// TILED-NEXT:        scf.for %{{.*}} = %c0 to %c12 step %c1
// TILED:               oro.einsum = "contraction"
// TILED-NOT:       oro.einsum = "contraction"
// TILED:           oro.einsum = "reduce_maximumf"
// TILED-NOT:       oro.einsum = "contraction"
// TILED:           oro.einsum = "subf_exp"
// TILED-NOT:       oro.einsum = "subf_exp"
// TILED:           oro.einsum = "reduce_addf"
// TILED:           oro.einsum = "divf"
// TILED:           scf.for %{{.*}} = %c0 to %c16 step %c1
// TILED-NEXT:        scf.for %{{.*}} = %c0 to %c12 step %c1
// TILED:               linalg.matmul {oro.einsum = "matmul"} {{.*}} -> tensor<4x1xf32>
// TILED-NOT:     oro.einsum
// TILED-LABEL: func.func @main

// OUT:      rank = 2 offset = 0 sizes = [12, 16] strides = [16, 1] data =
// OUT-NEXT: {{\[\[}}-3, -0.409944, -0.241584, -0.327388, -0.310435, -0.396239, -0.227879, -3, -0.409944, -0.241584, -0.327388, -0.310435, -0.396239, -0.227879, -3, -0.409944],
// OUT:       [-3, -0.079353, -0.0965355, -0.471949, 0.26873, -0.106683, -0.123866, -3, -0.079353, -0.0965355, -0.471949, 0.26873, -0.106683, -0.123866, -3, -0.079353]]
