// A 13x19 by 19x17 f32 matmul on a 512-byte buffer (128 elements): the
// script tiles it with partial tiles (n : 9 over 17), upstream mlir-opt
// applies it, and the program prints the same result before and after.
// REQUIRES: mlir-runner
// RUN: oro-opt %s --convert-linalg-to-oro --oro-map-search="arch=%S/Inputs/buffer-512B.yaml progress=never" --oro-emit-transform="file=%t.xform.mlir payload=%t.payload.mlir" -o %t.oro.mlir
// RUN: FileCheck %s --check-prefix=MAP < %t.oro.mlir
// RUN: FileCheck %s --check-prefix=SCRIPT < %t.xform.mlir
// RUN: cat %t.payload.mlir %S/Inputs/matmul-main.mlir > %t.full.mlir
// RUN: mlir-opt %t.full.mlir --transform-preload-library=transform-library-paths=%t.xform.mlir --transform-interpreter --canonicalize -o %t.tiled.mlir
// RUN: FileCheck %s --check-prefix=TILED < %t.tiled.mlir
// RUN: cat %s %S/Inputs/matmul-main.mlir | mlir-opt %lower_to_llvm | mlir-runner %run_main | sed -e 's/base@ = 0x[0-9a-f]*//' > %t.before
// RUN: mlir-opt %t.tiled.mlir %lower_to_llvm | mlir-runner %run_main | sed -e 's/base@ = 0x[0-9a-f]*//' > %t.after
// RUN: diff %t.before %t.after
// RUN: FileCheck %s --check-prefix=OUT < %t.after

func.func @mm(%a: tensor<13x19xf32>, %b: tensor<19x17xf32>) -> tensor<13x17xf32> {
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<13x17xf32>
  %init = linalg.fill ins(%zero : f32) outs(%empty : tensor<13x17xf32>) -> tensor<13x17xf32>
  %c = linalg.matmul ins(%a, %b : tensor<13x19xf32>, tensor<19x17xf32>)
                     outs(%init : tensor<13x17xf32>) -> tensor<13x17xf32>
  return %c : tensor<13x17xf32>
}

// The mapping: n in tiles of 9 (17 = 9 + 8), then k and m one at a time.
// MAP: mapping = #oro.mapping<level = "Buffer", loops = [n : 9, k : 1, m : 1], positions = [3, 2, 1]>

// SCRIPT:      module attributes {transform.with_named_sequence} {
// SCRIPT-NEXT:   transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
// SCRIPT:          %[[F:.+]] = transform.structured.match ops{["func.func"]} attributes {sym_name = "mm"} in %root
// SCRIPT:          %[[OP:.+]] = transform.structured.match attributes {oro.einsum = "matmul"} in %[[F]]
// Loop dims of linalg.matmul: (m, n, k); the nest n, k, m.
// SCRIPT:          transform.structured.tile_using_for %[[OP]] tile_sizes [1, 9, 1] interchange = [1, 2, 0]
// SCRIPT-SAME:       -> (!transform.any_op, !transform.any_op, !transform.any_op, !transform.any_op)
// SCRIPT-NEXT:     transform.yield

// TILED-LABEL: func.func @mm
// TILED-NOT:     linalg.matmul
// TILED:         scf.for %{{.*}} = %c0 to %c17 step %c9
// TILED-NEXT:      scf.for %{{.*}} = %c0 to %c19 step %c1
// TILED-NEXT:        scf.for %{{.*}} = %c0 to %c13 step %c1
// TILED:               affine.min
// TILED:               linalg.matmul {oro.einsum = "matmul"} ins(%{{.*}}, %{{.*}} : tensor<1x1xf32>, tensor<1x?xf32>) outs(%{{.*}} : tensor<1x?xf32>)
// TILED-NOT:     linalg.matmul
// TILED-LABEL: func.func @main

// OUT:      rank = 2 offset = 0 sizes = [13, 17] strides = [17, 1] data =
// OUT-NEXT: {{\[\[}}82, 87, 120, 62, 74, 16, 49, 82, 87, 120, 62, 74, 16, 49, 82, 87, 120],
// OUT:       [-41, -69, -104, -76, -27, 1, -34, -48, -76, -111, -83, -34, -6, -41, -55, -83, -118]]
