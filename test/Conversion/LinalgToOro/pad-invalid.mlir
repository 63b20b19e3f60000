// RUN: oro-opt %s -split-input-file -verify-diagnostics --convert-linalg-to-oro

// Padding copies oro cannot describe: each is a located error (a warning
// under allow-partial, see allow-partial.mlir).

// Concatenations oro cannot describe (the ones it can: concat.mlir). Parts
// that overlap: the second writer would overwrite part of the first's data.
func.func @concat_overlap(%a: tensor<2x4xf32>, %b: tensor<2x4xf32>) -> tensor<2x8xf32> {
  %e = tensor.empty() : tensor<2x8xf32>
  %0 = tensor.insert_slice %b into %e[0, 4] [2, 4] [1, 1] : tensor<2x4xf32> into tensor<2x8xf32>
  // expected-error @+1 {{'tensor.insert_slice' writes [0, 1] to [2, 5), which overlaps the part [0, 4] to [2, 8) an earlier insert_slice wrote; oro needs the parts of a concatenation to be disjoint}}
  %1 = tensor.insert_slice %a into %0[0, 1] [2, 4] [1, 1] : tensor<2x4xf32> into tensor<2x8xf32>
  %2 = linalg.exp ins(%1 : tensor<2x8xf32>) outs(%e : tensor<2x8xf32>) -> tensor<2x8xf32>
  return %2 : tensor<2x8xf32>
}

// -----

// A partial concatenation read before it is complete: in place, the second
// insert would overwrite what `exp` reads.
func.func @concat_read_early(%a: tensor<2x4xf32>, %b: tensor<2x4xf32>) -> (tensor<2x8xf32>, tensor<2x8xf32>) {
  %e = tensor.empty() : tensor<2x8xf32>
  %0 = tensor.insert_slice %a into %e[0, 0] [2, 4] [1, 1] : tensor<2x4xf32> into tensor<2x8xf32>
  // expected-error @+1 {{'tensor.insert_slice' writes into a concatenation that 'linalg.exp' also reads before it is complete; oro needs each partial concatenation to be used only by the next insert_slice}}
  %1 = tensor.insert_slice %b into %0[0, 4] [2, 4] [1, 1] : tensor<2x4xf32> into tensor<2x8xf32>
  %2 = linalg.exp ins(%0 : tensor<2x8xf32>) outs(%e : tensor<2x8xf32>) -> tensor<2x8xf32>
  return %1, %2 : tensor<2x8xf32>, tensor<2x8xf32>
}

// -----

// The second part at a dynamic offset (torch-mlir before shape refinement
// writes `tensor.dim` sums; with static shapes canonicalization folds them).
func.func @concat_dynamic_offset(%a: tensor<2x4xf32>, %b: tensor<2x4xf32>, %i: index) -> tensor<2x8xf32> {
  %e = tensor.empty() : tensor<2x8xf32>
  %0 = tensor.insert_slice %a into %e[0, 0] [2, 4] [1, 1] : tensor<2x4xf32> into tensor<2x8xf32>
  // expected-error @+1 {{'tensor.insert_slice' has dynamic offsets, sizes or strides; oro needs static slices}}
  %1 = tensor.insert_slice %b into %0[0, %i] [2, 4] [1, 1] : tensor<2x4xf32> into tensor<2x8xf32>
  return %1 : tensor<2x8xf32>
}

// -----

// Interleaving by strided inserts (a concatenation along a strided axis).
func.func @concat_strided(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<8xf32> {
  %e = tensor.empty() : tensor<8xf32>
  %0 = tensor.insert_slice %a into %e[0] [4] [2] : tensor<4xf32> into tensor<8xf32>
  // expected-error @-1 {{'tensor.insert_slice' inserts with strides [2]; oro einsums write their output at unit stride}}
  // expected-error @+1 {{'tensor.insert_slice' inserts with strides [2]; oro einsums write their output at unit stride}}
  %1 = tensor.insert_slice %b into %0[1] [4] [2] : tensor<4xf32> into tensor<8xf32>
  return %1 : tensor<8xf32>
}

// -----

// A concatenation into a real tensor (an argument): the result would hold
// the argument's data outside the part, which no writer produced.
func.func @insert_into_argument(%a: tensor<2x4xf32>, %cache: tensor<2x8xf32>) -> tensor<2x8xf32> {
  // expected-error @+1 {{'tensor.insert_slice' writes into a tensor that is neither initialization (tensor.empty, linalg.fill or a splat constant) nor a concatenation built from initialization by insert_slices; oro einsums written at an offset fill a tensor whose rest is initialization or written by other einsums}}
  %0 = tensor.insert_slice %a into %cache[0, 4] [2, 4] [1, 1] : tensor<2x4xf32> into tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// -----

func.func @concat_dynamic(%a: tensor<?x4xf32>, %b: tensor<2x4xf32>) -> tensor<?x4xf32> {
  // expected-error @+1 {{'tensor.concat' has dynamic shape 'tensor<?x4xf32>'; oro needs static extents}}
  %0 = tensor.concat dim(0) %a, %b : (tensor<?x4xf32>, tensor<2x4xf32>) -> tensor<?x4xf32>
  // expected-error @+1 {{'func.return' operand #0 has type 'tensor<?x4xf32>'}}
  return %0 : tensor<?x4xf32>
}

// -----

// A part whose rank is split to read through a collapse would write the
// concatenation in another shape than the other part: an error whether the
// split rank is the concatenated one (a padded split rank) or another one.
func.func @concat_split_part(%a: tensor<5x2x3xf32>, %b: tensor<5x4xf32>) -> tensor<5x10xf32> {
  %c = tensor.collapse_shape %a [[0], [1, 2]] : tensor<5x2x3xf32> into tensor<5x6xf32>
  // expected-error @+1 {{'tensor.concat' pads output dimension #1, whose rank 'd1' had to be split to read through a 'tensor.collapse_shape'; oro cannot pad a split rank}}
  %0 = tensor.concat dim(1) %b, %c : (tensor<5x4xf32>, tensor<5x6xf32>) -> tensor<5x10xf32>
  return %0 : tensor<5x10xf32>
}

// -----

func.func @concat_split_part_other_dim(%a: tensor<2x3x4xf32>, %b: tensor<6x5xf32>) -> tensor<6x9xf32> {
  %c = tensor.collapse_shape %a [[0, 1], [2]] : tensor<2x3x4xf32> into tensor<6x4xf32>
  // expected-error @+1 {{'tensor.concat' writes part of a concatenation with ranks split to read through a 'tensor.collapse_shape'; oro needs the writers of a concatenation to write its shape}}
  %0 = tensor.concat dim(1) %c, %b : (tensor<6x4xf32>, tensor<6x5xf32>) -> tensor<6x9xf32>
  return %0 : tensor<6x9xf32>
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

// -----

// The same through an insert_slice chain: the first insert, a padding copy
// with its rank split until a second part makes it a concatenation writer.
func.func @concat_split_first_writer(%a: tensor<2x3x4xf32>, %b: tensor<6x5xf32>) -> tensor<6x9xf32> {
  %e = tensor.empty() : tensor<6x9xf32>
  %x = tensor.collapse_shape %a [[0, 1], [2]] : tensor<2x3x4xf32> into tensor<6x4xf32>
  // expected-error @+1 {{'tensor.insert_slice' writes part of a concatenation with ranks split to read through a 'tensor.collapse_shape'; oro needs the writers of a concatenation to write its shape}}
  %0 = tensor.insert_slice %x into %e[0, 0] [6, 4] [1, 1] : tensor<6x4xf32> into tensor<6x9xf32>
  %1 = tensor.insert_slice %b into %0[0, 4] [6, 5] [1, 1] : tensor<6x5xf32> into tensor<6x9xf32>
  return %1 : tensor<6x9xf32>
}

// -----

// A concatenation flattened before it is cut again would need a split rank
// written at an offset: torch.cat((x.flatten(0, 1), y)) with x 2x3x4.
func.func @concat_flattened_part(%a: tensor<2x3x4xf32>, %b: tensor<6x4xf32>) -> tensor<12x4xf32> {
  %c = tensor.collapse_shape %a [[0, 1], [2]] : tensor<2x3x4xf32> into tensor<6x4xf32>
  // expected-error @+1 {{'tensor.concat' pads output dimension #0, whose rank 'd0' had to be split to read through a 'tensor.collapse_shape'; oro cannot pad a split rank}}
  %0 = tensor.concat dim(0) %b, %c : (tensor<6x4xf32>, tensor<6x4xf32>) -> tensor<12x4xf32>
  return %0 : tensor<12x4xf32>
}
