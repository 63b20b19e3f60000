// RUN: oro-opt %s -split-input-file -verify-diagnostics -allow-unregistered-dialect --convert-linalg-to-oro

// Hostile inputs to the conversion (fuzzing of the foundation): each is a
// located error, never a crash or invalid oro IR.

func.func @zero_extent(%a: tensor<0x4xf32>, %b: tensor<4x3xf32>) -> tensor<0x3xf32> {
  %e = tensor.empty() : tensor<0x3xf32>
  // expected-error @+1 {{'linalg.matmul' has extent 0 for rank 'm'; oro needs extents >= 1}}
  %0 = linalg.matmul ins(%a, %b : tensor<0x4xf32>, tensor<4x3xf32>) outs(%e : tensor<0x3xf32>) -> tensor<0x3xf32>
  return %0 : tensor<0x3xf32>
}

// -----

// Regression: a keepdim zero on a dimension of size 3 used to build an
// einsum the oro verifier rejected after the pass.
func.func @partial_keepdim(%a: tensor<4xf32>) -> tensor<4x3xf32> {
  %e = tensor.empty() : tensor<4x3xf32>
  // expected-error @+1 {{'linalg.generic' writes output dimension #1 of size 3 only at index 0; oro einsums written without an offset cover their output}}
  %0 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0, 0)>], iterator_types = ["parallel"]}
      ins(%a : tensor<4xf32>) outs(%e : tensor<4x3xf32>) {
  ^bb0(%x: f32, %o: f32):
    linalg.yield %x : f32
  } -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @output_constant(%a: tensor<4xf32>) -> tensor<4x3xf32> {
  %e = tensor.empty() : tensor<4x3xf32>
  // expected-error @+1 {{'linalg.generic' writes its output through 'affine_map<(d0) -> (d0, 1)>', which is not a permutation of distinct loops and zeros}}
  %0 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0, 1)>], iterator_types = ["parallel"]}
      ins(%a : tensor<4xf32>) outs(%e : tensor<4x3xf32>) {
  ^bb0(%x: f32, %o: f32):
    linalg.yield %x : f32
  } -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @memrefs(%a: memref<4xf32>, %b: memref<4xf32>) {
  // expected-error @+1 {{'linalg.exp' operates on memrefs, and @memrefs has no einsum on tensors; oro needs tensors}}
  linalg.exp ins(%a : memref<4xf32>) outs(%b : memref<4xf32>)
  %z = arith.constant 0.0 : f32
  linalg.fill ins(%z : f32) outs(%b : memref<4xf32>)
  return
}

// -----

// expected-error @+1 {{cannot name the workload of @f 'f_workload': the module already has a 'func.func' of that name}}
func.func @f(%a: tensor<4xf32>) -> tensor<4xf32> {
  return %a : tensor<4xf32>
}
func.func @f_workload(%a: tensor<4xf32>) -> tensor<4xf32> {
  return %a : tensor<4xf32>
}

// -----

// expected-error @+1 {{'func.func' @blocks has 2 blocks; oro needs a single block}}
func.func @blocks(%a: tensor<4xf32>) -> tensor<4xf32> {
  "foo.br"()[^bb1] : () -> ()
^bb1:
  return %a : tensor<4xf32>
}

// -----

func.func @unknown_dialect(%a: tensor<4xf32>, %t: !foo.type) -> (tensor<4xf32>, !foo.type, tensor<4x!foo.elt>) {
  // expected-error @+1 {{'foo.op' has no einsum meaning; oro cannot follow tensors through it}}
  %0 = "foo.op"(%a) ({
  ^bb0(%x: tensor<4xf32>):
    "foo.yield"(%x) : (tensor<4xf32>) -> ()
  }) : (tensor<4xf32>) -> tensor<4xf32>
  // expected-error @+1 {{'foo.op2' has no einsum meaning}}
  %1 = "foo.op2"(%t) : (!foo.type) -> !foo.type
  // expected-error @+1 {{'foo.op3' has no einsum meaning}}
  %2 = "foo.op3"() : () -> tensor<4x!foo.elt>
  // expected-error @+1 {{'foo.sideeffect' has no einsum meaning}}
  "foo.sideeffect"() : () -> ()
  %e = tensor.empty() : tensor<4xf32>
  %3 = linalg.exp ins(%0 : tensor<4xf32>) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  // expected-error @+2 {{'func.return' operand #1 has type '!foo.type'; oro workloads yield statically shaped tensors with sized elements}}
  // expected-error @+1 {{'func.return' operand #2 has type 'tensor<4x!foo.elt>'}}
  return %3, %1, %2 : tensor<4xf32>, !foo.type, tensor<4x!foo.elt>
}

// -----

func.func @unknown_elements(%a: tensor<4x!foo.elt>) -> tensor<4x!foo.elt> {
  %e = tensor.empty() : tensor<4x!foo.elt>
  // expected-error @+1 {{'linalg.generic' has element type '!foo.elt'; oro needs elements with a known bit width}}
  %0 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      ins(%a : tensor<4x!foo.elt>) outs(%e : tensor<4x!foo.elt>) {
  ^bb0(%x: !foo.elt, %o: !foo.elt):
    linalg.yield %x : !foo.elt
  } -> tensor<4x!foo.elt>
  // expected-error @+1 {{'func.return' operand #0 has type 'tensor<4x!foo.elt>'}}
  return %0 : tensor<4x!foo.elt>
}

// -----

func.func @non_tensor_results(%a: tensor<4xf32>, %m: memref<4xf32>, %i: i32) -> (i32, memref<4xf32>, tensor<4xf32>, none) {
  // expected-error @+1 {{'foo.none' has no einsum meaning}}
  %n = "foo.none"() : () -> none
  // expected-error @+3 {{'func.return' operand #0 has type 'i32'}}
  // expected-error @+2 {{'func.return' operand #1 has type 'memref<4xf32>'}}
  // expected-error @+1 {{'func.return' operand #3 has type 'none'}}
  return %i, %m, %a, %n : i32, memref<4xf32>, tensor<4xf32>, none
}

// -----

func.func @dynamic_views(%a: tensor<?x4xf32>, %b: tensor<8x4xf32>) -> (tensor<4x4xf32>, tensor<*xf32>) {
  // expected-error @+1 {{'tensor.extract_slice' has dynamic offsets, sizes or strides; oro needs static slices}}
  %0 = tensor.extract_slice %a[0, 0] [4, 4] [1, 1] : tensor<?x4xf32> to tensor<4x4xf32>
  %e = tensor.empty() : tensor<4x4xf32>
  %1 = linalg.exp ins(%0 : tensor<4x4xf32>) outs(%e : tensor<4x4xf32>) -> tensor<4x4xf32>
  // expected-error @+1 {{'tensor.cast' has dynamic shape 'tensor<*xf32>'; oro needs static extents}}
  %2 = tensor.cast %b : tensor<8x4xf32> to tensor<*xf32>
  // expected-error @+1 {{'func.return' operand #1 has type 'tensor<*xf32>'}}
  return %1, %2 : tensor<4x4xf32>, tensor<*xf32>
}
