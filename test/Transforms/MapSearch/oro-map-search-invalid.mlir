// RUN: oro-opt %s --split-input-file --verify-diagnostics --oro-map-search="arch=%inputs/buffer-16bits.yaml"

// A buffer smaller than one element of each tensor: nothing fits.
oro.workload @mm4(%a: tensor<4x4xi8>, %b: tensor<4x4xi8>) -> tensor<4x4xi8> {
  // expected-warning @+1 {{no mapping fits level 'Buffer' of 16 bits (the smallest needs 24 bits); left unmapped}}
  %c = oro.einsum "C" [m = 4, n = 4, k = 4] ins(%a[m, k], %b[k, n]) outs[m, n]
         : (tensor<4x4xi8>, tensor<4x4xi8>) -> tensor<4x4xi8>
  oro.yield %c : tensor<4x4xi8>
}
