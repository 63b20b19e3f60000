// RUN: oro-opt %s --convert-linalg-to-oro="dynamic-dims=128" | FileCheck %s

// A module without any tensor op (the tensor and arith dialects are not
// loaded by the parser): binding still creates its tensor.cast (this
// crashed before the pass declared both dialects).

// CHECK-LABEL: oro.workload @passthrough_workload(
// CHECK-SAME:      %[[A:arg0]]: tensor<128xf32> {oro.name = "arg0"}) -> tensor<128xf32>
// CHECK-SAME:      oro.dynamic_dims = {arg0.d0 = 128 : i64}
// CHECK-NEXT:    yield %[[A]] : tensor<128xf32>
func.func @passthrough(%a: tensor<?xf32>) -> tensor<?xf32> {
  return %a : tensor<?xf32>
}
