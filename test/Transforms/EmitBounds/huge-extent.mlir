// A rank of extent 2^40 on a 3-level arch (Eyeriss). The mapper's tile
// growing and rounding walked every integer below the tile around a loop
// (2^40 steps: a hang); they now enumerate divisors as n / q for small q.
// RUN: oro-opt %s --oro-map-search="arch=%arches/eyeriss.yaml progress=never" --oro-emit-bounds="arch=%arches/eyeriss.yaml report=%t.json progress=never" | FileCheck %s
// RUN: %python %S/../../Examples/Inputs/check-hierarchy.py %t.json | FileCheck %s --check-prefix=TABLE

// CHECK-DAG: mapping = #oro.mapping<level = "GlobalBuffer"
// CHECK-DAG: inner_mappings = [#oro.mapping<level = "PEScratchpad"
// TABLE: w/C: 2 boundaries, bound <= attained
oro.workload @w(%a: tensor<1099511627776x4xi8>, %b: tensor<4x4xi8>) -> tensor<1099511627776x4xi8> {
  %c = oro.einsum "C" [m = 1099511627776, n = 4, k = 4] ins(%a[m, k], %b[k, n]) outs[m, n]
         : (tensor<1099511627776x4xi8>, tensor<4x4xi8>) -> tensor<1099511627776x4xi8>
  oro.yield %c : tensor<1099511627776x4xi8>
}
