// RUN: oro-opt %s --convert-linalg-to-oro | FileCheck %s

// What front ends print around the Linalg moves no data and is dropped
// without a diagnostic: torch-mlir's RNG seed (a global loaded, read as a
// scalar, updated and stored back), shape asserts and the compares feeding
// them, printing, and calls of runtime hooks without a body.

// CHECK-LABEL: oro.workload @forward_workload(
// CHECK-SAME:      %[[X:arg0]]: tensor<4x8xf32> {oro.name = "arg0"}) -> tensor<4x8xf32>
// CHECK-NEXT:    %[[E:.*]] = einsum "exp" [d0 = 4, d1 = 8] ins(%[[X]][d0, d1]) outs[d0, d1]
// CHECK-NEXT:    yield %[[E]]
module attributes {torch.debug_module_name = "Exp"} {
  ml_program.global private mutable @global_seed(dense<0> : tensor<i64>) : tensor<i64>
  func.func private @printMemrefF32(tensor<*xf32>)
  func.func @forward(%arg0: tensor<4x8xf32>) -> tensor<4x8xf32> {
    %c1 = arith.constant 1 : index
    %c8 = arith.constant 8 : index
    %c6364136223846793005_i64 = arith.constant 6364136223846793005 : i64
    %c1442695040888963407_i64 = arith.constant 1442695040888963407 : i64
    %0 = ml_program.global_load @global_seed : tensor<i64>
    %extracted = tensor.extract %0[] : tensor<i64>
    %1 = arith.muli %extracted, %c6364136223846793005_i64 : i64
    %2 = arith.addi %1, %c1442695040888963407_i64 : i64
    %inserted = tensor.from_elements %2 : tensor<i64>
    ml_program.global_store @global_seed = %inserted : tensor<i64>
    %dim = tensor.dim %arg0, %c1 : tensor<4x8xf32>
    %3 = arith.cmpi eq, %dim, %c8 : index
    cf.assert %3, "mismatching contracting dimension"
    %4 = tensor.empty() : tensor<4x8xf32>
    %5 = linalg.exp ins(%arg0 : tensor<4x8xf32>) outs(%4 : tensor<4x8xf32>) -> tensor<4x8xf32>
    %cast = tensor.cast %5 : tensor<4x8xf32> to tensor<*xf32>
    call @printMemrefF32(%cast) : (tensor<*xf32>) -> ()
    return %5 : tensor<4x8xf32>
  }
}
