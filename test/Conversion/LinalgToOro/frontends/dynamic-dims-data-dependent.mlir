// RUN: oro-opt %s -split-input-file -verify-diagnostics --convert-linalg-to-oro="dynamic-dims=64"

// Sizes no binding reaches: `dynamic-dims` binds dimensions of tensor
// arguments, so a size read from tensor data (torch's `x[:n.item()]`) or
// passed as an `index` argument stays dynamic. The error names where the
// size comes from (with a note at the op that reads it).

func.func @data_dependent(%a: tensor<8xf32>, %n: tensor<i64>) -> tensor<?xf32> {
  // expected-note @+1 {{the size is read here}}
  %v = tensor.extract %n[] : tensor<i64>
  %k = arith.index_cast %v : i64 to index
  %e = tensor.empty(%k) : tensor<?xf32>
  // expected-error @+1 {{'tensor.extract_slice' has dynamic offsets, sizes or strides: its size is computed from tensor data by 'tensor.extract' (a data-dependent size, which dynamic-dims cannot bind); oro needs static extents}}
  %s = tensor.extract_slice %a[0] [%k] [1] : tensor<8xf32> to tensor<?xf32>
  // expected-error @+1 {{'linalg.exp' has dynamic shape 'tensor<?xf32>': dimension #0 of operand #0 is dynamic; its size is computed from tensor data by 'tensor.extract' (a data-dependent size, which dynamic-dims cannot bind); oro needs static extents}}
  %x = linalg.exp ins(%s : tensor<?xf32>) outs(%e : tensor<?xf32>) -> tensor<?xf32>
  // expected-error @+1 {{'func.return' operand #0 has type 'tensor<?xf32>'}}
  return %x : tensor<?xf32>
}

// -----

func.func @index_argument(%a: tensor<8xf32>, %n: index) -> tensor<?xf32> {
  %e = tensor.empty(%n) : tensor<?xf32>
  // expected-error @+1 {{'tensor.extract_slice' has dynamic offsets, sizes or strides: its offset is function argument #1 (an 'index', not a tensor dimension: dynamic-dims binds dimensions of tensor arguments only)}}
  %s = tensor.extract_slice %a[%n] [4] [1] : tensor<8xf32> to tensor<4xf32>
  // expected-error @+1 {{'linalg.exp' has dynamic shape 'tensor<?xf32>': dimension #0 of operand #1 is dynamic; its size is function argument #1 (an 'index', not a tensor dimension: dynamic-dims binds dimensions of tensor arguments only)}}
  %x = linalg.exp ins(%s : tensor<4xf32>) outs(%e : tensor<?xf32>) -> tensor<?xf32>
  // expected-error @+1 {{'func.return' operand #0 has type 'tensor<?xf32>'}}
  return %x : tensor<?xf32>
}

// -----

// The size of a concatenation whose second part has a data-dependent
// length: the insert_slice's size and the concatenation's extent.
func.func @cat_data_dependent(%a: tensor<4xf32>, %b: tensor<8xf32>, %n: tensor<i64>) -> tensor<?xf32> {
  %c4 = arith.constant 4 : index
  // expected-note @+1 {{the size is read here}}
  %v = tensor.extract %n[] : tensor<i64>
  %k = arith.index_cast %v : i64 to index
  %t = arith.addi %k, %c4 : index
  %e = tensor.empty(%t) : tensor<?xf32>
  // expected-error @+1 {{'tensor.extract_slice' has dynamic offsets, sizes or strides}}
  %bs = tensor.extract_slice %b[0] [%k] [1] : tensor<8xf32> to tensor<?xf32>
  // expected-error @+1 {{'tensor.insert_slice' has dynamic shape 'tensor<?xf32>'; oro needs static extents}}
  %0 = tensor.insert_slice %a into %e[0] [4] [1] : tensor<4xf32> into tensor<?xf32>
  // expected-error @+1 {{'tensor.insert_slice' has dynamic offsets, sizes or strides; oro needs static slices}}
  %1 = tensor.insert_slice %bs into %0[4] [%k] [1] : tensor<?xf32> into tensor<?xf32>
  // expected-error @+1 {{'func.return' operand #0 has type 'tensor<?xf32>'}}
  return %1 : tensor<?xf32>
}
