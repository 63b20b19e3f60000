// Progress goes to stderr when asked (or when stderr is a terminal, the
// default `auto`); lit's stderr is not a terminal, so `auto` prints nothing.
// RUN: oro-opt %s --oro-map-search="arch=%arches/snowcat.yaml progress=always" 2>&1 >/dev/null | FileCheck %s
// RUN: oro-opt %s --oro-map-search="arch=%arches/snowcat.yaml" 2>&1 >/dev/null | count 0
// RUN: oro-opt %s --oro-map-search="arch=%arches/snowcat.yaml progress=never" 2>&1 >/dev/null | count 0

// CHECK: searching mm4_workload/C @ GlobalBuffer {{.*}}100%
oro.workload @mm4_workload(%a: tensor<4x4xi8>, %b: tensor<4x4xi8>) -> tensor<4x4xi8> {
  %c = oro.einsum "C" [m = 4, n = 4, k = 4] ins(%a[m, k], %b[k, n]) outs[m, n]
         : (tensor<4x4xi8>, tensor<4x4xi8>) -> tensor<4x4xi8>
  oro.yield %c : tensor<4x4xi8>
}
