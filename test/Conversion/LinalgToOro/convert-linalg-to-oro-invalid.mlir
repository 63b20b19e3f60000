// RUN: oro-opt %s -split-input-file -verify-diagnostics -allow-unregistered-dialect --convert-linalg-to-oro

// Every diagnostic of --convert-linalg-to-oro. Each names the op and why.

func.func @dynamic(%a: tensor<?x4xf32>, %b: tensor<4x4xf32>, %e: tensor<?x4xf32>) {
  // expected-error @+1 {{'linalg.matmul' has dynamic shape 'tensor<?x4xf32>': dimension #0 of operand #0 (argument #0) is dynamic; oro needs static extents (bind dynamic sizes with dynamic-dims=...)}}
  %0 = linalg.matmul ins(%a, %b : tensor<?x4xf32>, tensor<4x4xf32>) outs(%e : tensor<?x4xf32>) -> tensor<?x4xf32>
  return
}

// -----

func.func @dynamic_result(%a: tensor<?xf32>) -> tensor<?xf32> {
  // expected-error @+1 {{'func.return' operand #0 has type 'tensor<?xf32>'; oro workloads yield statically shaped tensors}}
  return %a : tensor<?xf32>
}

// -----

func.func @memref(%a: memref<4x4xf32>, %b: memref<4x4xf32>, %c: memref<4x4xf32>) {
  // expected-error @+1 {{'linalg.matmul' operates on memrefs, and @memref has no einsum on tensors; oro needs tensors}}
  linalg.matmul ins(%a, %b : memref<4x4xf32>, memref<4x4xf32>) outs(%c : memref<4x4xf32>)
  return
}

// -----

func.func @memref_fill(%c: memref<4x4xf32>) {
  %z = arith.constant 0.0 : f32
  // expected-error @+1 {{'linalg.fill' operates on memrefs, and @memref_fill has no einsum on tensors; oro needs tensors}}
  linalg.fill ins(%z : f32) outs(%c : memref<4x4xf32>)
  return
}

// -----

func.func @zero_extent(%a: tensor<0x4xf32>, %e: tensor<0x4xf32>) {
  // expected-error @+1 {{'linalg.exp' has extent 0 for rank 'd0'; oro needs extents >= 1}}
  %0 = linalg.exp ins(%a : tensor<0x4xf32>) outs(%e : tensor<0x4xf32>) -> tensor<0x4xf32>
  return
}

// -----

func.func @not_affine_sum(%a: tensor<8xf32>, %e: tensor<8xf32>) {
  // expected-error @+1 {{'linalg.generic' indexing map #0 'affine_map<(d0) -> (d0 mod 4)>' has 'd0 mod 4', which is not a sum of scaled loop dimensions}}
  %0 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0 mod 4)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      ins(%a : tensor<8xf32>) outs(%e : tensor<8xf32>) {
  ^bb0(%x: f32, %o: f32):
    linalg.yield %x : f32
  } -> tensor<8xf32>
  return
}

// -----

func.func @negative(%a: tensor<8xf32>, %e: tensor<8xf32>) {
  // expected-error @+1 {{'linalg.generic' reads operand #0 at '-d0 + 7'; oro projections are sums of positive multiples of ranks and a non-negative offset}}
  %0 = linalg.generic {indexing_maps = [affine_map<(d0) -> (7 - d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      ins(%a : tensor<8xf32>) outs(%e : tensor<8xf32>) {
  ^bb0(%x: f32, %o: f32):
    linalg.yield %x : f32
  } -> tensor<8xf32>
  return
}

// -----

func.func @output_not_permutation(%a: tensor<4xf32>, %e: tensor<4x4xf32>) {
  // expected-error @+1 {{'linalg.generic' writes its output through 'affine_map<(d0) -> (d0, d0)>', which is not a permutation of distinct loops and zeros; oro einsums write each output element once}}
  %0 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0, d0)>], iterator_types = ["parallel"]}
      ins(%a : tensor<4xf32>) outs(%e : tensor<4x4xf32>) {
  ^bb0(%x: f32, %o: f32):
    linalg.yield %x : f32
  } -> tensor<4x4xf32>
  return
}

// -----

func.func @untracked_loop(%e: tensor<4xf32>) {
  %z = arith.constant 0.0 : f32
  %big = tensor.empty() : tensor<4x8xf32>
  %f = linalg.fill ins(%z : f32) outs(%big : tensor<4x8xf32>) -> tensor<4x8xf32>
  // expected-error @+1 {{'linalg.generic' has loop 'd1' that indexes no tensor oro tracks (only tensor.empty, linalg.fill or operands its payload ignores); oro needs every rank in a projection}}
  %0 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>],
                       iterator_types = ["parallel", "reduction"]}
      ins(%f : tensor<4x8xf32>) outs(%e : tensor<4xf32>) {
  ^bb0(%x: f32, %o: f32):
    %s = arith.addf %x, %o : f32
    linalg.yield %s : f32
  } -> tensor<4xf32>
  return
}

// -----

func.func @collapse_window(%a: tensor<3x4xf32>, %w: tensor<3xf32>, %e: tensor<10xf32>) {
  // expected-note @+1 {{through this 'tensor.collapse_shape'}}
  %c = tensor.collapse_shape %a [[0, 1]] : tensor<3x4xf32> into tensor<12xf32>
  // expected-error @+1 {{'linalg.conv_1d' reads collapsed dimension #0 at 'p + r', which has rank 'p' of extent 10 that cannot be split at the collapsed dimensions; oro can only split a single rank across collapsed dimensions}}
  %0 = linalg.conv_1d ins(%c, %w : tensor<12xf32>, tensor<3xf32>) outs(%e : tensor<10xf32>) -> tensor<10xf32>
  return
}

// -----

func.func @collapse_carry(%a: tensor<4x4xf32>, %w: tensor<2xf32>, %e: tensor<8xf32>) {
  // expected-note @+1 {{through this 'tensor.collapse_shape'}}
  %c = tensor.collapse_shape %a [[0, 1]] : tensor<4x4xf32> into tensor<16xf32>
  // expected-error @+1 {{'linalg.conv_1d' reads collapsed dimension #0 at 'p + r', which has terms that carry from one collapsed dimension into the next; oro can only split a single rank across collapsed dimensions}}
  %0 = linalg.conv_1d ins(%c, %w : tensor<16xf32>, tensor<2xf32>) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  return
}

// -----

func.func @incompatible_splits(%a: tensor<6x2xf32>, %b: tensor<4x3xf32>, %e: tensor<12xf32>) {
  %c = tensor.collapse_shape %a [[0, 1]] : tensor<6x2xf32> into tensor<12xf32>
  %d = tensor.collapse_shape %b [[0, 1]] : tensor<4x3xf32> into tensor<12xf32>
  // expected-error @+1 {{'linalg.add' reads through reshapes that need incompatible splits: rank 'd0' of extent 12 would have to be split at 3 and at 2, which do not nest}}
  %0 = linalg.add ins(%c, %d : tensor<12xf32>, tensor<12xf32>) outs(%e : tensor<12xf32>) -> tensor<12xf32>
  return
}

// -----

func.func @call(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'func.call' of @ext was not inlined (an external or recursive callee); oro follows tensors into callees with a body only}}
  %0 = func.call @ext(%a) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
func.func private @ext(tensor<4xf32>) -> tensor<4xf32>

// -----

func.func @pad(%a: tensor<4xf32>) -> tensor<6xf32> {
  // expected-error @+1 {{'tensor.pad' pads with a value computed from the position; oro needs a padding value that is the same everywhere (initialization, not traffic)}}
  %0 = tensor.pad %a low[1] high[1] {
  ^bb0(%i: index):
    %ii = arith.index_cast %i : index to i32
    %v = arith.sitofp %ii : i32 to f32
    tensor.yield %v : f32
  } : tensor<4xf32> to tensor<6xf32>
  return %0 : tensor<6xf32>
}

// -----

func.func @insert_slice(%a: tensor<4xf32>, %b: tensor<6xf32>) -> tensor<6xf32> {
  // expected-error @+1 {{'tensor.insert_slice' writes into a tensor that is neither initialization (tensor.empty, linalg.fill or a splat constant) nor a concatenation built from initialization by insert_slices; oro einsums written at an offset fill a tensor whose rest is initialization or written by other einsums}}
  %0 = tensor.insert_slice %a into %b[1] [4] [1] : tensor<4xf32> into tensor<6xf32>
  return %0 : tensor<6xf32>
}

// -----

func.func @dynamic_slice(%a: tensor<8x4xf32>, %i: index) -> tensor<2x4xf32> {
  // expected-error @+1 {{'tensor.extract_slice' has dynamic offsets, sizes or strides: its offset is function argument #1 (an 'index', not a tensor dimension: dynamic-dims binds dimensions of tensor arguments only)}}
  %0 = tensor.extract_slice %a[%i, 0] [2, 4] [1, 1] : tensor<8x4xf32> to tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @dynamic_reshape(%a: tensor<?x4xf32>) {
  // expected-error @+1 {{'tensor.collapse_shape' has dynamic shape 'tensor<?xf32>'; oro needs static extents}}
  %0 = tensor.collapse_shape %a [[0, 1]] : tensor<?x4xf32> into tensor<?xf32>
  return
}

// -----

func.func @unknown_op(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'test.opaque' has no einsum meaning; oro cannot follow tensors through it}}
  %0 = "test.opaque"(%a) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// expected-error @+1 {{'func.func' @blocks has 2 blocks; oro needs a single block}}
func.func @blocks(%a: tensor<4xf32>) -> tensor<4xf32> {
  "test.br"()[^bb1] : () -> ()
^bb1:
  return %a : tensor<4xf32>
}

// -----

// expected-error @+1 {{cannot name the workload of @f 'f_workload': the module already has a 'func.func' of that name}}
func.func @f(%a: tensor<4xf32>) -> tensor<4xf32> {
  return %a : tensor<4xf32>
}
func.func private @f_workload()
