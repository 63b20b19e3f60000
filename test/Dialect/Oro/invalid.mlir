// Every verifier and parser diagnostic of the oro dialect.
// RUN: oro-opt %s -split-input-file -verify-diagnostics

// expected-error @+1 {{'oro.name' of argument #0 must be a non-empty string}}
oro.workload @f(%a: tensor<4xf32> {oro.name = 3 : i32}) -> tensor<4xf32> {
  oro.yield %a : tensor<4xf32>
}

// -----

// expected-error @+1 {{'oro.weight' of argument #0 must be a unit attribute}}
oro.workload @f(%a: tensor<4xf32> {oro.weight = "yes"}) -> tensor<4xf32> {
  oro.yield %a : tensor<4xf32>
}

// -----

// expected-error @+1 {{unknown oro argument attribute 'oro.colour'}}
oro.workload @f(%a: tensor<4xf32> {oro.colour}) -> tensor<4xf32> {
  oro.yield %a : tensor<4xf32>
}

// -----

func.func @f(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'oro.einsum' must be a non-empty string}}
  %0 = tensor.empty() {oro.einsum = ""} : tensor<4xf32>
  return %a : tensor<4xf32>
}

// -----

func.func @f(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{unknown oro attribute 'oro.colour'}}
  %0 = tensor.empty() {oro.colour = 1} : tensor<4xf32>
  return %a : tensor<4xf32>
}

// -----

// expected-error @+1 {{argument #0 has type 'tensor<?xf32>'; workload tensors must be statically shaped with a sized element type}}
oro.workload @f(%a: tensor<?xf32>) -> tensor<4xf32> {
  %c = oro.constant "c" : tensor<4xf32>
  oro.yield %c : tensor<4xf32>
}

// -----

// expected-error @+1 {{result #0 has type 'tensor<*xf32>'; workload tensors must be statically shaped with a sized element type}}
oro.workload @f(%a: tensor<4xf32>) -> tensor<*xf32> {
  oro.yield %a : tensor<4xf32>
}

// -----

oro.workload @f(%a: tensor<4xf32>) -> tensor<8xf32> {
  // expected-error @+1 {{yields 1 values whose types do not match the workload results '(tensor<4xf32>) -> tensor<8xf32>'}}
  oro.yield %a : tensor<4xf32>
}

// -----

oro.workload @f(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{is not allowed in an 'oro.workload'}}
  %0 = arith.constant dense<0.0> : tensor<4xf32>
  oro.yield %a : tensor<4xf32>
}

// -----

oro.workload @f(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = oro.constant "w" : tensor<4xf32>
  // expected-error @+1 {{label 'w' is already used in workload @f}}
  %1 = oro.einsum "w" [i = 4] ins(%a[i], %0[i]) outs[i]
         : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  oro.yield %1 : tensor<4xf32>
}

// -----

// expected-error @+1 {{argument name 'x' is used twice}}
oro.workload @f(%a: tensor<4xf32> {oro.name = "x"}, %b: tensor<4xf32> {oro.name = "x"}) -> tensor<4xf32> {
  oro.yield %a : tensor<4xf32>
}

// -----

oro.workload @f(%a: tensor<4xf32> {oro.name = "x"}) -> tensor<4xf32> {
  // expected-error @+1 {{label 'x' is already used in workload @f}}
  %0 = oro.constant "x" : tensor<4xf32>
  oro.yield %a : tensor<4xf32>
}

// -----

oro.workload @f(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{label must not be empty}}
  %1 = oro.einsum "" [i = 4] ins(%a[i]) outs[i] : (tensor<4xf32>) -> tensor<4xf32>
  oro.yield %1 : tensor<4xf32>
}

// -----

oro.workload @f(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{label must not be empty}}
  %0 = oro.constant "" : tensor<4xf32>
  oro.yield %0 : tensor<4xf32>
}

// -----

oro.workload @f(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{has 1 rank names but 2 extents}}
  %1 = "oro.einsum"(%a) {label = "e", rank_names = ["i"], rank_extents = array<i64: 4, 4>,
         input_maps = [affine_map<(d0) -> (d0)>], output_map = affine_map<(d0) -> (d0)>}
         : (tensor<4xf32>) -> tensor<4xf32>
  oro.yield %1 : tensor<4xf32>
}

// -----

oro.workload @f(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{rank name 'a b' is not an identifier}}
  %1 = "oro.einsum"(%a) {label = "e", rank_names = ["a b"], rank_extents = array<i64: 4>,
         input_maps = [affine_map<(d0) -> (d0)>], output_map = affine_map<(d0) -> (d0)>}
         : (tensor<4xf32>) -> tensor<4xf32>
  oro.yield %1 : tensor<4xf32>
}

// -----

oro.workload @f(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{rank 'i' is declared twice}}
  %1 = oro.einsum "e" [i = 4, i = 4] ins(%a[i]) outs[i] : (tensor<4xf32>) -> tensor<4xf32>
  oro.yield %1 : tensor<4xf32>
}

// -----

oro.workload @f(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{extent 0 of rank 'i' must be positive}}
  %1 = oro.einsum "e" [i = 0] ins(%a[i]) outs[i] : (tensor<4xf32>) -> tensor<4xf32>
  oro.yield %1 : tensor<4xf32>
}

// -----

oro.workload @f(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{extent -3 of rank 'i' must be positive}}
  %1 = oro.einsum "e" [i = -3] ins(%a[i]) outs[i] : (tensor<4xf32>) -> tensor<4xf32>
  oro.yield %1 : tensor<4xf32>
}

// -----

oro.workload @f(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{has 1 inputs but 0 input projections}}
  %1 = "oro.einsum"(%a) {label = "e", rank_names = ["i"], rank_extents = array<i64: 4>,
         input_maps = [], output_map = affine_map<(d0) -> (d0)>}
         : (tensor<4xf32>) -> tensor<4xf32>
  oro.yield %1 : tensor<4xf32>
}

// -----

oro.workload @f(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{input #0 projection must use the 1 ranks and no symbols}}
  %1 = "oro.einsum"(%a) {label = "e", rank_names = ["i"], rank_extents = array<i64: 4>,
         input_maps = [affine_map<(d0)[s0] -> (d0 + s0)>], output_map = affine_map<(d0) -> (d0)>}
         : (tensor<4xf32>) -> tensor<4xf32>
  oro.yield %1 : tensor<4xf32>
}

// -----

oro.workload @f(%a: tensor<4x4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{input #0 projection has 1 dimensions but the tensor has rank 2}}
  %1 = oro.einsum "e" [i = 4] ins(%a[i]) outs[i] : (tensor<4x4xf32>) -> tensor<4xf32>
  oro.yield %1 : tensor<4xf32>
}

// -----

oro.workload @f(%a: tensor<8xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{input #0 dimension 0 is not a sum of positive multiples of ranks plus a non-negative constant}}
  %1 = oro.einsum "e" [i = 4] ins(%a[i + -1]) outs[i] : (tensor<8xf32>) -> tensor<4xf32>
  oro.yield %1 : tensor<4xf32>
}

// -----

oro.workload @f(%a: tensor<8xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{input #0 dimension 0 is not a sum of positive multiples of ranks plus a non-negative constant}}
  %1 = "oro.einsum"(%a) {label = "e", rank_names = ["i"], rank_extents = array<i64: 4>,
         input_maps = [affine_map<(d0) -> (d0 floordiv 2)>], output_map = affine_map<(d0) -> (d0)>}
         : (tensor<8xf32>) -> tensor<4xf32>
  oro.yield %1 : tensor<4xf32>
}

// -----

oro.workload @f(%a: tensor<1x3x12x12xf32>, %w: tensor<8x3x3x3xf32>) -> tensor<1x8x6x6xf32> {
  // expected-error @+1 {{input #0 dimension 2 reads index up to 12 but the tensor has size 12}}
  %y = oro.einsum "conv" [n = 1, f = 8, p = 6, q = 6, c = 3, r = 3, s = 3]
         ins(%a[n, c, 2*p + r, 2*q + s], %w[f, c, r, s]) outs[n, f, p, q]
         : (tensor<1x3x12x12xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x6x6xf32>
  oro.yield %y : tensor<1x8x6x6xf32>
}

// -----

oro.workload @f(%a: tensor<8xf32>) -> tensor<8xf32> {
  // expected-error @+1 {{output dimension 0 must be a rank, a rank plus an offset, or a constant}}
  %1 = oro.einsum "e" [i = 4] ins(%a[i]) outs[2*i] : (tensor<8xf32>) -> tensor<8xf32>
  oro.yield %1 : tensor<8xf32>
}

// -----

oro.workload @f(%a: tensor<4xf32>) -> tensor<4x4xf32> {
  // expected-error @+1 {{output indexes rank 'i' twice}}
  %1 = oro.einsum "e" [i = 4] ins(%a[i]) outs[i, i] : (tensor<4xf32>) -> tensor<4x4xf32>
  oro.yield %1 : tensor<4x4xf32>
}

// -----

oro.workload @f(%a: tensor<64x32xf32>, %b: tensor<32x16xf32>) -> tensor<64x8xf32> {
  // expected-error @+1 {{output dimension 1 writes index 15 but the tensor has size 8}}
  %c = oro.einsum "mm" [m = 64, n = 16, k = 32] ins(%a[m, k], %b[k, n]) outs[m, n]
         : (tensor<64x32xf32>, tensor<32x16xf32>) -> tensor<64x8xf32>
  oro.yield %c : tensor<64x8xf32>
}

// -----

oro.workload @f(%a: tensor<4x4xf32>) -> tensor<6x6xf32> {
  // expected-error @+1 {{output dimension 1 writes index 6 but the tensor has size 6}}
  %c = oro.einsum "pad" [h = 4, w = 4] ins(%a[h, w]) outs[h + 1, w + 3]
         : (tensor<4x4xf32>) -> tensor<6x6xf32>
  oro.yield %c : tensor<6x6xf32>
}

// -----

oro.workload @f(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{rank 'j' is not used by any projection}}
  %1 = oro.einsum "e" [i = 4, j = 2] ins(%a[i]) outs[i] : (tensor<4xf32>) -> tensor<4xf32>
  oro.yield %1 : tensor<4xf32>
}

// -----

oro.workload @f(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{unknown rank 'j' in projection}}
  %1 = oro.einsum "e" [i = 4] ins(%a[j]) outs[i] : (tensor<4xf32>) -> tensor<4xf32>
  oro.yield %1 : tensor<4xf32>
}

// -----

oro.workload @f(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{expected '('}}
  %1 = oro.einsum "e" [i = 4] ins(%a[i]) outs[i] : tensor<4xf32> -> tensor<4xf32>
  oro.yield %1 : tensor<4xf32>
}

// -----

// An einsum has exactly one output: a second result type does not parse.
oro.workload @f(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{an einsum has exactly one output tensor}}
  %1:2 = oro.einsum "e" [i = 4] ins(%a[i]) outs[i] : (tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>)
  oro.yield %1#0 : tensor<4xf32>
}

// -----

oro.workload @f(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{result #0 must be statically shaped tensor with a sized element type}}
  %1 = oro.einsum "e" [i = 4] ins(%a[i]) outs[i] : (tensor<4xf32>) -> tensor<?xf32>
  oro.yield %a : tensor<4xf32>
}

// -----

// expected-error @+1 {{argument #0 has type 'tensor<4xvector<2xf32>>'; workload tensors must be statically shaped with a sized element type}}
oro.workload @f(%a: tensor<4xvector<2xf32>>) -> tensor<4xf32> {
  %c = oro.constant "c" : tensor<4xf32>
  oro.yield %c : tensor<4xf32>
}

// -----

func.func @f(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{expects parent op 'oro.workload'}}
  %1 = oro.einsum "e" [i = 4] ins(%a[i]) outs[i] : (tensor<4xf32>) -> tensor<4xf32>
  return %1 : tensor<4xf32>
}

// -----

oro.workload @f(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{mapping loops over unknown rank 'k'}}
  %1 = oro.einsum "e" [i = 4] ins(%a[i]) outs[i]
         {mapping = #oro.mapping<level = "L1", loops = [k : 2], positions = [1, 1]>}
         : (tensor<4xf32>) -> tensor<4xf32>
  oro.yield %1 : tensor<4xf32>
}

// -----

oro.workload @f(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{mapping tile 8 of rank 'i' exceeds its extent 4}}
  %1 = oro.einsum "e" [i = 4] ins(%a[i]) outs[i]
         {mapping = #oro.mapping<level = "L1", loops = [i : 8], positions = [1, 1]>}
         : (tensor<4xf32>) -> tensor<4xf32>
  oro.yield %1 : tensor<4xf32>
}

// -----

oro.workload @f(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{mapping has 1 positions but the einsum has 2 accesses}}
  %1 = oro.einsum "e" [i = 4] ins(%a[i]) outs[i]
         {mapping = #oro.mapping<level = "L1", loops = [i : 2], positions = [1]>}
         : (tensor<4xf32>) -> tensor<4xf32>
  oro.yield %1 : tensor<4xf32>
}

// -----

// expected-error @+1 {{mapping level name must not be empty}}
#bad = #oro.mapping<level = "", loops = [], positions = [0, 0]>

// -----

// expected-error @+1 {{tile size 0 for rank 'i' must be positive}}
#bad = #oro.mapping<level = "L1", loops = [i : 0], positions = [0, 0]>

// -----

// expected-error @+1 {{rank 'i' has more than two loops in the mapping}}
#bad = #oro.mapping<level = "L1", loops = [i : 4, i : 2, i : 1], positions = [0, 0]>

// -----

// expected-error @+1 {{rank 'i' is tiled again with tile 2, not smaller than its outer tile 2}}
#bad = #oro.mapping<level = "L1", loops = [i : 2, i : 2], positions = [0, 0]>

// -----

// Only a fused group tiles a rank twice: a shared loop, then a loop below
// the shared loops.
oro.workload @f(%a: tensor<8xf32>) -> tensor<8xf32> {
  // expected-error @+1 {{mapping tiles rank 'i' twice, which only a shared loop and a loop below the group's shared loops may}}
  %1 = oro.einsum "e1" [i = 8] ins(%a[i]) outs[i]
         {mapping = #oro.mapping<level = "L1", loops = [i : 4, i : 2], positions = [2, 2]>}
         : (tensor<8xf32>) -> tensor<8xf32>
  oro.yield %1 : tensor<8xf32>
}

// -----

oro.workload @f(%a: tensor<8xf32>) -> tensor<8xf32> {
  // expected-error @+1 {{mapping tiles rank 'i' again inside a shared tile of 3 that does not divide its extent 8}}
  %1 = oro.einsum "e1" [i = 8] ins(%a[i]) outs[i]
         {fusion = #oro.fusion<group = 0, shared_loops = 1>,
          mapping = #oro.mapping<level = "L1", loops = [i : 3, i : 2], positions = [2, fused]>}
         : (tensor<8xf32>) -> tensor<8xf32>
  %2 = oro.einsum "e2" [i = 8] ins(%1[i]) outs[i]
         {fusion = #oro.fusion<group = 0, shared_loops = 1>,
          mapping = #oro.mapping<level = "L1", loops = [i : 3], positions = [fused, 1]>}
         : (tensor<8xf32>) -> tensor<8xf32>
  oro.yield %2 : tensor<8xf32>
}

// -----

// expected-error @+1 {{position 3 is outside 0..1 (or 'bypass') and is not 'fused'}}
#bad = #oro.mapping<level = "L1", loops = [i : 2], positions = [3, 0]>

// -----

// -1 and -2 are the encodings of `bypass` and `fused`; below is invalid.
// expected-error @+1 {{position -3 is outside 0..1 (or 'bypass') and is not 'fused'}}
#bad = #oro.mapping<level = "L1", loops = [i : 2], positions = [-3, 0]>

// -----

// expected-error @+1 {{spatial loop count 2 is outside 0..1 (the number of loops)}}
#bad = #oro.mapping<level = "L1", loops = [i : 2], spatial = 2, positions = [0, 0]>

// -----

// expected-error @+1 {{spatial loop count -1 is outside 0..1 (the number of loops)}}
#bad = #oro.mapping<level = "L1", loops = [i : 2], spatial = -1, positions = [0, 0]>

// -----

// expected-error @+1 {{position 0 sits above the 1 spatial loops: each instance needs its own tile}}
#bad = #oro.mapping<level = "L1", loops = [i : 2], spatial = 1, positions = [0, 1]>

// -----

// `spatial` sits between `loops` and `positions`.
// expected-error @+1 {{expected '>'}}
#bad = #oro.mapping<level = "L1", loops = [i : 2], positions = [0, 0], spatial = 1>

// -----

oro.workload @f(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'inner_mappings' requires a 'mapping'}}
  %1 = oro.einsum "e" [i = 4] ins(%a[i]) outs[i]
         {inner_mappings = [#oro.mapping<level = "L1", loops = [i : 2], positions = [1, 1]>]}
         : (tensor<4xf32>) -> tensor<4xf32>
  oro.yield %1 : tensor<4xf32>
}

// -----

oro.workload @f(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{attribute 'inner_mappings' failed to satisfy constraint: array of #oro.mapping}}
  %1 = oro.einsum "e" [i = 4] ins(%a[i]) outs[i]
         {mapping = #oro.mapping<level = "L1", loops = [i : 2], positions = [1, 1]>,
          inner_mappings = [#oro.fusion<group = 0, shared_loops = 0>]}
         : (tensor<4xf32>) -> tensor<4xf32>
  oro.yield %1 : tensor<4xf32>
}

// -----

oro.workload @f(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{inner mapping #1 loops over unknown rank 'k'}}
  %1 = oro.einsum "e" [i = 4] ins(%a[i]) outs[i]
         {mapping = #oro.mapping<level = "L1", loops = [i : 2], positions = [1, 1]>,
          inner_mappings = [#oro.mapping<level = "L2", loops = [], positions = [0, 0]>,
                            #oro.mapping<level = "L3", loops = [k : 2], positions = [1, 1]>]}
         : (tensor<4xf32>) -> tensor<4xf32>
  oro.yield %1 : tensor<4xf32>
}

// -----

oro.workload @f(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{inner mapping #0 tile 8 of rank 'i' exceeds its extent 4}}
  %1 = oro.einsum "e" [i = 4] ins(%a[i]) outs[i]
         {mapping = #oro.mapping<level = "L1", loops = [], positions = [0, 0]>,
          inner_mappings = [#oro.mapping<level = "L2", loops = [i : 8], positions = [1, 1]>]}
         : (tensor<4xf32>) -> tensor<4xf32>
  oro.yield %1 : tensor<4xf32>
}

// -----

oro.workload @f(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{inner mapping #0 has 3 positions but the einsum has 2 accesses}}
  %1 = oro.einsum "e" [i = 4] ins(%a[i]) outs[i]
         {mapping = #oro.mapping<level = "L1", loops = [i : 2], positions = [1, 1]>,
          inner_mappings = [#oro.mapping<level = "L2", loops = [i : 1], positions = [1, 1, 1]>]}
         : (tensor<4xf32>) -> tensor<4xf32>
  oro.yield %1 : tensor<4xf32>
}

// -----

// Inner positions count the loops of their own segment only.
oro.workload @f(%a: tensor<4xf32>) -> tensor<4xf32> {
  %1 = oro.einsum "e" [i = 4] ins(%a[i]) outs[i]
         {mapping = #oro.mapping<level = "L1", loops = [i : 2], positions = [1, 1]>,
          // expected-error @+1 {{position 2 is outside 0..1 (or 'bypass') and is not 'fused'}}
          inner_mappings = [#oro.mapping<level = "L2", loops = [i : 1], positions = [2, 1]>]}
         : (tensor<4xf32>) -> tensor<4xf32>
  oro.yield %1 : tensor<4xf32>
}

// -----

oro.workload @f(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{inner mapping #0 gives output position 'fused', which only 'mapping' may use}}
  %1 = oro.einsum "e" [i = 4] ins(%a[i]) outs[i]
         {fusion = #oro.fusion<group = 0, shared_loops = 0>,
          mapping = #oro.mapping<level = "L1", loops = [i : 2], positions = [1, 1]>,
          inner_mappings = [#oro.mapping<level = "L2", loops = [i : 1], positions = [1, fused]>]}
         : (tensor<4xf32>) -> tensor<4xf32>
  oro.yield %1 : tensor<4xf32>
}

// -----

oro.workload @f(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{inner mapping #0 maps onto level 'L1' already mapped by mapping}}
  %1 = oro.einsum "e" [i = 4] ins(%a[i]) outs[i]
         {mapping = #oro.mapping<level = "L1", loops = [i : 2], positions = [1, 1]>,
          inner_mappings = [#oro.mapping<level = "L1", loops = [i : 1], positions = [1, 1]>]}
         : (tensor<4xf32>) -> tensor<4xf32>
  oro.yield %1 : tensor<4xf32>
}

// -----

oro.workload @f(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{inner mapping #1 maps onto level 'L2' already mapped by inner mapping #0}}
  %1 = oro.einsum "e" [i = 4] ins(%a[i]) outs[i]
         {mapping = #oro.mapping<level = "L1", loops = [i : 2], positions = [1, 1]>,
          inner_mappings = [#oro.mapping<level = "L2", loops = [i : 1], positions = [1, 1]>,
                            #oro.mapping<level = "L2", loops = [], positions = [0, 0]>]}
         : (tensor<4xf32>) -> tensor<4xf32>
  oro.yield %1 : tensor<4xf32>
}

// -----

oro.workload @f(%a: tensor<8xf32>) -> tensor<8xf32> {
  // expected-error @+1 {{inner mapping #0 tile 4 of rank 'i' exceeds its tile 2 in mapping}}
  %1 = oro.einsum "e" [i = 8] ins(%a[i]) outs[i]
         {mapping = #oro.mapping<level = "L1", loops = [i : 2], positions = [1, 1]>,
          inner_mappings = [#oro.mapping<level = "L2", loops = [i : 4], positions = [1, 1]>]}
         : (tensor<8xf32>) -> tensor<8xf32>
  oro.yield %1 : tensor<8xf32>
}

// -----

// The nearest outer segment with a loop over the rank bounds its tile, even
// across a level without one.
oro.workload @f(%a: tensor<8x8xf32>) -> tensor<8x8xf32> {
  // expected-error @+1 {{inner mapping #2 tile 4 of rank 'i' exceeds its tile 2 in inner mapping #0}}
  %1 = oro.einsum "e" [i = 8, j = 8] ins(%a[i, j]) outs[i, j]
         {mapping = #oro.mapping<level = "L1", loops = [i : 4], positions = [1, 1]>,
          inner_mappings = [#oro.mapping<level = "L2", loops = [i : 2, j : 4], spatial = 1, positions = [2, 2]>,
                            #oro.mapping<level = "L3", loops = [j : 2], positions = [1, 1]>,
                            #oro.mapping<level = "L4", loops = [i : 4], positions = [1, 1]>]}
         : (tensor<8x8xf32>) -> tensor<8x8xf32>
  oro.yield %1 : tensor<8x8xf32>
}

// -----

// The workload verifier checks fused groups with inner mappings present.
oro.workload @f(%a: tensor<8xf32>) -> tensor<8xf32> {
  %1 = oro.einsum "e1" [i = 8] ins(%a[i]) outs[i]
         {fusion = #oro.fusion<group = 0, shared_loops = 1>,
          mapping = #oro.mapping<level = "L1", loops = [i : 2], positions = [1, fused]>,
          inner_mappings = [#oro.mapping<level = "L2", loops = [i : 1], positions = [1, 1]>]}
         : (tensor<8xf32>) -> tensor<8xf32>
  // expected-error @+1 {{shared loop #0 has tile 4 over extent 8 but in einsum 'e1' of fusion group 0 it has tile 2 over extent 8}}
  %2 = oro.einsum "e2" [i = 8] ins(%1[i]) outs[i]
         {fusion = #oro.fusion<group = 0, shared_loops = 1>,
          mapping = #oro.mapping<level = "L1", loops = [i : 4], positions = [fused, 1]>,
          inner_mappings = [#oro.mapping<level = "L2", loops = [i : 2], positions = [1, 1]>]}
         : (tensor<8xf32>) -> tensor<8xf32>
  oro.yield %2 : tensor<8xf32>
}

// -----

// expected-error @+1 {{fusion group -1 must not be negative}}
#bad = #oro.fusion<group = -1, shared_loops = 0>

// -----

// expected-error @+1 {{fusion shared_loops -1 must not be negative}}
#bad = #oro.fusion<group = 0, shared_loops = -1>

// -----

// expected-error @+1 {{expected 'shared_loops'}}
#bad = #oro.fusion<group = 0, shared = 1>

// -----

oro.workload @f(%a: tensor<8xf32>) -> tensor<8xf32> {
  // expected-error @+1 {{input #0 has position 'fused' but the einsum has no 'fusion' attribute}}
  %1 = oro.einsum "e" [i = 8] ins(%a[i]) outs[i]
         {mapping = #oro.mapping<level = "L1", loops = [i : 2], positions = [fused, 1]>}
         : (tensor<8xf32>) -> tensor<8xf32>
  oro.yield %1 : tensor<8xf32>
}

// -----

oro.workload @f(%a: tensor<8xf32>) -> tensor<8xf32> {
  // expected-error @+1 {{'fusion' requires a 'mapping'}}
  %1 = oro.einsum "e" [i = 8] ins(%a[i]) outs[i]
         {fusion = #oro.fusion<group = 0, shared_loops = 0>}
         : (tensor<8xf32>) -> tensor<8xf32>
  oro.yield %1 : tensor<8xf32>
}

// -----

oro.workload @f(%a: tensor<8xf32>) -> tensor<8xf32> {
  // expected-error @+1 {{fusion shares 2 loops but the mapping has 1}}
  %1 = oro.einsum "e" [i = 8] ins(%a[i]) outs[i]
         {fusion = #oro.fusion<group = 0, shared_loops = 2>,
          mapping = #oro.mapping<level = "L1", loops = [i : 2], positions = [1, 1]>}
         : (tensor<8xf32>) -> tensor<8xf32>
  oro.yield %1 : tensor<8xf32>
}

// -----

// An unfused einsum on a path between two members: the group would have
// to run both before and after it. (An einsum between them in the body
// that is on no such path does not split the group: see ops.mlir.)
oro.workload @f(%a: tensor<8xf32>) -> tensor<8xf32> {
  // expected-error @+1 {{starts fusion group 0, which cannot run after the producers of its inputs: fusion groups (and the einsums outside them) must not depend on each other in a cycle}}
  %1 = oro.einsum "e1" [i = 8] ins(%a[i]) outs[i]
         {fusion = #oro.fusion<group = 0, shared_loops = 1>,
          mapping = #oro.mapping<level = "L1", loops = [i : 2], positions = [1, 1]>}
         : (tensor<8xf32>) -> tensor<8xf32>
  %2 = oro.einsum "e2" [i = 8] ins(%1[i]) outs[i] : (tensor<8xf32>) -> tensor<8xf32>
  %3 = oro.einsum "e3" [i = 8] ins(%2[i]) outs[i]
         {fusion = #oro.fusion<group = 0, shared_loops = 1>,
          mapping = #oro.mapping<level = "L1", loops = [i : 2], positions = [1, 1]>}
         : (tensor<8xf32>) -> tensor<8xf32>
  oro.yield %3 : tensor<8xf32>
}

// -----

// Two groups that depend on each other: 0 -> 1 -> 0.
oro.workload @f(%a: tensor<8xf32>) -> tensor<8xf32> {
  // expected-error @+1 {{starts fusion group 0, which cannot run after the producers of its inputs}}
  %1 = oro.einsum "e1" [i = 8] ins(%a[i]) outs[i]
         {fusion = #oro.fusion<group = 0, shared_loops = 0>,
          mapping = #oro.mapping<level = "L1", loops = [], positions = [0, 0]>}
         : (tensor<8xf32>) -> tensor<8xf32>
  %2 = oro.einsum "e2" [i = 8] ins(%1[i]) outs[i]
         {fusion = #oro.fusion<group = 1, shared_loops = 0>,
          mapping = #oro.mapping<level = "L1", loops = [], positions = [0, 0]>}
         : (tensor<8xf32>) -> tensor<8xf32>
  %3 = oro.einsum "e3" [i = 8] ins(%2[i]) outs[i]
         {fusion = #oro.fusion<group = 0, shared_loops = 0>,
          mapping = #oro.mapping<level = "L1", loops = [], positions = [0, 0]>}
         : (tensor<8xf32>) -> tensor<8xf32>
  oro.yield %3 : tensor<8xf32>
}

// -----

oro.workload @f(%a: tensor<8xf32>) -> tensor<8xf32> {
  // expected-error @+1 {{starts fusion group 1 but the next group number is 0 (groups are numbered in order of first appearance)}}
  %1 = oro.einsum "e1" [i = 8] ins(%a[i]) outs[i]
         {fusion = #oro.fusion<group = 1, shared_loops = 0>,
          mapping = #oro.mapping<level = "L1", loops = [], positions = [0, 0]>}
         : (tensor<8xf32>) -> tensor<8xf32>
  oro.yield %1 : tensor<8xf32>
}

// -----

oro.workload @f(%a: tensor<8xf32>) -> tensor<8xf32> {
  %1 = oro.einsum "e1" [i = 8] ins(%a[i]) outs[i]
         {fusion = #oro.fusion<group = 0, shared_loops = 0>,
          mapping = #oro.mapping<level = "L1", loops = [], positions = [0, 0]>}
         : (tensor<8xf32>) -> tensor<8xf32>
  // expected-error @+1 {{starts fusion group 2 but the next group number is 1 (groups are numbered in order of first appearance)}}
  %2 = oro.einsum "e2" [i = 8] ins(%1[i]) outs[i]
         {fusion = #oro.fusion<group = 2, shared_loops = 0>,
          mapping = #oro.mapping<level = "L1", loops = [], positions = [0, 0]>}
         : (tensor<8xf32>) -> tensor<8xf32>
  oro.yield %2 : tensor<8xf32>
}

// -----

oro.workload @f(%a: tensor<8xf32>) -> tensor<8xf32> {
  %1 = oro.einsum "e1" [i = 8] ins(%a[i]) outs[i]
         {fusion = #oro.fusion<group = 0, shared_loops = 1>,
          mapping = #oro.mapping<level = "L1", loops = [i : 2], positions = [1, fused]>}
         : (tensor<8xf32>) -> tensor<8xf32>
  // expected-error @+1 {{shares 0 loops but einsum 'e1' of fusion group 0 shares 1}}
  %2 = oro.einsum "e2" [i = 8] ins(%1[i]) outs[i]
         {fusion = #oro.fusion<group = 0, shared_loops = 0>,
          mapping = #oro.mapping<level = "L1", loops = [i : 2], positions = [fused, 1]>}
         : (tensor<8xf32>) -> tensor<8xf32>
  oro.yield %2 : tensor<8xf32>
}

// -----

oro.workload @f(%a: tensor<8xf32>) -> tensor<8xf32> {
  %1 = oro.einsum "e1" [i = 8] ins(%a[i]) outs[i]
         {fusion = #oro.fusion<group = 0, shared_loops = 1, shares_inputs = true>,
          mapping = #oro.mapping<level = "L1", loops = [i : 2], positions = [1, fused]>}
         : (tensor<8xf32>) -> tensor<8xf32>
  // expected-error @+1 {{does not share its group's inputs but einsum 'e1' of fusion group 0 does}}
  %2 = oro.einsum "e2" [i = 8] ins(%1[i]) outs[i]
         {fusion = #oro.fusion<group = 0, shared_loops = 1>,
          mapping = #oro.mapping<level = "L1", loops = [i : 2], positions = [fused, 1]>}
         : (tensor<8xf32>) -> tensor<8xf32>
  oro.yield %2 : tensor<8xf32>
}

// -----

oro.workload @f(%a: tensor<8xf32>) -> tensor<8xf32> {
  %1 = oro.einsum "e1" [i = 8] ins(%a[i]) outs[i]
         {fusion = #oro.fusion<group = 0, shared_loops = 1>,
          mapping = #oro.mapping<level = "L1", loops = [i : 2], positions = [1, fused]>}
         : (tensor<8xf32>) -> tensor<8xf32>
  // expected-error @+1 {{is mapped onto level 'L2' but einsum 'e1' of fusion group 0 onto 'L1'}}
  %2 = oro.einsum "e2" [i = 8] ins(%1[i]) outs[i]
         {fusion = #oro.fusion<group = 0, shared_loops = 1>,
          mapping = #oro.mapping<level = "L2", loops = [i : 2], positions = [fused, 1]>}
         : (tensor<8xf32>) -> tensor<8xf32>
  oro.yield %2 : tensor<8xf32>
}

// -----

oro.workload @f(%a: tensor<8xf32>) -> tensor<8xf32> {
  %1 = oro.einsum "e1" [i = 8] ins(%a[i]) outs[i]
         {fusion = #oro.fusion<group = 0, shared_loops = 1>,
          mapping = #oro.mapping<level = "L1", loops = [i : 2], positions = [1, fused]>}
         : (tensor<8xf32>) -> tensor<8xf32>
  // expected-error @+1 {{shared loop #0 has tile 4 over extent 8 but in einsum 'e1' of fusion group 0 it has tile 2 over extent 8}}
  %2 = oro.einsum "e2" [i = 8] ins(%1[i]) outs[i]
         {fusion = #oro.fusion<group = 0, shared_loops = 1>,
          mapping = #oro.mapping<level = "L1", loops = [i : 4], positions = [fused, 1]>}
         : (tensor<8xf32>) -> tensor<8xf32>
  oro.yield %2 : tensor<8xf32>
}

// -----

// Shared loops iterate the same index space: same tile is not enough.
oro.workload @f(%a: tensor<8x4xf32>) -> tensor<8xf32> {
  %1 = oro.einsum "e1" [i = 8, j = 4] ins(%a[i, j]) outs[i, j]
         {fusion = #oro.fusion<group = 0, shared_loops = 1>,
          mapping = #oro.mapping<level = "L1", loops = [j : 2, i : 8], positions = [1, fused]>}
         : (tensor<8x4xf32>) -> tensor<8x4xf32>
  // expected-error @+1 {{shared loop #0 has tile 2 over extent 8 but in einsum 'e1' of fusion group 0 it has tile 2 over extent 4}}
  %2 = oro.einsum "e2" [i = 8, j = 4] ins(%1[i, j]) outs[i]
         {fusion = #oro.fusion<group = 0, shared_loops = 1>,
          mapping = #oro.mapping<level = "L1", loops = [i : 2], positions = [fused, 1]>}
         : (tensor<8x4xf32>) -> tensor<8xf32>
  oro.yield %2 : tensor<8xf32>
}

// -----

oro.workload @f(%a: tensor<8xf32>) -> tensor<8xf32> {
  // expected-error @+1 {{input #0 has position 'fused' but its tensor is not produced by an einsum of fusion group 0}}
  %1 = oro.einsum "e1" [i = 8] ins(%a[i]) outs[i]
         {fusion = #oro.fusion<group = 0, shared_loops = 1>,
          mapping = #oro.mapping<level = "L1", loops = [i : 2], positions = [fused, 1]>}
         : (tensor<8xf32>) -> tensor<8xf32>
  oro.yield %1 : tensor<8xf32>
}

// -----

oro.workload @f(%a: tensor<8xf32>) -> tensor<8xf32> {
  %1 = oro.einsum "e1" [i = 8] ins(%a[i]) outs[i]
         {fusion = #oro.fusion<group = 0, shared_loops = 0>,
          mapping = #oro.mapping<level = "L1", loops = [], positions = [0, 0]>}
         : (tensor<8xf32>) -> tensor<8xf32>
  // expected-error @+1 {{input #0 has position 'fused' but its tensor is not produced by an einsum of fusion group 1}}
  %2 = oro.einsum "e2" [i = 8] ins(%1[i]) outs[i]
         {fusion = #oro.fusion<group = 1, shared_loops = 0>,
          mapping = #oro.mapping<level = "L1", loops = [], positions = [fused, 0]>}
         : (tensor<8xf32>) -> tensor<8xf32>
  oro.yield %2 : tensor<8xf32>
}

// -----

oro.workload @f(%a: tensor<8xf32>) -> (tensor<8xf32>, tensor<8xf32>) {
  %1 = oro.einsum "e1" [i = 8] ins(%a[i]) outs[i]
         {fusion = #oro.fusion<group = 0, shared_loops = 1>,
          mapping = #oro.mapping<level = "L1", loops = [i : 2], positions = [1, 1]>}
         : (tensor<8xf32>) -> tensor<8xf32>
  // expected-error @+1 {{input #0 has position 'fused' but its producer 'e1' does not map its output 'fused'}}
  %2 = oro.einsum "e2" [i = 8] ins(%1[i]) outs[i]
         {fusion = #oro.fusion<group = 0, shared_loops = 1>,
          mapping = #oro.mapping<level = "L1", loops = [i : 2], positions = [fused, 1]>}
         : (tensor<8xf32>) -> tensor<8xf32>
  oro.yield %1, %2 : tensor<8xf32>, tensor<8xf32>
}

// -----

oro.workload @f(%a: tensor<8xf32>) -> (tensor<8xf32>, tensor<8xf32>) {
  // expected-error @+1 {{output has position 'fused' but the workload yields it}}
  %1 = oro.einsum "e1" [i = 8] ins(%a[i]) outs[i]
         {fusion = #oro.fusion<group = 0, shared_loops = 1>,
          mapping = #oro.mapping<level = "L1", loops = [i : 2], positions = [1, fused]>}
         : (tensor<8xf32>) -> tensor<8xf32>
  %2 = oro.einsum "e2" [i = 8] ins(%1[i]) outs[i]
         {fusion = #oro.fusion<group = 0, shared_loops = 1>,
          mapping = #oro.mapping<level = "L1", loops = [i : 2], positions = [fused, 1]>}
         : (tensor<8xf32>) -> tensor<8xf32>
  oro.yield %1, %2 : tensor<8xf32>, tensor<8xf32>
}

// -----

oro.workload @f(%a: tensor<8xf32>) -> (tensor<8xf32>, tensor<8xf32>) {
  // expected-error @+1 {{output has position 'fused' but einsum 'e3' outside fusion group 0 reads it}}
  %1 = oro.einsum "e1" [i = 8] ins(%a[i]) outs[i]
         {fusion = #oro.fusion<group = 0, shared_loops = 1>,
          mapping = #oro.mapping<level = "L1", loops = [i : 2], positions = [1, fused]>}
         : (tensor<8xf32>) -> tensor<8xf32>
  %2 = oro.einsum "e2" [i = 8] ins(%1[i]) outs[i]
         {fusion = #oro.fusion<group = 0, shared_loops = 1>,
          mapping = #oro.mapping<level = "L1", loops = [i : 2], positions = [fused, 1]>}
         : (tensor<8xf32>) -> tensor<8xf32>
  %3 = oro.einsum "e3" [i = 8] ins(%1[i]) outs[i] : (tensor<8xf32>) -> tensor<8xf32>
  oro.yield %2, %3 : tensor<8xf32>, tensor<8xf32>
}

// -----

oro.workload @f(%a: tensor<8xf32>) -> tensor<8xf32> {
  // expected-error @+1 {{output has position 'fused' but einsum 'e2' reads it as input #1 without position 'fused'}}
  %1 = oro.einsum "e1" [i = 8] ins(%a[i]) outs[i]
         {fusion = #oro.fusion<group = 0, shared_loops = 1>,
          mapping = #oro.mapping<level = "L1", loops = [i : 2], positions = [1, fused]>}
         : (tensor<8xf32>) -> tensor<8xf32>
  %2 = oro.einsum "e2" [i = 8] ins(%1[i], %1[i]) outs[i]
         {fusion = #oro.fusion<group = 0, shared_loops = 1>,
          mapping = #oro.mapping<level = "L1", loops = [i : 2], positions = [fused, 1, 1]>}
         : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  oro.yield %2 : tensor<8xf32>
}

// -----

oro.workload @f(%a: tensor<8xf32>) -> tensor<8xf32> {
  // expected-error @+1 {{output has position 'fused' but no other einsum of fusion group 0 reads it}}
  %1 = oro.einsum "e1" [i = 8] ins(%a[i]) outs[i]
         {fusion = #oro.fusion<group = 0, shared_loops = 0>,
          mapping = #oro.mapping<level = "L1", loops = [i : 2], positions = [1, fused]>}
         : (tensor<8xf32>) -> tensor<8xf32>
  oro.yield %a : tensor<8xf32>
}

// -----

// expected-error @+1 {{bounds level name must not be empty}}
#bad = #oro.bounds<level = "", capacity_bits = 1, accesses_bits = 1, compulsory_bits = 1, compulsory_capacity_bits = 1, macs = 1, points = 1>

// -----

// expected-error @+1 {{bounds counts must not be negative}}
#bad = #oro.bounds<level = "L1", capacity_bits = -1, accesses_bits = 1, compulsory_bits = 1, compulsory_capacity_bits = 1, macs = 1, points = 1>

// -----

// expected-error @+1 {{bounds must summarize at least one curve point}}
#bad = #oro.bounds<level = "L1", capacity_bits = 1, accesses_bits = 1, compulsory_bits = 1, compulsory_capacity_bits = 1, macs = 1, points = 0>

// -----

// expected-error @+1 {{accesses 10 bits are below the compulsory traffic 20 bits}}
#bad = #oro.bounds<level = "L1", capacity_bits = 1, accesses_bits = 10, compulsory_bits = 20, compulsory_capacity_bits = 1, macs = 1, points = 1>

// -----

// expected-error @+1 {{'oro.source' names @missing, which is not a function of the module}}
oro.workload @w() attributes {oro.source = @missing} {
  oro.yield
}

// -----

func.func @f() {
  return
}
// expected-error @+1 {{'oro.source' must be a symbol reference on a workload}}
oro.workload @w() attributes {oro.source = "f"} {
  oro.yield
}

// -----

// A group that shares its inputs holds %x once: its readers give it one
// position.
oro.workload @f(%x: tensor<8x4xf32>, %wq: tensor<4x8xf32>, %wk: tensor<4x8xf32>)
    -> (tensor<8x8xf32>, tensor<8x8xf32>) {
  %q = oro.einsum "q" [m = 8, n = 8, k = 4] ins(%x[m, k], %wq[k, n]) outs[m, n]
         {fusion = #oro.fusion<group = 0, shared_loops = 1, shares_inputs = true>,
          mapping = #oro.mapping<level = "L1", loops = [m : 1], positions = [1, 0, 1]>}
         : (tensor<8x4xf32>, tensor<4x8xf32>) -> tensor<8x8xf32>
  // expected-error @+1 {{reads input #0 of fusion group 0, which shares its inputs, at position 0 but einsum 'q' at 1}}
  %k = oro.einsum "k" [m = 8, n = 8, k = 4] ins(%x[m, k], %wk[k, n]) outs[m, n]
         {fusion = #oro.fusion<group = 0, shared_loops = 1, shares_inputs = true>,
          mapping = #oro.mapping<level = "L1", loops = [m : 1], positions = [0, 0, 1]>}
         : (tensor<8x4xf32>, tensor<4x8xf32>) -> tensor<8x8xf32>
  oro.yield %q, %k : tensor<8x8xf32>, tensor<8x8xf32>
}

// -----

// ... at or above the shared loops: it lives for the whole group.
oro.workload @f(%x: tensor<8x4xf32>, %wq: tensor<4x8xf32>, %wk: tensor<4x8xf32>)
    -> (tensor<8x8xf32>, tensor<8x8xf32>) {
  // expected-error @+1 {{holds input #0 shared in fusion group 0 at position 2, below its 1 shared loop(s)}}
  %q = oro.einsum "q" [m = 8, n = 8, k = 4] ins(%x[m, k], %wq[k, n]) outs[m, n]
         {fusion = #oro.fusion<group = 0, shared_loops = 1, shares_inputs = true>,
          mapping = #oro.mapping<level = "L1", loops = [m : 1, k : 2], positions = [2, 0, 1]>}
         : (tensor<8x4xf32>, tensor<4x8xf32>) -> tensor<8x8xf32>
  %k = oro.einsum "k" [m = 8, n = 8, k = 4] ins(%x[m, k], %wk[k, n]) outs[m, n]
         {fusion = #oro.fusion<group = 0, shared_loops = 1, shares_inputs = true>,
          mapping = #oro.mapping<level = "L1", loops = [m : 1, k : 2], positions = [2, 0, 1]>}
         : (tensor<8x4xf32>, tensor<4x8xf32>) -> tensor<8x8xf32>
  oro.yield %q, %k : tensor<8x8xf32>, tensor<8x8xf32>
}
