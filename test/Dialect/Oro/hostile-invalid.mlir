// RUN: oro-opt %s -split-input-file -verify-diagnostics -allow-unregistered-dialect

// Hostile oro IR (fuzzing of the foundation): absurd extents, coefficients,
// constants, attributes and malformed workloads are located errors, never
// crashes.

// A workload without a body.
// expected-error @+1 {{'oro.workload' op region #0 ('body') failed to verify constraint: region with 1 blocks}}
oro.workload @w(%a: tensor<4xf32>) -> tensor<4xf32>

// -----

// An empty body.
// expected-error @+1 {{'oro.workload' op expects a non-empty block}}
oro.workload @w(%a: tensor<4xf32>) -> tensor<4xf32> {
}

// -----

// A body without a terminator.
oro.workload @w(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{block with no terminator}}
  %c = oro.constant "c" : tensor<4xf32>
}

// -----

// Generic form without a block.
// expected-error @+1 {{'oro.workload' op region #0 ('body') failed to verify constraint: region with 1 blocks}}
"oro.workload"() ({}) {sym_name = "w", function_type = () -> ()} : () -> ()

// -----

// Generic form with an empty block.
// expected-error @+1 {{'oro.workload' op expects a non-empty block}}
"oro.workload"() ({
^bb0:
}) {sym_name = "w", function_type = () -> ()} : () -> ()

// -----

// A zero extent.
oro.workload @w(%a: tensor<0x4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'oro.einsum' op extent 0 of rank 'i' must be positive}}
  %e = oro.einsum "e" [i = 0, j = 4] ins(%a[i, j]) outs[j] : (tensor<0x4xf32>) -> tensor<4xf32>
  oro.yield %e : tensor<4xf32>
}

// -----

// A zero-sized tensor read at a unit rank.
oro.workload @w(%a: tensor<0x4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'oro.einsum' op input #0 dimension 0 reads index up to 0 but the tensor has size 0}}
  %e = oro.einsum "e" [i = 1, j = 4] ins(%a[i, j]) outs[j] : (tensor<0x4xf32>) -> tensor<4xf32>
  oro.yield %e : tensor<4xf32>
}

// -----

// Negative coefficient.
oro.workload @w(%a: tensor<8xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'oro.einsum' op input #0 dimension 0 is not a sum of positive multiples of ranks plus a non-negative constant}}
  %e = oro.einsum "e" [i = 4] ins(%a[-1*i]) outs[i] : (tensor<8xf32>) -> tensor<4xf32>
  oro.yield %e : tensor<4xf32>
}

// -----

// Negative constant.
oro.workload @w(%a: tensor<8xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'oro.einsum' op input #0 dimension 0 is not a sum of positive multiples of ranks plus a non-negative constant}}
  %e = oro.einsum "e" [i = 4] ins(%a[i + -3]) outs[i] : (tensor<8xf32>) -> tensor<4xf32>
  oro.yield %e : tensor<4xf32>
}

// -----

// A coefficient of 2^63 - 1: the read range saturates.
oro.workload @w(%a: tensor<8xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'oro.einsum' op input #0 dimension 0 reads index up to 9223372036854775807 but the tensor has size 8}}
  %e = oro.einsum "e" [i = 4] ins(%a[9223372036854775807*i]) outs[i] : (tensor<8xf32>) -> tensor<4xf32>
  oro.yield %e : tensor<4xf32>
}

// -----

// Coefficients that sum past 2^63 wrap negative.
oro.workload @w(%a: tensor<8xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'oro.einsum' op input #0 dimension 0 is not a sum of positive multiples of ranks plus a non-negative constant}}
  %e = oro.einsum "e" [i = 4] ins(%a[4611686018427387904*i + 4611686018427387904*i]) outs[i] : (tensor<8xf32>) -> tensor<4xf32>
  oro.yield %e : tensor<4xf32>
}

// -----

// Constants that sum past 2^63 wrap negative.
oro.workload @w(%a: tensor<8xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'oro.einsum' op input #0 dimension 0 is not a sum of positive multiples of ranks plus a non-negative constant}}
  %e = oro.einsum "e" [i = 4] ins(%a[i + 9223372036854775807 + 1]) outs[i] : (tensor<8xf32>) -> tensor<4xf32>
  oro.yield %e : tensor<4xf32>
}

// -----

// An integer past int64.
oro.workload @w(%a: tensor<8xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{custom op 'oro.einsum' integer value too large}}
  %e = oro.einsum "e" [i = 4] ins(%a[99999999999999999999999*i]) outs[i] : (tensor<8xf32>) -> tensor<4xf32>
  oro.yield %e : tensor<4xf32>
}

// -----

// A read range past int64 saturates.
oro.workload @w(%a: tensor<4611686018427387904xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'oro.einsum' op input #0 dimension 0 reads index up to 9223372036854775807 but the tensor has size 4611686018427387904}}
  %e = oro.einsum "e" [i = 4] ins(%a[4611686018427387903*i + 4611686018427387903]) outs[i] : (tensor<4611686018427387904xf32>) -> tensor<4xf32>
  oro.yield %e : tensor<4xf32>
}

// -----

// A mapping tile of 2^63 - 1.
oro.workload @w(%a: tensor<4x4xf32>) -> tensor<4x4xf32> {
  // expected-error @+1 {{'oro.einsum' op mapping tile 9223372036854775807 of rank 'i' exceeds its extent 4}}
  %e = oro.einsum "e" [i = 4, j = 4] ins(%a[i, j]) outs[i, j] {mapping = #oro.mapping<level = "L", loops = [i : 9223372036854775807, j : 1], positions = [2, 1]>} : (tensor<4x4xf32>) -> tensor<4x4xf32>
  oro.yield %e : tensor<4x4xf32>
}

// -----

// A mapping position of INT64_MIN.
oro.workload @w(%a: tensor<4x4xf32>) -> tensor<4x4xf32> {
  // expected-error @+1 {{position -9223372036854775808 is outside 0..2 (or 'bypass')}}
  %e = oro.einsum "e" [i = 4, j = 4] ins(%a[i, j]) outs[i, j] {mapping = #oro.mapping<level = "L", loops = [i : 2, j : 1], positions = [-9223372036854775808, 1]>} : (tensor<4x4xf32>) -> tensor<4x4xf32>
  oro.yield %e : tensor<4x4xf32>
}

// -----

// A standalone mapping with an empty level.
// expected-error @+1 {{mapping level name must not be empty}}
func.func @f() attributes {x = #oro.mapping<level = "", loops = [], positions = []>, y = #oro.mapping<level = "L", loops = [a : 0], positions = [5]>} {
  return
}

// -----

// A standalone mapping with a repeated rank.
// expected-error @+1 {{rank 'a' is tiled again with tile 2, not smaller than its outer tile 1}}
func.func @f() attributes {x = #oro.mapping<level = "L", loops = [a : 1, a : 2], positions = [bypass, 99]>} {
  return
}

// -----

// Negative bounds.
// expected-error @+1 {{bounds counts must not be negative}}
func.func @f() attributes {x = #oro.bounds<level = "L", capacity_bits = -1, accesses_bits = 0, compulsory_bits = 0, compulsory_capacity_bits = 0, macs = 0, points = 0>} {
  return
}

// -----

// A bounds count past int64.
// expected-error @+2 {{integer value too large}}
// expected-error @+1 {{failed to parse Oro_BoundsAttr parameter 'capacityBits'}}
func.func @f() attributes {x = #oro.bounds<level = "L", capacity_bits = 99999999999999999999999, accesses_bits = 0, compulsory_bits = 0, compulsory_capacity_bits = 0, macs = 0, points = 1>} {
  return
}

// -----

// i0 elements have no bits.
// expected-error @+1 {{'oro.workload' op argument #0 has type 'tensor<4xi0>'; workload tensors must be statically shaped with a sized element type}}
oro.workload @w(%a: tensor<4xi0>) -> tensor<4xf32> {
  %e = oro.einsum "e" [i = 4] ins(%a[i]) outs[i] : (tensor<4xi0>) -> tensor<4xf32>
  oro.yield %e : tensor<4xf32>
}

// -----

// Generic form: rank names and extents disagree.
oro.workload @w(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'oro.einsum' op has 2 rank names but 1 extents}}
  %e = "oro.einsum"(%a) {label = "e", rank_names = ["i", "j"], rank_extents = array<i64: 4>, input_maps = [affine_map<(d0) -> (d0)>], output_map = affine_map<(d0) -> (d0)>} : (tensor<4xf32>) -> tensor<4xf32>
  oro.yield %e : tensor<4xf32>
}

// -----

// Generic form: no input projections.
oro.workload @w(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'oro.einsum' op has 1 inputs but 0 input projections}}
  %e = "oro.einsum"(%a) {label = "e", rank_names = ["i"], rank_extents = array<i64: 4>, input_maps = [], output_map = affine_map<(d0)[s0] -> (d0 mod 2 + s0)>} : (tensor<4xf32>) -> tensor<4xf32>
  oro.yield %e : tensor<4xf32>
}

// -----

// Generic form: mod and floordiv.
oro.workload @w(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'oro.einsum' op input #0 projection has 2 dimensions but the tensor has rank 1}}
  %e = "oro.einsum"(%a) {label = "e", rank_names = ["i"], rank_extents = array<i64: 4>, input_maps = [affine_map<(d0) -> (d0 mod 2, d0 floordiv 2)>], output_map = affine_map<(d0) -> (d0)>} : (tensor<4xf32>) -> tensor<4xf32>
  oro.yield %e : tensor<4xf32>
}

// -----

// Generic form: rank names that are not strings.
oro.workload @w(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'oro.einsum' op attribute 'rank_names' failed to satisfy constraint: string array attribute}}
  %e = "oro.einsum"(%a) {label = "e", rank_names = [1], rank_extents = array<i64: 4>, input_maps = [affine_map<(d0) -> (d0)>], output_map = affine_map<(d0) -> (d0)>} : (tensor<4xf32>) -> tensor<4xf32>
  oro.yield %e : tensor<4xf32>
}

// -----

// Generic form: projection over too many ranks.
oro.workload @w(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'oro.einsum' op input #0 projection must use the 1 ranks and no symbols}}
  %e = "oro.einsum"(%a) {label = "e", rank_names = ["i"], rank_extents = array<i64: 4>, input_maps = [affine_map<(d0, d1, d2) -> (d2)>], output_map = affine_map<(d0) -> (d0)>} : (tensor<4xf32>) -> tensor<4xf32>
  oro.yield %e : tensor<4xf32>
}

// -----

// An unregistered op inside a workload.
oro.workload @w(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'foo.bar' op is not allowed in an 'oro.workload'}}
  %x = "foo.bar"(%a) : (tensor<4xf32>) -> tensor<4xf32>
  oro.yield %x : tensor<4xf32>
}

// -----

// Generic form: signature and block disagree.
// expected-error @+1 {{'oro.workload' op type of entry block argument #0('tensor<4xf32>') must match the type of the corresponding argument in function signature('tensor<8xf32>')}}
"oro.workload"() ({
^bb0(%a: tensor<4xf32>):
  "oro.yield"(%a) : (tensor<4xf32>) -> ()
}) {sym_name = "w", function_type = (tensor<8xf32>) -> (tensor<4xf32>)} : () -> ()

// -----

// Generic form: function_type is not a function type.
// expected-error @+1 {{'oro.workload' op attribute 'function_type' failed to satisfy constraint: type attribute of function type}}
"oro.workload"() ({
^bb0(%a: tensor<4xf32>):
  "oro.yield"(%a) : (tensor<4xf32>) -> ()
}) {sym_name = "w", function_type = i32} : () -> ()

// -----

// Generic form: two blocks.
// expected-error @+1 {{'oro.workload' op expects region #0 to have 0 or 1 blocks}}
"oro.workload"() ({
^bb0(%a: tensor<4xf32>):
  "oro.yield"(%a) : (tensor<4xf32>) -> ()
^bb1:
  "oro.yield"() : () -> ()
}) {sym_name = "w", function_type = (tensor<4xf32>) -> (tensor<4xf32>)} : () -> ()

// -----

// Argument attributes of the wrong kind.
// expected-error @+1 {{'oro.name' of argument #0 must be a non-empty string}}
oro.workload @w(%a: tensor<4xf32> {oro.name = 5, oro.weight = "x"}) -> tensor<4xf32> {
  oro.yield %a : tensor<4xf32>
}

// -----

// An output offset past int64.
oro.workload @w(%a: tensor<4xf32>) -> tensor<9223372036854775807xf32> {
  // expected-error @+1 {{'oro.einsum' op output dimension 0 writes index 9223372036854775807 but the tensor has size 9223372036854775807}}
  %e = oro.einsum "pad" [i = 4] ins(%a[i]) outs[i + 9223372036854775806] : (tensor<4xf32>) -> tensor<9223372036854775807xf32>
  oro.yield %e : tensor<9223372036854775807xf32>
}

// -----

// An output dimension that sums ranks.
oro.workload @w(%a: tensor<4x4xf32>) -> tensor<8xf32> {
  // expected-error @+1 {{'oro.einsum' op output dimension 0 must be a rank, a rank plus an offset, or a constant}}
  %e = oro.einsum "e" [i = 4, j = 4] ins(%a[i, j]) outs[i + j] : (tensor<4x4xf32>) -> tensor<8xf32>
  oro.yield %e : tensor<8xf32>
}

// -----

// An einsum outside a workload.
func.func @f(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'oro.einsum' op expects parent op 'oro.workload'}}
  %e = oro.einsum "e" [i = 4] ins(%a[i]) outs[i] : (tensor<4xf32>) -> tensor<4xf32>
  return %e : tensor<4xf32>
}

// -----

// Two results.
oro.workload @w(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{custom op 'oro.einsum' an einsum has exactly one output tensor}}
  %e = oro.einsum "e" [i = 4] ins(%a[i]) outs[i] : (tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>)
  oro.yield %e : tensor<4xf32>
}

// -----

// A dynamic tensor.
// expected-error @+1 {{'oro.workload' op argument #0 has type 'tensor<?xf32>'; workload tensors must be statically shaped with a sized element type}}
oro.workload @w(%a: tensor<?xf32>) -> tensor<4xf32> {
  %e = oro.einsum "e" [i = 4] ins(%a[i]) outs[i] : (tensor<?xf32>) -> tensor<4xf32>
  oro.yield %e : tensor<4xf32>
}

// -----

// Rank names that are not identifiers.
oro.workload @w(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'oro.einsum' op rank name '' is not an identifier}}
  %e = "oro.einsum"(%a) {label = "e", rank_names = ["", "a b"], rank_extents = array<i64: 4, 4>, input_maps = [affine_map<(d0, d1) -> (d0 + d1)>], output_map = affine_map<(d0, d1) -> (d0)>} : (tensor<4xf32>) -> tensor<4xf32>
  oro.yield %e : tensor<4xf32>
}
