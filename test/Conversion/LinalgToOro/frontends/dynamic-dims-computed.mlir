// RUN: oro-opt %s -split-input-file --convert-linalg-to-oro="dynamic-dims=64" | FileCheck %s
// RUN: oro-opt %s -split-input-file -verify-diagnostics --convert-linalg-to-oro

// Sizes computed inside a function from argument dimensions: `tensor.dim`,
// `arith` on it (index_cast, muli, divui, addi), then `tensor.empty(%d)`,
// a slice or the offset of an insert_slice. Once `dynamic-dims` binds the
// argument dimensions, canonicalization evaluates them; without a binding
// the error names the argument dimension the size comes from.

// Half of the rows, as torch.chunk(x, 2) prints it: 64 / 2 = 32.
// CHECK-LABEL: oro.workload @half_workload(
// CHECK-SAME:      tensor<64x16xf32>
// CHECK-SAME:      oro.dynamic_dims = {arg0.d0 = 64 : i64}
// CHECK-NEXT:    einsum "exp" [d0 = 32, d1 = 16] ins(%arg0[d0, d1]) outs[d0, d1] : (tensor<64x16xf32>) -> tensor<32x16xf32>
func.func @half(%arg0: tensor<?x16xf32>) -> tensor<?x16xf32> {
  %c0 = arith.constant 0 : index
  %c2 = arith.constant 2 : index
  %d = tensor.dim %arg0, %c0 : tensor<?x16xf32>
  %i = arith.index_cast %d : index to i64
  %c1_i64 = arith.constant 1 : i64
  %m = arith.muli %i, %c1_i64 : i64
  %j = arith.index_cast %m : i64 to index
  %h = arith.divui %j, %c2 : index
  // expected-error @+1 {{'tensor.extract_slice' has dynamic offsets, sizes or strides: its size is dimension #0 of argument #0, not bound (through 'arith.divui'); oro needs static extents (bind dynamic sizes with dynamic-dims=...)}}
  %s = tensor.extract_slice %arg0[0, 0] [%h, 16] [1, 1] : tensor<?x16xf32> to tensor<?x16xf32>
  %e = tensor.empty(%h) : tensor<?x16xf32>
  // expected-error @+1 {{'linalg.exp' has dynamic shape 'tensor<?x16xf32>': dimension #0 of operand #0 is dynamic; its size is dimension #0 of argument #0, not bound (through 'arith.divui'); oro needs static extents (bind dynamic sizes with dynamic-dims=...)}}
  %x = linalg.exp ins(%s : tensor<?x16xf32>) outs(%e : tensor<?x16xf32>) -> tensor<?x16xf32>
  // expected-error @+1 {{'func.return' operand #0 has type 'tensor<?x16xf32>'}}
  return %x : tensor<?x16xf32>
}

// -----

// torch.cat of two dynamic batches: the empty's size and the second
// offset are sums of `tensor.dim`s: 64 + 64 = 128 rows, the second part at
// row 64.
// CHECK-LABEL: oro.workload @cat_dynamic_workload(
// CHECK-NEXT:    einsum "concat" [d0 = 64, d1 = 8] ins(%arg0[d0, d1]) outs[d0, d1] : (tensor<64x8xf32>) -> tensor<128x8xf32>
// CHECK-NEXT:    %[[C:.*]] = einsum "concat_1" [d0 = 64, d1 = 8] ins(%arg1[d0, d1]) outs[d0 + 64, d1] : (tensor<64x8xf32>) -> tensor<128x8xf32>
// CHECK-NEXT:    einsum "exp" [d0 = 128, d1 = 8] ins(%[[C]][d0, d1])
func.func @cat_dynamic(%a: tensor<?x8xf32>, %b: tensor<?x8xf32>) -> tensor<?x8xf32> {
  %c0 = arith.constant 0 : index
  %da = tensor.dim %a, %c0 : tensor<?x8xf32>
  %db = tensor.dim %b, %c0 : tensor<?x8xf32>
  %n = arith.addi %da, %db : index
  %e = tensor.empty(%n) : tensor<?x8xf32>
  // expected-error @+1 {{'tensor.insert_slice' has dynamic offsets, sizes or strides; oro needs static slices}}
  %0 = tensor.insert_slice %a into %e[0, 0] [%da, 8] [1, 1] : tensor<?x8xf32> into tensor<?x8xf32>
  // expected-error @+1 {{'tensor.insert_slice' has dynamic offsets, sizes or strides; oro needs static slices}}
  %1 = tensor.insert_slice %b into %0[%da, 0] [%db, 8] [1, 1] : tensor<?x8xf32> into tensor<?x8xf32>
  // expected-error @+1 {{'linalg.exp' has dynamic shape 'tensor<?x8xf32>': dimension #0 of operand #0 is dynamic; its size is dimension #0 of argument #0, not bound (through 'arith.addi'); oro needs static extents (bind dynamic sizes with dynamic-dims=...)}}
  %2 = linalg.exp ins(%1 : tensor<?x8xf32>) outs(%e : tensor<?x8xf32>) -> tensor<?x8xf32>
  // expected-error @+1 {{'func.return' operand #0 has type 'tensor<?x8xf32>'}}
  return %2 : tensor<?x8xf32>
}
