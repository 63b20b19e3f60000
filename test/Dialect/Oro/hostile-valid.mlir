// RUN: oro-opt %s -split-input-file | FileCheck %s
// RUN: oro-opt %s -split-input-file | oro-opt -split-input-file | FileCheck %s
// RUN: oro-opt %s -split-input-file --oro-pipeline="arch=%arches/snowcat.yaml progress=never" | FileCheck %s --check-prefix=PIPE

// Hostile but valid oro IR (fuzzing of the foundation): it parses, prints,
// round-trips and goes through the whole pipeline without crashing.

// An einsum with no ranks over 0-d tensors, and one with no inputs.
// CHECK-LABEL: oro.workload @zero_ranks(
// CHECK:         einsum "e" [] ins(%arg0[]) outs[] : (tensor<f32>) -> tensor<f32>
// CHECK:         einsum "f" [] ins() outs[] : () -> tensor<f32>
// PIPE-LABEL:  oro.workload @zero_ranks(
// PIPE:          einsum "e" {{.*}}bounds = #oro.bounds<
// PIPE:          einsum "f" {{.*}}bounds = #oro.bounds<
oro.workload @zero_ranks(%a: tensor<f32>) -> (tensor<f32>, tensor<f32>) {
  %e = oro.einsum "e" [] ins(%a[]) outs[] : (tensor<f32>) -> tensor<f32>
  %f = oro.einsum "f" [] ins() outs[] : () -> tensor<f32>
  oro.yield %e, %f : tensor<f32>, tensor<f32>
}

// -----

// No einsums at all, and a workload that yields its argument.
// CHECK-LABEL: oro.workload @empty()
// CHECK-NEXT:    yield
// CHECK-LABEL: oro.workload @passthrough(
// CHECK:         yield %arg0 : tensor<4xf32>
// PIPE-LABEL:  oro.workload @empty()
// PIPE-LABEL:  oro.workload @passthrough(
oro.workload @empty() {
  oro.yield
}
oro.workload @passthrough(%a: tensor<4xf32>) -> tensor<4xf32> {
  %c = oro.constant "c" : tensor<4xf32>
  oro.yield %a : tensor<4xf32>
}

// -----

// i1, complex and index elements have sizes (1, 2x32, 64 bits).
// CHECK-LABEL: oro.workload @types(
// CHECK:         einsum "e" [i = 4] ins(%arg0[i], %arg1[i], %arg2[i]) outs[i] : (tensor<4xi1>, tensor<4xcomplex<f32>>, tensor<4xindex>) -> tensor<4xcomplex<f64>>
// PIPE-LABEL:  oro.workload @types(
// PIPE:          compulsory_bits = 1028,
oro.workload @types(%a: tensor<4xi1>, %b: tensor<4xcomplex<f32>>, %c: tensor<4xindex>) -> tensor<4xcomplex<f64>> {
  %e = oro.einsum "e" [i = 4] ins(%a[i], %b[i], %c[i]) outs[i] : (tensor<4xi1>, tensor<4xcomplex<f32>>, tensor<4xindex>) -> tensor<4xcomplex<f64>>
  oro.yield %e : tensor<4xcomplex<f64>>
}

// -----

// Extremes that the pipeline handles: a 2^40 extent, an output at an offset
// of nearly 2^63, a constant output row, 20 ranks, absurd but consistent
// bounds (replaced by the pipeline).
// CHECK-LABEL: oro.workload @extremes(
// CHECK:         bounds = #oro.bounds<level = "L", capacity_bits = 9223372036854775807, accesses_bits = 9223372036854775807, compulsory_bits = 9223372036854775807, compulsory_capacity_bits = 9223372036854775807, macs = 9223372036854775807, points = 9223372036854775807>
// PIPE-LABEL:  oro.workload @extremes(
// PIPE:          einsum "big" {{.*}}bounds = #oro.bounds<
// PIPE:          einsum "pad" {{.*}}bounds = #oro.bounds<
// PIPE:          einsum "row" {{.*}}bounds = #oro.bounds<
// PIPE:          einsum "ranks20" {{.*}}bounds = #oro.bounds<
// PIPE:          einsum "absurd" {{.*}}bounds = #oro.bounds<level = "GlobalBuffer"
oro.workload @extremes(%a: tensor<1099511627776xf32>, %d: tensor<4xf32>,
                       %r: tensor<2x2x2x2x2x2x2x2x2x2x2x2x2x2x2x2x2x2x2x2xf32>, %m: tensor<4x4xf32>)
    -> (tensor<1099511627776xf32>, tensor<9223372036854775807xf32>, tensor<3x4xf32>, tensor<2xf32>, tensor<4x4xf32>) {
  %x = oro.einsum "big" [i = 1099511627776] ins(%a[i]) outs[i] : (tensor<1099511627776xf32>) -> tensor<1099511627776xf32>
  %p = oro.einsum "pad" [i = 4] ins(%d[i]) outs[i + 9223372036854775800] : (tensor<4xf32>) -> tensor<9223372036854775807xf32>
  %w = oro.einsum "row" [i = 4] ins(%d[i]) outs[2, i] : (tensor<4xf32>) -> tensor<3x4xf32>
  %s = oro.einsum "ranks20" [a = 2, b = 2, c = 2, d = 2, e = 2, f = 2, g = 2, h = 2, i = 2, j = 2, k = 2, l = 2, m = 2, n = 2, o = 2, p = 2, q = 2, r = 2, s = 2, t = 2]
         ins(%r[a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t]) outs[a]
         : (tensor<2x2x2x2x2x2x2x2x2x2x2x2x2x2x2x2x2x2x2x2xf32>) -> tensor<2xf32>
  %b = oro.einsum "absurd" [i = 4, j = 4] ins(%m[i, j]) outs[i, j] {bounds = #oro.bounds<level = "L", capacity_bits = 9223372036854775807, accesses_bits = 9223372036854775807, compulsory_bits = 9223372036854775807, compulsory_capacity_bits = 9223372036854775807, macs = 9223372036854775807, points = 9223372036854775807>} : (tensor<4x4xf32>) -> tensor<4x4xf32>
  oro.yield %x, %p, %w, %s, %b : tensor<1099511627776xf32>, tensor<9223372036854775807xf32>, tensor<3x4xf32>, tensor<2xf32>, tensor<4x4xf32>
}
