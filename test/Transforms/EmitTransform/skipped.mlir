// Einsums the script cannot tile are skipped with a remark at their
// location, and the rest of the script still applies: a matmul whose
// reduction rank was split to read through a collapse_shape (ranks k_0, k_1
// for one Linalg loop), and a padding copy (tensor.pad, no Linalg op).
// RUN: oro-opt %s --convert-linalg-to-oro --oro-map-search="arch=%S/Inputs/buffer-512B.yaml progress=never" --oro-emit-transform="file=%t.xform.mlir payload=%t.payload.mlir" --mlir-print-op-on-diagnostic=false -o /dev/null 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: FileCheck %s --check-prefix=SCRIPT < %t.xform.mlir
// RUN: oro-opt %S/Inputs/fused-unmatched.mlir --oro-emit-transform=file=- --mlir-print-op-on-diagnostic=false -o /dev/null 2>&1 | FileCheck %s --check-prefix=UNMATCHED
// RUN: not oro-opt %S/Inputs/fused-unmatched.mlir --oro-emit-transform -o /dev/null 2>&1 | FileCheck %s --check-prefix=NOFILE
// RUN: %if mlir-opt %{ mlir-opt %t.payload.mlir --transform-preload-library=transform-library-paths=%t.xform.mlir --transform-interpreter | FileCheck %s --check-prefix=TILED %}

func.func @collapse(%h: tensor<8x4x16xf32>, %w: tensor<64x32xf32>) -> tensor<8x32xf32> {
  %et = tensor.empty() : tensor<8x4x16xf32>
  %t = linalg.transpose ins(%h : tensor<8x4x16xf32>) outs(%et : tensor<8x4x16xf32>) permutation = [0, 1, 2]
  %c = tensor.collapse_shape %t [[0], [1, 2]] : tensor<8x4x16xf32> into tensor<8x64xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8x32xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<8x32xf32>) -> tensor<8x32xf32>
  %0 = linalg.matmul ins(%c, %w : tensor<8x64xf32>, tensor<64x32xf32>) outs(%f : tensor<8x32xf32>) -> tensor<8x32xf32>
  return %0 : tensor<8x32xf32>
}

func.func @padded(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32> {
  %zero = arith.constant 0.0 : f32
  %p = tensor.pad %x low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%a: index, %b: index, %c: index, %d: index):
    tensor.yield %zero : f32
  } : tensor<1x3x8x8xf32> to tensor<1x3x10x10xf32>
  %e = tensor.empty() : tensor<1x4x8x8xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  %y = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
         ins(%p, %w : tensor<1x3x10x10xf32>, tensor<4x3x3x3xf32>)
         outs(%init : tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  return %y : tensor<1x4x8x8xf32>
}

// REMARK: skipped.mlir:18:8: remark: einsum 'matmul' is skipped: its ranks do not map 1:1 onto the loops of its Linalg op (a rank was split to read through a collapse_shape)
// REMARK: skipped.mlir:24:8: remark: einsum 'pad' is skipped: its source is a 'tensor.pad', not a Linalg op (a padding copy)

// SCRIPT:      attributes {sym_name = "collapse"}
// SCRIPT-NEXT: %[[T:.+]] = transform.structured.match attributes {oro.einsum = "transpose"}
// SCRIPT-NOT:  oro.einsum = "matmul"
// SCRIPT:      transform.structured.tile_using_for %[[T]] tile_sizes [1, 1, 1]
// SCRIPT:      attributes {sym_name = "padded"}
// SCRIPT-NEXT: %[[C:.+]] = transform.structured.match attributes {oro.einsum = "conv_2d_nchw_fchw"}
// SCRIPT-NOT:  oro.einsum = "pad"
// SCRIPT:      transform.structured.tile_using_for %[[C]] tile_sizes [0, 1, 2, 0, 1, 1, 1]

// TILED-LABEL: func.func @collapse
// TILED:         scf.for
// TILED:           linalg.transpose {{.*}}oro.einsum = "transpose"
// TILED:         linalg.matmul {oro.einsum = "matmul"} ins(%{{.*}}, %{{.*}} : tensor<8x64xf32>, tensor<64x32xf32>)
// TILED-LABEL: func.func @padded
// TILED:         tensor.pad
// TILED:         scf.for
// TILED:           linalg.conv_2d_nchw_fchw

// UNMATCHED: fused-unmatched.mlir:{{[0-9]+}}:{{[0-9]+}}: remark: einsum 'matmul' is skipped: no op in the function carries its label
// UNMATCHED: fused-unmatched.mlir:{{[0-9]+}}:{{[0-9]+}}: remark: fused group 0 is tiled unfused: its einsum 'matmul' is skipped
// UNMATCHED:      %[[OP:.+]] = transform.structured.match attributes {oro.einsum = "matmul_1"}
// UNMATCHED-NOT:  fuse_into_containing_op
// UNMATCHED:      transform.structured.tile_using_for %[[OP]] tile_sizes [1, 1, 9] interchange = [2, 1, 0]
// UNMATCHED-NOT:  apply_cse

// NOFILE: error: 'oro-emit-transform' needs an output: pass file=<path> ('-' for stdout)
