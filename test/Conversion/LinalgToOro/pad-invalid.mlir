// RUN: oro-opt %s -split-input-file -verify-diagnostics --convert-linalg-to-oro

// Padding copies oro cannot describe: each is a located error (a warning
// under allow-partial, see allow-partial.mlir).

// Concatenation: the inner insert (into tensor.empty) is a padding copy, the
// outer one writes into a tensor that already holds data from another
// producer, which an einsum output written at an offset (the rest is
// initialization) cannot say: reading the destination as an extra input
// would charge traffic for the overwritten part and still not account for
// the part kept.
func.func @concat(%a: tensor<2x4xf32>, %b: tensor<2x4xf32>) -> tensor<2x8xf32> {
  %e = tensor.empty() : tensor<2x8xf32>
  %0 = tensor.insert_slice %b into %e[0, 4] [2, 4] [1, 1] : tensor<2x4xf32> into tensor<2x8xf32>
  // expected-error @+1 {{'tensor.insert_slice' writes into a tensor that is not initialization (tensor.empty, linalg.fill or a splat constant), e.g. a concatenation; oro einsums written at an offset fill a tensor whose rest is initialization}}
  %1 = tensor.insert_slice %a into %0[0, 0] [2, 4] [1, 1] : tensor<2x4xf32> into tensor<2x8xf32>
  %2 = linalg.exp ins(%1 : tensor<2x8xf32>) outs(%e : tensor<2x8xf32>) -> tensor<2x8xf32>
  return %2 : tensor<2x8xf32>
}

// -----

func.func @dynamic_offsets(%a: tensor<4xf32>, %i: index) -> tensor<8xf32> {
  %e = tensor.empty() : tensor<8xf32>
  // expected-error @+1 {{'tensor.insert_slice' has dynamic offsets, sizes or strides; oro needs static slices}}
  %0 = tensor.insert_slice %a into %e[%i] [4] [1] : tensor<4xf32> into tensor<8xf32>
  return %0 : tensor<8xf32>
}

// -----

func.func @strided(%a: tensor<4xf32>) -> tensor<8xf32> {
  %e = tensor.empty() : tensor<8xf32>
  // expected-error @+1 {{'tensor.insert_slice' inserts with strides [2]; oro einsums write their output at unit stride}}
  %0 = tensor.insert_slice %a into %e[1] [4] [2] : tensor<4xf32> into tensor<8xf32>
  return %0 : tensor<8xf32>
}

// -----

func.func @position_dependent_value(%a: tensor<4xf32>) -> tensor<6xf32> {
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

func.func @dynamic_padding(%a: tensor<4xf32>, %n: index) -> tensor<?xf32> {
  %z = arith.constant 0.0 : f32
  // expected-error @+1 {{'tensor.pad' has dynamic padding; oro needs static low and high padding}}
  %0 = tensor.pad %a low[%n] high[1] {
  ^bb0(%i: index):
    tensor.yield %z : f32
  } : tensor<4xf32> to tensor<?xf32>
  // expected-error @+1 {{'func.return' operand #0 has type 'tensor<?xf32>'; oro workloads yield statically shaped tensors}}
  return %0 : tensor<?xf32>
}

// -----

func.func @dynamic_source(%a: tensor<?xf32>) -> tensor<?xf32> {
  %z = arith.constant 0.0 : f32
  // expected-error @+1 {{'tensor.pad' has dynamic shape 'tensor<?xf32>'; oro needs static extents}}
  %0 = tensor.pad %a low[1] high[1] {
  ^bb0(%i: index):
    tensor.yield %z : f32
  } : tensor<?xf32> to tensor<?xf32>
  // expected-error @+1 {{'func.return' operand #0 has type 'tensor<?xf32>'; oro workloads yield statically shaped tensors}}
  return %0 : tensor<?xf32>
}

// -----

func.func @negative(%a: tensor<4xf32>) -> tensor<3xf32> {
  %z = arith.constant 0.0 : f32
  // expected-error @+1 {{'tensor.pad' has negative padding (low [-1], high [0]); oro padding copies cannot crop}}
  %0 = tensor.pad %a low[-1] high[0] {
  ^bb0(%i: index):
    tensor.yield %z : f32
  } : tensor<4xf32> to tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// A padded dimension read through a collapse would need its rank split.
func.func @padded_split(%a: tensor<2x3xf32>) -> tensor<8xf32> {
  %e = tensor.empty() : tensor<2x3xf32>
  %0 = linalg.exp ins(%a : tensor<2x3xf32>) outs(%e : tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = tensor.collapse_shape %0 [[0, 1]] : tensor<2x3xf32> into tensor<6xf32>
  %z = arith.constant 0.0 : f32
  // expected-error @+1 {{'tensor.pad' pads output dimension #0, whose rank 'd0' had to be split to read through a 'tensor.collapse_shape'; oro cannot pad a split rank}}
  %2 = tensor.pad %1 low[1] high[1] {
  ^bb0(%i: index):
    tensor.yield %z : f32
  } : tensor<6xf32> to tensor<8xf32>
  return %2 : tensor<8xf32>
}

// -----

func.func @zero_d(%a: tensor<f32>) -> tensor<4xf32> {
  %e = tensor.empty() : tensor<4xf32>
  // expected-error @+1 {{'tensor.insert_slice' copies a 0-d tensor; oro einsums need at least one rank}}
  %0 = tensor.insert_slice %a into %e[2] [1] [1] : tensor<f32> into tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @zero_extent(%a: tensor<0x4xf32>) -> tensor<2x4xf32> {
  %z = arith.constant 0.0 : f32
  // expected-error @+1 {{'tensor.pad' has extent 0 for rank 'd0'; oro needs extents >= 1}}
  %0 = tensor.pad %a low[1, 0] high[1, 0] {
  ^bb0(%i: index, %j: index):
    tensor.yield %z : f32
  } : tensor<0x4xf32> to tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}
