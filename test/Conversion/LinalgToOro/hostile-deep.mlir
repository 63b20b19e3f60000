// Deep and long inputs (fuzzing of the foundation): no recursion overflows
// the stack and nothing is quadratic (a 20000-op chain of inserts of
// initialization and thousands of same-named einsums used to take seconds to
// minutes).

// RUN: %python %S/Inputs/gen-hostile-deep.py reshape 3000 > %t.reshape.mlir
// RUN: oro-opt %t.reshape.mlir --convert-linalg-to-oro | FileCheck %s --check-prefix=RESHAPE
// RESHAPE-LABEL: oro.workload @reshape_workload(
// RESHAPE:         einsum "exp" [d0 = 64] ins(%arg0[d0]) outs[d0]

// RUN: %python %S/Inputs/gen-hostile-deep.py pad 2000 > %t.pad.mlir
// RUN: oro-opt %t.pad.mlir --convert-linalg-to-oro | FileCheck %s --check-prefix=PAD
// PAD-LABEL: oro.workload @pad_workload(
// PAD:         einsum "pad" [d0 = 4] ins(%arg0[d0]) outs[d0 + 1]
// PAD:         einsum "pad_1999" [d0 = 2003] ins(%pad_1998[d0]) outs[d0 + 1] : (tensor<2003xf32>) -> tensor<2004xf32>

// RUN: %python %S/Inputs/gen-hostile-deep.py init 20000 > %t.init.mlir
// RUN: oro-opt %t.init.mlir --convert-linalg-to-oro | FileCheck %s --check-prefix=INIT
// INIT-LABEL: oro.workload @init_workload(
// INIT-NEXT:    einsum "add" [d0 = 8] ins(%arg0[d0]) outs[d0]
// INIT-NOT:     einsum

// RUN: %python %S/Inputs/gen-hostile-deep.py chain 5000 > %t.chain.mlir
// RUN: oro-opt %t.chain.mlir --convert-linalg-to-oro | FileCheck %s --check-prefix=CHAIN
// CHAIN-LABEL: oro.workload @chain_workload(
// CHAIN:         einsum "exp_4999" [d0 = 4] ins(%exp_4998[d0]) outs[d0]

// RUN: %python %S/Inputs/gen-hostile-deep.py weight 200 > %t.weight.mlir
// RUN: oro-opt %t.weight.mlir --convert-linalg-to-oro | FileCheck %s --check-prefix=WEIGHT
// WEIGHT-LABEL: oro.workload @weight_workload(
// WEIGHT:         einsum "matmul" [m = 4, n = 4, k = 4]

// RUN: %python %S/Inputs/gen-hostile-deep.py loc 2000 > %t.loc.mlir
// RUN: oro-opt %t.loc.mlir --convert-linalg-to-oro | FileCheck %s --check-prefix=LOC
// LOC-LABEL: oro.workload @loc_workload(
// LOC:         einsum "n1998" [d0 = 4]
