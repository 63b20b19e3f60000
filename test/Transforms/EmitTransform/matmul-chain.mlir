// Two chained f32 matmuls (13x19 . 19x17, then . 17x7) on a 512-byte
// buffer: map-search fuses them over the shared rank of the intermediate
// (columns of the first, reduction of the second, in tiles of 9 over 17).
// The script tiles the consumer by that shared loop, fuses the producer and
// the fill of its output into it, and tiles each below. Upstream mlir-opt
// applies it, and the program prints the same result before and after.
// REQUIRES: mlir-runner
// RUN: oro-opt %s --convert-linalg-to-oro --oro-map-search="arch=%S/Inputs/buffer-512B.yaml progress=never" --oro-emit-transform="file=%t.xform.mlir payload=%t.payload.mlir" -o %t.oro.mlir
// RUN: FileCheck %s --check-prefix=MAP < %t.oro.mlir
// RUN: FileCheck %s --check-prefix=SCRIPT < %t.xform.mlir
// RUN: cat %t.payload.mlir %S/Inputs/matmul-chain-main.mlir > %t.full.mlir
// RUN: mlir-opt %t.full.mlir --transform-preload-library=transform-library-paths=%t.xform.mlir --transform-interpreter --canonicalize -o %t.tiled.mlir
// RUN: FileCheck %s --check-prefix=TILED < %t.tiled.mlir
// RUN: cat %s %S/Inputs/matmul-chain-main.mlir | mlir-opt %lower_to_llvm | mlir-runner %run_main | sed -e 's/base@ = 0x[0-9a-f]*//' > %t.before
// RUN: mlir-opt %t.tiled.mlir %lower_to_llvm | mlir-runner %run_main | sed -e 's/base@ = 0x[0-9a-f]*//' > %t.after
// RUN: diff %t.before %t.after
// RUN: FileCheck %s --check-prefix=OUT < %t.after

func.func @chain(%a: tensor<13x19xf32>, %b: tensor<19x17xf32>, %w: tensor<17x7xf32>) -> tensor<13x7xf32> {
  %zero = arith.constant 0.0 : f32
  %e1 = tensor.empty() : tensor<13x17xf32>
  %f1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<13x17xf32>) -> tensor<13x17xf32>
  %t = linalg.matmul ins(%a, %b : tensor<13x19xf32>, tensor<19x17xf32>)
                     outs(%f1 : tensor<13x17xf32>) -> tensor<13x17xf32>
  %e2 = tensor.empty() : tensor<13x7xf32>
  %f2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<13x7xf32>) -> tensor<13x7xf32>
  %d = linalg.matmul ins(%t, %w : tensor<13x17xf32>, tensor<17x7xf32>)
                     outs(%f2 : tensor<13x7xf32>) -> tensor<13x7xf32>
  return %d : tensor<13x7xf32>
}

// MAP:      einsum "matmul" [m = 13, n = 17, k = 19]
// MAP-SAME:   fusion = #oro.fusion<group = 0, shared_loops = 1>, mapping = #oro.mapping<level = "Buffer", loops = [n : 9, k : 1, m : 1], positions = [3, 2, fused]>
// MAP:      einsum "matmul_1" [m = 13, n = 7, k = 17]
// MAP-SAME:   fusion = #oro.fusion<group = 0, shared_loops = 1>, mapping = #oro.mapping<level = "Buffer", loops = [k : 9, n : 1, m : 1], positions = [fused, 2, 3]>

// SCRIPT:      %[[F:.+]] = transform.structured.match ops{["func.func"]} attributes {sym_name = "chain"} in %root
// SCRIPT-NEXT: %[[MM:.+]] = transform.structured.match attributes {oro.einsum = "matmul"} in %[[F]]
// SCRIPT-NEXT: %[[MM1:.+]] = transform.structured.match attributes {oro.einsum = "matmul_1"} in %[[F]]
// SCRIPT:      // fused group 0: consumer "matmul_1", 1 shared loop(s)
// Operand 2 of the producer is its init, a linalg.fill.
// SCRIPT-NEXT: %[[FILL:.+]] = transform.get_producer_of_operand %[[MM]][2]
// The shared loop: k of the consumer in tiles of 9.
// SCRIPT:      %[[CT:.+]], %[[SHARED:.+]]:1 = transform.structured.tile_using_for %[[MM1]] tile_sizes [0, 0, 9] interchange = [2, 0, 1]
// SCRIPT-NEXT: %[[P:.+]], %[[L1:.+]] = transform.structured.fuse_into_containing_op %[[MM]] into %[[SHARED]]#0
// SCRIPT-NEXT: %{{.+}}, %{{.+}} = transform.structured.fuse_into_containing_op %[[FILL]] into %[[L1]]
// The producer's own loops k, m; the consumer's n, m.
// SCRIPT:      transform.structured.tile_using_for %[[P]] tile_sizes [1, 0, 1] interchange = [2, 0, 1]
// SCRIPT:      transform.structured.tile_using_for %[[CT]] tile_sizes [1, 1, 0] interchange = [1, 0, 2]
// SCRIPT-NEXT: transform.apply_cse to %[[F]] : !transform.any_op
// SCRIPT-NEXT: transform.yield

// One shared loop over the 17 columns of the intermediate, in which the
// producer computes a 13x9 (then 13x8) tile that the consumer reads.
// TILED-LABEL: func.func @chain
// TILED-NOT:     linalg.matmul
// TILED:         scf.for %{{.*}} = %c0 to %c17 step %c9
// TILED:           %[[INIT:.+]] = linalg.fill {{.*}} -> tensor<13x?xf32>
// TILED:           %[[TILE:.+]] = scf.for %{{.*}} = %c0 to %c19 step %c1 iter_args(%{{.*}} = %[[INIT]])
// TILED-NEXT:        scf.for %{{.*}} = %c0 to %c13 step %c1
// TILED:               linalg.matmul {oro.einsum = "matmul"} {{.*}} -> tensor<1x?xf32>
// TILED:           scf.for %{{.*}} = %c0 to %c7 step %c1
// TILED-NEXT:        scf.for %{{.*}} = %c0 to %c13 step %c1
// TILED:               tensor.extract_slice %[[TILE]]
// TILED:               linalg.matmul {oro.einsum = "matmul_1"} {{.*}} -> tensor<1x1xf32>
// TILED-NOT:     linalg.matmul
// TILED-LABEL: func.func @main

// OUT:      rank = 2 offset = 0 sizes = [13, 7] strides = [7, 1] data =
// OUT-NEXT: {{\[\[}}-1114, -103, 747, -531, -661, 1148, 514],
// OUT:       [925, 331, -1103, 445, 922, -995, -525]]
