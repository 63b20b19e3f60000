// RUN: oro-opt %s -split-input-file --convert-linalg-to-oro | FileCheck %s
// RUN: oro-opt %s -split-input-file --convert-linalg-to-oro | oro-opt -split-input-file | FileCheck %s

// Hostile but describable inputs to the conversion (fuzzing of the
// foundation): extreme extents, offsets and strides, odd element types and
// names, bodies without einsums. Each converts to valid oro IR.

// CHECK-LABEL: oro.workload @huge_workload(
// CHECK:         einsum "matmul" [m = 4611686018427387904, n = 4611686018427387904, k = 2] ins(%arg0[m, k], %arg1[k, n]) outs[m, n]
// CHECK:         einsum "exp" [d0 = 1099511627776] ins(%arg2[d0]) outs[d0]
func.func @huge(%a: tensor<4611686018427387904x2xf32>, %b: tensor<2x4611686018427387904xf32>, %c: tensor<1099511627776xf32>)
    -> (tensor<4611686018427387904x4611686018427387904xf32>, tensor<1099511627776xf32>) {
  %e = tensor.empty() : tensor<4611686018427387904x4611686018427387904xf32>
  %0 = linalg.matmul ins(%a, %b : tensor<4611686018427387904x2xf32>, tensor<2x4611686018427387904xf32>)
                     outs(%e : tensor<4611686018427387904x4611686018427387904xf32>) -> tensor<4611686018427387904x4611686018427387904xf32>
  %e1 = tensor.empty() : tensor<1099511627776xf32>
  %1 = linalg.exp ins(%c : tensor<1099511627776xf32>) outs(%e1 : tensor<1099511627776xf32>) -> tensor<1099511627776xf32>
  return %0, %1 : tensor<4611686018427387904x4611686018427387904xf32>, tensor<1099511627776xf32>
}

// -----

// Slices at offsets and strides near 2^63, a collapse of two dimensions of
// about 2^31.5 (the reading rank is split), a pad at an offset near 2^63.
// CHECK-LABEL: oro.workload @extreme_views_workload(
// CHECK:         einsum "exp" [d0 = 4] ins(%arg0[d0 + 9223372036854775800]) outs[d0]
// CHECK:         einsum "exp_1" [d0 = 3] ins(%arg0[4611686018427387903*d0]) outs[d0]
// CHECK:         einsum "exp_2" [d0_0 = 3037000499, d0_1 = 3037000499] ins(%arg1[d0_0, d0_1]) outs[d0_0, d0_1]
// CHECK:         einsum "pad" [d0 = 4] ins(%arg2[d0]) outs[d0 + 9223372036854775800] : (tensor<4xf32>) -> tensor<9223372036854775807xf32>
func.func @extreme_views(%a: tensor<9223372036854775807xf32>, %b: tensor<3037000499x3037000499xf32>, %c: tensor<4xf32>)
    -> (tensor<4xf32>, tensor<3xf32>, tensor<9223372030926249001xf32>, tensor<9223372036854775807xf32>) {
  %s0 = tensor.extract_slice %a[9223372036854775800] [4] [1] : tensor<9223372036854775807xf32> to tensor<4xf32>
  %e4 = tensor.empty() : tensor<4xf32>
  %0 = linalg.exp ins(%s0 : tensor<4xf32>) outs(%e4 : tensor<4xf32>) -> tensor<4xf32>
  %s1 = tensor.extract_slice %a[0] [3] [4611686018427387903] : tensor<9223372036854775807xf32> to tensor<3xf32>
  %e3 = tensor.empty() : tensor<3xf32>
  %1 = linalg.exp ins(%s1 : tensor<3xf32>) outs(%e3 : tensor<3xf32>) -> tensor<3xf32>
  %c2 = tensor.collapse_shape %b [[0, 1]] : tensor<3037000499x3037000499xf32> into tensor<9223372030926249001xf32>
  %eb = tensor.empty() : tensor<9223372030926249001xf32>
  %2 = linalg.exp ins(%c2 : tensor<9223372030926249001xf32>) outs(%eb : tensor<9223372030926249001xf32>) -> tensor<9223372030926249001xf32>
  %z = arith.constant 0.0 : f32
  %3 = tensor.pad %c low[9223372036854775800] high[3] {
  ^bb0(%i: index):
    tensor.yield %z : f32
  } : tensor<4xf32> to tensor<9223372036854775807xf32>
  return %0, %1, %2, %3 : tensor<4xf32>, tensor<3xf32>, tensor<9223372030926249001xf32>, tensor<9223372036854775807xf32>
}

// -----

// i1, complex and index elements have sizes.
// CHECK-LABEL: oro.workload @types_workload(
// CHECK:         einsum "xori" [d0 = 4] ins(%arg0[d0]) outs[d0] : (tensor<4xi1>) -> tensor<4xi1>
// CHECK:         einsum "copy" [d0 = 4] ins(%arg1[d0]) outs[d0] : (tensor<4xcomplex<f32>>) -> tensor<4xcomplex<f32>>
// CHECK:         einsum "addi" [d0 = 4] ins(%arg2[d0]) outs[d0] : (tensor<4xindex>) -> tensor<4xindex>
func.func @types(%a: tensor<4xi1>, %b: tensor<4xcomplex<f32>>, %c: tensor<4xindex>) -> (tensor<4xi1>, tensor<4xcomplex<f32>>, tensor<4xindex>) {
  %e1 = tensor.empty() : tensor<4xi1>
  %0 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      ins(%a : tensor<4xi1>) outs(%e1 : tensor<4xi1>) {
  ^bb0(%x: i1, %o: i1):
    %y = arith.xori %x, %x : i1
    linalg.yield %y : i1
  } -> tensor<4xi1>
  %e2 = tensor.empty() : tensor<4xcomplex<f32>>
  %1 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      ins(%b : tensor<4xcomplex<f32>>) outs(%e2 : tensor<4xcomplex<f32>>) {
  ^bb0(%x: complex<f32>, %o: complex<f32>):
    linalg.yield %x : complex<f32>
  } -> tensor<4xcomplex<f32>>
  %e3 = tensor.empty() : tensor<4xindex>
  %2 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      ins(%c : tensor<4xindex>) outs(%e3 : tensor<4xindex>) {
  ^bb0(%x: index, %o: index):
    %y = arith.addi %x, %x : index
    linalg.yield %y : index
  } -> tensor<4xindex>
  return %0, %1, %2 : tensor<4xi1>, tensor<4xcomplex<f32>>, tensor<4xindex>
}

// -----

// Empty, quoted and clashing names stay unique and non-empty.
// CHECK-LABEL: oro.workload @names_workload(
// CHECK-SAME:      {oro.name = "t"}
// CHECK-SAME:      {oro.name = "a b\22c"}
// CHECK-SAME:      {oro.name = "arg0"}
// CHECK:         einsum "t_1"
// CHECK:         einsum "arg0_1"
// CHECK:         einsum "x"
func.func @names(%a: tensor<4xf32> loc(""), %b: tensor<4xf32> loc("a b\"c"), %c: tensor<4xf32> loc("arg0")) -> tensor<4xf32> {
  %e = tensor.empty() : tensor<4xf32>
  %0 = linalg.add ins(%a, %b : tensor<4xf32>, tensor<4xf32>) outs(%e : tensor<4xf32>) -> tensor<4xf32> loc("")
  %1 = linalg.add ins(%0, %c : tensor<4xf32>, tensor<4xf32>) outs(%e : tensor<4xf32>) -> tensor<4xf32> loc("arg0")
  %2 = linalg.add ins(%1, %c : tensor<4xf32>, tensor<4xf32>) outs(%e : tensor<4xf32>) -> tensor<4xf32> loc(fused["x", "y"])
  return %2 : tensor<4xf32>
}

// -----

// Bodies without einsums: nothing, an unused argument, a 0-d passthrough,
// and yielded initialization (empty, fill, splat, a pad of a fill).
// CHECK-LABEL: oro.workload @nothing_workload() attributes {oro.source = @nothing} {
// CHECK-NEXT:    yield
// CHECK-LABEL: oro.workload @unused_workload(%arg0: tensor<4xf32> {oro.name = "arg0"}) attributes {oro.source = @unused} {
// CHECK-LABEL: oro.workload @zero_d_workload(%arg0: tensor<f32> {oro.name = "arg0"}) -> tensor<f32> attributes {oro.source = @zero_d} {
// CHECK-NEXT:    yield %arg0 : tensor<f32>
// CHECK-LABEL: oro.workload @init_workload()
// CHECK:         constant "empty" : tensor<4xf32>
// CHECK:         constant "fill" : tensor<4xf32>
// CHECK:         constant "cst" : tensor<4xf32>
// CHECK:         constant "pad" : tensor<6xf32>
// CHECK-NOT:     einsum
func.func @nothing() {
  return
}
func.func @unused(%a: tensor<4xf32>) {
  return
}
func.func @zero_d(%a: tensor<f32>) -> tensor<f32> {
  return %a : tensor<f32>
}
func.func @init() -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<6xf32>) {
  %e = tensor.empty() : tensor<4xf32>
  %z = arith.constant 0.0 : f32
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  %c = arith.constant dense<1.0> : tensor<4xf32>
  %p = tensor.pad %f low[1] high[1] {
  ^bb0(%i: index):
    tensor.yield %z : f32
  } : tensor<4xf32> to tensor<6xf32>
  return %e, %f, %c, %p : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<6xf32>
}
