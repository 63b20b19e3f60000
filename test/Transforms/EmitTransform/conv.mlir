// A 3x3 convolution (linalg.conv_2d_nchw_fchw, 1x3x10x10 input, 4 filters,
// 1x4x8x8 output, f32) on a 512-byte buffer: the script tiles it over the
// output rows in pairs and over filters, channels and the window one at a
// time; upstream mlir-opt applies it, and the program prints the same
// result before and after.
// REQUIRES: mlir-runner
// RUN: oro-opt %s --convert-linalg-to-oro --oro-map-search="arch=%S/Inputs/buffer-512B.yaml progress=never" --oro-emit-transform="file=%t.xform.mlir payload=%t.payload.mlir" -o %t.oro.mlir
// RUN: FileCheck %s --check-prefix=MAP < %t.oro.mlir
// RUN: FileCheck %s --check-prefix=SCRIPT < %t.xform.mlir
// RUN: cat %t.payload.mlir %S/Inputs/conv-main.mlir > %t.full.mlir
// RUN: mlir-opt %t.full.mlir --transform-preload-library=transform-library-paths=%t.xform.mlir --transform-interpreter --canonicalize -o %t.tiled.mlir
// RUN: FileCheck %s --check-prefix=TILED < %t.tiled.mlir
// RUN: cat %s %S/Inputs/conv-main.mlir | mlir-opt %lower_to_llvm | mlir-runner %run_main | sed -e 's/base@ = 0x[0-9a-f]*//' > %t.before
// RUN: mlir-opt %t.tiled.mlir %lower_to_llvm | mlir-runner %run_main | sed -e 's/base@ = 0x[0-9a-f]*//' > %t.after
// RUN: diff %t.before %t.after
// RUN: FileCheck %s --check-prefix=OUT < %t.after

func.func @conv(%x: tensor<1x3x10x10xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x4x8x8xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  %y = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
         ins(%x, %w : tensor<1x3x10x10xf32>, tensor<4x3x3x3xf32>)
         outs(%init : tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  return %y : tensor<1x4x8x8xf32>
}

// MAP: mapping = #oro.mapping<level = "Buffer", loops = [p : 2, r : 1, f : 1, c : 1, s : 1], positions = [2, 5, 1]>

// Loop dims of conv_2d_nchw_fchw: (n, f, p, q, c, r, s).
// SCRIPT:      %[[OP:.+]] = transform.structured.match attributes {oro.einsum = "conv_2d_nchw_fchw"} in
// SCRIPT:      transform.structured.tile_using_for %[[OP]] tile_sizes [0, 1, 2, 0, 1, 1, 1] interchange = [2, 5, 1, 4, 6, 0, 3]
// SCRIPT-NEXT: transform.yield

// TILED-LABEL: func.func @conv
// TILED:         scf.for %{{.*}} = %c0 to %c8 step %c2
// TILED-NEXT:      scf.for %{{.*}} = %c0 to %c3 step %c1
// TILED-NEXT:        scf.for %{{.*}} = %c0 to %c4 step %c1
// TILED-NEXT:          scf.for %{{.*}} = %c0 to %c3 step %c1
// TILED-NEXT:            scf.for %{{.*}} = %c0 to %c3 step %c1
// TILED:                   linalg.conv_2d_nchw_fchw {{.*}}oro.einsum = "conv_2d_nchw_fchw"{{.*}} -> tensor<1x1x2x8xf32>
// TILED-LABEL: func.func @main

// OUT:      rank = 4 offset = 0 sizes = [1, 4, 8, 8] strides = [256, 64, 8, 1] data =
// OUT-NEXT: {{\[\[\[\[}}-4, 14, 4, 1, 12, -12, -15, -4],
// OUT-NEXT:    [1, 12, -12, -15, -4, 14, 4, 1],
// OUT:         [-6, 13, 11, 9, 7, -9, -25, -6]]]]
